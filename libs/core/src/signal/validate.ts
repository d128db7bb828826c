import type { FieldIssue } from '../common/errors.js';
import { isValidEventType } from '../events/event-types.js';
import { vectorIssues } from '../spatial/validation.js';
import { CLIENT_ID, SIGNAL_LIMITS, SPACE_NAME } from './limits.js';

const ALLOWED_KEYS = new Set([
  'id', 'sensorId', 'type', 'space', 'payload', 'vector', 'priority', 'tags', 'energy', 'confidence',
  'timestamp', 'sequenceId', 'traceId', 'parentId', 'metadata',
]);
const ENERGY_RANGES: Record<string, [number, number]> = {
  magnitude: [0, Number.MAX_VALUE],
  valence: [-1, 1],
  arousal: [0, 1],
  urgency: [0, 1],
};
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const encoder = new TextEncoder();

export interface ByteLimits {
  maxPayloadBytes: number;
  maxMetadataBytes: number;
}

/**
 * Every problem of a signal input, each naming its field and rule (all at once, so a client can
 * fix everything in one round). An empty list means the input is well-formed; whether its sensor
 * exists and accepts the payload is the gateway's question.
 */
export function signalInputIssues(input: unknown, limits: ByteLimits = { maxPayloadBytes: SIGNAL_LIMITS.maxPayloadBytes, maxMetadataBytes: SIGNAL_LIMITS.maxMetadataBytes }): FieldIssue[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return [{ field: 'signal', rule: 'type', message: 'must be an object' }];
  }
  const issues: FieldIssue[] = [];
  const add = (field: string, rule: string, message: string) => issues.push({ field, rule, message });
  const s = input as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!ALLOWED_KEYS.has(key)) add(key, 'unknown', 'is not a signal field');

  if (s.id !== undefined && (typeof s.id !== 'string' || !CLIENT_ID.test(s.id))) add('id', 'pattern', 'must be 1–128 characters of [A-Za-z0-9._:~-]');
  if (s.sensorId !== undefined && (typeof s.sensorId !== 'string' || s.sensorId.length === 0 || s.sensorId.length > 64)) add('sensorId', 'type', 'must be a string of 1–64 characters');
  if (s.type !== undefined && !isValidEventType(s.type)) add('type', 'pattern', 'must be 1–128 characters of [a-z0-9_.-], dotted, no empty segment');
  if (s.space !== undefined && (typeof s.space !== 'string' || !SPACE_NAME.test(s.space))) add('space', 'pattern', 'must be 1–64 characters of [a-z0-9_-]');
  if (s.vector !== undefined) issues.push(...vectorIssues(s.vector));
  if (s.priority !== undefined && (typeof s.priority !== 'number' || !Number.isInteger(s.priority) || s.priority < 0 || s.priority > SIGNAL_LIMITS.priorityMax)) {
    add('priority', 'range', `must be an integer in [0, ${SIGNAL_LIMITS.priorityMax}]`);
  }
  if (s.confidence !== undefined && !inRange(s.confidence, 0, 1)) add('confidence', 'range', 'must be a number in [0, 1]');
  if (s.tags !== undefined) tagIssues(s.tags, add);
  if (s.energy !== undefined) {
    if (!isPlainObject(s.energy)) add('energy', 'type', 'must be an object');
    else {
      for (const [key, value] of Object.entries(s.energy)) {
        const range = ENERGY_RANGES[key];
        if (!range) add(`energy.${key}`, 'unknown', 'is not an energy field');
        else if (!inRange(value, range[0], range[1])) add(`energy.${key}`, 'range', key === 'magnitude' ? 'must be a finite number ≥ 0' : `must be a number in [${range[0]}, ${range[1]}]`);
      }
    }
  }
  if (s.timestamp !== undefined && (typeof s.timestamp !== 'string' || !ISO_DATE.test(s.timestamp) || Number.isNaN(Date.parse(s.timestamp)))) {
    add('timestamp', 'isoDate', 'must be an ISO-8601 date-time with a zone, e.g. 2026-01-01T12:00:00Z');
  }
  for (const key of ['sequenceId', 'traceId', 'parentId'] as const) {
    const v = s[key];
    if (v !== undefined && (typeof v !== 'string' || v.length === 0 || v.length > SIGNAL_LIMITS.idMaxLength)) add(key, 'type', `must be a string of 1–${SIGNAL_LIMITS.idMaxLength} characters`);
  }
  if (s.payload !== undefined) sizeIssue('payload', s.payload, limits.maxPayloadBytes, add);
  if (s.metadata !== undefined) {
    if (!isPlainObject(s.metadata)) add('metadata', 'type', 'must be an object');
    else sizeIssue('metadata', s.metadata, limits.maxMetadataBytes, add);
  }
  return issues;
}

function tagIssues(tags: unknown, add: (field: string, rule: string, message: string) => void): void {
  if (!Array.isArray(tags)) return add('tags', 'type', 'must be an array of strings');
  if (tags.length > SIGNAL_LIMITS.maxTags) add('tags', 'maxItems', `must hold at most ${SIGNAL_LIMITS.maxTags} tags`);
  tags.forEach((tag, i) => {
    if (typeof tag !== 'string' || tag.length === 0) add(`tags.${i}`, 'type', 'must be a non-empty string');
    else if (tag.length > SIGNAL_LIMITS.tagMaxLength) add(`tags.${i}`, 'maxLength', `must be at most ${SIGNAL_LIMITS.tagMaxLength} characters`);
  });
}

/**
 * UTF-8 size of a value as JSON, or -1 when it has no JSON form. Short strings are not serialised
 * at all: their size is bounded by 3 bytes per UTF-16 unit, so only a bound is returned for them.
 */
export function jsonByteSize(value: unknown, maxBytes: number): number {
  if (typeof value === 'string' && value.length * 3 + 2 <= maxBytes) return value.length * 3 + 2;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return -1;
  }
  if (json === undefined) return -1;
  return json.length <= maxBytes / 3 ? json.length : encoder.encode(json).length;
}

function sizeIssue(field: string, value: unknown, maxBytes: number, add: (field: string, rule: string, message: string) => void): void {
  if (typeof value === 'number' && !Number.isFinite(value)) return add(field, 'finite', 'must be a finite number');
  const bytes = jsonByteSize(value, maxBytes);
  if (bytes < 0) return add(field, 'json', 'must be JSON-serialisable (no cycles, no BigInt)');
  if (bytes > maxBytes) add(field, 'maxBytes', `must be at most ${maxBytes} bytes as JSON, got ${bytes}`);
}

function inRange(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  // Any realm's Object.prototype: an object made in another context (a vm context, or a copy a
  // worker posted, made in the receiving thread's outer context) is as plain as one made here.
  return proto === null || (Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(value) === '[object Object]');
}
