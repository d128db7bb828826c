import type { BusEvent } from '@neurograph/server-bus';
import { WebSocket } from 'ws';

/**
 * One bus event on its way to many connections: each wire form is built once, on first use, and
 * shared by every socket that receives it.
 */
export class Delivery {
  private ioPacket: string | undefined;
  private ioOptions: { wsPreEncodedFrame?: Buffer[] } | undefined;

  constructor(readonly event: BusEvent) {}

  get seq(): number {
    return this.event.envelope.seq;
  }

  /** The socket.io EVENT packet `2["<channel>",<envelope>]` (default namespace, no ack). */
  socketIoPacket(): string {
    return (this.ioPacket ??= `2[${JSON.stringify(this.event.envelope.channel)},${this.event.json}]`);
  }

  /**
   * Below the compression threshold ws would send the frame uncompressed to every socket, even to
   * those that negotiated permessage-deflate, so the frame itself is built once too and engine.io
   * writes the same buffers to every socket, the way socket.io's own broadcast does. Larger frames
   * are left to ws, which compresses them per socket.
   */
  socketIoOptions(compressionThreshold: number): { wsPreEncodedFrame?: Buffer[] } {
    if (this.ioOptions) return this.ioOptions;
    const data = Buffer.from(`4${this.socketIoPacket()}`);
    const shareable = compressionThreshold === 0 || data.length < compressionThreshold;
    this.ioOptions = shareable ? { wsPreEncodedFrame: (WebSocket as unknown as WsSender).Sender.frame(data, { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true }) } : {};
    return this.ioOptions;
  }
}

type WsSender = { Sender: { frame(data: Buffer, options: object): Buffer[] } };
