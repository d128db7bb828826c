import { validationError } from '../common/errors';
import { DIMENSIONS, type Vector8 } from '../common/vector';

export interface Projection2d {
  mean: number[];
  /** The two principal axes, unit length, each with its largest-magnitude component positive. */
  axes: [number[], number[]];
  /** x, y per input point. */
  points: Float64Array;
}

/**
 * Deterministic PCA to two dimensions for display: the covariance of the points, its eigenvectors
 * by the cyclic Jacobi method (no random start, so the same points always give the same picture),
 * and a fixed sign convention so axes do not flip between runs.
 */
export function projectTo2d(vectors: Float32Array | Float64Array, count: number): Projection2d {
  if (!Number.isInteger(count) || count < 0 || vectors.length < count * DIMENSIONS) {
    throw validationError([{ field: 'count', rule: 'range', message: `must be an integer ≤ vectors.length / ${DIMENSIONS}` }]);
  }
  const mean = new Array<number>(DIMENSIONS).fill(0);
  for (let i = 0; i < count; i++) for (let d = 0; d < DIMENSIONS; d++) mean[d] += vectors[i * DIMENSIONS + d] / count;

  const covariance = Array.from({ length: DIMENSIONS }, () => new Array<number>(DIMENSIONS).fill(0));
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < DIMENSIONS; a++) {
      const da = vectors[i * DIMENSIONS + a] - mean[a];
      for (let b = a; b < DIMENSIONS; b++) covariance[a][b] += (da * (vectors[i * DIMENSIONS + b] - mean[b])) / Math.max(1, count);
    }
  }
  for (let a = 0; a < DIMENSIONS; a++) for (let b = 0; b < a; b++) covariance[a][b] = covariance[b][a];

  const { values, vectors: eigenvectors } = symmetricEigen(covariance);
  const order = values.map((v, i) => ({ v, i })).sort((x, y) => y.v - x.v || x.i - y.i);
  const axis = (k: number) => fixSign(eigenvectors.map((row) => row[order[k].i]));
  const axes: [number[], number[]] = [axis(0), axis(1)];

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

function fixSign(axis: number[]): number[] {
  let largest = 0;
  for (let d = 1; d < axis.length; d++) if (Math.abs(axis[d]) > Math.abs(axis[largest])) largest = d;
  return axis[largest] < 0 ? axis.map((x) => -x) : axis;
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations; eigenvectors are columns. */
export function symmetricEigen(matrix: number[][]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]), vectors: v };
}
