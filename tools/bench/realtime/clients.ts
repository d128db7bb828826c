/**
 * The load generator of `npm run bench:realtime`: many light clients in one process, driven over
 * IPC. socket.io clients speak the wire protocol directly over `ws` (engine.io v4 + socket.io v5
 * packets), so ten thousand of them fit in one process; raw TCP clients only count bytes.
 */
import { connect as tcpConnect, type Socket as NetSocket } from 'node:net';
import { WebSocket } from 'ws';
import { serve, wallClock } from './rpc';

const SENT_AT = '"sentAt":';

interface Tally {
  received: number;
  lastAt: number;
  latencies: number[];
  recordLatency: boolean;
}

const tally: Tally = { received: 0, lastAt: 0, latencies: [], recordLatency: false };
const sockets: WebSocket[] = [];
const tcpSockets: NetSocket[] = [];

function onEvent(text: string): void {
  const now = wallClock();
  tally.received++;
  tally.lastAt = now;
  if (!tally.recordLatency) return;
  const at = text.indexOf(SENT_AT);
  if (at >= 0) tally.latencies.push(now - Number.parseFloat(text.slice(at + SENT_AT.length, at + SENT_AT.length + 24)));
}

/** One socket.io client: handshake with `auth`, subscribe to `channels`, then count channel events. */
function openSocketIo(url: string, auth: object, channels: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/?EIO=4&transport=websocket`, { perMessageDeflate: false });
    let subscribed = false;
    ws.on('error', reject);
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === '2') return ws.send('3');
      if (subscribed && text.startsWith('42')) return onEvent(text);
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

function openTcp(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => {
      tcpSockets.push(socket);
      resolve();
    });
    socket.on('error', reject);
    // Every publish writes one frame per socket: a chunk is at least one event (the count is by bytes).
    let pending = 0;
    socket.on('data', (chunk) => {
      pending += chunk.length;
      while (pending >= frameBytes && frameBytes > 0) {
        pending -= frameBytes;
        onEvent('');
      }
    });
  });
}

let frameBytes = 0;

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
  openTcp: async (args: { port: number; count: number; frameBytes: number }) => {
    frameBytes = args.frameBytes;
    await inBatches(args.count, () => openTcp(args.port));
    return { open: tcpSockets.length };
  },
  reset: (args: { recordLatency: boolean }) => {
    tally.received = 0;
    tally.lastAt = 0;
    tally.latencies = [];
    tally.recordLatency = args.recordLatency;
    return {};
  },
  tally: () => ({ received: tally.received, lastAt: tally.lastAt, latencies: tally.latencies }),
  closeAll: async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    for (const socket of tcpSockets.splice(0)) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    return {};
  },
});
