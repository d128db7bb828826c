/**
 * `npm run bench:realtime`: our real-time gateway against a plain socket.io server (the peer)
 * and raw `net` writes (the floor), measured in the same run on loopback, each server in its own
 * process and the clients in another. With REDIS_URL and DATABASE_URL it also runs one api and
 * two gateways on Redis. Writes docs/benchmarks/realtime.json and realtime.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { freePort, ROOT, startServer } from '../api/server';
import { openLoop } from '../open-loop';
import { throwawaySchema } from '../schema';
import { distribution, machine, round } from '../stats';
import { paced, type Peer, startPeer, wallClock } from './rpc';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10_000);
const SUSTAINED_SUBSCRIBERS = 1000;
const PADDING = 256;
const PASSWORD = 'bench-admin-password';
const SECRET = 'bench-secret-that-is-long-enough-0123456789';
// Production defaults, except rate limits: the benchmark posts and publishes as one admin.
const OURS_ENV = {
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

type Kind = 'ours' | 'peer' | 'floor';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function buildBundles(): Promise<void> {
  const { bundle } = (await import(join(ROOT, 'tools/build/bundle-app.mjs'))) as { bundle(entries: string[], outdir: string): Promise<void> };
  await bundle(['servers.ts', 'clients.ts', 'probe.ts'].map((file) => join(__dirname, file)), join(ROOT, 'dist/bench/realtime'));
  await bundle([join(ROOT, 'apps/api/src/main.ts')], join(ROOT, 'dist/apps/api'));
  await bundle([join(ROOT, 'apps/gateway/src/main.ts')], join(ROOT, 'dist/apps/gateway'));
}

const bundled = (name: string) => join(ROOT, 'dist/bench/realtime', `${name}.cjs`);

/** A server under test: where clients connect, its heap, and how an event is published to it. */
interface Target {
  url: string;
  auth: object;
  heap(): Promise<number>;
  /** Publishes `count` events at `rate`; the longest event-loop block is read until `settleMs` later. */
  publish(count: number, rate: number, settleMs: number): Promise<{ startedAt: number; maxBlockMs: number }>;
  stop(): Promise<void>;
}

async function startTarget(kind: Kind): Promise<Target> {
  if (kind !== 'ours') {
    const server = await startPeer(bundled('servers'), [kind], {}, ['--expose-gc']);
    const { port } = await server.call<{ port: number }>('info');
    return {
      url: `http://127.0.0.1:${port}/socket.io`,
      auth: {},
      heap: () => server.call<number>('heap'),
      publish: (count, rate, settleMs) => server.call('publish', { count, rate, padding: PADDING, settleMs }, 120_000),
      stop: () => server.stop(),
      ...(kind === 'floor' && { frameBytes: (bytes: number) => server.call('frameBytes', { bytes }), port }),
    };
  }
  // The api exactly as `npm start` builds it, with a probe preloaded for the heap and event-loop blocks.
  const port = await freePort();
  const storage = await database();
  const server = await startPeer(join(ROOT, 'dist/apps/api/main.cjs'), [], { ...OURS_ENV, ...storage.env, PORT: String(port), HOST: '127.0.0.1' }, ['--expose-gc', '--require', bundled('probe')]);
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
    url: `${origin}/realtime`,
    auth: { token },
    heap: () => server.call<number>('heap'),
    publish: async (count, rate, settleMs) => {
      await server.call('watchBlocks');
      const startedAt = await paced(count, rate, broadcast);
      await sleep(settleMs);
      return { startedAt, ...(await server.call<{ maxBlockMs: number }>('blocks')) };
    },
    stop: async () => {
      admin.close();
      await server.stop();
      await storage.dispose();
    },
  };
}

/** PostgreSQL (a fresh schema) when DATABASE_URL is set, as in production; embedded PGlite otherwise. */
async function database(): Promise<{ env: Record<string, string>; kind: string; dispose(): Promise<void> }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) return { env: {}, kind: 'embedded PGlite', dispose: async () => undefined };
  const { url, drop } = await throwawaySchema(databaseUrl, 'bench_rt');
  return { env: { DATABASE_URL: url }, kind: 'PostgreSQL', dispose: drop };
}

