/**
 * The reference servers of `npm run bench:realtime`, one per process (`--expose-gc`), driven over IPC:
 * - `peer`: a plain socket.io 4 server whose broadcast is `io.to(room).emit`;
 * - `floor`: a raw `net` server writing the same number of bytes to every socket.
 * Each answers `port`, `heap` (after GC) and `publish` (events carrying their send time).
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Socket as NetSocket } from 'node:net';
import { Server } from 'socket.io';
import { heapUsed } from '../stats';
import { watchBlocks } from './blocks';
import { paced, serve, wallClock } from './rpc';

type Publish = (data: object) => void;

/** Sends `count` events at `rate` per second and reports the longest event-loop block until `settleMs` after. */
async function publishAll(publish: Publish, args: { count: number; rate: number; padding: number; settleMs: number }) {
  const pad = 'x'.repeat(args.padding);
  const watch = await watchBlocks();
  const startedAt = await paced(args.count, args.rate, (n) => publish({ sentAt: wallClock(), n, pad }));
  await new Promise((resolve) => setTimeout(resolve, args.settleMs));
  return { startedAt, maxBlockMs: watch.stop() };
}

async function peer(): Promise<{ port: number; publish: Publish }> {
  const io = new Server({ transports: ['websocket'], serveClient: false });
  io.on('connection', (socket) => {
    socket.on('subscribe', (payload: { channels: string[] }, ack: (reply: unknown) => void) => {
      for (const channel of payload.channels) void socket.join(channel);
      ack({ subscribed: payload.channels, denied: [] });
    });
  });
  const httpServer = createHttpServer();
  io.attach(httpServer);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const port = (httpServer.address() as { port: number }).port;
  let seq = 0;
  return { port, publish: (data) => void io.to('signals').emit('signals', { channel: 'signals', type: 'bench.event', id: String(++seq), seq, timestamp: new Date().toISOString(), data }) };
}

async function floor(): Promise<{ port: number; publish: Publish; frameBytes(bytes: number): void }> {
  const sockets = new Set<NetSocket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // As many bytes as a WebSocket client receives for the same event, built once, written to each socket.
  let frame = Buffer.alloc(0);
  return {
    port: (server.address() as { port: number }).port,
    frameBytes: (bytes) => void (frame = Buffer.alloc(bytes, 'x')),
    publish: () => {
      for (const socket of sockets) socket.write(frame);
    },
  };
}

async function main(): Promise<void> {
  const server = process.argv[2] === 'peer' ? await peer() : await floor();
  serve({
    info: () => ({ port: server.port }),
    heap: () => heapUsed(),
    publish: (args) => publishAll(server.publish, args),
    frameBytes: (args: { bytes: number }) => (server as { frameBytes?(bytes: number): void }).frameBytes?.(args.bytes),
  });
}

void main();
