/** What the `metrics` channel sends every few seconds (`system.metrics`). */
export interface MetricsSnapshot {
  spaces: number;
  tokens: number;
  /** The largest spaces, by name. */
  tokensBySpace?: Record<string, number>;
  edges: number;
  modules: Record<string, { enabled: boolean; operations: number; errors: number; p50Us?: number; p99Us?: number; novel?: number }>;
  writeBacklog: number;
  /** How long the oldest signal not stored yet has waited (ms). */
  writeLagMs: number;
  memory: { rssBytes: number; heapUsedBytes: number };
  uptimeS: number;
}

export interface Sample {
  at: number;
  metrics: MetricsSnapshot;
}

const KEEP = 60;
const SIGNAL_MODULE = 'signal_system';

/** The last samples, oldest first. */
export function addSample(samples: readonly Sample[], sample: Sample): Sample[] {
  return [...samples, sample].slice(-KEEP);
}

/** What changed between consecutive samples, one value per pair. */
function between(samples: readonly Sample[], measure: (before: Sample, after: Sample) => number): number[] {
  const values: number[] = [];
  let previous: Sample | undefined;
  for (const sample of samples) {
    if (previous) values.push(measure(previous, sample));
    previous = sample;
  }
  return values;
}

const signalModule = (sample: Sample) => sample.metrics.modules[SIGNAL_MODULE];
/** A counter's growth; a restarted server's counter starts again from zero, which is not a negative change. */
const growth = (before: number | undefined, after: number | undefined) => Math.max((after ?? 0) - (before ?? 0), 0);

/** A module's operations per second between consecutive samples (the signal system's: signals per second). */
export function operationRates(samples: readonly Sample[], module = SIGNAL_MODULE): number[] {
  return between(samples, (before, after) => {
    const seconds = (after.at - before.at) / 1000;
    return seconds > 0 ? growth(before.metrics.modules[module]?.operations, after.metrics.modules[module]?.operations) / seconds : 0;
  });
}

/** The share of signals that were novel (created a token) between consecutive samples, in percent. */
export function noveltyRates(samples: readonly Sample[]): number[] {
  return between(samples, (before, after) => {
    const signals = growth(signalModule(before)?.operations, signalModule(after)?.operations);
    return signals > 0 ? (100 * growth(signalModule(before)?.novel, signalModule(after)?.novel)) / signals : 0;
  });
}

/** The signal system's latency percentile (µs) in each sample. */
export function latencies(samples: readonly Sample[], percentile: 'p50Us' | 'p99Us'): number[] {
  return samples.map((sample) => signalModule(sample)?.[percentile] ?? 0);
}