/** Waits until the clients have `expected` events, or `timeoutMs` passed; returns the tally. */
async function collect(clients: Peer[], expected: number, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const tallies = await Promise.all(clients.map((c) => c.call<{ received: number; lastAt: number; latencies: number[] }>('tally')));
    const received = tallies.reduce((n, t) => n + t.received, 0);
    if (received >= expected || Date.now() > end) return { received, lastAt: Math.max(...tallies.map((t) => t.lastAt)), latencies: tallies.flatMap((t) => t.latencies) };
    await sleep(50);
  }
}

interface KindResult {
  kind: Kind;
  heapPerConnectionKiB?: number;
  broadcast: { lastDeliveryMs: number; maxBlockMs: number; delivered: number };
  sustained?: { deliveriesPerSecond: number; subscribers: number };
  paced?: { ratePerSecond: number; deliveriesPerSecond: number; p50Ms: number; p99Ms: number; delivered: number; expected: number };
}

async function measureKind(kind: Kind, clients: Peer): Promise<KindResult> {
  const target = await startTarget(kind);
  try {
    const heapBefore = await target.heap();
    if (kind === 'floor') {
      const floor = target as Target & { port: number; frameBytes(bytes: number): Promise<unknown> };
      const frameBytes = 4 + `42["signals",${JSON.stringify({ channel: 'signals', type: 'bench.event', id: 'x', seq: 1, timestamp: new Date().toISOString(), data: { sentAt: wallClock(), n: 1, pad: 'x'.repeat(PADDING) } })}]`.length;
      await floor.frameBytes(frameBytes);
      await clients.call('openTcp', { port: floor.port, count: CONNECTIONS, frameBytes });
    } else {
      await clients.call('open', { url: target.url, count: CONNECTIONS, auth: target.auth, channels: ['signals'] }, 600_000);
    }
    await sleep(1000);
    const heapAfter = await target.heap();
    // One event to every connection, five times: the median time to the last delivery.
    const runs = [];
    for (let i = 0; i < 5; i++) {
      await clients.call('reset', { recordLatency: false });
      const { startedAt } = await target.publish(1, 0, 0);
      const tally = await collect([clients], CONNECTIONS, 10_000);
      runs.push({ lastDeliveryMs: tally.lastAt - startedAt, delivered: tally.received });
      await sleep(200);
    }
    // The longest block, read over a window that covers a whole fan-out.
    const { maxBlockMs } = await target.publish(1, 0, 3000);
    return {
      kind,
      ...(kind !== 'floor' && { heapPerConnectionKiB: round((heapAfter - heapBefore) / CONNECTIONS / 1024, 1) }),
      broadcast: { lastDeliveryMs: round(median(runs.map((r) => r.lastDeliveryMs)), 1), maxBlockMs: round(maxBlockMs, 1), delivered: median(runs.map((r) => r.delivered)) },
    };
  } finally {
    await clients.call('closeAll');
    await target.stop();
  }
}

/** Deliveries per second with 1,000 subscribers, then latency at 80 % of our rate (socket.io servers only). */
async function measureSustained(kind: 'ours' | 'peer', clients: Peer, paceRate?: number): Promise<Pick<KindResult, 'sustained' | 'paced'>> {
  const target = await startTarget(kind);
  try {
    await clients.call('open', { url: target.url, count: SUSTAINED_SUBSCRIBERS, auth: target.auth, channels: ['signals'] }, 600_000);
    await sleep(500);
    const events = 300;
    await clients.call('reset', { recordLatency: false });
    const { startedAt } = await target.publish(events, 0, 0);
    const tally = await collect([clients], events * SUSTAINED_SUBSCRIBERS, 60_000);
    const sustained = { deliveriesPerSecond: round(tally.received / ((tally.lastAt - startedAt) / 1000), 0), subscribers: SUSTAINED_SUBSCRIBERS };
    if (!paceRate) return { sustained };
    const seconds = 5;
    const rate = Math.max(1, Math.round(paceRate / SUSTAINED_SUBSCRIBERS));
    await clients.call('reset', { recordLatency: true });
    await target.publish(rate * seconds, rate, 0);
    const paced = await collect([clients], rate * seconds * SUSTAINED_SUBSCRIBERS, 30_000);
    const latency = distribution(paced.latencies);
    return {
      sustained,
      paced: { ratePerSecond: rate * SUSTAINED_SUBSCRIBERS, deliveriesPerSecond: round(paced.received / seconds, 0), p50Ms: round(latency.p50, 2), p99Ms: round(latency.p99, 2), delivered: paced.received, expected: rate * seconds * SUSTAINED_SUBSCRIBERS },
    };
  } finally {
    await clients.call('closeAll');
    await target.stop();
  }
}

