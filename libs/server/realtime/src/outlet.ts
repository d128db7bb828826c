import type { Delivery } from './delivery.js';

export type Transport = 'socket.io' | 'ws';

/** Where a session's frames go: a socket.io socket or a plain WebSocket. */
export interface Outlet {
  readonly transport: Transport;
  /** Writes one channel event. */
  send(delivery: Delivery): void;
  /** Writes a control event (`session`, `gap`, `status`…) that is not part of a channel. */
  control(event: string, data: unknown): void;
  /** True while the client is not reading fast enough: events then wait, bounded, in the session. */
  congested(): boolean;
  close(): void;
}
