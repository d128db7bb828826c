import { type Encoder, encodingError } from './encoder.js';
import { fnv1a } from './fnv.js';

const MAX_DEPTH = 32;
const MAX_NODES = 10_000;

const squash = (x: number) => x / (1 + x);

/**
 * A stable projection of a structured event, independent of key order: its shape (a hash of the
 * sorted key set, key count, nesting depth) and its content mix (shares of numeric, string, array
 * and boolean/null fields, mean of numeric fields).
 * Dimensions: 0 key-set hash, 1 key count, 2 depth, 3 numeric mean, 4 numeric share,
 * 5 string share, 6 array share, 7 boolean/null share.
 */
export const jsonEncoder: Encoder = {
  name: 'json',
  encode(payload) {
    if (payload === null || typeof payload !== 'object') throw encodingError('payload', 'type', 'a json sensor needs an object or an array');
    const keys = new Set<string>();
    let nodes = 0;
    let depth = 0;
    let numbers = 0;
    let numberSum = 0;
    let strings = 0;
    let arrays = 0;
    let flags = 0;
    const visit = (value: unknown, level: number, path: string) => {
      if (++nodes > MAX_NODES) throw encodingError('payload', 'maxNodes', `more than ${MAX_NODES} values`);
      if (level > MAX_DEPTH) throw encodingError(path, 'maxDepth', `nested deeper than ${MAX_DEPTH}`);
      depth = Math.max(depth, level);
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw encodingError(path, 'finite', 'must be a finite number');
        numbers++;
        numberSum += value;
      } else if (typeof value === 'string') strings++;
      else if (typeof value === 'boolean' || value === null) flags++;
      else if (Array.isArray(value)) {
        arrays++;
        value.forEach((item, i) => visit(item, level + 1, `${path}.${i}`));
      } else if (typeof value === 'object') {
        for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
          keys.add(level === 0 ? key : `${level}:${key}`);
          visit(child, level + 1, `${path}.${key}`);
        }
      }
    };
    visit(payload, 0, 'payload');
    const leaves = Math.max(1, numbers + strings + flags + arrays);
    const keySet = [...keys].sort().join('\u0000');
    return [
      fnv1a(keySet) / 0x100000000,
      squash(keys.size / 8),
      squash(depth / 3),
      numbers === 0 ? 0.5 : 0.5 + 0.5 * Math.tanh(numberSum / numbers / 100),
      numbers / leaves,
      strings / leaves,
      arrays / leaves,
      flags / leaves,
    ];
  },
};
