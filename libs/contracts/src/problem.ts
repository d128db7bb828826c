/** One offending field of a request, as a dotted path (`signals.3.vector`). */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

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
  errors?: FieldError[];
  /** How long to wait before retrying (429 and 503). */
  retryAfterMs?: number;
}
