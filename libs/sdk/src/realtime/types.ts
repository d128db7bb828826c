import type { AckError, Channel, Envelope, Filter, GapEvent, SessionEvent, SignalEvent } from '@neurograph/contracts';

/** What each channel's envelopes carry. */
export interface ChannelData {
  signals: SignalEvent;
  metrics: Record<string, unknown>;
  status: Record<string, unknown>;
  actions: Record<string, unknown>;
  modules: Record<string, unknown>;
  logs: Record<string, unknown> & { level?: 'debug' | 'info' | 'warn' | 'error' };
  connections: Record<string, unknown>;
}

export type ChannelEvent<C extends Channel> = Envelope<ChannelData[C]>;

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/**
 * Events a subscriber did not get. `toSeq` is `Infinity` when the server could not resume the
 * session (it restarted without a shared replay log, or the resume window passed): everything
 * from `fromSeq` on may be missing.
 */
export type Gap = GapEvent;

export interface SubscribeOptions {
  /** Server-side filter (01-core.md §4) for `signals`, `actions` and `logs`. */
  filter?: Filter;
  space?: string;
  onGap?: (gap: Gap) => void;
}

/** Ends a subscription; `ready` settles once the server confirmed it (or refused it). */
export type Unsubscribe = (() => void) & { ready: Promise<void> };

export interface RealtimeEvents {
  state: ConnectionState;
  session: SessionEvent;
  gap: Gap;
  error: Error;
}

export type AckReply<T> = T | AckError;
