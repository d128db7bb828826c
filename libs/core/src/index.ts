export * from './common/errors';
export * from './common/vector';
export * from './common/types';
