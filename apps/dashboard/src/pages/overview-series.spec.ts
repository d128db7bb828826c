import { describe, expect, it } from 'vitest';
import { addSample, type MetricsSnapshot, signalRates } from './overview-series.js';

const snapshot = (operations: number): MetricsSnapshot => ({
  spaces: 1,
  tokens: 1,
  edges: 0,
  modules: { signal_system: { enabled: true, operations, errors: 0 } },
  writeBacklog: 0,
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
    expect(signalRates(samples)).toEqual([100, 0]);
    // A restarted server's counter goes back to zero: that is not a negative rate.
    expect(signalRates([{ at: 0, metrics: snapshot(500) }, { at: 1000, metrics: snapshot(3) }])).toEqual([0]);
  });

  it('keeps the last 60 samples', () => {
    let samples = [{ at: 0, metrics: snapshot(0) }];
    for (let i = 1; i <= 100; i++) samples = addSample(samples, { at: i, metrics: snapshot(i) });
    expect(samples).toHaveLength(60);
    expect(samples[0]!.at).toBe(41);
  });
});
