import type { Delivery } from './delivery.js';

export type Transport = 'socket.io' | 'ws';

/** Bytes that may wait in a connection's send buffer before it counts as not keeping up. */
export const CONGESTION_BYTES = 1024 * 1024;

/**
 * The most channel events handed to an outlet at once (the events that queued up behind a
 * fan-out, or waited for a slow client): enough to share one system call among many frames,
 * few enough that a write stays small and a congested socket takes little more than its bound.
 */
export const EVENTS_PER_WRITE = 32;

/** Where a session's frames go: a socket.io socket or a plain WebSocket. */
export interface Outlet {
  readonly transport: Transport;
  /** Writes channel events in order; several at once leave in one write where the transport allows. */
  send(deliveries: readonly Delivery[]): void;
  /** Writes a control event (`session`, `gap`, `status`…) that is not part of a channel. */
  control(event: string, data: unknown): void;
  /** True while the client is not reading fast enough: events then wait, bounded, in the session. */
  congested(): boolean;
  close(): void;
}
