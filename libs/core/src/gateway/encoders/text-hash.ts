import { DIMENSIONS } from '../../common/vector.js';
import type { Encoder } from './encoder.js';
import { encodingError } from './encoder.js';
import { fnv1a } from './fnv.js';
import { contentStems } from './text.js';

const PROJECTIONS = 3;
const BIGRAM_WEIGHT = 0.5;
const SHARPNESS = 1.6;

/**
 * Hashes content uni- and bi-grams into the 8 dimensions with signed weights (each n-gram through
 * three independent hash projections, so collisions average out), normalises the sum to unit
 * length so only the mix of words matters, not the text's length, and squashes each coordinate
 * into [0, 1] around the centre 0.5. Texts sharing most of their words land near each other.
 */
export const textHashEncoder: Encoder = {
  name: 'text-hash',
  encode(payload) {
    const text = textOf(payload);
    const stems = contentStems(text);
    const sum = new Float64Array(DIMENSIONS);
    const addGram = (gram: string, weight: number) => {
      for (let p = 0; p < PROJECTIONS; p++) {
        const h = fnv1a(gram, 0x811c9dc5 ^ Math.imul(p + 1, 0x9e3779b1));
        sum[h & 7] += (h & 8 ? 1 : -1) * weight;
      }
    };
    stems.forEach((s, i) => {
      addGram(s, 1);
      if (i > 0) addGram(`${stems[i - 1]} ${s}`, BIGRAM_WEIGHT);
    });
    let norm = 0;
    for (const x of sum) norm += x * x;
    norm = Math.sqrt(norm);
    return Array.from(sum, (x) => (norm === 0 ? 0.5 : 0.5 + 0.5 * Math.tanh((SHARPNESS * x) / norm)));
  },
};

/** The text of a text payload: a string, or `{text}`. */
export function textOf(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (payload !== null && typeof payload === 'object' && typeof (payload as { text?: unknown }).text === 'string') return (payload as { text: string }).text;
  throw encodingError('payload', 'type', 'a text sensor needs a string payload or {text: string}');
}
