export { Guardian, type GuardianViolation, type ViolationKind } from './guardian.js';
export { TokenBucket } from './token-bucket.js';
