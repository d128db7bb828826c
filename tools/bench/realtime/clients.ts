/**
 * The load generator of `npm run bench:realtime`: many light clients in one process, driven over
 * IPC. socket.io clients speak the wire protocol directly (engine.io v4 + socket.io v5 packets)
 * over a lean WebSocket client, so that ten thousand of them fit in one process and read faster
 * than a server writes. The floor's clients are the same sockets without the socket.io
 * handshake: every server's events are read and counted by the same code.
 */
import { distribution } from '../stats';
import { frameTimes } from './frame-times';
import { LeanWebSocket } from './lean-websocket';
import { serve } from './rpc';

interface Tally {
  received: number;
  lastAt: number;
  latencies: number[];
  /** For frames of a bus envelope, the latency split at its publishing: send → publish, and publish → read. */
  toBus: number[];
  fromBus: number[];
  recordLatency: boolean;
}

const tally: Tally = { received: 0, lastAt: 0, latencies: [], toBus: [], fromBus: [], recordLatency: false };
const sockets: LeanWebSocket[] = [];

/**
 * Latencies come from every eighth socket (each sees every event, and the fan-out serves sockets
 * in order, so the sample spans it): finding and parsing each frame's send time cost the clients'
 * process more than everything else it does per frame.
 */
const TIMED_EVERY = 8;

type Reader = (data: Buffer, start: number, end: number, ws: LeanWebSocket) => void;

/** Counts a socket.io EVENT packet (`42…`), told by its first two bytes; true when it was one. */
function countEvent(data: Buffer, start: number, ws: LeanWebSocket): boolean {
  if (data[start] !== 0x34 || data[start + 1] !== 0x32) return false;
  tally.received++;
  tally.lastAt = ws.readAt;
  return true;
}

const count: Reader = (data, start, _end, ws) => void countEvent(data, start, ws);

/** Counts, and records the latency from the send time the event carries. */
const countAndTime: Reader = (data, start, end, ws) => {
  if (!countEvent(data, start, ws) || !tally.recordLatency) return;
  const times = frameTimes(data, start, end);
  if (!times) return;
  tally.latencies.push(ws.readAt - times.sentAt);
  if (times.publishedAt === undefined) return;
  tally.toBus.push(times.publishedAt - times.sentAt);
  tally.fromBus.push(ws.readAt - times.publishedAt);
};

/** socket.io after the handshake: engine.io pings (`2`) still get their pong. */
const withPongs =
  (read: Reader): Reader =>
  (data, start, end, ws) =>
    end - start === 1 && data[start] === 0x32 ? ws.send('3') : read(data, start, end, ws);
const [countIo, countAndTimeIo] = [withPongs(count), withPongs(countAndTime)];

/** One socket.io client: handshake with `auth`, subscribe to `channels`, then count channel events. */
function openSocketIo(url: string, auth: object, channels: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const handshake = (data: Buffer, start: number, end: number, ws: LeanWebSocket) => {
      const text = data.toString('utf8', start, end);
      if (text === '2') return ws.send('3');
      if (text.startsWith('0')) return ws.send(`40${JSON.stringify(auth)}`);
      if (text.startsWith('44')) return reject(new Error(`refused: ${text}`));
      if (text.startsWith('40')) return ws.send(`420${JSON.stringify(['subscribe', { channels }])}`);
      if (text.startsWith('430')) {
        ws.handler = sockets.length % TIMED_EVERY === 0 ? countAndTimeIo : countIo;
        sockets.push(ws);
        resolve();
      }
    };
    LeanWebSocket.open(`${url.replace('http', 'ws')}/?EIO=4&transport=websocket`, handshake).catch(reject);
  });
}

/** One WebSocket to the floor, which writes socket.io event packets without any handshake. */
async function openPlain(url: string): Promise<void> {
  const ws = await LeanWebSocket.open(url, count);
  if (sockets.length % TIMED_EVERY === 0) ws.handler = countAndTime;
  sockets.push(ws);
}

async function inBatches(count: number, open: () => Promise<void>, concurrency = 200): Promise<void> {
  for (let done = 0; done < count; ) {
    const batch = Math.min(concurrency, count - done);
    await Promise.all(Array.from({ length: batch }, open));
    done += batch;
  }
}

serve({
  open: async (args: { url: string; count: number; auth: object; channels: string[] }) => {
    await inBatches(args.count, () => openSocketIo(args.url, args.auth, args.channels));
    return { open: sockets.length };
  },
  openPlain: async (args: { url: string; count: number }) => {
    await inBatches(args.count, () => openPlain(args.url));
    return { open: sockets.length };
  },
  reset: (args: { recordLatency: boolean }) => {
    tally.received = 0;
    tally.lastAt = 0;
    tally.latencies = [];
    tally.toBus = [];
    tally.fromBus = [];
    tally.recordLatency = args.recordLatency;
    return {};
  },
  tally: () => ({ received: tally.received, lastAt: tally.lastAt }),
  /** The latencies since `reset`, summarised here: the samples themselves may be millions. */
  latency: () => distribution(tally.latencies),
  /** The two parts of the latencies split at the bus (none for servers without an envelope). */
  hops: () => (tally.toBus.length > 0 ? { toBus: distribution(tally.toBus), fromBus: distribution(tally.fromBus) } : undefined),
  closeAll: async () => {
    for (const ws of sockets.splice(0)) ws.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    return {};
  },
});
