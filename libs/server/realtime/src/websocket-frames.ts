import type { Socket as NetSocket } from 'node:net';
import { WebSocket } from 'ws';

type FrameOptions = { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean };
const { Sender } = WebSocket as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };

/** ws's sender state while it sends what it is given at once (not compressing, not reading a blob). */
const SENDER_IDLE = 0;

/** The parts of a ws WebSocket the direct path reads (ws 8): its TCP socket, and its sender's state and queue. */
interface WsInternals {
  _socket?: NetSocket;
  _sender?: { _state?: unknown; _queue?: unknown[] };
}

/** How one kind of item travels as a WebSocket message: its text, and its shared frame (null when it is to be compressed). */
export interface WireForm<T> {
  text(item: T): string;
  frame(item: T): Buffer | null;
}

/** A whole unmasked, uncompressed WebSocket text frame of `text`, in one buffer, as a server sends it. */
export function textFrame(text: string): Buffer {
  const [header, payload] = Sender.frame(Buffer.from(text), { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
  return Buffer.concat([header, payload]);
}

/** True while nothing that ws holds could be overtaken by writing to its TCP socket. */
function senderIdle(ws: WebSocket): boolean {
  const sender = (ws as unknown as WsInternals)._sender;
  return sender?._state === SENDER_IDLE && sender._queue?.length === 0;
}

/**
 * Sends messages in order. While ws's sender is idle, shared frames go straight to the TCP socket,
 * corked so that several leave in one system call: no frame is built or copied per socket. A
 * message that must be compressed goes through ws (this socket's deflate context), and ws then
 * queues whatever follows until it is written, so the rest go through ws too, uncompressed when
 * they have a shared frame. Should ws change the internals read here, every message goes through
 * ws, which is slower but still right.
 */
export function sendMessages<T>(ws: WebSocket, items: readonly T[], form: WireForm<T>): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  const socket = (ws as unknown as WsInternals)._socket;
  const several = items.length > 1;
  if (several) socket?.cork();
  for (const item of items) {
    const frame = form.frame(item);
    if (frame !== null && socket && senderIdle(ws)) socket.write(frame);
    else ws.send(form.text(item), { compress: frame === null });
  }
  if (several) socket?.uncork();
}
