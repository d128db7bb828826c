import { describe, expect, it } from 'vitest';
import { radialLayout } from './layout.js';

const edge = (from: number, to: number) => ({ from, to, type: 'association' as const, weight: 1, confidence: 1, count: 1, lastActivatedAt: '' });

describe('the radial layout', () => {
  it('puts the root in the centre and each token on the ring of its distance', () => {
    const placed = radialLayout(1, [1, 2, 3, 4], [edge(1, 2), edge(3, 1), edge(2, 4)], 200);
    const at = (id: number) => placed.find((p) => p.tokenId === id)!;
    expect(at(1)).toMatchObject({ depth: 0, x: 100, y: 100 });
    expect([at(2).depth, at(3).depth, at(4).depth]).toEqual([1, 1, 2]);
    const radius = (id: number) => Math.hypot(at(id).x - 100, at(id).y - 100);
    expect(radius(2)).toBeCloseTo(radius(3));
    expect(radius(4)).toBeCloseTo(2 * radius(2));
  });
});
