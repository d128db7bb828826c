export { isSignalId, newSignalId, timestampOfId } from './ids';
export { CLIENT_ID, SIGNAL_LIMITS, SPACE_NAME } from './limits';
export { type ByteLimits, jsonByteSize, signalInputIssues } from './validate';