/** `POST /signals` at `rate` per second for `seconds`, open loop (evenly spaced); each signal carries its send time. Returns how many were accepted. */
async function postSignals(api: string, token: string, rate: number, seconds: number): Promise<number> {
  const url = new URL(api);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const result = await openLoop({
    origin: url.origin,
    rate,
    seconds,
    connections: 64,
    next: () => ({ method: 'POST', path: `${url.pathname}/signals`, headers, body: JSON.stringify({ vector: [Math.random(), Math.random(), Math.random(), 0.5, 0.5, 0.5, 0.5, 0.5], space: 'bench', metadata: { sentAt: wallClock() } }) }),
  });
  return result.ok;
}

async function login(api: string): Promise<string> {
  const reply = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  return ((await reply.json()) as { accessToken: string }).accessToken;
}

/** Latency from `POST /signals` to 10 subscribers, at each rate; the api's own HTTP limit shows as `sent` < offered. */
async function endToEnd(clients: Peer, api: string, gateways: string[], token: string) {
  for (const [i, gateway] of gateways.entries()) await clients.call('open', { url: `${gateway}/realtime`, count: 10 / gateways.length + (i < 10 % gateways.length ? 1 : 0), auth: { token }, channels: ['signals'] });
  // Warm-up (JIT, database pool), not measured.
  await postSignals(api, token, 500, 3);
  const rows = [];
  for (const rate of [200, 1000]) {
    await clients.call('reset', { recordLatency: true });
    const seconds = 10;
    const sent = await postSignals(api, token, rate, seconds);
    const tally = await collect([clients], sent * 10, 20_000);
    const latency = distribution(tally.latencies);
    rows.push({ offeredPerSecond: rate, sentPerSecond: round(sent / seconds, 0), subscribers: 10, sent, delivered: tally.received, p50Ms: round(latency.p50, 2), p99Ms: round(latency.p99, 2), maxMs: round(latency.max, 2) });
  }
  await clients.call('closeAll');
  return rows;
}

async function embeddedEndToEnd(clients: Peer) {
  const storage = await database();
  const server = await startServer(join(ROOT, 'dist/apps/api/main.cjs'), [], { ...OURS_ENV, ...storage.env }, /NeuroGraph API on/);
  try {
    const api = `${server.url}/api/v1`;
    return { database: storage.kind, rows: await endToEnd(clients, api, [server.url], await login(api)) };
  } finally {
    await server.stop();
    await storage.dispose();
  }
}

