/**
 * A paced latency scenario in a process of its own: the open loop's load generator. A generator
 * inside the benchmark process measured the same api's GET /modules p99 at 10–14 ms once that
 * process had already driven other loads, against 4–5 ms from a fresh process (three windows each,
 * run after run): its own pauses count against the server, since latencies run from the due time.
 *
 * `pacedInProcess(spec)` spawns this file; run directly, it reads the spec from argv and prints
 * one OpenLoopResult per measured window as JSON.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './api/server';
import { openLoop, type OpenLoopRequest, type OpenLoopResult } from './open-loop';
import { cpuTicks, idlePercent, stolenPercent, wallClock } from './stats';
import { clusteredMixture } from './workload';

export interface PacedSpec {
  origin: string;
  rate: number;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  windows: number;
  /** Opens the connections; answers not counted. */
  opener: OpenLoopRequest;
  /**
   * The request sent. With `vectorField`, each body gets a new vector of the benchmark's mixture
   * there; with `sentAtIn`, that object field of the body gets `sentAt`, the send time on the
   * machine's shared clock (for latencies measured where the event arrives).
   */
  request: { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: Record<string, unknown>; vectorField?: string; sentAtIn?: string };
  /** Seed of the vectors (a different one per scenario, so a space sees new points). */
  seed: number;
}

/** One measured window, with the shares of the machine's CPU time stolen by its hypervisor and left idle meanwhile (Linux only). */
export type PacedWindow = OpenLoopResult & { stolenPercent?: number; idlePercent?: number };

/** Runs the spec in a fresh Node process; resolves with each measured window's result. */
export function pacedInProcess(spec: PacedSpec): Promise<PacedWindow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, JSON.stringify(spec)], { cwd: ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tools/tsconfig.json') }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as PacedWindow[]) : reject(new Error(`the load generator exited with ${code}`))));
  });
}

async function main(spec: PacedSpec): Promise<void> {
  const mixture = clusteredMixture(spec.seed);
  const { vectorField, sentAtIn, body, ...request } = spec.request;
  const next = (): OpenLoopRequest => {
    if (!body) return request;
    const fields = { ...body };
    if (vectorField) {
      const point = new Array<number>(8);
      mixture.next(point);
      fields[vectorField] = point;
    }
    if (sentAtIn) fields[sentAtIn] = { ...(body[sentAtIn] as object | undefined), sentAt: wallClock() };
    return { ...request, body: JSON.stringify(fields) };
  };
  const run = (seconds: number) => openLoop({ origin: spec.origin, rate: spec.rate, seconds, connections: spec.connections, warmup: spec.opener, next });
  await run(spec.warmupSeconds);
  const windows: PacedWindow[] = [];
  for (let i = 0; i < spec.windows; i++) {
    const before = cpuTicks();
    const result = await run(spec.seconds);
    const after = cpuTicks();
    windows.push({ ...result, stolenPercent: stolenPercent(before, after), idlePercent: idlePercent(before, after) });
  }
  process.stdout.write(JSON.stringify(windows));
}

if (require.main === module) {
  main(JSON.parse(process.argv[2]) as PacedSpec).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
