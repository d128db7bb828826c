import { ModuleMetrics } from '@neurograph/modules';
import { round } from '../stats';

export interface ModuleMetricsFigures {
  records: number;
  nsPerRecord: number;
  nsPerLoopBaseline: number;
  nsOverhead: number;
}

/** The cost of `ModuleMetrics.record` (histogram + 1-minute rate) against the same loop doing nothing but summing. */
export function benchModuleMetrics(records = 5_000_000): ModuleMetricsFigures {
  const metrics = new ModuleMetrics();
  const latencies = Float64Array.from({ length: 4096 }, (_, i) => 1 + ((i * 7919) % 5000) / 10);
  let sink = 0;
  const loop = (body: (value: number) => void) => {
    for (let i = 0; i < 200_000; i++) body(latencies[i & 4095]);
    const t0 = performance.now();
    for (let i = 0; i < records; i++) body(latencies[i & 4095]);
    return ((performance.now() - t0) * 1e6) / records;
  };
  const baseline = loop((v) => {
    sink += v;
  });
  const recorded = loop((v) => metrics.record(v));
  if (sink < 0) throw new Error('unreachable');
  return { records, nsPerRecord: round(recorded, 1), nsPerLoopBaseline: round(baseline, 1), nsOverhead: round(recorded - baseline, 1) };
}
