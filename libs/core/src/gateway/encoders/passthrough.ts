import { validationError } from '../../common/errors.js';
import { DIMENSIONS } from '../../common/vector.js';
import { vectorIssues } from '../../spatial/validation.js';
import type { Encoder } from './encoder.js';

/**
 * The caller's own vector, checked and copied, never rescaled or clipped: a value outside [0, 1]
 * is an error for the caller to fix, not something to hide. The gateway hands it the input's
 * `vector` (or a payload that is itself the vector).
 */
export const passthroughEncoder: Encoder = {
  name: 'passthrough',
  encode(payload) {
    const v = payload as ArrayLike<number>;
    if (v !== null && typeof v === 'object' && v.length === DIMENSIONS) {
      const out = new Array<number>(DIMENSIONS);
      let ok = true;
      for (let i = 0; i < DIMENSIONS; i++) {
        const x = v[i];
        if (!(x >= 0 && x <= 1)) ok = false;
        out[i] = x;
      }
      if (ok) return out;
    }
    throw validationError(vectorIssues(payload));
  },
};
