import { type FieldIssue, NeuroGraphError } from '../common/errors.js';
import { compileFilter, type Predicate } from '../events/filter/compile-filter.js';
import type { Executor, Rule } from './types.js';

const RULE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface CompiledRule {
  rule: Rule;
  matches: Predicate;
}

/** Validates a rule (shape, filter, known executors and their params) and compiles its filter. */
export function compileRule(input: unknown, executors: ReadonlyMap<string, Executor>): CompiledRule {
  const issues: FieldIssue[] = [];
  const add = (field: string, rule: string, message: string) => issues.push({ field, rule, message });
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalid([{ field: 'rule', rule: 'type', message: 'must be an object' }]);
  const r = input as Partial<Rule>;
  const rule: Rule = {
    id: r.id as string,
    name: r.name ?? (r.id as string),
    when: r.when ?? {},
    actions: r.actions as Rule['actions'],
    path: r.path ?? 'hot',
    enabled: r.enabled ?? true,
    priority: r.priority ?? 100,
    cooldownMs: r.cooldownMs ?? 0,
  };
  if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id)) add('id', 'pattern', 'must be 1–64 characters of [a-z0-9_-]');
  if (typeof rule.name !== 'string' || rule.name.length === 0 || rule.name.length > 200) add('name', 'type', 'must be a string of 1–200 characters');
  if (rule.path !== 'hot' && rule.path !== 'cold') add('path', 'enum', 'must be hot or cold');
  if (typeof rule.enabled !== 'boolean') add('enabled', 'type', 'must be a boolean');
  if (!Number.isInteger(rule.priority) || rule.priority < 0 || rule.priority > 1000) add('priority', 'range', 'must be an integer in [0, 1000]');
  if (typeof rule.cooldownMs !== 'number' || !(rule.cooldownMs >= 0) || !Number.isFinite(rule.cooldownMs)) add('cooldownMs', 'range', 'must be a finite number ≥ 0');
  if (!Array.isArray(rule.actions) || rule.actions.length === 0 || rule.actions.length > 16) add('actions', 'type', 'must be an array of 1–16 actions');
  else {
    rule.actions.forEach((action, i) => {
      const executor = action && typeof action === 'object' ? executors.get(action.type) : undefined;
      if (!executor) return add(`actions.${i}.type`, 'enum', `must be one of ${[...executors.keys()].join(', ')}`);
      const params = action.params ?? {};
      if (params === null || typeof params !== 'object' || Array.isArray(params)) return add(`actions.${i}.params`, 'type', 'must be an object');
      for (const issue of executor.validate?.(params) ?? []) issues.push({ ...issue, field: `actions.${i}.${issue.field}` });
      return undefined;
    });
  }
  let matches: Predicate = () => false;
  try {
    matches = compileFilter(rule.when);
  } catch (error) {
    if (!(error instanceof NeuroGraphError)) throw error;
    for (const issue of error.issues) issues.push({ ...issue, field: issue.field.replace(/^filter/, 'when') });
  }
  if (issues.length > 0) throw invalid(issues);
  return { rule: JSON.parse(JSON.stringify(rule)) as Rule, matches };
}

function invalid(issues: FieldIssue[]): NeuroGraphError {
  return new NeuroGraphError('VALIDATION_FAILED', `Invalid rule: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}

/** The two rules every engine starts with (spec §5); operators may disable or replace them. */
export const DEFAULT_RULES: Rule[] = [
  {
    id: 'novelty-alert',
    name: 'Announce novel signals',
    when: { 'result.isNovel': true, 'source.domain': { $ne: 'internal' } },
    actions: [{ type: 'notify', params: { event: 'signal.anomaly.novelty', message: 'Novel {{type}} (anomaly {{result.anomalyScore}})' } }],
    path: 'hot',
    enabled: true,
    priority: 100,
    cooldownMs: 0,
  },
  {
    id: 'urgent-reply',
    name: 'Acknowledge high-priority chat messages',
    when: { 'source.sensorType': 'chat', priority: { $gte: 220 } },
    actions: [{ type: 'reply', params: { template: 'Received: {{payload}}' } }],
    path: 'hot',
    enabled: true,
    priority: 200,
    cooldownMs: 0,
  },
];
