import { ERROR_STATUS } from '@neurograph/contracts';
import { ModuleError } from '@neurograph/modules';
import { NeuroGraphError } from '@neurograph/core';
import { ApiError } from './problem.js';

/** An engine refusal as an API error: same code and field issues, plus its HTTP status. */
export function fromEngineError(error: NeuroGraphError): ApiError {
  return new ApiError(ERROR_STATUS[error.code] ?? 400, error.code, error.message, error.issues, error.retryAfterMs);
}

/** The engine's and the module registry's errors as API errors; anything else is not ours to explain. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof NeuroGraphError) return fromEngineError(error);
  if (error instanceof ModuleError) return new ApiError(ERROR_STATUS[error.code] ?? 400, error.code, error.message, error.issues);
  return undefined;
}
