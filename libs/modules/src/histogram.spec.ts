import fc from 'fast-check';
import { LatencyHistogram } from './histogram.js';

describe('LatencyHistogram', () => {
  it('returns percentiles within 2 % of the exact ones (or a sixteenth of a µs)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 5_000_000, noNaN: true }), { minLength: 1, maxLength: 500 }), fc.constantFrom(0.5, 0.9, 0.95, 0.99), (values, q) => {
        const histogram = new LatencyHistogram();
        values.forEach((v) => histogram.record(v));
        const sorted = [...values].sort((a, b) => a - b);
        const exact = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
        expect(Math.abs(histogram.quantile(q) - exact)).toBeLessThanOrEqual(Math.max(exact * 0.02, 1 / 16));
      }),
      { numRuns: 300 },
    );
  });

  it('ignores invalid samples and tracks mean and max', () => {
    const histogram = new LatencyHistogram();
    [1, 2, 3, Number.NaN, -5].forEach((v) => histogram.record(v));
    expect(histogram.count).toBe(3);
    expect(histogram.mean).toBe(2);
    expect(histogram.max).toBe(3);
  });
});
