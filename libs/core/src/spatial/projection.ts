import { validationError } from '../common/errors.js';
import { DIMENSIONS, type Vector8 } from '../common/vector.js';
import { principalAxes } from './pca.js';

export interface Projection2d {
  mean: number[];
  /** The two principal axes, unit length, each with its largest-magnitude component positive. */
  axes: [number[], number[]];
  /** x, y per input point. */
  points: Float64Array;
}

/** Deterministic PCA to two dimensions for display: the same points always give the same picture. */
export function projectTo2d(vectors: Float32Array | Float64Array, count: number): Projection2d {
  if (!Number.isInteger(count) || count < 0 || vectors.length < count * DIMENSIONS) {
    throw validationError([{ field: 'count', rule: 'range', message: `must be an integer ≤ vectors.length / ${DIMENSIONS}` }]);
  }
  const { mean, axes: [first, second] } = principalAxes(vectors, count, DIMENSIONS, 2);
  const axes: [number[], number[]] = [first, second];

  const points = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    let x = 0;
    let y = 0;
    for (let d = 0; d < DIMENSIONS; d++) {
      const centred = vectors[i * DIMENSIONS + d] - mean[d];
      x += centred * axes[0][d];
      y += centred * axes[1][d];
    }
    points[2 * i] = x;
    points[2 * i + 1] = y;
  }
  return { mean, axes, points };
}

/** Projects one more point with an existing projection (e.g. a live signal onto the explorer). */
export function projectPoint(vector: Vector8, projection: Pick<Projection2d, 'mean' | 'axes'>): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (let d = 0; d < DIMENSIONS; d++) {
    const centred = vector[d] - projection.mean[d];
    x += centred * projection.axes[0][d];
    y += centred * projection.axes[1][d];
  }
  return { x, y };
}


