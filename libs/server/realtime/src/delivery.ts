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
   * Without compression, the WebSocket frame itself is built once too: engine.io then writes the
   * same buffers to every socket, the way socket.io's own broadcast does.
   */
  socketIoOptions(preEncode: boolean): { wsPreEncodedFrame?: Buffer[] } {
    if (!preEncode) return {};
    return (this.ioOptions ??= {
      wsPreEncodedFrame: (WebSocket as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } }).Sender.frame(Buffer.from(`4${this.socketIoPacket()}`), {
        readOnly: false,
        mask: false,
        rsv1: false,
        opcode: 1,
        fin: true,
      }),
    });
  }
}
