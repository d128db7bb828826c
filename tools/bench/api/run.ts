/**
 * `npm run bench:api`: the api under autocannon on loopback, in its own process, against real
 * PostgreSQL when DATABASE_URL is set (else embedded PGlite). Checks that every accepted signal
 * was persisted, and measures Nest on Express against Nest on Fastify in the same run.
 * Writes docs/benchmarks/api.json and api.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { bundle } from '../bundle';
import type { OpenLoopRequest, OpenLoopResult } from '../open-loop';
import { type PacedSpec, pacedInProcess } from '../paced-process';
import { throwawaySchema } from '../schema';
import { commandCpuMs, commandCpuUsedMs, cpuTicks, idlePercent, machine, processCpuMs, processScheduleMs, round, sharesCell, STOLEN_COLUMN_NOTE } from '../stats';
import { clusteredMixture } from '../workload';
import { ROOT, startServer } from './server';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = 5;
/** Measured windows per latency scenario: one window's p99 moves a lot between runs on this machine. */
const WINDOWS = 3;
const PASSWORD = 'bench-admin-password';

interface Scenario {
  name: string;
  requestsPerSecond: number;
  signalsPerSecond?: number;
  ok: number;
  failed: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  offeredRate?: number;
  /** Open loop: the p99 of each measured window, in order; `latencyMs` is the window with the median p99. */
  p99Windows?: number[];
  /** Open loop: the share of the machine's CPU time its hypervisor stole during each window (%). */
  stolenWindows?: (number | undefined)[];
}

