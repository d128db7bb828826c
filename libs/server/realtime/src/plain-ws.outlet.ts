import type { WebSocket } from 'ws';
import type { Delivery } from './delivery.js';
import { CONGESTION_BYTES, type Outlet } from './outlet.js';
import { sendMessages, type WireForm } from './websocket-frames.js';

/** Deliveries as `/ws` messages (the bare envelope); every socket shares their frames, deflated from `compressionThreshold` bytes on (0: compression off). */
export function plainWsForm(compressionThreshold: number): WireForm<Delivery> {
  return { text: (delivery) => delivery.event.json, frames: (delivery) => delivery.plainWsFrames(compressionThreshold) };
}

export class PlainWsOutlet implements Outlet {
  readonly transport = 'ws';

  constructor(
    private readonly ws: WebSocket,
    /** Deliveries as this server's WebSocket messages (its compression threshold decides which are deflated). */
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
