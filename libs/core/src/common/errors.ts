/**
 * One error type for everything the engine refuses. `code` is stable and machine-readable
 * (the API maps it to an RFC 9457 problem); `issues` names each offending field and rule.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'SENSOR_NOT_FOUND'
  | 'SENSOR_DISABLED'
  | 'SENSOR_EXISTS'
  | 'ENCODER_NOT_FOUND'
  | 'ENCODER_EXISTS'
  | 'FILTER_INVALID'
  | 'PATTERN_INVALID'
  | 'TOKEN_NOT_FOUND'
  | 'SPACE_NOT_FOUND'
  | 'SNAPSHOT_INVALID'
  | 'QUOTA_EXCEEDED'
  | 'RATE_LIMITED'
  | 'MODULE_DISABLED';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `vector.3` or `source.confidence`. */
  field: string;
  /** Short rule name, e.g. `finite`, `range`, `length`, `maxBytes`, `required`, `type`. */
  rule: string;
  message: string;
}

export class NeuroGraphError extends Error {
  override readonly name = 'NeuroGraphError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    /** For RATE_LIMITED: when a retry can succeed. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function validationError(issues: FieldIssue[]): NeuroGraphError {
  const summary = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return new NeuroGraphError('VALIDATION_FAILED', `Invalid input: ${summary}`, issues);
}

/** Collects field issues while a validator walks an input, then throws them all at once. */
export class IssueCollector {
  readonly issues: FieldIssue[] = [];

  add(field: string, rule: string, message: string): void {
    this.issues.push({ field, rule, message });
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw validationError(this.issues);
  }
}
