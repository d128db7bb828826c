import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import type { RequestPrincipal } from '@neurograph/server-auth';
import { type BusEnvelope, LocalEvent } from '@neurograph/server-bus';
import { Server, type Socket } from 'socket.io';
import { io as connectSocketIo, type Socket as ClientSocket } from 'socket.io-client';
import { WebSocket, WebSocketServer } from 'ws';
import { Delivery } from './delivery';
import type { Outlet } from './outlet';
import { PlainWsOutlet, plainWsForm } from './plain-ws.outlet';
import { ConnectionLimiter } from './rate-limits';
import { RealtimeSession, Subscription } from './session';
import { SocketIoOutlet, socketIoForm } from './socket-io.outlet';
import { perMessageDeflate } from './websocket-frames';

/** The servers' compression threshold. */
const THRESHOLD = 1024;

/**
 * What a client offers for permessage-deflate (ws's client option): by default both clients offer
 * it as they come; `false` offers nothing; a small enough server window rules out the shared frames.
 */
type ClientDeflate = boolean | { serverMaxWindowBits: number };

/** `length` letters: one pseudo-random block of 700, repeated (deflate refers back 700 bytes, within the shared frames' window). */
let state = 1;
const BLOCK = Array.from({ length: 700 }, () => String.fromCharCode(97 + ((state = (state * 48271) % 2147483647) % 26))).join('');
const padding = (length: number) => BLOCK.repeat(Math.ceil(length / BLOCK.length)).slice(0, length);

const delivery = (seq: number, length: number) => {
  const envelope: BusEnvelope = { channel: 'signals', type: 't', id: String(seq), seq, timestamp: new Date(0).toISOString(), data: { pad: padding(length) } };
  return new Delivery(new LocalEvent(envelope));
};

/** Events 1…count, every seventh above the compression threshold (deflated), the rest not. */
const mixed = (count: number) => Array.from({ length: count }, (_, i) => delivery(i + 1, (i + 1) % 7 === 3 ? 3000 : 100));

