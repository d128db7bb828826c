import { type FieldIssue, NeuroGraphError, signalInputIssues, validationError } from '@neurograph/core';
import { ApiError } from '@neurograph/server-http';

/**
 * The fields of a `POST /signals` body (`SignalRequest`). The engine takes a few more (`energy`,
 * `confidence`, `timestamp`), which sensors and the engine set, not clients.
 */
const REQUEST_FIELDS = new Set(['id', 'space', 'sensor', 'type', 'vector', 'payload', 'priority', 'tags', 'sequenceId', 'traceId', 'parentId', 'metadata']);
const MAX_BATCH = 1000;

/** The engine names the sensor `sensorId`; the API calls it `sensor`. */
function apiNamed(issue: FieldIssue): FieldIssue {
  return issue.field === 'sensorId' ? { ...issue, field: 'sensor' } : issue;
}

/** An engine refusal in the API's field names (other errors pass through untouched). */
export function inApiNames(error: unknown): unknown {
  if (!(error instanceof NeuroGraphError) || !error.issues.some((issue) => issue.field === 'sensorId')) return error;
  return new NeuroGraphError(error.code, error.message, error.issues.map(apiNamed), error.retryAfterMs);
}

/**
 * A signal as the API takes it (a `POST /signals` body, a batch item, a socket `signal`) as the
 * engine's input: `sensor` becomes `sensorId`, which defaults to `vector` when a vector is sent and
 * to `text.chat` otherwise. Fields the API does not take are refused here; everything else is
 * validated once, by the engine (`signalInputIssues`), and reported in the API's names.
 */
export function engineInput(request: unknown, field = 'body'): Record<string, unknown> {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) throw validationError([{ field, rule: 'type', message: 'must be an object' }]);
  const input: Record<string, unknown> = {};
  const refused: FieldIssue[] = [];
  for (const [key, value] of Object.entries(request)) {
    if (!REQUEST_FIELDS.has(key)) refused.push({ field: key, rule: 'unknown', message: 'is not a signal field' });
    else if (key === 'sensor') input.sensorId = value;
    else input[key] = value;
  }
  input.sensorId ??= input.vector !== undefined ? 'vector' : 'text.chat';
  // All of a body's problems at once: the refused fields and whatever the engine finds in the rest.
  if (refused.length > 0) throw validationError([...refused, ...signalInputIssues(input).map(apiNamed)]);
  return input;
}

/** The items of a `POST /signals/batch` body; each is then validated on its own. */
export function batchItems(body: unknown): unknown[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw ApiError.validation('body', 'type', 'must be an object');
  const extra = Object.keys(body).filter((key) => key !== 'signals');
  if (extra.length > 0) throw new ApiError(400, 'VALIDATION_FAILED', `Invalid input: ${extra.join(', ')}: not a batch field`, extra.map((key) => ({ field: key, rule: 'unknown', message: 'is not a batch field' })));
  const { signals } = body as { signals?: unknown };
  if (!Array.isArray(signals)) throw ApiError.validation('signals', 'type', 'must be an array of signals');
  if (signals.length === 0) throw ApiError.validation('signals', 'minItems', 'must hold at least 1 signal');
  if (signals.length > MAX_BATCH) throw ApiError.validation('signals', 'maxItems', `must hold at most ${MAX_BATCH} signals`);
  return signals;
}
