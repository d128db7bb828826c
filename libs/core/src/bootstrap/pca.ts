import { DIMENSIONS } from '../common/vector.js';
import { principalAxes } from '../spatial/pca.js';
import type { Embeddings } from './glove.js';

export interface Projection8 {
  /** The 8-D points, each coordinate scaled into [0, 1]. */
  points: Float64Array;
  /** Share of the total variance the 8 components keep. */
  explainedVariance: number;
  mean: number[];
  /** 8 principal axes, each of the source dimension. */
  axes: number[][];
  /** Per component: the range mapped onto [0, 1]. */
  ranges: [number, number][];
}

/**
 * PCA from the embedding's dimensions down to the 8 of the space, then each component's 1st–99th
 * percentile range mapped onto [0, 1] (clipped) so outliers do not squash everyone else into the middle.
 */
export function projectTo8(embeddings: Embeddings): Projection8 {
  const { vectors, dimensions: d } = embeddings;
  const n = embeddings.words.length;
  const { mean, axes, variances, totalVariance } = principalAxes(vectors, n, d, DIMENSIONS);
  const raw = new Float64Array(n * DIMENSIONS);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < DIMENSIONS; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += (vectors[i * d + j] - mean[j]) * axes[c][j];
      raw[i * DIMENSIONS + c] = dot;
    }
  }
  const ranges: [number, number][] = [];
  const points = new Float64Array(n * DIMENSIONS);
  for (let c = 0; c < DIMENSIONS; c++) {
    const column = Array.from({ length: n }, (_, i) => raw[i * DIMENSIONS + c]).sort((a, b) => a - b);
    const lo = column[Math.floor(0.01 * (n - 1))];
    const hi = column[Math.ceil(0.99 * (n - 1))];
    ranges.push([lo, hi]);
    for (let i = 0; i < n; i++) points[i * DIMENSIONS + c] = hi > lo ? Math.min(1, Math.max(0, (raw[i * DIMENSIONS + c] - lo) / (hi - lo))) : 0.5;
  }
  const kept = variances.reduce((sum, v) => sum + v, 0);
  return { points, explainedVariance: totalVariance > 0 ? kept / totalVariance : 0, mean, axes, ranges };
}
