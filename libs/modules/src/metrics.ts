import { LatencyHistogram } from './histogram.js';

export interface ModuleMetricsSnapshot {
  operations: number;
  /** Operations per second over the last minute. */
  opsPerSecond: number;
  latencyUs: { avg: number; p50: number; p95: number; p99: number; max: number };
  errors: number;
  custom: Record<string, number>;
}

const WINDOW_SECONDS = 60;

/**
 * What a module measures about itself. `record` is meant for hot paths: a histogram update and a
 * per-second counter in a 60-slot ring (the 1-minute rate), nothing allocated.
 */
export class ModuleMetrics {
  private readonly latency = new LatencyHistogram();
  private readonly secondOf = new Float64Array(WINDOW_SECONDS).fill(-1);
  private readonly perSecond = new Uint32Array(WINDOW_SECONDS);
  private readonly counters = new Map<string, number>();
  private operations = 0;
  private errors = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** One operation that took `latencyUs` microseconds. */
  record(latencyUs: number): void {
    this.operations++;
    this.latency.record(latencyUs);
    const second = Math.floor(this.now() / 1000);
    const slot = second % WINDOW_SECONDS;
    if (this.secondOf[slot] !== second) {
      this.secondOf[slot] = second;
      this.perSecond[slot] = 0;
    }
    this.perSecond[slot]++;
  }

  recordError(): void {
    this.errors++;
  }

  increment(counter: string, by = 1): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + by);
  }

  set(gauge: string, value: number): void {
    this.counters.set(gauge, value);
  }

  snapshot(): ModuleMetricsSnapshot {
    const second = Math.floor(this.now() / 1000);
    let recent = 0;
    for (let i = 0; i < WINDOW_SECONDS; i++) {
      const age = second - this.secondOf[i];
      if (age >= 0 && age < WINDOW_SECONDS) recent += this.perSecond[i];
    }
    return {
      operations: this.operations,
      opsPerSecond: recent / WINDOW_SECONDS,
      latencyUs: {
        avg: this.latency.mean,
        p50: this.latency.quantile(0.5),
        p95: this.latency.quantile(0.95),
        p99: this.latency.quantile(0.99),
        max: this.latency.max,
      },
      errors: this.errors,
      custom: Object.fromEntries(this.counters),
    };
  }
}