const until = async (check: () => boolean, what: string, timeoutMs = 10_000) => {
  for (const end = Date.now() + timeoutMs; !check(); await new Promise((resolve) => setTimeout(resolve, 5))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
};

/** The server side's permessage-deflate state of a connection, if it negotiated one (ws's internals: `_deflate` is its own compressor). */
const deflateExtension = (connection: Connection) => (connection.ws() as unknown as { _extensions: Record<string, { _deflate: unknown } | undefined> })._extensions['permessage-deflate'];

const listen = (server: HttpServer) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

interface Connection {
  outlet: Outlet;
  /** The server side's ws WebSocket. */
  ws: () => WebSocket;
  /** The server side's TCP socket. */
  tcp: () => NetSocket;
  /** Channel events and control events, as the client parsed them. */
  events: BusEnvelope[];
  controls: { event: string; data: { fromSeq: number; toSeq: number } }[];
  /** Stops and restarts the client reading its socket. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

async function socketIoConnection(deflate: ClientDeflate = true): Promise<Connection> {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'], perMessageDeflate: perMessageDeflate(THRESHOLD) });
  const port = await listen(http);
  const accepted = new Promise<Socket>((resolve) => io.on('connection', resolve));
  const clientDeflate = deflate === true ? {} : { perMessageDeflate: deflate && { threshold: THRESHOLD, ...deflate } };
  const client: ClientSocket = connectSocketIo(`http://127.0.0.1:${port}`, { transports: ['websocket'], ...(clientDeflate as object) });
  const socket = await accepted;
  await until(() => client.connected, 'the socket.io client');
  const events: BusEnvelope[] = [];
  const controls: Connection['controls'] = [];
  client.on('signals', (envelope: BusEnvelope) => events.push(envelope));
  client.on('gap', (data: Connection['controls'][number]['data']) => controls.push({ event: 'gap', data }));
  const clientTcp = () => (client.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
  return {
    outlet: new SocketIoOutlet(socket, socketIoForm(THRESHOLD)),
    ws: () => (socket.conn.transport as unknown as { socket: WebSocket }).socket,
    tcp: () => (socket.conn.transport as unknown as { socket: { _socket: NetSocket } }).socket._socket,
    events,
    controls,
    pause: () => clientTcp().pause(),
    resume: () => clientTcp().resume(),
    close: async () => {
      client.close();
      await io.close();
    },
  };
}

async function plainWsConnection(deflate: ClientDeflate = true): Promise<Connection> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: perMessageDeflate(THRESHOLD) });
  const port = await listen(http);
  const accepted = new Promise<WebSocket>((resolve) => wss.on('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: deflate });
  const ws = await accepted;
  await new Promise((resolve) => client.once('open', resolve));
  const events: BusEnvelope[] = [];
  const controls: Connection['controls'] = [];
  client.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.channel) events.push(frame);
    else controls.push({ event: frame.type, data: frame.data });
  });
  const clientTcp = () => (client as unknown as { _socket: NetSocket })._socket;
  return {
    outlet: new PlainWsOutlet(ws, plainWsForm(THRESHOLD)),
    ws: () => ws,
    tcp: () => (ws as unknown as { _socket: NetSocket })._socket,
    events,
    controls,
    pause: () => clientTcp().pause(),
    resume: () => clientTcp().resume(),
    close: async () => {
      client.terminate();
      await new Promise((resolve) => wss.close(resolve));
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

describe.each([
  ['socket.io', socketIoConnection],
  ['plain WebSocket', plainWsConnection],
])('%s outlet', (_, open) => {
  let connection: Connection;
  beforeEach(async () => {
    connection = await open();
  });
  afterEach(() => connection.close());

  it('keeps the order of plain and deflated events, written in batches', async () => {
    const sent = mixed(640);
    for (let i = 0; i < sent.length; i += 32) connection.outlet.send(sent.slice(i, i + 32));
    await until(() => connection.events.length === sent.length, 'every event');
    expect(connection.events.map((e) => e.seq)).toEqual(sent.map((d) => d.seq));
    expect(connection.events[2]).toEqual(sent[2].event.envelope);
    expect(connection.events[3]).toEqual(sent[3].event.envelope);
  });

  it('deflates a large event once for every connection: no compressor of its own, a fraction of the bytes on the wire', async () => {
    const large = Array.from({ length: 8 }, (_, i) => delivery(i + 1, 3000));
    const tcp = connection.tcp();
    const before = tcp.bytesWritten;
    connection.outlet.send(large);
    await until(() => connection.events.length === large.length, 'the large events');
    expect(connection.events).toEqual(large.map((d) => d.event.envelope));
    expect(tcp.bytesWritten - before).toBeLessThan(large.length * 1500);
    const extension = deflateExtension(connection);
    expect(extension).toBeDefined();
    expect(extension?._deflate).toBeFalsy();
  });

  it.each<[string, ClientDeflate, boolean]>([
    ['no compression: the plain frames', false, false],
    ['a window smaller than the shared frames\': its own compressor', { serverMaxWindowBits: 9 }, true],
  ])('sends the same events to a client that negotiated %s', async (_, deflate, ownCompressor) => {
    const other = await open(deflate);
    try {
      const sent = mixed(64);
      other.outlet.send(sent);
      await until(() => other.events.length === sent.length, 'every event');
      expect(other.events).toEqual(sent.map((d) => d.event.envelope));
      const extension = deflateExtension(other);
      expect(Boolean(extension?._deflate)).toBe(ownCompressor);
    } finally {
      await other.close();
    }
  });

  it('writes a batch of shared frames with one system call', async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const tcp = connection.tcp() as unknown as { _write(...args: unknown[]): void; _writev(...args: unknown[]): void };
    const write = jest.spyOn(tcp, '_write');
    const writev = jest.spyOn(tcp, '_writev');
    connection.outlet.send(Array.from({ length: 32 }, (_, i) => delivery(i + 1, 100)));
    expect(writev).toHaveBeenCalledTimes(1);
    expect(write).not.toHaveBeenCalled();
    await until(() => connection.events.length === 32, 'the batch');
  });

  it('holds a slow client to its buffer, drops the oldest and reports the gap, then catches it up in order', async () => {
    const principal = { kind: 'user', userId: 'u1', username: 'u', role: 'admin', permissions: new Set() } as unknown as RequestPrincipal;
    const rates = { subscribe: { burst: 1, perSecond: 1 }, signal: { burst: 1, perSecond: 1 }, other: { burst: 1, perSecond: 1 } };
    const totals = { sent: 0, dropped: 0 };
    const session = new RealtimeSession('s', connection.outlet, principal, {}, new ConnectionLimiter(rates), 50, totals, () => undefined);
    const subscription = new Subscription(session, { channel: 'signals' }, undefined);
    session.subscriptions.set('signals', subscription);
    connection.pause();
    // Frames below the threshold (the direct path), more than the kernel's socket buffers take.
    const count = 30_000;
    for (let seq = 1; seq <= count; seq += 32) subscription.deliver(Array.from({ length: Math.min(32, count - seq + 1) }, (_, i) => delivery(seq + i, 800)));
    expect(session.backlog).toBeLessThanOrEqual(50);
    expect(totals.dropped).toBeGreaterThan(0);
    connection.resume();
    await until(() => session.flush() && connection.events.at(-1)?.seq === count, 'the newest event', 30_000);
    const seqs = connection.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const gaps = connection.controls.filter((c) => c.event === 'gap').map((c) => c.data);
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    const missing = gaps.reduce((n, gap) => n + gap.toSeq - gap.fromSeq + 1, 0);
    expect(missing).toBe(totals.dropped);
    expect(seqs.length + missing).toBe(count);
  }, 60_000);
});
