/**
 * The end-to-end part of `npm run bench:realtime`: `POST /signals` → subscriber latency with the
 * api alone and with one api and two gateways on Redis, and a broadcast over both gateways.
 */
import { join } from 'node:path';
import { ROOT, startServer } from '../api/server';
import { pacedInProcess } from '../paced-process';
import { commandCpuMs, commandCpuUsedMs, type Distribution, processCpuMs, processScheduleMs, round, wallClock } from '../stats';
import { type Peer, startPeer } from './rpc';
import { bundled, CONNECTIONS, collect, database, login, median, OURS_ENV, PADDING, sleep } from './targets';

/**
 * `POST /signals` at `rate` per second for `seconds`, open loop (evenly spaced, over 16
 * connections, from a fresh generator process, as bench:api); each signal carries its send time.
 * Returns how many were accepted (every request has its answer by then, so the deliveries expected
 * are exactly ten per accepted signal) and the shares of the machine's CPU time stolen and left idle meanwhile.
 */
async function postSignals(api: string, token: string, rate: number, seconds: number, space = 'bench', seed = rate): Promise<{ sent: number; failures: Record<string, number>; stolenPercent?: number; idlePercent?: number }> {
  const url = new URL(api);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const [run] = await pacedInProcess({
    origin: url.origin,
    rate,
    connections: 16,
    warmupSeconds: 0,
    seconds,
    windows: 1,
    opener: { method: 'GET', path: `${url.pathname}/health/live`, headers },
    request: { method: 'POST', path: `${url.pathname}/signals`, headers, body: { space, metadata: {} }, vectorField: 'vector', sentAtIn: 'metadata' },
    seed,
  });
  return { sent: run.ok, failures: run.failures, stolenPercent: run.stolenPercent, idlePercent: run.idlePercent };
}

/** The rate the targets are set at. */
const TARGET_RATE = 1000;
/**
 * Windows measured back to back at the target rate (each with new vectors): one 10-second
 * window's p99 moves by several times between runs on this machine, as bench:api's do, and the
 * row is the window with the median p99, as there.
 */
const WINDOWS_AT_TARGET = 3;

/**
 * A per-process reading summed over each group of the setup's server processes (the api, the
 * gateways together, or the relay): undefined when any process cannot be read. The load
 * generator, the clients, PostgreSQL and Redis are not counted.
 */
function serversTotals(groups: readonly (readonly (number | undefined)[])[], read: (pid: number | undefined) => number | undefined): number[] | undefined {
  const totals: number[] = [];
  for (const pids of groups) {
    let total = 0;
    for (const pid of pids) {
      const value = read(pid);
      if (value === undefined) return undefined;
      total += value;
    }
    totals.push(total);
  }
  return totals;
}

/**
 * CPU time, and time spent runnable but waiting for a core, of each group of server processes, in
 * ms; and the CPU readings of the services on this machine that the setups use, Redis and PostgreSQL.
 */
const serversUsage = (groups: readonly (readonly (number | undefined)[])[]) => ({
  cpu: serversTotals(groups, processCpuMs),
  waiting: serversTotals(groups, (pid) => processScheduleMs(pid)?.waitMs),
  services: [commandCpuMs('redis-server'), commandCpuMs('postgres')],
});

/** Milliseconds used between two readings of the same groups; undefined when either is missing. */
const used = (before: number[] | undefined, after: number[] | undefined) => (before === undefined || after === undefined ? undefined : after.map((ms, i) => ms - before[i]));

/** Milliseconds, in µs per signal sent. */
const perSignalUs = (ms: number[] | undefined, sent: number) => (ms === undefined || sent === 0 ? undefined : ms.map((m) => round((m * 1000) / sent, 0)));

/**
 * Latency from `POST /signals` to 10 subscribers, at each rate; the api's own HTTP limit shows as
 * `sent` < offered. Each window also reports, per signal, the CPU each group of servers (`serverGroups`)
 * used and the time it spent runnable but waiting for a core.
 */
