import type { Socket } from 'socket.io';
import type { WebSocket } from 'ws';
import type { Delivery } from './delivery.js';
import { CONGESTION_BYTES, type Outlet } from './outlet.js';
import { sendMessages, type WireForm } from './websocket-frames.js';

/** How many packets may wait in engine.io's buffer before a socket counts as not keeping up. */
const CONGESTION_PACKETS = 64;

/** What the outlet reads of engine.io's connection: the packets it holds back, and its transport (the ws WebSocket, once upgraded). */
interface EngineConnection {
  readyState: string;
  writeBuffer: unknown[];
  transport: { name: string; socket?: WebSocket };
  write(packet: string): void;
}

/** Deliveries as socket.io WebSocket messages; every socket shares their frames, deflated from `compressionThreshold` bytes on (0: compression off). */
export function socketIoForm(compressionThreshold: number): WireForm<Delivery> {
  return { text: (delivery) => delivery.socketIoMessage(), frames: (delivery) => delivery.socketIoFrames(compressionThreshold) };
}

export class SocketIoOutlet implements Outlet {
  readonly transport = 'socket.io';
  private readonly conn: EngineConnection;

  constructor(
    private readonly socket: Socket,
    /** Deliveries as this server's WebSocket messages (its compression threshold decides which are deflated). */
    private readonly form: WireForm<Delivery>,
  ) {
    this.conn = socket.conn as unknown as EngineConnection;
  }

  /**
   * Channel events skip engine.io: no packet object, no encoder, no ws frame per socket (see
   * sendMessages). engine.io keeps the packets of its own (acks, control events, pings) while one
   * of its writes is in flight; while it holds any, events queue behind them in engine.io, so that
   * none overtakes them.
   */
  send(deliveries: readonly Delivery[]): void {
    const ws = this.websocket();
    if (ws && this.conn.writeBuffer.length === 0) sendMessages(ws, deliveries, this.form);
    else for (const delivery of deliveries) this.conn.write(delivery.socketIoPacket());
  }

  control(event: string, data: unknown): void {
    this.socket.emit(event, data);
  }

  congested(): boolean {
    if (this.conn.writeBuffer.length >= CONGESTION_PACKETS) return true;
    const ws = this.websocket();
    return ws !== undefined && ws.bufferedAmount >= CONGESTION_BYTES;
  }

  close(): void {
    this.socket.disconnect(true);
  }

  private websocket(): WebSocket | undefined {
    const transport = this.conn.transport;
    return this.conn.readyState === 'open' && transport.name === 'websocket' ? transport.socket : undefined;
  }
}
