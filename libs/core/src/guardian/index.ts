export { Guardian, type GuardianViolation, type ViolationKind } from './guardian';
export { TokenBucket } from './token-bucket';
