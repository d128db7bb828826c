export * from './bus.module.js';
export * from './event-bus.js';
export * from './memory-bus.js';
export * from './redis-bus.js';
