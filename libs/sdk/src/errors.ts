import type { AckError, FieldError, ProblemDetails } from '@neurograph/contracts';

/** Every failure the SDK reports: the server's problem document when there was one. */
export class NeuroGraphError extends Error {
  override name = 'NeuroGraphError';
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly requestId: string | undefined;
  readonly problem: ProblemDetails | undefined;

  constructor(message: string, init: { status: number; code: string; problem?: ProblemDetails; requestId?: string; cause?: unknown }) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.detail = init.problem?.detail ?? message;
    this.problem = init.problem;
    this.requestId = init.requestId ?? init.problem?.requestId;
  }
}

/** 400 and 422: `fields` names every offending field. */
export class ValidationError extends NeuroGraphError {
  override name = 'ValidationError';
  get fields(): readonly FieldError[] {
    return this.problem?.errors ?? [];
  }
}

/** 401: missing, wrong or expired credentials. */
export class AuthError extends NeuroGraphError {
  override name = 'AuthError';
}

/** 403: the credentials lack the permission. */
export class ForbiddenError extends NeuroGraphError {
  override name = 'ForbiddenError';
}

export class NotFoundError extends NeuroGraphError {
  override name = 'NotFoundError';
}

/** 409: the request conflicts with the current state (`MODULE_CANNOT_BE_DISABLED`, `SPACE_EXISTS`…). */
export class ConflictError extends NeuroGraphError {
  override name = 'ConflictError';
}

/** 429 (and 503 with `Retry-After`): `retryAfterMs` says when trying again can succeed. */
export class RateLimitError extends NeuroGraphError {
  override name = 'RateLimitError';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: ConstructorParameters<typeof NeuroGraphError>[1] & { retryAfterMs?: number }) {
    super(message, init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The server could not be reached, or the connection broke. */
export class NetworkError extends NeuroGraphError {
  override name = 'NetworkError';
}

/** No answer within `timeoutMs`. */
export class TimeoutError extends NeuroGraphError {
  override name = 'TimeoutError';
}

/** The error class for a problem document (or a socket error ack, which carries the same codes). */
export function errorFromProblem(problem: ProblemDetails, requestId?: string, retryAfterMs?: number): NeuroGraphError {
  const message = `${problem.detail} (${problem.code})`;
  const init = { status: problem.status, code: problem.code, problem, requestId };
  if (problem.status === 429 || (problem.status === 503 && retryAfterMs !== undefined)) return new RateLimitError(message, { ...init, retryAfterMs: retryAfterMs ?? problem.retryAfterMs });
  switch (problem.status) {
    case 400:
    case 422:
      return new ValidationError(message, init);
    case 401:
      return new AuthError(message, init);
    case 403:
      return new ForbiddenError(message, init);
    case 404:
      return new NotFoundError(message, init);
    case 409:
      return new ConflictError(message, init);
    default:
      return new NeuroGraphError(message, init);
  }
}

/** A socket acknowledgement error, in the same classes as REST errors (it carries the same code and status). */
export function errorFromAck(error: AckError['error']): NeuroGraphError {
  return errorFromProblem({ type: 'about:blank', title: error.code, status: error.status, detail: error.message, code: error.code, errors: error.errors }, undefined, error.retryAfterMs);
}
