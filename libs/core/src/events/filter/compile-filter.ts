import { type FieldIssue, NeuroGraphError } from '../../common/errors.js';
import { isPlainObject } from '../../signal/validate.js';
import { MAX_REGEX_LENGTH, unsafeRegexReason } from './regex-safety.js';

/** A compiled filter: evaluated against a document (a signal with its `result`, or an event payload). */
export type Predicate = (doc: unknown) => boolean;

export const FILTER_LIMITS = Object.freeze({ maxDepth: 32, maxNodes: 256, maxRegexInput: 65_536 });

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Validates a Mongo-like filter and compiles it once into a predicate. Field paths use dots and
 * array indices (`vector.3`, `result.isNovel`); operators `$eq $ne $gt $gte $lt $lte $in $nin
 * $exists $contains $regex $wildcard`, several on one field combine with AND; `$and $or $not` nest
 * (bounded). Comparisons are type-strict. Throws FILTER_INVALID listing every problem by path.
 */
export function compileFilter(filter: unknown): Predicate {
  const issues: FieldIssue[] = [];
  const state = { nodes: 0 };
  const predicate = compileNode(filter, 'filter', 0, issues, state);
  if (issues.length > 0) {
    throw new NeuroGraphError('FILTER_INVALID', `Invalid filter: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
  }
  return predicate;
}

/** The problems of a filter, or [] when it compiles. */
export function validateFilter(filter: unknown): FieldIssue[] {
  try {
    compileFilter(filter);
    return [];
  } catch (error) {
    if (error instanceof NeuroGraphError) return [...error.issues];
    throw error;
  }
}

type State = { nodes: number };

function compileNode(node: unknown, at: string, depth: number, issues: FieldIssue[], state: State): Predicate {
  if (++state.nodes > FILTER_LIMITS.maxNodes) return fail(issues, at, 'maxNodes', `more than ${FILTER_LIMITS.maxNodes} conditions`);
  if (depth > FILTER_LIMITS.maxDepth) return fail(issues, at, 'maxDepth', `nested deeper than ${FILTER_LIMITS.maxDepth}`);
  if (!isPlainObject(node)) return fail(issues, at, 'type', 'must be an object of conditions');
  const parts: Predicate[] = [];
  for (const key of Object.keys(node)) {
    const value = node[key];
    const here = `${at}.${key}`;
    if (++state.nodes > FILTER_LIMITS.maxNodes) {
      fail(issues, here, 'maxNodes', `more than ${FILTER_LIMITS.maxNodes} conditions`);
      break;
    }
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) {
        fail(issues, here, 'type', 'must be a non-empty array of filters');
        continue;
      }
      const children = value.map((child, i) => compileNode(child, `${here}.${i}`, depth + 1, issues, state));
      parts.push(key === '$and' ? (doc) => children.every((p) => p(doc)) : (doc) => children.some((p) => p(doc)));
    } else if (key === '$not') {
      const inner = compileNode(value, here, depth + 1, issues, state);
      parts.push((doc) => !inner(doc));
    } else if (key.startsWith('$')) {
      fail(issues, here, 'operator', `unknown logical operator "${key}" (use $and, $or, $not)`);
    } else {
      const read = compilePath(key, here, issues);
      const test = compileCondition(value, here, depth + 1, issues, state);
      parts.push((doc) => test(read(doc)));
    }
  }
  return all(parts);
}

function compileCondition(condition: unknown, at: string, depth: number, issues: FieldIssue[], state: State): (value: unknown) => boolean {
  if (!isPlainObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) return equalTo(condition);
  const tests: ((value: unknown) => boolean)[] = [];
  for (const op of Object.keys(condition)) {
    const arg = condition[op];
    const here = `${at}.${op}`;
    if (++state.nodes > FILTER_LIMITS.maxNodes) {
      fail(issues, here, 'maxNodes', `more than ${FILTER_LIMITS.maxNodes} conditions`);
      continue;
    }
    const test = compileOperator(op, arg, here, depth, issues, state);
    if (test) tests.push(test);
  }
  return tests.length === 1 ? tests[0] : (value) => tests.every((t) => t(value));
}

function compileOperator(op: string, arg: unknown, at: string, depth: number, issues: FieldIssue[], state: State): ((value: unknown) => boolean) | null {
  switch (op) {
    case '$eq':
      return equalTo(arg);
    case '$ne': {
      const equal = equalTo(arg);
      return (value) => !equal(value);
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if (!((typeof arg === 'number' && Number.isFinite(arg)) || typeof arg === 'string')) {
        fail(issues, at, 'type', `${op} needs a finite number or a string`);
        return null;
      }
      return comparison(op, arg);
    case '$in':
    case '$nin': {
      if (!Array.isArray(arg)) {
        fail(issues, at, 'type', `${op} needs an array`);
        return null;
      }
      const values = arg;
      const member = (value: unknown) => values.some((candidate) => deepEqual(value, candidate));
      return op === '$in' ? member : (value) => !member(value);
    }
    case '$exists':
      if (typeof arg !== 'boolean') {
        fail(issues, at, 'type', '$exists needs true or false');
        return null;
      }
      return (value) => (value !== undefined) === arg;
    case '$contains':
      return (value) =>
        Array.isArray(value) ? value.some((item) => deepEqual(item, arg)) : typeof value === 'string' && typeof arg === 'string' && value.includes(arg);
    case '$regex':
      return compileRegex(arg, at, issues);
    case '$wildcard': {
      if (typeof arg !== 'string' || arg.length > MAX_REGEX_LENGTH) {
        fail(issues, at, 'type', `$wildcard needs a string of at most ${MAX_REGEX_LENGTH} characters`);
        return null;
      }
      const glob = new RegExp(`^${arg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^]*').replace(/\?/g, '[^]')}$`);
      return (value) => typeof value === 'string' && glob.test(value);
    }
    case '$not': {
      const inner = compileCondition(arg, at, depth + 1, issues, state);
      return (value) => !inner(value);
    }
    default:
      fail(issues, at, 'operator', `unknown operator "${op}"`);
      return null;
  }
}

