import { NeuroGraphError } from '../common/errors.js';

const SEGMENT = /^[a-z0-9_*?-]+$/;

/**
 * Compiles an event-type pattern once into a predicate on type strings:
 * - `*` alone matches every type;
 * - `prefix.*` matches types below the prefix by whole segments (`signal.input.*` matches
 *   `signal.input.x` and `signal.input.x.y`, not `signal.inputs.x`, nor `signal.input` itself);
 * - `*` and `?` inside a segment glob within that segment only (`signal.*.novelty`, `module.?nabled`);
 * - anything else is an exact match.
 * The predicate depends only on the type string, so it stays right for types first seen later.
 */
export function compilePattern(pattern: unknown): (type: string) => boolean {
  if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 128) {
    throw invalid(pattern, 'length', 'must be a string of 1–128 characters');
  }
  if (pattern === '*') return () => true;
  const segments = pattern.split('.');
  const prefix = segments.length > 1 && segments[segments.length - 1] === '*';
  const fixed = prefix ? segments.slice(0, -1) : segments;
  for (const segment of fixed) {
    if (!SEGMENT.test(segment)) throw invalid(pattern, 'segment', `segment "${segment}" must be non-empty [a-z0-9_-] with * or ? globs`);
  }
  if (!prefix && !/[*?]/.test(pattern)) return (type) => type === pattern;
  const body = fixed.map((s) => s.replace(/\*/g, '[^.]*').replace(/\?/g, '[^.]')).join('\\.');
  const regex = new RegExp(`^${body}${prefix ? '\\.[^]+' : ''}$`);
  return (type) => regex.test(type);
}

function invalid(pattern: unknown, rule: string, message: string): NeuroGraphError {
  return new NeuroGraphError('PATTERN_INVALID', `Invalid pattern "${String(pattern)}": ${message}`, [{ field: 'pattern', rule, message }]);
}
