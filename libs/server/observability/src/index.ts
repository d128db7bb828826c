export * from './health.controller.js';
export * from './logging.js';
export * from './metrics.controller.js';
export * from './metrics.service.js';
export * from './observability.module.js';
export * from './readiness.js';
export * from './tracing.js';
export * from './http-observer.js';
