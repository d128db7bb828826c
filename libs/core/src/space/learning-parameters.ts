import { IssueCollector } from '../common/errors.js';
import { DIMENSIONS } from '../common/vector.js';

/**
 * What governs learning in a space. The constitution (CDNA) will own these values; until then the
 * engine takes them as a parameter and validates them here.
 */
export interface LearningParameters {
  /** Weight of each dimension in the distance, sᵢ > 0. */
  dimensionScales: number[];
  /** No token within this distance ⇒ the signal is novel. */
  noveltyThreshold: number;
  /** The nearest token within this distance is activated instead of creating a new one. */
  mergeRadius: number;
  /** Neighbours are searched within this distance (and never less than the novelty threshold). */
  neighborRadius: number;
  /** k of the neighbour search. */
  maxNeighbors: number;
  /** Rate at which weights and centroids move toward what activates them, 0..1. */
  plasticity: number;
  maxTokensPerSpace: number;
  maxEdgesPerToken: number;
  /** Edge strengthening rate η of w ← w + η(1−w). */
  edgeLearningRate: number;
  /** Half-life of edge weights; Infinity disables decay. */
  edgeHalfLifeMs: number;
}

export const DEFAULT_LEARNING_PARAMETERS: Readonly<LearningParameters> = Object.freeze({
  dimensionScales: new Array(DIMENSIONS).fill(1),
  noveltyThreshold: 0.12,
  mergeRadius: 0.04,
  neighborRadius: 0.25,
  maxNeighbors: 10,
  plasticity: 0.1,
  maxTokensPerSpace: 1_000_000,
  maxEdgesPerToken: 64,
  edgeLearningRate: 0.1,
  edgeHalfLifeMs: 7 * 24 * 3600 * 1000,
});

/** Merges a partial update onto a base and validates the whole; throws VALIDATION_FAILED naming each field. */
export function resolveLearningParameters(
  patch: unknown,
  base: Readonly<LearningParameters> = DEFAULT_LEARNING_PARAMETERS,
): LearningParameters {
  const issues = new IssueCollector();
  if (patch !== undefined && (patch === null || typeof patch !== 'object' || Array.isArray(patch))) {
    issues.add('learning', 'type', 'must be an object');
    issues.throwIfAny();
  }
  const input = (patch ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(key in DEFAULT_LEARNING_PARAMETERS)) issues.add(key, 'unknown', 'is not a learning parameter');
  }
  const merged = { ...base, ...input } as LearningParameters;

  const scales: unknown = merged.dimensionScales;
  if (!Array.isArray(scales) || scales.length !== DIMENSIONS) {
    issues.add('dimensionScales', 'length', `must be an array of ${DIMENSIONS} numbers`);
  } else {
    scales.forEach((s, i) => {
      if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0) issues.add(`dimensionScales.${i}`, 'range', 'must be a finite number > 0');
    });
  }
  const within = (field: keyof LearningParameters, min: number, max: number) => {
    const v = merged[field];
    if (typeof v !== 'number' || Number.isNaN(v) || v < min || v > max) issues.add(field, 'range', `must be a number in [${min}, ${max}]`);
  };
  const integer = (field: keyof LearningParameters, min: number, max: number) => {
    const v = merged[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) issues.add(field, 'integer', `must be an integer in [${min}, ${max}]`);
  };
  within('noveltyThreshold', 0, 1);
  within('mergeRadius', 0, 1);
  within('neighborRadius', 0, 1);
  within('plasticity', 0, 1);
  within('edgeLearningRate', 0, 1);
  within('edgeHalfLifeMs', 1, Infinity);
  integer('maxNeighbors', 1, 1000);
  integer('maxTokensPerSpace', 1, 100_000_000);
  integer('maxEdgesPerToken', 1, 10_000);
  issues.throwIfAny();
  return { ...merged, dimensionScales: [...merged.dimensionScales] };
}
