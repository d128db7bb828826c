/**
 * Principal component analysis shared by the display projection (8 → 2) and bootstrapping
 * (embedding dimensions → 8): the covariance of the points, its eigenvectors by cyclic Jacobi
 * rotations (no random start, so the same points always give the same axes), components by falling
 * variance, and each axis signed so its largest-magnitude coordinate is positive (axes never flip).
 */
export interface PrincipalAxes {
  mean: number[];
  /** The first `components` axes, unit length. */
  axes: number[][];
  /** Variance along each returned axis, falling. */
  variances: number[];
  /** Total variance of the points. */
  totalVariance: number;
}

export function principalAxes(vectors: ArrayLike<number>, count: number, dimensions: number, components: number): PrincipalAxes {
  const mean = new Array<number>(dimensions).fill(0);
  for (let i = 0; i < count; i++) for (let j = 0; j < dimensions; j++) mean[j] += vectors[i * dimensions + j] / count;
  const covariance = Array.from({ length: dimensions }, () => new Array<number>(dimensions).fill(0));
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < dimensions; a++) {
      const da = vectors[i * dimensions + a] - mean[a];
      for (let b = a; b < dimensions; b++) covariance[a][b] += (da * (vectors[i * dimensions + b] - mean[b])) / Math.max(1, count);
    }
  }
  for (let a = 0; a < dimensions; a++) for (let b = 0; b < a; b++) covariance[a][b] = covariance[b][a];
  const { values, vectors: eigenvectors } = symmetricEigen(covariance);
  const order = values.map((v, i) => ({ v, i })).sort((x, y) => y.v - x.v || x.i - y.i).slice(0, components);
  return {
    mean,
    axes: order.map(({ i }) => fixSign(eigenvectors.map((row) => row[i]))),
    variances: order.map(({ v }) => Math.max(0, v)),
    totalVariance: values.reduce((sum, v) => sum + Math.max(0, v), 0),
  };
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
