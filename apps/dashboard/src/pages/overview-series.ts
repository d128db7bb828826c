/** What the `metrics` channel sends every few seconds (`system.metrics`). */
export interface MetricsSnapshot {
  spaces: number;
  tokens: number;
  edges: number;
  modules: Record<string, { enabled: boolean; operations: number; errors: number }>;
  writeBacklog: number;
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

/** Signals per second between consecutive samples, from the signal system's operation counter. */
export function signalRates(samples: readonly Sample[]): number[] {
  const rates: number[] = [];
  let previous: Sample | undefined;
  for (const sample of samples) {
    if (previous) {
      const seconds = (sample.at - previous.at) / 1000;
      const operations = (sample.metrics.modules[SIGNAL_MODULE]?.operations ?? 0) - (previous.metrics.modules[SIGNAL_MODULE]?.operations ?? 0);
      rates.push(seconds > 0 ? Math.max(operations, 0) / seconds : 0);
    }
    previous = sample;
  }
  return rates;
}
