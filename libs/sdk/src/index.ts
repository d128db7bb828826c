export type * from '@neurograph/contracts';
export type { Credentials, Tokens } from './auth-session.js';
export { NeuroGraph, type NeuroGraphOptions } from './client.js';
export { AuthError, ConflictError, ForbiddenError, NetworkError, NeuroGraphError, NotFoundError, RateLimitError, TimeoutError, ValidationError } from './errors.js';
export type { CallOptions, Logger } from './http.js';
export { paginate } from './paginate.js';
export { RealtimeClient, type RealtimeOptions } from './realtime/client.js';
export type { ChannelData, ChannelEvent, ConnectionState, Gap, RealtimeEvents, SubscribeOptions, Unsubscribe } from './realtime/types.js';
export type { RetryPolicy } from './retry.js';
