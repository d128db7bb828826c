import type { BusEvent } from '@neurograph/server-bus';
import { SharedFrames } from './websocket-frames.js';

/**
 * One bus event on its way to many connections: each wire form is built once, on first use, and
 * shared by every socket that receives it.
 */
export class Delivery {
  private ioPacket: string | undefined;
  private ioFrames: SharedFrames | undefined;
  private plainFrames: SharedFrames | undefined;

  constructor(readonly event: BusEvent) {}

  get seq(): number {
    return this.event.seq;
  }

  /** The socket.io EVENT packet `2["<channel>",<envelope>]` (default namespace, no ack). */
  socketIoPacket(): string {
    return (this.ioPacket ??= `2[${JSON.stringify(this.event.channel)},${this.event.json}]`);
  }

  /** The engine.io MESSAGE (`4`) carrying that packet: the text of a WebSocket message to a socket.io client. */
  socketIoMessage(): string {
    return `4${this.socketIoPacket()}`;
  }

  /** The WebSocket frames of that message. */
  socketIoFrames(compressionThreshold: number): SharedFrames {
    return (this.ioFrames ??= new SharedFrames(Buffer.from(this.socketIoMessage()), compressionThreshold));
  }

  /** The WebSocket frames of the bare envelope, as `/ws` sends it. */
  plainWsFrames(compressionThreshold: number): SharedFrames {
    return (this.plainFrames ??= new SharedFrames(Buffer.from(this.event.json), compressionThreshold));
  }
}
