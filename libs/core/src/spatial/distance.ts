/**
 * Squared weighted distance, un-normalised: Σ sᵢ·(qᵢ − cᵢ)², between a query and the point stored
 * at `offset` in a Float32 coordinate block. The normalised distance of the spec is
 * sqrt(d² / Σ sᵢ). Every index computes distances through this one function, in this one order of
 * operations, so their answers are bit-for-bit comparable.
 */
export function squaredDistanceAt(coords: Float32Array, offset: number, q: Float64Array, s: Float64Array): number {
  const d0 = q[0] - coords[offset];
  const d1 = q[1] - coords[offset + 1];
  const d2 = q[2] - coords[offset + 2];
  const d3 = q[3] - coords[offset + 3];
  const d4 = q[4] - coords[offset + 4];
  const d5 = q[5] - coords[offset + 5];
  const d6 = q[6] - coords[offset + 6];
  const d7 = q[7] - coords[offset + 7];
  return s[0] * d0 * d0 + s[1] * d1 * d1 + s[2] * d2 * d2 + s[3] * d3 * d3 + s[4] * d4 * d4 + s[5] * d5 * d5 + s[6] * d6 * d6 + s[7] * d7 * d7;
}

/** Sum of the scales: the normaliser of the spec's distance. */
export function scaleSum(s: Float64Array): number {
  return s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
}
