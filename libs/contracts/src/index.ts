export type * from './common.js';
export * from './problem.js';
export type * from './auth.js';
export * from './engine.js';
export type * from './system.js';
export type * from './realtime.js';
