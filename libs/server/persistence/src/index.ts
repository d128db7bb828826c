export * from './data-source.js';
export * from './entities/index.js';
export * from './migrations/index.js';
export * from './persistence.module.js';
export * from './pglite-driver.js';
export * from './test-schema.js';
export * from './binary-copy.js';
export * from './copy-in.js';
