import type { ErrorCode, FieldIssue } from '@neurograph/core';
import type { ModuleErrorCode } from '@neurograph/modules';

/** One offending field of a request, as a dotted path (`signals.3.vector`): the engine's own issue record. */
export type FieldError = FieldIssue;

/** RFC 9457 problem details: the one error format of every endpoint. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Stable machine-readable code such as `VALIDATION_FAILED` or `MODULE_NOT_FOUND`. */
  code: string;
  instance?: string;
  requestId?: string;
  errors?: readonly FieldError[];
  /** How long to wait before retrying (429 and 503). */
  retryAfterMs?: number;
}

/** @internal The media type of problem documents (for the server and the SDK's fake). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://neurograph.dev/problems/';

const TITLES: Readonly<Record<number, string>> = {
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
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** @internal The HTTP status of each engine and module refusal: the code is the same on the wire, the status is added. */
export const ERROR_STATUS: Readonly<Record<ErrorCode | ModuleErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  SENSOR_NOT_FOUND: 404,
  SENSOR_DISABLED: 409,
  SENSOR_EXISTS: 409,
  ENCODER_NOT_FOUND: 422,
  ENCODER_EXISTS: 409,
  FILTER_INVALID: 400,
  PATTERN_INVALID: 400,
  TOKEN_NOT_FOUND: 404,
  SPACE_NOT_FOUND: 404,
  SNAPSHOT_INVALID: 422,
  QUOTA_EXCEEDED: 429,
  RATE_LIMITED: 429,
  MODULE_DISABLED: 409,
  MODULE_NOT_FOUND: 404,
  MODULE_EXISTS: 409,
  MODULE_CANNOT_BE_DISABLED: 409,
  MODULE_DEPENDENCY: 409,
  MODULE_NOT_CONFIGURABLE: 409,
  MODULE_HOOK_FAILED: 500,
  CONFIG_INVALID: 422,
  DESCRIPTOR_INVALID: 422,
  PLUGIN_INCOMPATIBLE: 422,
};

/** @internal A problem document; `extra` fields that are undefined are left out. */
export function problemDetails(status: number, code: string, detail: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  const body: ProblemDetails = { type: PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-'), title: TITLES[status] ?? 'Error', status, detail, code };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) (body as unknown as Record<string, unknown>)[key] = value;
  return body;
}
