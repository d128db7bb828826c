/**
 * The benchmark's WebSocket client: the handshake, masked text frames out, and text frames in,
 * handed over as a slice of the chunk they arrived in. It builds no message object, string or
 * event per frame, so that ten thousand sockets in one process can read a server faster than
 * the server can write: with a full client library, the clients' process was the bottleneck of
 * the sustained measurement (RFC 6455; no extensions, no fragmented messages from servers).
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { wallClock } from '../stats';

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;

/** A text message of `ws`: `buffer` from `start` to `end`, valid only during the call. */
export type OnText = (buffer: Buffer, start: number, end: number, ws: LeanWebSocket) => void;

/**
 * Every socket of the process reads into this one buffer (net's `onread`): no Buffer and no
 * stream event per read, and a frame is consumed before the next read overwrites it.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

export class LeanWebSocket {
  /** The bytes of an incomplete frame, copied out of the shared read buffer. */
  private pending: Buffer | null = null;
  /** When the latest chunk arrived (wall clock, ms): every frame in it arrived then. */
  readAt = 0;
  private readonly socket: Socket;

  private constructor(
    url: URL,
    private onText: OnText,
    private readonly upgraded: (error?: Error) => void,
  ) {
    const key = randomBytes(16).toString('base64');
    const accept = createHash('sha1').update(`${key}${WEBSOCKET_GUID}`).digest('base64');
    let head: Buffer | null = Buffer.alloc(0);
    const received = (size: number): void => {
      this.readAt = wallClock();
      const chunk = READ_BUFFER.subarray(0, size);
      if (head === null) return this.read(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const response = head.toString('latin1', 0, end);
      const rest = head.subarray(end + 4);
      head = null;
      if (!response.startsWith('HTTP/1.1 101') || !response.includes(accept)) return this.upgraded(new Error(`no WebSocket upgrade: ${response.split('\r\n')[0]}`));
      this.upgraded();
      if (rest.length > 0) this.read(rest);
    };
    this.socket = connect({ port: Number(url.port), host: url.hostname, noDelay: true, onread: { buffer: READ_BUFFER, callback: (size) => (received(size), true) } });
    this.socket.once('connect', () => this.socket.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`));
    this.socket.once('error', (error) => this.upgraded(error));
  }

  /** Opens `url` (ws://host:port/path) and calls `onText` for every text message. */
  static open(url: string, onText: OnText): Promise<LeanWebSocket> {
    return new Promise((resolve, reject) => {
      const ws: LeanWebSocket = new LeanWebSocket(new URL(url), onText, (error) => (error ? reject(error) : resolve(ws)));
    });
  }

  /** Replaces the handler (the socket.io handshake hands over to the event counter). */
  set handler(onText: OnText) {
    this.onText = onText;
  }

  send(text: string): void {
    this.frame(OPCODE_TEXT, Buffer.from(text));
  }

  close(): void {
    this.socket.destroy();
  }

  private frame(opcode: number, payload: Buffer): void {
    const length = payload.length;
    const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    const frame = Buffer.allocUnsafe(header + 4 + length);
    frame[0] = 0x80 | opcode;
    if (header === 2) frame[1] = 0x80 | length;
    else if (header === 4) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(length, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeBigUInt64BE(BigInt(length), 2);
    }
    // Clients mask what they send (section 5.3).
    const mask = randomBytes(4);
    mask.copy(frame, header);
    for (let i = 0; i < length; i++) frame[header + 4 + i] = payload[i] ^ mask[i & 3];
    this.socket.write(frame);
  }

  private read(chunk: Buffer): void {
    let data = chunk;
    if (this.pending) {
      data = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let at = 0;
    while (data.length - at >= 2) {
      const opcode = data[at] & 0x0f;
      let length = data[at + 1] & 0x7f;
      let start = at + 2;
      if (length === 126) {
        if (data.length - at < 4) break;
        length = data.readUInt16BE(at + 2);
        start = at + 4;
      } else if (length === 127) {
        if (data.length - at < 10) break;
        length = Number(data.readBigUInt64BE(at + 2));
        start = at + 10;
      }
      const end = start + length;
      if (end > data.length) break;
      if (opcode === OPCODE_TEXT) this.onText(data, start, end, this);
      else if (opcode === OPCODE_PING) this.frame(OPCODE_PONG, data.subarray(start, end));
      else if (opcode === OPCODE_CLOSE) this.socket.end();
      at = end;
    }
    if (at < data.length) this.pending = Buffer.from(data.subarray(at));
  }
}
