import { weightedDistance } from './vector.js';

describe('weightedDistance', () => {
  it('is 0 for identical points and 1 across the unit cube diagonal', () => {
    const zero = new Array(8).fill(0);
    const one = new Array(8).fill(1);
    expect(weightedDistance(zero, zero)).toBe(0);
    expect(weightedDistance(zero, one)).toBeCloseTo(1, 12);
  });

  it('weights each dimension by its scale', () => {
    const a = [0, 0, 0, 0, 0, 0, 0, 0];
    const b = [1, 0, 0, 0, 0, 0, 0, 0];
    const heavyFirst = [9, 1, 1, 1, 1, 1, 1, 1];
    expect(weightedDistance(a, b)).toBeCloseTo(Math.sqrt(1 / 8), 12);
    expect(weightedDistance(a, b, heavyFirst)).toBeCloseTo(Math.sqrt(9 / 16), 12);
  });
});
