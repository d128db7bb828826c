import type { FieldIssue } from '../common/errors.js';

export type ActionPath = 'hot' | 'cold';
export type ActionStatus = 'completed' | 'failed' | 'cancelled' | 'timeout' | 'queued';

export interface ActionSpec {
  type: string;
  params?: Record<string, unknown>;
}

/** When a signal matches `when`, run `actions` (spec 01-core.md §5). */
export interface Rule {
  id: string;
  name: string;
  /** A filter over the signal and its result (the filter language of §4). */
  when: Record<string, unknown>;
  actions: ActionSpec[];
  path: ActionPath;
  enabled: boolean;
  /** Higher runs first. */
  priority: number;
  /** The rule stays quiet this long after firing. */
  cooldownMs: number;
}

export interface ActionExecution {
  actionId: string;
  type: string;
  ruleId: string;
  status: ActionStatus;
  output?: unknown;
  error?: string;
  durationMs: number;
  at: string;
}

/** What an executor may use: the triggering document and the engine's outlets. */
export interface ExecutionContext {
  /** The signal with its `result`. */
  doc: Record<string, unknown>;
  ruleId: string;
  /** Publishes an engine event. */
  publish(type: string, payload: unknown): void;
  /** Emits an internal signal (never re-evaluated by the rules, so actions cannot cascade). */
  emit(input: Record<string, unknown>): unknown;
  /** Aborted when the action's time limit passes. */
  signal: AbortSignal;
}

/** A pluggable action type. `execute` may be sync (fit for the hot path) or async. */
export interface Executor {
  readonly type: string;
  validate?(params: Record<string, unknown>): FieldIssue[];
  execute(params: Record<string, unknown>, context: ExecutionContext): unknown;
}