/** One api and two gateways on Redis and PostgreSQL: end-to-end latency and a broadcast over both gateways. */
async function scaleOut(clients: Peer) {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl || !process.env.DATABASE_URL) return undefined;
  const storage = await database();
  const env = { ...OURS_ENV, ...storage.env, REDIS_URL: redisUrl, REDIS_PREFIX: `ng-bench-${Date.now()}:` };
  const api = await startServer(join(ROOT, 'dist/apps/api/main.cjs'), [], env, /NeuroGraph API on/);
  const gateways = [];
  try {
    for (let i = 0; i < 2; i++) gateways.push(await startServer(join(ROOT, 'dist/apps/gateway/main.cjs'), [], { ...env, API_URL: api.url }, /NeuroGraph gateway on/));
    const token = await login(`${api.url}/api/v1`);
    const e2e = await endToEnd(clients, `${api.url}/api/v1`, gateways.map((g) => g.url), token);

    for (const gateway of gateways) await clients.call('open', { url: `${gateway.url}/realtime`, count: CONNECTIONS / 2, auth: { token }, channels: ['signals'] }, 600_000);
    const runs = [];
    for (let i = 0; i < 5; i++) {
      await clients.call('reset', { recordLatency: false });
      const sentAt = wallClock();
      await fetch(`${api.url}/api/v1/realtime/broadcast`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'signals', data: { sentAt, pad: 'x'.repeat(PADDING) } }) });
      const tally = await collect([clients], CONNECTIONS, 10_000);
      runs.push({ lastDeliveryMs: tally.lastAt - sentAt, delivered: tally.received });
      await sleep(200);
    }
    await clients.call('closeAll');
    return { endToEnd: e2e, broadcast: { connections: CONNECTIONS, lastDeliveryMs: round(median(runs.map((r) => r.lastDeliveryMs)), 1), delivered: median(runs.map((r) => r.delivered)) } };
  } finally {
    await Promise.all([api, ...gateways].map((s) => s.stop()));
    await storage.dispose();
  }
}

