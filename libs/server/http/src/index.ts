export * from './error-status.js';
export * from './problem.filter.js';
export * from './problem.js';
export * from './rate-limiter.js';
export * from './request-id.js';
export * from './validation.js';
export * from './request-id.decorator.js';
export * from './route-access.js';
