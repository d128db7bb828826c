export { BUILTIN_EVENT_TYPES, EventTypeRegistry, type EventTypeInfo, isValidEventType } from './event-types';
export { compileFilter, deepEqual, FILTER_LIMITS, type Predicate, validateFilter } from './filter/compile-filter';
export { MAX_REGEX_LENGTH, unsafeRegexReason } from './filter/regex-safety';
export { compilePattern } from './pattern';
export type { OverflowPolicy } from './ring-buffer';
export { type HubEvent, type StreamSubscription, type SubscribeOptions, type Subscription, SubscriptionHub, type SubscriptionStats } from './subscription-hub';