/** Type-strict comparison, specialised per operand type so the hot check is a literal `typeof`. */
function comparison(op: string, arg: number | string): (value: unknown) => boolean {
  if (typeof arg === 'number') {
    switch (op) {
      case '$gt':
        return (value) => typeof value === 'number' && value > arg;
      case '$gte':
        return (value) => typeof value === 'number' && value >= arg;
      case '$lt':
        return (value) => typeof value === 'number' && value < arg;
      default:
        return (value) => typeof value === 'number' && value <= arg;
    }
  }
  switch (op) {
    case '$gt':
      return (value) => typeof value === 'string' && value > arg;
    case '$gte':
      return (value) => typeof value === 'string' && value >= arg;
    case '$lt':
      return (value) => typeof value === 'string' && value < arg;
    default:
      return (value) => typeof value === 'string' && value <= arg;
  }
}

function compileRegex(arg: unknown, at: string, issues: FieldIssue[]): ((value: unknown) => boolean) | null {
  const spec = typeof arg === 'string' ? { pattern: arg, flags: '' } : isPlainObject(arg) ? arg : null;
  if (!spec || typeof spec.pattern !== 'string' || (spec.flags !== undefined && typeof spec.flags !== 'string')) {
    fail(issues, at, 'type', '$regex needs a string or {pattern, flags}');
    return null;
  }
  const flags = (spec.flags as string | undefined) ?? '';
  if (!/^[imsu]*$/.test(flags) || new Set(flags).size !== flags.length) {
    fail(issues, at, 'flags', 'flags may only be i, m, s, u, each once');
    return null;
  }
  const reason = unsafeRegexReason(spec.pattern);
  if (reason) {
    fail(issues, at, 'unsafeRegex', reason);
    return null;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(spec.pattern, flags);
  } catch (error) {
    fail(issues, at, 'regex', (error as Error).message);
    return null;
  }
  return (value) => typeof value === 'string' && value.length <= FILTER_LIMITS.maxRegexInput && regex.test(value);
}

/**
 * Compiles a dotted path into a reader (array indices included). Filters see data, never code: a
 * function value (which is what an inherited property like `toString` would be) reads as missing,
 * and `__proto__`, `constructor` and `prototype` are refused when the filter is compiled. Plain
 * property reads keep the hot path free of `hasOwnProperty` calls.
 */
function compilePath(path: string, at: string, issues: FieldIssue[]): (doc: unknown) => unknown {
  const segments = path.split('.');
  for (const segment of segments) {
    if (segment === '') fail(issues, at, 'path', 'a path must not have empty segments');
    else if (FORBIDDEN_SEGMENTS.has(segment)) fail(issues, at, 'path', `"${segment}" is not allowed in a path`);
  }
  const read = (doc: unknown, segment: string): unknown => {
    if (doc === null || typeof doc !== 'object') return undefined;
    const value = (doc as Record<string, unknown>)[segment];
    return typeof value === 'function' ? undefined : value;
  };
  if (segments.length === 1) {
    const [a] = segments;
    return (doc) => read(doc, a);
  }
  if (segments.length === 2) {
    const [a, b] = segments;
    return (doc) => {
      if (doc === null || typeof doc !== 'object') return undefined;
      const parent = (doc as Record<string, unknown>)[a];
      if (parent === null || typeof parent !== 'object') return undefined;
      const value = (parent as Record<string, unknown>)[b];
      return typeof value === 'function' ? undefined : value;
    };
  }
  return (doc) => {
    let current = doc;
    for (let i = 0; i < segments.length && current !== undefined; i++) current = read(current, segments[i]);
    return current;
  };
}

/** Equality test specialised at compile time: `===` for primitives, structural for objects. */
function equalTo(expected: unknown): (value: unknown) => boolean {
  if (expected === null || typeof expected !== 'object') return (value) => value === expected;
  return (value) => deepEqual(value, expected);
}

function all(parts: Predicate[]): Predicate {
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0];
  if (parts.length === 2) {
    const [a, b] = parts;
    return (doc) => a(doc) && b(doc);
  }
  return (doc) => parts.every((p) => p(doc));
}

function fail(issues: FieldIssue[], field: string, rule: string, message: string): Predicate {
  issues.push({ field, rule, message });
  return () => false;
}


/** Structural equality of JSON-like values; type-strict (1 ≠ "1"). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => deepEqual(x, other[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => hasOwn.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
