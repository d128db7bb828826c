export type * from './common.js';
export type * from './problem.js';
export type * from './auth.js';
export type * from './engine.js';
export type * from './system.js';
export type * from './realtime.js';
