/** The eight axes of the semantic space, in order (L1..L8). */
export const DIMENSION_NAMES = [
  'physical',
  'sensory',
  'motor',
  'emotional',
  'cognitive',
  'social',
  'temporal',
  'abstract',
] as const;

export const DIMENSIONS = 8;

export type DimensionName = (typeof DIMENSION_NAMES)[number];

/** A point in the space: 8 numbers, each in [0, 1]. Typed arrays are accepted everywhere. */
export type Vector8 = ArrayLike<number>;

export const UNIT_SCALES: readonly number[] = Object.freeze(new Array(DIMENSIONS).fill(1));

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Normalised weighted Euclidean distance of the spec: sqrt(Σ sᵢ(aᵢ−bᵢ)²) / sqrt(Σ sᵢ), in [0, 1]
 * for points of the unit cube.
 */
export function weightedDistance(a: Vector8, b: Vector8, scales: ArrayLike<number> = UNIT_SCALES): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < DIMENSIONS; i++) {
    const d = a[i] - b[i];
    sum += scales[i] * d * d;
    total += scales[i];
  }
  return Math.sqrt(sum / total);
}
