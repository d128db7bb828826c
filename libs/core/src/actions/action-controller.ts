import { NeuroGraphError } from '../common/errors.js';
import type { TriggeredAction } from '../common/types.js';
import { newSignalId } from '../signal/ids.js';
import { emitExecutor, type LogLine, logExecutor, notifyExecutor, replyExecutor } from './executors.js';
import { type CompiledRule, compileRule, DEFAULT_RULES } from './rules.js';
import type { ActionExecution, ActionSpec, Executor, Rule } from './types.js';
import { DEFAULT_WEBHOOK_SETTINGS, webhookExecutor, type WebhookSettings } from './webhook.js';

export interface ActionSettings {
  /** Budget of all hot actions of one signal; actions past it are cancelled. */
  hotBudgetMs: number;
  /** Cold actions waiting at most; beyond it new ones are cancelled (and counted). */
  coldQueueSize: number;
  /** Time limit of one cold action. */
  coldTimeoutMs: number;
  webhook: WebhookSettings;
}

export const DEFAULT_ACTION_SETTINGS: ActionSettings = { hotBudgetMs: 5, coldQueueSize: 1000, coldTimeoutMs: 10_000, webhook: DEFAULT_WEBHOOK_SETTINGS };

interface Outlets {
  publish(type: string, payload: unknown): void;
  emit(input: Record<string, unknown>): unknown;
  now(): number;
}

interface ColdJob {
  rule: Rule;
  action: ActionSpec;
  doc: Record<string, unknown>;
  actionId: string;
}

const KEPT_EXECUTIONS = 1000;
const KEPT_LOG_LINES = 1000;

/**
 * Runs rules against each processed signal. Hot actions run inline within a time budget (sync
 * executors complete in the emit result; an async one is reported `queued` and finishes later);
 * cold actions go to a bounded queue drained in the background, each with a time limit. Every
 * execution is recorded and announced as `action.started|completed|failed`.
 */
export class ActionController {
  private readonly executors = new Map<string, Executor>();
  private readonly rules = new Map<string, CompiledRule>();
  private ordered: CompiledRule[] = [];
  private readonly lastFired = new Map<string, number>();
  private readonly executions: ActionExecution[] = [];
  private readonly logLines: LogLine[] = [];
  private readonly cold: ColdJob[] = [];
  private draining = false;
  settings: ActionSettings = { ...DEFAULT_ACTION_SETTINGS };
  stats = { triggered: 0, completed: 0, failed: 0, cancelled: 0, coldDropped: 0 };

  constructor(private readonly outlets: Outlets) {
    for (const executor of [logExecutor((line) => this.keep(this.logLines, line, KEPT_LOG_LINES), outlets.now), emitExecutor, notifyExecutor, replyExecutor, webhookExecutor(() => this.settings.webhook)]) {
      this.executors.set(executor.type, executor);
    }
    for (const rule of DEFAULT_RULES) this.upsertRule(rule);
  }

  registerExecutor(executor: Executor): void {
    if (!executor || typeof executor.execute !== 'function' || typeof executor.type !== 'string' || !/^[a-z][a-z0-9_.-]{0,63}$/.test(executor.type)) {
      throw new NeuroGraphError('VALIDATION_FAILED', 'An executor needs a type ([a-z0-9_.-]) and an execute function', [{ field: 'executor', rule: 'shape', message: 'invalid executor' }]);
    }
    if (this.executors.has(executor.type)) {
      throw new NeuroGraphError('VALIDATION_FAILED', `Executor "${executor.type}" exists`, [{ field: 'executor.type', rule: 'unique', message: 'already registered' }]);
    }
    this.executors.set(executor.type, executor);
  }

  executorTypes(): string[] {
    return [...this.executors.keys()].sort();
  }

  /** Creates or replaces a rule after validating it whole. */
  upsertRule(input: unknown): Rule {
    const compiled = compileRule(input, this.executors);
    this.rules.set(compiled.rule.id, compiled);
    this.ordered = [...this.rules.values()].sort((a, b) => b.rule.priority - a.rule.priority || a.rule.id.localeCompare(b.rule.id));
    return { ...compiled.rule };
  }

  removeRule(id: string): boolean {
    const removed = this.rules.delete(id);
    this.ordered = this.ordered.filter((r) => r.rule.id !== id);
    return removed;
  }

  rule(id: string): Rule | undefined {
    const found = this.rules.get(id);
    return found && JSON.parse(JSON.stringify(found.rule));
  }

  listRules(): Rule[] {
    return this.ordered.map((r) => JSON.parse(JSON.stringify(r.rule)));
  }

  history(limit = 100): ActionExecution[] {
    return this.executions.slice(-limit).reverse();
  }

  log(limit = 100): LogLine[] {
    return this.logLines.slice(-limit).reverse();
  }

  get coldQueueLength(): number {
    return this.cold.length;
  }