function summarize(name: string, result: Result, signalsPerRequest = 0): Scenario {
  const seconds = result.duration;
  const ok = result['2xx'];
  return {
    name,
    requestsPerSecond: round(ok / seconds, 0),
    signalsPerSecond: signalsPerRequest ? round((ok * signalsPerRequest) / seconds, 0) : undefined,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
}

// The workload of 01-core.md §8: 256 Gaussian clusters plus 10 % uniform noise, seeded.
const mixture = clusteredMixture(42);
const randomVector = () => {
  const point = new Array<number>(8);
  mixture.next(point);
  return point;
};

type PacedResult = OpenLoopResult & { p99Windows: number[]; stolenWindows: (number | undefined)[] };

/** The same summary for an open-loop scenario (latency from each request's due time). */
function summarizeOpenLoop(name: string, result: PacedResult): Scenario {
  return { name, requestsPerSecond: result.achievedRate, ok: result.ok, failed: result.failed, latencyMs: result.latencyMs, offeredRate: result.offered, p99Windows: result.p99Windows, stolenWindows: result.stolenWindows };
}

/**
 * A latency scenario: 1,000 requests/s open loop over 16 connections from a load generator in its
 * own process (tools/bench/paced-process.ts says why), WARMUP_SECONDS of it not measured (the JIT
 * compiles the path once per process), then WINDOWS windows of SECONDS back to back; the result is
 * the window with the median p99, with every window's p99.
 */
async function paced(origin: string, opener: OpenLoopRequest, request: PacedSpec['request'], seed = 0): Promise<PacedResult> {
  const windows = await pacedInProcess({ origin, rate: 1000, connections: 16, warmupSeconds: WARMUP_SECONDS, seconds: SECONDS, windows: WINDOWS, opener, request, seed });
  const median = [...windows].sort((a, b) => a.latencyMs.p99 - b.latencyMs.p99)[WINDOWS >> 1];
  return { ...median, p99Windows: windows.map((w) => w.latencyMs.p99), stolenWindows: windows.map((w) => w.stolenPercent) };
}

/** A p99 cell: the median window's, then every window's. */
function p99Cell(s: Scenario): string {
  return s.p99Windows ? `${s.latencyMs.p99} (${s.p99Windows.join(', ')})` : String(s.latencyMs.p99);
}

/** A stolen-time cell, for the open-loop scenarios. */
const stolenOf = (s: Scenario) => (s.stolenWindows ? sharesCell(s.stolenWindows) : '—');

function load(options: autocannon.Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function buildBundles(): void {
  bundle([join(ROOT, 'apps/api/src/main.ts')], join(ROOT, 'dist/apps/api'));
  bundle([join(__dirname, 'adapters.ts')], join(ROOT, 'dist/bench'));
}

async function storage(): Promise<{ env: Record<string, string>; count(): Promise<number>; dispose(): Promise<void>; kind: string }> {
  if (process.env.DATABASE_URL) {
    const { url, schema, admin, drop } = await throwawaySchema(process.env.DATABASE_URL, 'bench');
    return {
      kind: 'PostgreSQL',
      env: { DATABASE_URL: url },
      count: async () => Number((await admin.query(`select count(*) as n from ${schema}.signals`)).rows[0].n),
      dispose: drop,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'neurograph-bench-'));
  return {
    kind: 'PGlite (embedded)',
    env: { DATA_DIR: dir },
    count: async () => {
      // Loaded only here, after the runs: with PGlite merely imported, this process (the load
      // generator) answered its open loops late enough to double GET /modules' p99.
      const { PGlite } = await import('@electric-sql/pglite');
      const db = await PGlite.create({ dataDir: join(dir, 'pglite') });
      const n = Number((await db.query<{ n: number }>('select count(*) as n from signals')).rows[0].n);
      await db.close();
      return n;
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

const API_ENV = { NODE_ENV: 'production', LOG_LEVEL: 'warn', ADMIN_PASSWORD: PASSWORD, JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789', RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '10000000', ACCESS_TOKEN_TTL_S: '3600' };

/** A fresh database and an api on it; `redisUrl` puts the api's event bus on Redis (else in memory, as one process runs). */
async function startApi(redisUrl = '') {
  const store = await storage();
  const server = await startServer(join(ROOT, 'dist/apps/api/main.cjs'), [], { ...store.env, ...API_ENV, REDIS_URL: redisUrl }, /NeuroGraph API on/);
  const api = `${server.url}/api/v1`;
  const login = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  const backlog = async () => {
    const reply = await fetch(`${api}/status`, { headers });
    const body = (await reply.json()) as { engine: { writeBacklog: number } };
    if (!reply.ok) throw new Error(`GET /status answered ${reply.status}: ${JSON.stringify(body)}`);
    return body.engine.writeBacklog;
  };
  return {
    server,
    api,
    headers,
    /** Waits until every accepted signal is in the database; returns how long that took. */
    drain: async () => {
      const started = performance.now();
      while ((await backlog()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      return (performance.now() - started) / 1000;
    },
    /** Stops the api gracefully, then compares the signals it accepted with the rows stored. */
    finish: async () => {
      // The server's own count of accepted signals: autocannon stops counting replies still in flight at the end.
      const metrics = await (await fetch(`${api}/metrics`, { headers })).text();
      const accepted = [...metrics.matchAll(/^neurograph_signals_processed_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      const exit = await server.stop();
      const persisted = await store.count();
      await store.dispose();
      return { database: store.kind, persistence: { accepted, persisted, exit, allPersisted: accepted === persisted } };
    },
  };
}

/** Distinct batch bodies for a run of up to 40,000 signals/s. */
const BATCH_BODIES = SECONDS * 400;

/**
 * POST /signals/batch, 100 signals a request over 8 connections, then the time the write-behind
 * needs to store the backlog. The bodies are generated before the run (every signal a distinct
 * vector): generated per request, they took the generator a tenth of a core that the server shares.
 */
async function batchIngest(running: Awaited<ReturnType<typeof startApi>>, name: string) {
  const bodies = Array.from({ length: BATCH_BODIES }, () => JSON.stringify({ signals: Array.from({ length: 100 }, () => ({ vector: randomVector(), space: 'bench' })) }));
  let sent = 0;
  const request = { method: 'POST' as const, path: '/api/v1/signals/batch', setupRequest: (req: autocannon.Request) => ({ ...req, body: bodies[sent++ % bodies.length] }) };
  await running.drain();
  const before = cpuReading(running.server.child.pid);
  const batch = await load({ url: running.server.url, headers: running.headers, connections: 8, duration: SECONDS, requests: [request] });
  const cpu = cpuUse(before, cpuReading(running.server.child.pid), batch.duration, batch['2xx'] * 100);
  const drainSeconds = await running.drain();
  const summary = summarize(name, batch, 100);
  return { summary, cpu, persisted: { acceptedPerSecond: summary.signalsPerSecond, drainSeconds: round(drainSeconds, 2), persistedPerSecond: round((batch['2xx'] * 100) / (batch.duration + drainSeconds), 0) } };
}

/** CPU counters of the parts that share the machine during the batch. */
function cpuReading(apiPid: number | undefined) {
  const mainThread = processScheduleMs(apiPid, 'main');
  return { api: processCpuMs(apiPid), apiMainThread: mainThread?.runMs, apiMainThreadWaiting: mainThread?.waitMs, postgres: commandCpuMs('postgres'), generator: process.cpuUsage(), machine: cpuTicks() };
}

/**
 * Where the machine's two cores went while the batch ran, in cores and in µs per accepted signal:
 * the api's process and its main thread (the event loop, which runs the engine and HTTP: one core
 * is its ceiling), with the time that thread was runnable but waiting for a core, PostgreSQL's
 * processes on this machine, and the load generator (autocannon, in this process); and the share
 * of the machine left idle.
 */
function cpuUse(before: ReturnType<typeof cpuReading>, after: ReturnType<typeof cpuReading>, seconds: number, signals: number) {
  const part = (ms: number | undefined) => (ms === undefined ? undefined : { cores: round(ms / (seconds * 1000), 2), usPerSignal: signals > 0 ? round((ms * 1000) / signals, 1) : undefined });
  const difference = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : b - a);
  const generator = process.cpuUsage(before.generator);
  return {
    api: part(difference(before.api, after.api)),
    apiMainThread: part(difference(before.apiMainThread, after.apiMainThread)),
    apiMainThreadWaiting: part(difference(before.apiMainThreadWaiting, after.apiMainThreadWaiting)),
    postgres: after.postgres.size > 0 ? part(commandCpuUsedMs(before.postgres, after.postgres)) : undefined,
    generator: part((generator.user + generator.system) / 1000),
    machineIdlePercent: idlePercent(before.machine, after.machine),
  };
}

/** The batch's CPU split as a sentence. */
function cpuText(cpu: ReturnType<typeof cpuUse>): string {
  const of = (label: string, p: ReturnType<typeof cpuUse>['api']) => (p ? `${label} ${p.cores} core${p.usPerSignal === undefined ? '' : ` (${p.usPerSignal} µs a signal)`}` : undefined);
  const parts = [of("the api's process", cpu.api), of('its main thread', cpu.apiMainThread), of("PostgreSQL's processes on this machine", cpu.postgres), of('the load generator', cpu.generator)].filter(Boolean);
  const waiting = cpu.apiMainThreadWaiting ? ` The api's main thread also waited, runnable, for a core ${cpu.apiMainThreadWaiting.cores} of the time.` : '';
  return `While it ran, cores used: ${parts.join(', ')}; the machine was idle ${cpu.machineIdlePercent ?? '?'} % of the time.${waiting}`;
}

/** Every scenario against the api as one process runs it (in-memory event bus). */
async function benchApi() {
  const running = await startApi();
  const { server, api, headers } = running;
  const liveness = { method: 'GET' as const, path: '/api/v1/health/live', headers };
  const modules = await paced(server.url, liveness, { method: 'GET', path: '/api/v1/modules', headers });
  const single = await paced(server.url, liveness, { method: 'POST', path: '/api/v1/signals', headers, body: { space: 'bench' }, vectorField: 'vector' }, 1);
  const modulesMax = await load({ url: `${api}/modules`, headers, connections: 8, duration: SECONDS });
  const batch = await batchIngest(running, 'POST /signals/batch (100 signals each, 8 connections)');
  const { database, persistence } = await running.finish();
  return {
    database,
    bus: 'in memory',
    scenarios: [summarizeOpenLoop('GET /modules (1,000 req/s, open loop)', modules), summarize('GET /modules (as fast as it goes, 8 connections)', modulesMax), summarizeOpenLoop('POST /signals (one signal, 1,000 req/s, open loop)', single), batch.summary],
    batchPersisted: batch.persisted,
    batchCpu: batch.cpu,
    persistence,
  };
}

/**
 * The batch again, on a fresh database, with the api's event bus on Redis (when REDIS_URL is set): what
 * publishing every signal to Redis (PUBLISH, and XADD to the channel's capped replay stream) costs.
 */
async function benchBatchOnRedis() {
  if (!process.env.REDIS_URL) return undefined;
  const running = await startApi(process.env.REDIS_URL);
  const batch = await batchIngest(running, 'POST /signals/batch, event bus on Redis');
  const { persistence } = await running.finish();
  return { ...batch, persistence };
}

const echoBody = () => JSON.stringify({ vector: randomVector(), payload: 'x'.repeat(200) });

/**
 * The bare controller on Fastify (the adapter the api runs on), loaded exactly as the api's latency
 * scenarios are: what this machine and this load generator allow a server that does almost
 * nothing per request.
 */
async function benchFloor(): Promise<{ list: Scenario; echo: Scenario }> {
  const server = await startServer(join(ROOT, 'dist/bench/adapters.cjs'), ['fastify'], {}, /listening/);
  const warmup = { method: 'GET' as const, path: '/list' };
  const list = await paced(server.url, warmup, { method: 'GET', path: '/list' });
  const echo = await paced(server.url, warmup, { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: { payload: 'x'.repeat(200) }, vectorField: 'vector' }, 2);
  await server.stop();
  return { list: summarizeOpenLoop('GET list (1,000 req/s, open loop)', list), echo: summarizeOpenLoop('POST echo (1,000 req/s, open loop)', echo) };
}

/** Nest on Express against Nest on Fastify: the same controller, as fast as each goes. */
async function benchAdapters() {
  const results: { adapter: string; list: Scenario; echo: Scenario }[] = [];
  for (const adapter of ['express', 'fastify']) {
    const server = await startServer(join(ROOT, 'dist/bench/adapters.cjs'), [adapter], {}, /listening/);
    const seconds = Math.max(5, Math.round(SECONDS / 2));
    const list = await load({ url: `${server.url}/list`, connections: 8, duration: seconds });
    const echo = await load({ url: `${server.url}/echo`, method: 'POST', headers: { 'content-type': 'application/json' }, body: echoBody(), connections: 8, duration: seconds });
    await server.stop();
    results.push({ adapter, list: summarize('GET list', list), echo: summarize('POST echo', echo) });
  }
  return results;
}

/** The open-loop figures of the bare Fastify controller, beside which the api's own latencies are read. */
function pacedPeer(floor: Awaited<ReturnType<typeof benchFloor>>): string {
  const row = (s: Scenario) => `| ${s.name} | ${s.latencyMs.p50} | ${p99Cell(s)} | ${s.latencyMs.max} | ${s.failed} | ${stolenOf(s)} |`;
  return `
The same bare controller on Fastify, loaded as the api's latency scenarios above are (open loop, 16
connections, ${WINDOWS} windows of ${SECONDS} s after ${WARMUP_SECONDS} s not measured): the floor this machine and this load
generator set for any server, in this run.

| scenario | p50 ms | p99 ms | max ms | failed | CPU stolen % |
|---|---:|---:|---:|---:|---:|
${row(floor.list)}
${row(floor.echo)}
`;
}

/** The batch with the event bus on Redis, when the run had REDIS_URL. */
function redisBatchText(report: Awaited<ReturnType<typeof run>>): string {
  const r = report.redisBatch;
  if (!r) return '';
  const p = r.persistence;
  return `
With the event bus on Redis (\`REDIS_URL\`, as when gateways run beside the api; a fresh database, the batch alone): signals were accepted at ${r.persisted.acceptedPerSecond?.toLocaleString('en')}/s (p99 ${r.summary.latencyMs.p99} ms per request), **${r.persisted.persistedPerSecond.toLocaleString('en')} signals/s** with every one in the database (${p.accepted.toLocaleString('en')} accepted, ${p.persisted.toLocaleString('en')} stored${p.allPersisted ? '' : ': **MISMATCH**'}). ${cpuText(r.cpu)}
`;
}

function markdown(report: Awaited<ReturnType<typeof run>>): string {
  const rows = report.api.scenarios.map((s) => `| ${s.name} | ${s.requestsPerSecond.toLocaleString('en')} | ${s.signalsPerSecond?.toLocaleString('en') ?? '—'} | ${s.latencyMs.p50} | ${p99Cell(s)} | ${s.latencyMs.max} | ${s.failed} | ${stolenOf(s)} |`);
  const peers = report.adapters.map((a) => `| Nest on ${a.adapter} | ${a.list.requestsPerSecond.toLocaleString('en')} | ${a.list.latencyMs.p99} | ${a.echo.requestsPerSecond.toLocaleString('en')} | ${a.echo.latencyMs.p99} |`);
  const p = report.api.persistence;
  return `# API benchmark

\`npm run bench:api\` — ${report.date}, ${report.machine.cores} × ${report.machine.cpu}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}.
The api runs in its own process (production mode, the real bundle of \`npm start\`) on ${report.api.database}, its event bus ${report.api.bus} (one process, as \`npm start\` runs; \`REDIS_URL\` is not passed to it);
the load runs on the same 2 cores, over loopback, ${report.seconds} s per scenario: autocannon in the benchmark process, each open loop from a fresh process of its own (a generator that has already driven other loads answers its own timers late, which counts against the server).
"Open loop" starts requests evenly spaced at the offered rate whatever the answers, over 16 keep-alive
connections opened beforehand, and measures each latency from the moment its request was due (as wrk2
does; tools/bench/open-loop.ts says why autocannon's own rate option is not that); each open-loop run
follows ${report.warmupSeconds} s of the same load that is not measured (the JIT compiles the path once
per process), then ${WINDOWS} windows of ${report.seconds} s back to back: the row is the window with the median
p99, and the p99 column lists every window's in brackets (one window's p99 moves by 2× or more between runs on
this machine). "As fast as it goes" and the batch are autocannon; the batch bodies are generated before the run, every vector distinct.
${STOLEN_COLUMN_NOTE}

| scenario | requests/s | signals/s | p50 ms | p99 ms | max ms | failed | CPU stolen % |
|---|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Batch ingest with persistence: signals were accepted at ${report.api.batchPersisted.acceptedPerSecond?.toLocaleString('en')}/s for ${report.seconds} s; the write-behind needed ${report.api.batchPersisted.drainSeconds} s more to store the backlog, so the rate with **every accepted signal in the database** was **${report.api.batchPersisted.persistedPerSecond.toLocaleString('en')} signals/s**. ${cpuText(report.api.batchCpu)}

Persistence check: ${p.accepted.toLocaleString('en')} signals accepted (HTTP 200), ${p.persisted.toLocaleString('en')} rows in \`signals\` after a graceful stop (the process ended ${p.exit}) — ${p.allPersisted ? 'every accepted signal was persisted' : '**MISMATCH**'}.
${redisBatchText(report)}
Targets (02-api.md): batch ≥ 20,000 signals/s; \`POST /signals\` p99 ≤ 10 ms at 1,000 req/s; \`GET /modules\` p99 ≤ 5 ms.

## Peer: Nest on Express and on Fastify (same run)

One minimal controller, no guard or database, each adapter in its own process, 8 connections:

| adapter | GET list req/s | p99 ms | POST echo req/s | p99 ms |
|---|---:|---:|---:|---:|
${peers.join('\n')}
${pacedPeer(report.floor)}`;
}

async function run() {
  buildBundles();
  const started = Date.now();
  const floor = await benchFloor();
  const api = await benchApi();
  const redisBatch = await benchBatchOnRedis();
  const adapters = await benchAdapters();
  return { date: new Date().toISOString().slice(0, 10), machine: machine(), seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, durationSeconds: Math.round((Date.now() - started) / 1000), api, redisBatch, floor, adapters };
}

void run().then((report) => {
  const outDir = join(ROOT, 'docs', 'benchmarks');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'api.json'), JSON.stringify(report, null, 2) + '\n');
  const text = markdown(report);
  writeFileSync(join(outDir, 'api.md'), text);
  process.stdout.write(text);
});
