export * from './catalog.service.js';
export * from './cdna.service.js';
export * from './engine-host.js';
export * from './engine.module.js';
export * from './modules.service.js';
export * from './signals.service.js';
export * from './spaces.service.js';
