import type { FieldIssue } from '@neurograph/core';

/** An RFC 9457 problem document, the one error format of every endpoint (spec 00-overview.md). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  errors?: readonly FieldIssue[];
  retryAfterMs?: number;
  requestId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://neurograph.dev/problems/';

/** An error the API answers with on purpose: a status, a stable code and the offending fields. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors: readonly FieldIssue[] = [],
    readonly retryAfterMs?: number,
  ) {
    super(detail);
  }

  static validation(field: string, rule: string, message: string): ApiError {
    return new ApiError(400, 'VALIDATION_FAILED', `Invalid input: ${field}: ${message}`, [{ field, rule, message }]);
  }

  static notFound(code: string, what: string, field = 'id'): ApiError {
    return new ApiError(404, code, `${what} does not exist`, [{ field, rule: 'exists', message: 'not found' }]);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  const body: Problem = { type: PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-'), title: TITLES[status] ?? 'Error', status, detail, code };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) (body as unknown as Record<string, unknown>)[key] = value;
  return body;
}
