/**
 * The servers `npm run bench:realtime` measures, each in its own process: ours (the api as
 * `npm start` builds it), the plain socket.io peer and the raw-write floor, each paired with its
 * own clients' process (a process holds at most ten thousand sockets under this machine's
 * file-descriptor limit), so that the three can stay up together and be measured in turns.
 */
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '@neurograph/server-config';
import { io } from 'socket.io-client';
import { freePort, ROOT } from '../api/server';
import { throwawaySchema } from '../schema';
import { wallClock } from '../stats';
import type { Blocks } from './blocks';
import { paced, type Peer, startPeer } from './rpc';

export type Kind = 'ours' | 'peer' | 'floor';

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10_000);
export const PADDING = 256;
export const PASSWORD = 'bench-admin-password';
const SECRET = 'bench-secret-that-is-long-enough-0123456789';
// Production defaults, except rate limits: the benchmark posts and publishes as one admin. One
// process with its bus in memory, as `npm start` runs: servers inherit the benchmark's environment,
// and until 2026-12-06 a REDIS_URL set for the scale-out part also put the single api's bus on Redis.
export const OURS_ENV = {
  REDIS_URL: '',
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATA_DIR: ':memory:',
  ADMIN_PASSWORD: PASSWORD,
  JWT_SECRET: SECRET,
  ACCESS_TOKEN_TTL_S: '3600',
  RATE_LIMIT_PER_SECOND: '1000000',
  RATE_LIMIT_BURST: '10000000',
  REALTIME_RATE_OTHER: '1000000:1000000',
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const bundled = (name: string) => join(ROOT, 'dist/bench/realtime', `${name}.cjs`);

/** A server under test and the clients' process that reads it. */
export interface Target {
  kind: Kind;
  clients: Peer;
  heap(): Promise<number>;
  /** CPU milliseconds the server process has used so far. */
  cpu(): Promise<number>;
  /** Opens `count` subscribers of `signals` in the clients' process. */
  open(count: number): Promise<void>;
  /** Publishes `count` events at `rate`; the longest event-loop block is read until `settleMs` later. */
  publish(count: number, rate: number, settleMs: number): Promise<{ startedAt: number } & Blocks>;
  stop(): Promise<void>;
}

/** `BENCH_CPU_PROF=<dir>`: every server process writes a CPU profile there when it exits (`node --cpu-prof`). */
const profiling = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

export const startClients = () => startPeer(bundled('clients'), [], {}, ['--max-old-space-size=4096']);

export async function startTarget(kind: Kind): Promise<Target> {
  const clients = await startClients();
  if (kind !== 'ours') {
    const server = await startPeer(bundled('servers'), [kind], {}, [...SERVER_NODE_FLAGS, '--expose-gc', ...profiling]);
    const { port } = await server.call<{ port: number }>('info');
    return {
      kind,
      clients,
      heap: () => server.call<number>('heap'),
      cpu: () => server.call<number>('cpu'),
      open: async (count) => {
        if (kind === 'floor') await clients.call('openPlain', { url: `ws://127.0.0.1:${port}/`, count }, 600_000);
        else await clients.call('open', { url: `http://127.0.0.1:${port}/socket.io`, count, auth: {}, channels: ['signals'] }, 600_000);
      },
      publish: (count, rate, settleMs) => server.call('publish', { count, rate, padding: PADDING, settleMs }, 120_000),
      stop: async () => {
        await Promise.all([server.stop(), clients.stop()]);
      },
    };
  }
  // The api exactly as `npm start` builds and runs it, with a probe preloaded for the heap and event-loop blocks.
  // Every server here runs with the servers' node flags, the peers too, so that all run alike.
  const port = await freePort();
  const storage = await database();
  const server = await startPeer(join(ROOT, 'dist/apps/api/main.cjs'), [], { ...OURS_ENV, ...storage.env, PORT: String(port), HOST: '127.0.0.1' }, [...SERVER_NODE_FLAGS, '--expose-gc', '--require', bundled('probe'), ...profiling]);
  const origin = `http://127.0.0.1:${port}`;
  while (!(await fetch(`${origin}/api/v1/health/ready`).then((r) => r.ok, () => false))) await sleep(100);
  const token = await login(`${origin}/api/v1`);
  const pad = 'x'.repeat(PADDING);
  // Events are published by an admin over its own socket: the lightest way in that the product offers.
  const admin = io(origin, { path: '/realtime', transports: ['websocket'], auth: { token } });
  await new Promise((resolve) => admin.once('session', resolve));
  // Not waiting for each ack: events arrive as fast as the peer's in-process loop issues them.
  const broadcast = (n: number) => void admin.emit('publish', { channel: 'signals', type: 'bench.event', data: { sentAt: wallClock(), n, pad } });
  return {
    kind,
    clients,
    heap: () => server.call<number>('heap'),
    cpu: () => server.call<number>('cpu'),
    open: async (count) => {
      await clients.call('open', { url: `${origin}/realtime`, count, auth: { token }, channels: ['signals'] }, 600_000);
    },
    publish: async (count, rate, settleMs) => {
      await server.call('watchBlocks');
      const startedAt = await paced(count, rate, broadcast);
      await sleep(settleMs);
      return { startedAt, ...(await server.call<Blocks>('blocks')) };
    },
    stop: async () => {
      admin.close();
      await Promise.all([server.stop(), clients.stop()]);
      await storage.dispose();
    },
  };
}

/** PostgreSQL (a fresh schema) when DATABASE_URL is set, as in production; embedded PGlite otherwise. */
export async function database(): Promise<{ env: Record<string, string>; kind: string; dispose(): Promise<void> }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) return { env: {}, kind: 'embedded PGlite', dispose: async () => undefined };
  const { url, drop } = await throwawaySchema(databaseUrl, 'bench_rt');
  return { env: { DATABASE_URL: url }, kind: 'PostgreSQL', dispose: drop };
}

export async function login(api: string): Promise<string> {
  const reply = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  return ((await reply.json()) as { accessToken: string }).accessToken;
}

/** Waits until the clients have `expected` events, or `timeoutMs` passed; returns the tally. */
export async function collect(clients: Peer, expected: number, timeoutMs: number): Promise<{ received: number; lastAt: number }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const tally = await clients.call<{ received: number; lastAt: number }>('tally');
    if (tally.received >= expected || Date.now() > end) return tally;
    await sleep(50);
  }
}