async function main(): Promise<void> {
  await buildBundles();
  const clients = await startPeer(bundled('clients'), [], {}, ['--max-old-space-size=4096']);
  try {
    const results: KindResult[] = [];
    for (const kind of ['floor', 'peer', 'ours'] as Kind[]) {
      process.stdout.write(`${kind}: ${CONNECTIONS} connections, broadcast…\n`);
      results.push(await measureKind(kind, clients));
    }
    process.stdout.write('sustained deliveries…\n');
    const peerSustained = await measureSustained('peer', clients);
    const oursSustained = await measureSustained('ours', clients, 0);
    const pace = 0.8 * (oursSustained.sustained?.deliveriesPerSecond ?? 0);
    const oursPaced = await measureSustained('ours', clients, pace);
    Object.assign(results.find((r) => r.kind === 'peer')!, peerSustained);
    Object.assign(results.find((r) => r.kind === 'ours')!, { sustained: oursSustained.sustained, paced: oursPaced.paced });
    process.stdout.write('end to end…\n');
    const embedded = await embeddedEndToEnd(clients);
    process.stdout.write('scale-out on Redis…\n');
    const redis = await scaleOut(clients);
    const report = { date: new Date().toISOString(), machine: machine(), connections: CONNECTIONS, paddingBytes: PADDING, results, endToEnd: embedded, redis };
    writeFileSync(join(ROOT, 'docs/benchmarks/realtime.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(ROOT, 'docs/benchmarks/realtime.md'), markdown(report));
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await clients.stop();
  }
}

function markdown(report: { date: string; machine: ReturnType<typeof machine>; results: KindResult[]; endToEnd: Awaited<ReturnType<typeof embeddedEndToEnd>>; redis: Awaited<ReturnType<typeof scaleOut>> }): string {
  const by = (kind: Kind) => report.results.find((r) => r.kind === kind)!;
  const [ours, peer, floor] = [by('ours'), by('peer'), by('floor')];
  const ratio = (a: number, b: number) => (b > 0 ? `${round(a / b, 2)}×` : '—');
  const lines = [
    '# Real-time benchmark',
    '',
    `\`npm run bench:realtime\`, ${report.date.slice(0, 10)}, ${report.machine.cores} × ${report.machine.cpu}, Node ${report.machine.node}. Loopback; each server in its own`,
    'process, the clients (the socket.io wire protocol over `ws`, ten thousand in one process) in another, sharing the two cores.',
    `Events carry ${PADDING} bytes of padding. "ours" is the api with its real-time module as \`npm start\` builds it (default configuration,`,
    "events published by an admin socket's `publish`),",
    '"peer" a plain socket.io 4 server broadcasting with `io.to(room).emit` from inside its process, "floor" a raw `net` server writing the same number of bytes to each socket.',
    '',
    `## ${CONNECTIONS.toLocaleString('en')} connections, one event to all`,
    '',
    '| | heap per idle connection | last delivery (median of 5) | longest event-loop block during the fan-out |',
    '|---|---|---|---|',
    `| ours | ${ours.heapPerConnectionKiB} KiB | ${ours.broadcast.lastDeliveryMs} ms | ${ours.broadcast.maxBlockMs} ms |`,
    `| peer (plain socket.io) | ${peer.heapPerConnectionKiB} KiB | ${peer.broadcast.lastDeliveryMs} ms | ${peer.broadcast.maxBlockMs} ms |`,
    `| floor (raw writes) | — | ${floor.broadcast.lastDeliveryMs} ms | ${floor.broadcast.maxBlockMs} ms |`,
    '',
    `Targets: ≤ 15 KB heap per idle connection (ours: ${ours.heapPerConnectionKiB} KiB, session and subscription included); last delivery ≤ 1.5× the floor`,
    `(ours: ${ratio(ours.broadcast.lastDeliveryMs, floor.broadcast.lastDeliveryMs)} the floor); no block over 20 ms (ours: ${ours.broadcast.maxBlockMs} ms).`,
    '',
    `## Sustained deliveries, ${SUSTAINED_SUBSCRIBERS.toLocaleString('en')} subscribers`,
    '',
    '| | deliveries/s | at 80 % of our rate: p50 | p99 |',
    '|---|---|---|---|',
    `| ours | ${ours.sustained?.deliveriesPerSecond} | ${ours.paced?.p50Ms} ms | ${ours.paced?.p99Ms} ms (${ours.paced?.delivered} of ${ours.paced?.expected} delivered) |`,
    `| peer (plain socket.io) | ${peer.sustained?.deliveriesPerSecond} | | |`,
    '',
    `Targets: ≥ 1.5× the peer (ours: ${ratio(ours.sustained?.deliveriesPerSecond ?? 0, peer.sustained?.deliveriesPerSecond ?? 0)}); p99 ≤ 100 ms at 80 % of that rate.`,
    '',
    '## End to end: `POST /signals` → subscriber',
    '',
    `The api in its own process on ${report.endToEnd.database}; the benchmark process posts open loop (requests evenly spaced at the offered rate, up to 64 in flight); each signal carries its send time.`,
    '"sent/s" below the offered rate means the api itself (HTTP, validation, engine, write-behind) did not keep up on this machine in this run.',
    '',
    '| setup | offered/s | sent/s | subscribers | delivered | p50 | p99 | max |',
    '|---|---|---|---|---|---|---|---|',
    ...report.endToEnd.rows.map((e) => `| embedded (one process) | ${e.offeredPerSecond} | ${e.sentPerSecond} | ${e.subscribers} | ${e.delivered} of ${e.sent * 10} | ${e.p50Ms} ms | ${e.p99Ms} ms | ${e.maxMs} ms |`),
    ...(report.redis?.endToEnd ?? []).map((e) => `| api + 2 gateways on Redis | ${e.offeredPerSecond} | ${e.sentPerSecond} | ${e.subscribers} | ${e.delivered} of ${e.sent * 10} | ${e.p50Ms} ms | ${e.p99Ms} ms | ${e.maxMs} ms |`),
    '',
    'Targets: p50 ≤ 2 ms, p99 ≤ 10 ms at 1,000 signals/s.',
  ];
  if (report.redis) {
    lines.push('', `On Redis, one broadcast (\`POST /realtime/broadcast\` to the api) to ${CONNECTIONS.toLocaleString('en')} subscribers split over the two gateways reached the last one in ${report.redis.broadcast.lastDeliveryMs} ms (median of 5, ${report.redis.broadcast.delivered} delivered).`);
  } else {
    lines.push('', '(The Redis figures need REDIS_URL and DATABASE_URL; this run had neither.)');
  }
  return `${lines.join('\n')}\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
