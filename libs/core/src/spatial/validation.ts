import { type FieldIssue, validationError } from '../common/errors.js';
import { DIMENSIONS, type Vector8 } from '../common/vector.js';

export const MAX_ID = 2 ** 31 - 1;
export const MAX_K = 10_000;

/** Issues of a point of the unit 8-cube, or [] when it is one. */
export function vectorIssues(vector: unknown, field = 'vector'): FieldIssue[] {
  const v = vector as Vector8 | null | undefined;
  if (v === null || v === undefined || typeof v !== 'object' || typeof v.length !== 'number') {
    return [{ field, rule: 'type', message: `must be an array of ${DIMENSIONS} numbers` }];
  }
  if (v.length !== DIMENSIONS) return [{ field, rule: 'length', message: `must hold exactly ${DIMENSIONS} numbers, got ${v.length}` }];
  const issues: FieldIssue[] = [];
  for (let i = 0; i < DIMENSIONS; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) issues.push({ field: `${field}.${i}`, rule: 'finite', message: 'must be a finite number' });
    else if (x < 0 || x > 1) issues.push({ field: `${field}.${i}`, rule: 'range', message: `must be within [0, 1], got ${x}` });
  }
  return issues;
}

export function assertVector(vector: unknown, field = 'vector'): asserts vector is Vector8 {
  const v = vector as Vector8;
  // Fast path for the hot loop: a well-formed vector costs eight comparisons.
  if (v !== null && typeof v === 'object' && v.length === DIMENSIONS) {
    let ok = true;
    for (let i = 0; i < DIMENSIONS; i++) {
      const x = v[i];
      if (!(x >= 0 && x <= 1)) ok = false;
    }
    if (ok) return;
  }
  throw validationError(vectorIssues(vector, field));
}

export function assertId(id: unknown, field = 'id'): asserts id is number {
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > MAX_ID) {
    throw validationError([{ field, rule: 'integer', message: `must be an integer in [0, ${MAX_ID}]` }]);
  }
}

export function assertK(k: unknown): asserts k is number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > MAX_K) {
    throw validationError([{ field: 'k', rule: 'integer', message: `must be an integer in [1, ${MAX_K}]` }]);
  }
}

export function assertRadius(r: unknown, field = 'radius'): asserts r is number {
  if (typeof r !== 'number' || Number.isNaN(r) || r < 0) {
    throw validationError([{ field, rule: 'range', message: 'must be a number ≥ 0' }]);
  }
}

/** Validates dimension scales and returns them as a Float64Array. */
export function toScales(scales: unknown): Float64Array {
  const s = scales as ArrayLike<number> | null | undefined;
  if (s === null || s === undefined || typeof s !== 'object' || s.length !== DIMENSIONS) {
    throw validationError([{ field: 'scales', rule: 'length', message: `must hold exactly ${DIMENSIONS} numbers` }]);
  }
  const issues: FieldIssue[] = [];
  for (let i = 0; i < DIMENSIONS; i++) {
    if (typeof s[i] !== 'number' || !Number.isFinite(s[i]) || s[i] <= 0) issues.push({ field: `scales.${i}`, rule: 'range', message: 'must be a finite number > 0' });
  }
  if (issues.length > 0) throw validationError(issues);
  return Float64Array.from(s);
}
