/** Seeded test data shared by the engine's specs (not part of the public API). */
import { seededRandom } from '../common/random.js';

/** `count` points around 8 seeded cluster centres (σ ≈ 0.05), clipped to [0, 1]. */
export function clusteredVectors(seed: number, count: number): number[][] {
  const random = seededRandom(seed);
  const centres = Array.from({ length: 8 }, () => Array.from({ length: 8 }, random));
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => {
    const centre = centres[Math.floor(random() * centres.length)];
    return centre.map((c) => Math.min(1, Math.max(0, c + 0.05 * gaussian())));
  });
}
