import { describe, expect, it } from 'vitest';
import { fit, pick, project, toScreen } from './scatter.js';

describe('the scatter', () => {
  it('projects a vector onto the two axes around the mean', () => {
    const projection = { mean: [0.5, 0.5, 0, 0, 0, 0, 0, 0], axes: [[1, 0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0]] as [number[], number[]] };
    expect(project(projection, [0.7, 0.2, 9, 9, 9, 9, 9, 9])).toEqual({ x: expect.closeTo(0.2), y: expect.closeTo(-0.3) });
  });

  it('fits the points into the box and picks the one clicked', () => {
    const points = [
      { tokenId: 1, x: 0, y: 0 },
      { tokenId: 2, x: 10, y: 5 },
    ];
    const view = fit(points, 220, 120, 10);
    expect(toScreen(view, points[0]!)).toEqual({ x: 10, y: 10 });
    expect(toScreen(view, points[1]!)).toEqual({ x: 210, y: 110 });
    expect(pick(points, view, 208, 108)?.tokenId).toBe(2);
    expect(pick(points, view, 110, 60)).toBeUndefined();
  });
});
