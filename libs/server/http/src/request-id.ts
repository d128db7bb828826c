import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the caller's `x-request-id` when it is safe to log, otherwise a new one. */
export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const existing = response.getHeader('x-request-id');
  if (typeof existing === 'string') return existing;
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  response.setHeader('x-request-id', id);
  return id;
}
