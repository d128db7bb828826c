import { ModuleError, type ModuleErrorCode } from '@neurograph/modules';
import { type ErrorCode, NeuroGraphError } from '@neurograph/core';
import { ApiError } from './problem.js';

/** HTTP status of each engine refusal: the codes stay the same on the wire, only the status is added. */
const ENGINE_STATUS: Record<ErrorCode, number> = {
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
};

const MODULE_STATUS: Record<ModuleErrorCode, number> = {
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

/** An engine refusal as an API error: same code and field issues, plus its HTTP status. */
export function fromEngineError(error: NeuroGraphError): ApiError {
  return new ApiError(ENGINE_STATUS[error.code] ?? 400, error.code, error.message, error.issues, error.retryAfterMs);
}

/** The engine's and the module registry's errors as API errors; anything else is not ours to explain. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof NeuroGraphError) return fromEngineError(error);
  if (error instanceof ModuleError) return new ApiError(MODULE_STATUS[error.code] ?? 400, error.code, error.message, error.issues);
  return undefined;
}
