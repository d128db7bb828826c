/**
 * The load generator of `npm run bench:realtime`: many light clients in one process, driven over
 * IPC. socket.io clients speak the wire protocol directly over `ws` (engine.io v4 + socket.io v5
 * packets), so ten thousand of them fit in one process. The floor's clients are the same `ws`
 * sockets without the socket.io handshake: every server's events are read and counted by the
 * same code, so the clients cost the same whichever server they measure.
 */
import { type RawData, WebSocket } from 'ws';
import { distribution } from '../stats';
import { serve, wallClock } from './rpc';

const SENT_AT = Buffer.from('"sentAt":');

interface Tally {
  received: number;
  lastAt: number;
  latencies: number[];
  recordLatency: boolean;
}

const tally: Tally = { received: 0, lastAt: 0, latencies: [], recordLatency: false };
const sockets: WebSocket[] = [];

/** A socket.io EVENT packet (`42…`), told by its first two bytes: counting an event decodes nothing. */
const isEvent = (data: Buffer) => data[0] === 0x34 && data[1] === 0x32;

function onEvent(data: Buffer): void {
  const now = wallClock();
  tally.received++;
  tally.lastAt = now;
  if (!tally.recordLatency) return;
  const at = data.indexOf(SENT_AT);
  if (at >= 0) tally.latencies.push(now - Number.parseFloat(data.toString('latin1', at + SENT_AT.length, at + SENT_AT.length + 24)));
}

/** One socket.io client: handshake with `auth`, subscribe to `channels`, then count channel events. */
function openSocketIo(url: string, auth: object, channels: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/?EIO=4&transport=websocket`, { perMessageDeflate: false });
    let subscribed = false;
    ws.on('error', reject);
    ws.on('message', (raw: RawData) => {
      const data = raw as Buffer;
      if (subscribed && isEvent(data)) return onEvent(data);
      const text = data.toString();
      if (text === '2') return ws.send('3');
      if (text.startsWith('0')) return ws.send(`40${JSON.stringify(auth)}`);
      if (text.startsWith('44')) return reject(new Error(`refused: ${text}`));
      if (text.startsWith('40')) return ws.send(`420${JSON.stringify(['subscribe', { channels }])}`);
      if (text.startsWith('430')) {
        subscribed = true;
        sockets.push(ws);
        resolve();
      }
    });
  });
}

/** One WebSocket to the floor, which writes socket.io event packets without any handshake. */
function openPlain(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('error', reject);
    ws.on('open', () => {
      sockets.push(ws);
      resolve();
    });
    ws.on('message', (raw: RawData) => {
      if (isEvent(raw as Buffer)) onEvent(raw as Buffer);
    });
  });
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
    tally.recordLatency = args.recordLatency;
    return {};
  },
  tally: () => ({ received: tally.received, lastAt: tally.lastAt }),
  /** The latencies since `reset`, summarised here: the samples themselves may be millions. */
  latency: () => distribution(tally.latencies),
  closeAll: async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    await new Promise((resolve) => setTimeout(resolve, 500));
    return {};
  },
});
