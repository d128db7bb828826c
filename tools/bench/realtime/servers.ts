/**
 * The reference servers of `npm run bench:realtime`, one per process (`--expose-gc`), driven over IPC:
 * - `peer`: a plain socket.io 4 server whose broadcast is `io.to(room).emit`;
 * - `floor`: after a bare WebSocket handshake, the raw `net` sockets, each given the same
 *   socket.io event frame, built once, by one `write`;
 * - `relay`: the peer, plus plain HTTP where any `POST` (the generator sends `/api/v1/signals`)
 *   broadcasts its body as the envelope's data and is answered at once: the end-to-end scenario
 *   with nothing of ours in the path;
 * - `redis-relay` and `redis-gateway`: the same relay and peers scaled out as socket.io documents
 *   it, with its Redis adapter (REDIS_URL, channels under BENCH_PEER_KEY): the relay's broadcast
 *   goes through Redis to the `redis-gateway` processes, which hold the subscribers. The peer of
 *   one api with two gateways on Redis.
 * Each answers `port`, `heap` (after GC) and `publish` (events carrying their send time).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { heapUsed, wallClock } from '../stats';
import { watchBlocks } from './blocks';
import { paced, serve } from './rpc';

type Publish = (data: object) => void;

/** Sends `count` events at `rate` per second and reports the longest event-loop block until `settleMs` after. */
async function publishAll(publish: Publish, args: { count: number; rate: number; padding: number; settleMs: number }) {
  const pad = 'x'.repeat(args.padding);
  const watch = await watchBlocks();
  const startedAt = await paced(args.count, args.rate, (n) => publish({ sentAt: wallClock(), n, pad }));
  await new Promise((resolve) => setTimeout(resolve, args.settleMs));
  return { startedAt, ...watch.stop() };
}

/** The envelope ours sends (a random UUID as id, a per-channel seq), so that every server writes as many bytes. */
function envelopeMaker(): (data: object) => object {
  let seq = 0;
  return (data) => ({ channel: 'signals', type: 'bench.event', id: randomUUID(), seq: ++seq, timestamp: new Date().toISOString(), data });
}

async function listen(httpServer: ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return (httpServer.address() as { port: number }).port;
}

/** Any `POST` (the load generator's `/api/v1/signals`) → a broadcast of the body; any other request (its `GET …/health/live` opener) → 200. */
function relayRequests(publish: Publish): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST') publish(JSON.parse(Buffer.concat(chunks).toString()));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  };
}

type PeerKind = 'peer' | 'relay' | 'redis-relay' | 'redis-gateway';

async function peer(kind: PeerKind): Promise<{ port: number; publish: Publish }> {
  // All but the plain peer stand in for the api or a gateway, so they listen where those do.
  const io = new Server({ transports: ['websocket'], serveClient: false, ...(kind !== 'peer' && { path: '/realtime' }) });
  if (kind === 'redis-relay' || kind === 'redis-gateway') {
    const pub = new Redis(process.env.REDIS_URL as string);
    io.adapter(createAdapter(pub, pub.duplicate(), { key: process.env.BENCH_PEER_KEY }));
  }
  io.on('connection', (socket) => {
    socket.on('subscribe', (payload: { channels: string[] }, ack: (reply: unknown) => void) => {
      for (const channel of payload.channels) void socket.join(channel);
      ack({ subscribed: payload.channels, denied: [] });
    });
  });
  const envelope = envelopeMaker();
  const publish: Publish = (data) => void io.to('signals').emit('signals', envelope(data));
  // engine.io answers its own path and hands every other request to the listeners it found.
  const httpServer = kind === 'relay' || kind === 'redis-relay' ? createHttpServer(relayRequests(publish)) : createHttpServer();
  io.attach(httpServer);
  return { port: await listen(httpServer), publish };
}

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** An unmasked WebSocket text frame (RFC 6455, section 5.2) of `text`. */
function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, header);
  return frame;
}

async function floor(): Promise<{ port: number; publish: Publish }> {
  const sockets = new Set<NetSocket>();
  const httpServer = createHttpServer();
  httpServer.on('upgrade', (request, socket: NetSocket) => {
    const accept = createHash('sha1').update(`${request.headers['sec-websocket-key']}${WEBSOCKET_GUID}`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    // As ws does for every WebSocket server socket (socket.io's included).
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  });
  const envelope = envelopeMaker();
  return {
    port: await listen(httpServer),
    publish: (data) => {
      const frame = textFrame(`42${JSON.stringify(['signals', envelope(data)])}`);
      for (const socket of sockets) socket.write(frame);
    },
  };
}

async function main(): Promise<void> {
  // An orderly exit, so that `--cpu-prof` (BENCH_CPU_PROF) writes its profile; the default would kill the process.
  process.once('SIGTERM', () => process.exit(0));
  const kind = process.argv[2];
  const server = kind === 'floor' ? await floor() : await peer(kind as PeerKind);
  serve({
    info: () => ({ port: server.port }),
    heap: () => heapUsed(),
    publish: (args) => publishAll(server.publish, args),
  });
}

void main();
