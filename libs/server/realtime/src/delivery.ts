import type { BusEvent } from '@neurograph/server-bus';
import { textFrame } from './websocket-frames.js';

/**
 * One bus event on its way to many connections: each wire form is built once, on first use, and
 * shared by every socket that receives it.
 */
export class Delivery {
  private ioPacket: string | undefined;
  private ioFrame: Buffer | null | undefined;
  private plainFrame: Buffer | null | undefined;

  constructor(readonly event: BusEvent) {}

  get seq(): number {
    return this.event.envelope.seq;
  }

  /** The socket.io EVENT packet `2["<channel>",<envelope>]` (default namespace, no ack). */
  socketIoPacket(): string {
    return (this.ioPacket ??= `2[${JSON.stringify(this.event.envelope.channel)},${this.event.json}]`);
  }

  /** The engine.io MESSAGE (`4`) carrying that packet: the text of a WebSocket message to a socket.io client. */
  socketIoMessage(): string {
    return `4${this.socketIoPacket()}`;
  }

  /** The WebSocket frame of that message, or null when it is to be compressed. */
  socketIoFrame(compressionThreshold: number): Buffer | null {
    if (this.ioFrame === undefined) this.ioFrame = shareableFrame(this.socketIoMessage(), compressionThreshold);
    return this.ioFrame;
  }

  /** The WebSocket frame of the bare envelope, as `/ws` sends it, or null when it is to be compressed. */
  plainWsFrame(compressionThreshold: number): Buffer | null {
    if (this.plainFrame === undefined) this.plainFrame = shareableFrame(this.event.json, compressionThreshold);
    return this.plainFrame;
  }
}

/**
 * Below the compression threshold a frame goes out uncompressed (permessage-deflate lets a sender
 * leave any message uncompressed), so one frame serves every socket; above it, each socket's own
 * deflate context compresses it. A threshold of 0 means compression is off.
 */
function shareableFrame(text: string, compressionThreshold: number): Buffer | null {
  return compressionThreshold === 0 || Buffer.byteLength(text) < compressionThreshold ? textFrame(text) : null;
}
