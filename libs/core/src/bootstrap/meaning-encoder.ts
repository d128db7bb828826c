import { DIMENSIONS } from '../common/vector.js';
import type { Encoder } from '../gateway/encoders/encoder.js';
import { contentStems, stem } from '../gateway/encoders/text.js';
import { textHashEncoder, textOf } from '../gateway/encoders/text-hash.js';

/** Word → 8-D point, looked up by stem so inflected forms find their word. */
export class MeaningLexicon {
  private readonly points = new Map<string, Float64Array>();

  constructor(words: readonly string[], points: Float64Array) {
    words.forEach((word, i) => {
      const key = stem(word.toLowerCase());
      if (!this.points.has(key)) this.points.set(key, points.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS));
    });
  }

  get size(): number {
    return this.points.size;
  }

  /** Mean point of the text's known words, or null when it knows none of them. */
  place(text: string): number[] | null {
    const sum = new Array<number>(DIMENSIONS).fill(0);
    let known = 0;
    for (const s of contentStems(text)) {
      const point = this.points.get(s);
      if (!point) continue;
      for (let d = 0; d < DIMENSIONS; d++) sum[d] += point[d];
      known++;
    }
    return known === 0 ? null : sum.map((x) => x / known);
  }
}

export const MEANING_ENCODER = 'text-meaning';

/**
 * Places text by the meaning of the words a seeded embedding knows (their mean point), so
 * "kitten" lands near "cat"; text with no known word falls back to the text-hash encoder.
 */
export function meaningEncoder(lexicon: () => MeaningLexicon | null): Encoder {
  return {
    name: MEANING_ENCODER,
    encode(payload, sensor) {
      const placed = lexicon()?.place(textOf(payload));
      return placed ?? textHashEncoder.encode(payload, sensor);
    },
  };
}
