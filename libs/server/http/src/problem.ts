import type { FieldIssue } from '@neurograph/core';

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
