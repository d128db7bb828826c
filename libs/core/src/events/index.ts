export { BUILTIN_EVENT_TYPES, EventTypeRegistry, type EventTypeInfo, isValidEventType } from './event-types.js';
export { compileFilter, deepEqual, FILTER_LIMITS, type Predicate, validateFilter } from './filter/compile-filter.js';
export { MAX_REGEX_LENGTH, unsafeRegexReason } from './filter/regex-safety.js';
export { compilePattern } from './pattern.js';
export type { OverflowPolicy } from './ring-buffer.js';
export { type HubEvent, type StreamSubscription, type SubscribeOptions, type Subscription, SubscriptionHub, type SubscriptionStats } from './subscription-hub.js';
