/**
 * The benchmark workload of spec 01-core.md §8: points from a mixture of 256 Gaussian clusters
 * (σ = 0.05 per dimension, clipped to [0,1]) plus 10 % uniform noise, from a seeded generator, so
 * every run and machine measures the same data. Uniform data flatters every index; it is only a
 * second line.
 */
import { seededRandom } from '@neurograph/core';

export interface Mixture {
  /** Writes the next point into `out` at `offset`. */
  next(out: Float64Array | number[], offset?: number): void;
}

export function clusteredMixture(seed: number, clusters = 256, sigma = 0.05, noise = 0.1): Mixture {
  const random = seededRandom(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: 8 }, random));
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return {
    next(out, offset = 0) {
      if (random() < noise) {
        for (let d = 0; d < 8; d++) out[offset + d] = random();
        return;
      }
      const centre = centres[Math.floor(random() * clusters)];
      for (let d = 0; d < 8; d++) out[offset + d] = Math.min(1, Math.max(0, centre[d] + sigma * gaussian()));
    },
  };
}

export function uniformPoints(seed: number): Mixture {
  const random = seededRandom(seed);
  return {
    next(out, offset = 0) {
      for (let d = 0; d < 8; d++) out[offset + d] = random();
    },
  };
}

/** `count` points as one flat array of 8-number rows. */
export function sample(mixture: Mixture, count: number): Float64Array {
  const flat = new Float64Array(count * 8);
  for (let i = 0; i < count; i++) mixture.next(flat, i * 8);
  return flat;
}
