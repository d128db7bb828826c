import type { Socket as NetSocket } from 'node:net';
import { constants, deflateRawSync } from 'node:zlib';
import { WebSocket } from 'ws';

type FrameOptions = { readOnly: boolean; mask: boolean; rsv1: boolean; opcode: number; fin: boolean };
const { Sender } = WebSocket as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };

/** ws's sender state while it sends what it is given at once (not compressing, not reading a blob). */
const SENDER_IDLE = 0;

/** The parameters of permessage-deflate that this server accepted on a connection (RFC 7692 names). */
interface DeflateParams {
  server_no_context_takeover?: boolean;
  server_max_window_bits?: number;
}

/** The parts of a ws WebSocket the direct path reads (ws 8): its TCP socket, its sender's state and queue, its extensions. */
interface WsInternals {
  _socket?: NetSocket;
  _sender?: { _state?: unknown; _queue?: unknown[] };
  _extensions?: { 'permessage-deflate'?: { params?: DeflateParams } };
}

/**
 * ws's server option for permessage-deflate: messages of `threshold` bytes and more are deflated
 * (0: compression off), and the server never carries its deflate context from one message to the
 * next (RFC 7692 lets a server ask this of any client). So a message deflated once is valid on
 * every connection, and no connection holds a compressor of its own.
 */
export function perMessageDeflate(threshold: number): false | { threshold: number; serverNoContextTakeover: true } {
  return threshold > 0 ? { threshold, serverNoContextTakeover: true } : false;
}

/** How one kind of item travels as a WebSocket message: its text, and its shared frames. */
export interface WireForm<T> {
  text(item: T): string;
  frames(item: T): SharedFrames;
}

/**
 * The window the shared frames are deflated with: a client inflates them with any window at least
 * this large (15 unless it asked for less). A small window also makes each compression cheap to set
 * up (deflate's state is then kilobytes, not a quarter of a megabyte), and a message of a few
 * kilobytes compresses about as well.
 */
const SHARED_WINDOW_BITS = 10;
const SHARED_MEM_LEVEL = 4;
/** A deflate block flushed with Z_SYNC_FLUSH ends in these four bytes, which permessage-deflate leaves out. */
const SYNC_FLUSH_TAIL = 4;

/**
 * A message's frames, built once for every socket that receives it: as it is, and, from the
 * compression threshold on (as `perMessageDeflate` configures the server), deflated on first use.
 */
export class SharedFrames {
  readonly plain: Buffer;
  /** Large enough to be deflated for the connections that negotiated compression. */
  readonly compressible: boolean;
  private deflatedFrame: Buffer | undefined;

  constructor(
    private readonly payload: Buffer,
    compressionThreshold: number,
  ) {
    this.plain = serverFrame(payload, false);
    this.compressible = compressionThreshold > 0 && payload.length >= compressionThreshold;
  }

  deflated(): Buffer {
    if (this.deflatedFrame) return this.deflatedFrame;
    const data = deflateRawSync(this.payload, { windowBits: SHARED_WINDOW_BITS, memLevel: SHARED_MEM_LEVEL, finishFlush: constants.Z_SYNC_FLUSH });
    return (this.deflatedFrame = serverFrame(data.subarray(0, data.length - SYNC_FLUSH_TAIL), true));
  }
}

/** A whole unmasked text frame, in one buffer, as a server sends it; `deflated` sets RSV1 (a compressed message). */
function serverFrame(payload: Buffer, deflated: boolean): Buffer {
  const [header, data] = Sender.frame(payload, { readOnly: false, mask: false, rsv1: deflated, opcode: 1, fin: true });
  return Buffer.concat([header, data]);
}

/** Deflate's largest window, the server's unless the client asked for a smaller one. */
const MAX_WINDOW_BITS = 15;

/**
 * Which of a message's shared frames this connection takes: the deflated one when it negotiated
 * permessage-deflate as `perMessageDeflate` configures it, the plain one when it negotiated no
 * compression; null when its parameters need a compressor of its own (a window smaller than the
 * shared frames').
 */
function frameFor(ws: WebSocket, frames: SharedFrames): Buffer | null {
  if (!frames.compressible) return frames.plain;
  const params = (ws as unknown as WsInternals)._extensions?.['permessage-deflate']?.params;
  if (!params) return frames.plain;
  const window = params.server_max_window_bits ?? MAX_WINDOW_BITS;
  return params.server_no_context_takeover && window >= SHARED_WINDOW_BITS ? frames.deflated() : null;
}

/** True while nothing that ws holds could be overtaken by writing to its TCP socket. */
function senderIdle(ws: WebSocket): boolean {
  const sender = (ws as unknown as WsInternals)._sender;
  return sender?._state === SENDER_IDLE && sender._queue?.length === 0;
}

/**
 * Sends messages in order. While ws's sender is idle, shared frames (deflated ones included) go
 * straight to the TCP socket, corked so that several leave in one system call: no frame is built,
 * copied or compressed per socket. A message this connection must compress itself goes through
 * ws, and ws then queues whatever follows until it is written, so the rest go through ws too.
 * Should ws change the internals read here, every message goes through ws, which is slower but
 * still right.
 */
export function sendMessages<T>(ws: WebSocket, items: readonly T[], form: WireForm<T>): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  const socket = (ws as unknown as WsInternals)._socket;
  const several = items.length > 1;
  if (several) socket?.cork();
  for (const item of items) {
    const frames = form.frames(item);
    const frame = frameFor(ws, frames);
    if (frame !== null && socket && senderIdle(ws)) socket.write(frame);
    else ws.send(form.text(item), { compress: frames.compressible });
  }
  if (several) socket?.uncork();
}
