import { IssueCollector } from '../common/errors.js';

export interface GraphOptions {
  /** Out-edges kept per token; the weakest is evicted to make room (default 64). */
  maxEdgesPerToken?: number;
  /** η of the strengthening rule w ← w + η(1−w) (default 0.1). */
  learningRate?: number;
  /** Half-life of edge weights in ms; Infinity disables decay (default 7 days). */
  decayHalfLifeMs?: number;
}

export type ResolvedGraphOptions = Required<GraphOptions>;

export const DEFAULT_GRAPH_OPTIONS: ResolvedGraphOptions = Object.freeze({
  maxEdgesPerToken: 64,
  learningRate: 0.1,
  decayHalfLifeMs: 7 * 24 * 3600 * 1000,
});

export function resolveGraphOptions(options: GraphOptions = {}, base: ResolvedGraphOptions = DEFAULT_GRAPH_OPTIONS): ResolvedGraphOptions {
  const merged = { ...base, ...options };
  const issues = new IssueCollector();
  if (!Number.isInteger(merged.maxEdgesPerToken) || merged.maxEdgesPerToken < 1 || merged.maxEdgesPerToken > 10_000) {
    issues.add('maxEdgesPerToken', 'integer', 'must be an integer in [1, 10000]');
  }
  if (typeof merged.learningRate !== 'number' || !(merged.learningRate >= 0 && merged.learningRate <= 1)) {
    issues.add('learningRate', 'range', 'must be a number in [0, 1]');
  }
  if (typeof merged.decayHalfLifeMs !== 'number' || !(merged.decayHalfLifeMs > 0)) {
    issues.add('decayHalfLifeMs', 'range', 'must be a number > 0 (Infinity disables decay)');
  }
  issues.throwIfAny();
  return merged;
}
