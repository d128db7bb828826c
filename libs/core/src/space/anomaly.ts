/**
 * Anomaly of a signal from how far its nearest token is, relative to how far apart tokens usually
 * are in that region (`localScale`, the mean spacing recorded on the neighbours). The ratio r maps
 * to [0, 1] by r²/(r²+4): a signal at the usual spacing scores 0.2, at twice it 0.5, and one in empty
 * space (no neighbour within reach) scores 1.
 */
export function anomalyScore(nearestDistance: number, localScale: number, minimumScale: number): number {
  if (!Number.isFinite(nearestDistance)) return 1;
  const r = nearestDistance / Math.max(localScale, minimumScale);
  const r2 = r * r;
  return r2 / (r2 + 4);
}
