import type { Delivery } from './delivery.js';

export type Transport = 'socket.io' | 'ws';

/** Bytes that may wait in a connection's send buffer before it counts as not keeping up. */
export const CONGESTION_BYTES = 1024 * 1024;

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