async function endToEnd(clients: Peer, api: string, gateways: string[], token: string, serverGroups: readonly (readonly (number | undefined)[])[]) {
  for (const [i, gateway] of gateways.entries()) await clients.call('open', { url: `${gateway}/realtime`, count: 10 / gateways.length + (i < 10 % gateways.length ? 1 : 0), auth: { token }, channels: ['signals'] });
  // Warm-up, not measured: the JIT, the database pool and the heap, at the highest rate measured.
  // Into a space of its own, so that the measured space starts empty as before: with 3 s at 500/s
  // into the measured space, the first 10 s at 1,000/s had a p99 several times that of the next
  // 10 s (four scratch runs on 2026-12-06), while a warm-up into another space removed most of it.
  await postSignals(api, token, 1000, 10, 'warm-up');
  const rows = [];
  for (const rate of [200, TARGET_RATE]) {
    const windows = [];
    for (let window = 0; window < (rate === TARGET_RATE ? WINDOWS_AT_TARGET : 1); window++) {
      await clients.call('reset', { recordLatency: true });
      const seconds = 10;
      const before = serversUsage(serverGroups);
      const { sent, failures, stolenPercent, idlePercent } = await postSignals(api, token, rate, seconds, 'bench', rate + window);
      const tally = await collect(clients, sent * 10, 20_000);
      const after = serversUsage(serverGroups);
      const serverCpuUsPerSignal = perSignalUs(used(before.cpu, after.cpu), sent);
      const serverWaitUsPerSignal = perSignalUs(used(before.waiting, after.waiting), sent);
      const servicesCpuUsPerSignal = perSignalUs(before.services.map((reading, i) => commandCpuUsedMs(reading, after.services[i])), sent);
      const latency = await clients.call<Distribution>('latency');
      const hops = await clients.call<{ toBus: Distribution; fromBus: Distribution } | undefined>('hops');
      const p99Split = hops && { toBusMs: round(hops.toBus.p99, 2), fromBusMs: round(hops.fromBus.p99, 2) };
      windows.push({ offeredPerSecond: rate, sentPerSecond: round(sent / seconds, 0), subscribers: 10, sent, failures, delivered: tally.received, p50Ms: round(latency.p50, 2), p99Ms: round(latency.p99, 2), maxMs: round(latency.max, 2), stolenPercent, idlePercent, p99Split, serverCpuUsPerSignal, serverWaitUsPerSignal, servicesCpuUsPerSignal });
    }
    const median = [...windows].sort((a, b) => a.p99Ms - b.p99Ms)[windows.length >> 1];
    rows.push({ ...median, p99Windows: windows.map((w) => w.p99Ms), stolenWindows: windows.map((w) => w.stolenPercent), failuresWindows: windows.map((w) => w.failures), p99SplitWindows: windows.map((w) => w.p99Split), serverCpuWindows: windows.map((w) => w.serverCpuUsPerSignal), serverWaitWindows: windows.map((w) => w.serverWaitUsPerSignal), servicesCpuWindows: windows.map((w) => w.servicesCpuUsPerSignal), idleWindows: windows.map((w) => w.idlePercent) });
  }
  await clients.call('closeAll');
  return rows;
}

/**
 * The same scenario against peers of servers.ts with nothing of ours in the path: what this machine
 * and this load allow. `gateways` > 0 scales the relay out as socket.io documents it: its broadcast
 * goes through socket.io's Redis adapter to that many plain socket.io servers holding the subscribers.
 */
async function peerEndToEnd(clients: Peer, front: 'relay' | 'redis-relay', gateways: number) {
  const env = { BENCH_PEER_KEY: `ng-bench-peer-${Date.now()}` };
  const servers = [await startPeer(bundled('servers'), [front], env)];
  try {
    for (let i = 0; i < gateways; i++) servers.push(await startPeer(bundled('servers'), ['redis-gateway'], env));
    const origins = await Promise.all(servers.map(async (s) => `http://127.0.0.1:${(await s.call<{ port: number }>('info')).port}`));
    const pids = servers.map((s) => s.child.pid);
    const groups = gateways > 0 ? [pids.slice(0, 1), pids.slice(1)] : [pids];
    return { rows: await endToEnd(clients, `${origins[0]}/api/v1`, gateways > 0 ? origins.slice(1) : origins, '', groups) };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** The peer of the embedded setup: a plain HTTP server whose `POST` broadcasts the body through plain socket.io. */
export const relayEndToEnd = (clients: Peer) => peerEndToEnd(clients, 'relay', 0);

/** The peer of one api and two gateways on Redis (when REDIS_URL is set): the relay, over socket.io's Redis adapter, to two socket.io servers. */
export const redisRelayEndToEnd = async (clients: Peer) => (process.env.REDIS_URL ? peerEndToEnd(clients, 'redis-relay', 2) : undefined);

export async function embeddedEndToEnd(clients: Peer) {
  const storage = await database();
  const server = await startServer(join(ROOT, 'dist/apps/api/main.cjs'), [], { ...OURS_ENV, ...storage.env }, /NeuroGraph API on/);
  try {
    const api = `${server.url}/api/v1`;
    return { database: storage.kind, rows: await endToEnd(clients, api, [server.url], await login(api), [[server.child.pid]]) };
  } finally {
    await server.stop();
    await storage.dispose();
  }
}

/** One api and two gateways on Redis and PostgreSQL: end-to-end latency and a broadcast over both gateways. */
export async function scaleOut(clients: Peer) {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl || !process.env.DATABASE_URL) return undefined;
  const storage = await database();
  const env = { ...OURS_ENV, ...storage.env, REDIS_URL: redisUrl, REDIS_PREFIX: `ng-bench-${Date.now()}:` };
  const api = await startServer(join(ROOT, 'dist/apps/api/main.cjs'), [], env, /NeuroGraph API on/);
  const gateways = [];
  try {
    for (let i = 0; i < 2; i++) gateways.push(await startServer(join(ROOT, 'dist/apps/gateway/main.cjs'), [], { ...env, API_URL: api.url }, /NeuroGraph gateway on/));
    const token = await login(`${api.url}/api/v1`);
    const e2e = await endToEnd(clients, `${api.url}/api/v1`, gateways.map((g) => g.url), token, [[api.child.pid], gateways.map((g) => g.child.pid)]);

    for (const gateway of gateways) await clients.call('open', { url: `${gateway.url}/realtime`, count: CONNECTIONS / 2, auth: { token }, channels: ['signals'] }, 600_000);
    const runs = [];
    for (let i = 0; i < 5; i++) {
      await clients.call('reset', { recordLatency: false });
      const sentAt = wallClock();
      await fetch(`${api.url}/api/v1/realtime/broadcast`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'signals', data: { sentAt, pad: 'x'.repeat(PADDING) } }) });
      const tally = await collect(clients, CONNECTIONS, 10_000);
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
