import type { WebSocket } from 'ws';
import type { Delivery } from './delivery.js';
import { CONGESTION_BYTES, type Outlet } from './outlet.js';
import { sendMessages, type WireForm } from './websocket-frames.js';

/** Deliveries as `/ws` messages (the bare envelope); below `compressionThreshold` (0: compression off) they share one frame. */
export function plainWsForm(compressionThreshold: number): WireForm<Delivery> {
  return { text: (delivery) => delivery.event.json, frame: (delivery) => delivery.plainWsFrame(compressionThreshold) };
}

export class PlainWsOutlet implements Outlet {
  readonly transport = 'ws';

  constructor(
    private readonly ws: WebSocket,
    /** Deliveries as this server's WebSocket messages (its compression threshold decides which share a frame). */
    private readonly form: WireForm<Delivery>,
  ) {}

  send(deliveries: readonly Delivery[]): void {
    sendMessages(this.ws, deliveries, this.form);
  }

  control(event: string, data: unknown): void {
    this.ws.send(JSON.stringify({ type: event, data }));
  }

  congested(): boolean {
    return this.ws.bufferedAmount >= CONGESTION_BYTES;
  }

  close(): void {
    this.ws.close(1000);
  }
}
