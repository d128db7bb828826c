export { isSignalId, newSignalId, timestampOfId } from './ids.js';
export { CLIENT_ID, SIGNAL_LIMITS, SPACE_NAME } from './limits.js';
export { type ByteLimits, jsonByteSize, signalInputIssues } from './validate.js';