  /** Evaluates every enabled rule against a processed signal; returns what the hot path did. */
  run(doc: Record<string, unknown>): TriggeredAction[] {
    if (this.ordered.length === 0) return NONE;
    const nowMs = this.outlets.now();
    let triggered: TriggeredAction[] | null = null;
    // The budget starts with the first hot action, which always runs: matching the rules, or a
    // pause of the process before it, must not cancel a signal's only action.
    let budgetEnds: number | undefined;
    for (const { rule, matches } of this.ordered) {
      if (!rule.enabled || !matches(doc)) continue;
      const last = this.lastFired.get(rule.id);
      if (rule.cooldownMs > 0 && last !== undefined && nowMs - last < rule.cooldownMs) continue;
      this.lastFired.set(rule.id, nowMs);
      for (const action of rule.actions) {
        this.stats.triggered++;
        const actionId = newSignalId(nowMs);
        let record: TriggeredAction;
        if (rule.path === 'cold') record = this.enqueue({ rule, action, doc, actionId });
        else {
          const first = budgetEnds === undefined;
          budgetEnds ??= performance.now() + this.settings.hotBudgetMs;
          record = this.runHot(rule, action, doc, actionId, first ? Infinity : budgetEnds);
        }
        (triggered ??= []).push(record);
      }
    }
    return triggered ?? NONE;
  }

  private runHot(rule: Rule, action: ActionSpec, doc: Record<string, unknown>, actionId: string, budgetEnds: number): TriggeredAction {
    if (performance.now() > budgetEnds) return this.finish(actionId, rule, action, 'cancelled', 0, undefined, 'hot-path time budget exhausted');
    this.outlets.publish('action.started', { actionId, type: action.type, ruleId: rule.id });
    const started = performance.now();
    const controller = new AbortController();
    try {
      const output = (this.executors.get(action.type) as Executor).execute(action.params ?? {}, this.context(rule, doc, controller.signal));
      if (isPromise(output)) {
        this.settle(output, actionId, rule, action, started, controller, this.settings.coldTimeoutMs);
        return { actionId, type: action.type, ruleId: rule.id, status: 'queued', durationMs: performance.now() - started };
      }
      return this.finish(actionId, rule, action, 'completed', performance.now() - started, output);
    } catch (error) {
      return this.finish(actionId, rule, action, 'failed', performance.now() - started, undefined, (error as Error).message);
    }
  }

  private enqueue(job: ColdJob): TriggeredAction {
    if (this.cold.length >= this.settings.coldQueueSize) {
      this.stats.coldDropped++;
      return this.finish(job.actionId, job.rule, job.action, 'cancelled', 0, undefined, 'cold queue full');
    }
    this.cold.push(job);
    if (!this.draining) {
      this.draining = true;
      setTimeout(() => void this.drain(), 0);
    }
    return { actionId: job.actionId, type: job.action.type, ruleId: job.rule.id, status: 'queued', durationMs: 0 };
  }

  private async drain(): Promise<void> {
    while (this.cold.length > 0) {
      const job = this.cold.shift() as ColdJob;
      this.outlets.publish('action.started', { actionId: job.actionId, type: job.action.type, ruleId: job.rule.id });
      const started = performance.now();
      const controller = new AbortController();
      try {
        const output = (this.executors.get(job.action.type) as Executor).execute(job.action.params ?? {}, this.context(job.rule, job.doc, controller.signal));
        await this.settle(Promise.resolve(output), job.actionId, job.rule, job.action, started, controller, this.settings.coldTimeoutMs);
      } catch (error) {
        this.finish(job.actionId, job.rule, job.action, 'failed', performance.now() - started, undefined, (error as Error).message);
      }
    }
    this.draining = false;
  }

  /** Waits for an async action within its time limit, then records how it ended. */
  private async settle(output: Promise<unknown>, actionId: string, rule: Rule, action: ActionSpec, started: number, controller: AbortController, limitMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limitMs);
    });
    try {
      const outcome = await Promise.race([output.then((value) => ({ value })), timeout]);
      if (outcome === 'timeout') {
        controller.abort();
        this.finish(actionId, rule, action, 'timeout', performance.now() - started, undefined, `exceeded ${limitMs} ms`);
      } else this.finish(actionId, rule, action, 'completed', performance.now() - started, outcome.value);
    } catch (error) {
      this.finish(actionId, rule, action, 'failed', performance.now() - started, undefined, (error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  private finish(actionId: string, rule: Rule, action: ActionSpec, status: ActionExecution['status'], durationMs: number, output?: unknown, error?: string): TriggeredAction {
    const record: ActionExecution = { actionId, type: action.type, ruleId: rule.id, status, durationMs, at: new Date(this.outlets.now()).toISOString() };
    if (output !== undefined) record.output = output;
    if (error !== undefined) record.error = error;
    this.keep(this.executions, record, KEPT_EXECUTIONS);
    if (status === 'completed') this.stats.completed++;
    else if (status === 'cancelled') this.stats.cancelled++;
    else this.stats.failed++;
    this.outlets.publish(status === 'completed' ? 'action.completed' : 'action.failed', record);
    const { at: _at, ...triggered } = record;
    return triggered;
  }

  private context(rule: Rule, doc: Record<string, unknown>, signal: AbortSignal) {
    return { doc, ruleId: rule.id, publish: this.outlets.publish, emit: this.outlets.emit, signal };
  }

  private keep<T>(list: T[], item: T, max: number): void {
    list.push(item);
    if (list.length > max) list.shift();
  }
}

const NONE = Object.freeze([]) as unknown as TriggeredAction[];

function isPromise(value: unknown): value is Promise<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as Promise<unknown>).then === 'function';
}
