import { describe, expect, it } from 'vitest';
import { addSample, latencies, type MetricsSnapshot, noveltyRates, operationRates } from './overview-series.js';

const snapshot = (operations: number, novel = 0, p50Us = 0): MetricsSnapshot => ({
  spaces: 1,
  tokens: 1,
  edges: 0,
  modules: { signal_system: { enabled: true, operations, errors: 0, novel, p50Us, p99Us: 2 * p50Us } },
  writeBacklog: 0,
  writeLagMs: 0,
  memory: { rssBytes: 1, heapUsedBytes: 1 },
  uptimeS: 1,
});

describe('overview series', () => {
  it('turns the signal system counter into signals per second between samples', () => {
    const samples = [
      { at: 0, metrics: snapshot(100) },
      { at: 2000, metrics: snapshot(300) },
      { at: 3000, metrics: snapshot(300) },
    ];
    expect(operationRates(samples)).toEqual([100, 0]);
    expect(operationRates(samples, 'grid')).toEqual([0, 0]);
    // A restarted server's counter goes back to zero: that is not a negative rate.
    expect(operationRates([{ at: 0, metrics: snapshot(500) }, { at: 1000, metrics: snapshot(3) }])).toEqual([0]);
  });

  it('gives the share of novel signals and the latency of each sample', () => {
    const samples = [
      { at: 0, metrics: snapshot(100, 10, 50) },
      { at: 1000, metrics: snapshot(300, 60, 70) },
      { at: 2000, metrics: snapshot(300, 60, 70) },
    ];
    expect(noveltyRates(samples)).toEqual([25, 0]);
    expect(latencies(samples, 'p99Us')).toEqual([100, 140, 140]);
  });

  it('keeps the last 60 samples', () => {
    let samples = [{ at: 0, metrics: snapshot(0) }];
    for (let i = 1; i <= 100; i++) samples = addSample(samples, { at: i, metrics: snapshot(i) });
    expect(samples).toHaveLength(60);
    expect(samples[0]!.at).toBe(41);
  });
});
