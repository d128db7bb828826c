/**
 * An open-loop HTTP load: requests are started on a fixed schedule (`rate` per second, evenly
 * spaced), whether or not earlier ones have answered, and each latency is measured from the
 * moment its request was *due* — so a stall of the server counts against every request it
 * delays (no coordinated omission, as in wrk2).
 *
 * As in wrk2, the connections are open before the run starts: a server that falls behind is not
 * also handed new connections to accept in the middle of it, which a lazily growing pool does.
 *
 * autocannon's `overallRate` is not this: each connection sends back to back until it has used
 * its share of the second, then waits for the next second, so "1,000 req/s" arrives as bursts at
 * full speed, and its correction for coordinated omission then adds samples for every
 * millisecond of a slow reply. Closed-loop throughput ("as fast as it goes") still uses autocannon.
 */
import { Agent, request } from 'node:http';
import { collectGarbage, distribution, round } from './stats';

export interface OpenLoopRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface OpenLoopOptions {
  /** `http://host:port` */
  origin: string;
  rate: number;
  seconds: number;
  /** Keep-alive connections, opened before the run; requests beyond them wait in the pool's queue. */
  connections: number;
  /** What opens the connections: a request without side effects. */
  warmup: OpenLoopRequest;
  next(): OpenLoopRequest;
  /** Called with each answered request's due time (performance.now() ms) and its body. */
  onResponse?(dueAt: number, status: number, body: string): void;
}

export interface OpenLoopResult {
  offered: number;
  sent: number;
  ok: number;
  failed: number;
  /** Answers per second over the run. */
  achievedRate: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  // The generator's own pauses count against the server (latencies run from the due time), so it
  // starts from a collected heap rather than from the garbage of whatever ran before it in this
  // process (the bench scripts run node with --expose-gc).
  collectGarbage();
  const url = new URL(options.origin);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let sent = 0;
  let ok = 0;
  let failed = 0;
  let pending = 0;
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;

  const send = (spec: OpenLoopRequest, answered: (status: number, body: string) => void, broken: () => void) => {
    const headers = { ...spec.headers, ...(spec.body !== undefined && { 'content-length': String(Buffer.byteLength(spec.body)) }) };
    const req = request({ host: url.hostname, port: url.port, method: spec.method, path: spec.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => answered(res.statusCode ?? 0, Buffer.concat(chunks).toString()));
    });
    req.on('error', broken);
    req.end(spec.body);
  };
  // One request on each connection at once opens them all; their answers are not counted.
  await Promise.all(Array.from({ length: options.connections }, () => new Promise<void>((resolve) => send(options.warmup, () => resolve(), () => resolve()))));
  const started = performance.now();

  const fire = (dueAt: number) => {
    pending++;
    sent++;
    send(
      options.next(),
      (status, body) => {
        latencies.push(performance.now() - dueAt);
        if (status >= 200 && status < 300) ok++;
        else failed++;
        options.onResponse?.(dueAt, status, body);
        pending--;
      },
      () => {
        failed++;
        pending--;
      },
    );
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) fire(started + sent * interval);
      if (sent < total) setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
      else resolve();
    };
    tick();
  });
  while (pending > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const d = distribution(latencies);
  return {
    offered: options.rate,
    sent,
    ok,
    failed,
    achievedRate: Math.round(ok / elapsed),
    latencyMs: { p50: round(d.p50), p90: round(d.p90), p99: round(d.p99), max: round(d.max) },
  };
}
