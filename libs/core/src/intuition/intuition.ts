import { validationError } from '../common/errors';
import { BoundedMap } from '../space/bounded-map';

export interface Prediction<T> {
  next: T;
  /** Share of the observed transitions from the same origin that went here, 0..1. */
  confidence: number;
  count: number;
}

export interface PatternMatch {
  space: string;
  sequenceId: string;
  /** The recurring run of tokens, oldest first. */
  tokens: number[];
  /** How often this run has now been seen. */
  occurrences: number;
  /** Confidence of the run's last step given the one before. */
  confidence: number;
}

export interface IntuitionOptions {
  /** Length of the token runs watched for recurrence (default 3). */
  patternLength?: number;
  /** A run is a pattern from this many sightings on (default 3). */
  minOccurrences?: number;
  /** Distinct successors kept per origin; the rarest is forgotten beyond it (default 32). */
  maxSuccessors?: number;
  /** Origins, sequences and runs remembered (default 100,000 each). */
  capacity?: number;
}

/**
 * Learns which token (and which event type) tends to follow which within a sequence, predicts the
 * next one with a confidence, and recognises recurring runs of tokens. All memory is bounded.
 */
export class Intuition {
  private readonly tokenTransitions: BoundedMap<string, Map<number, number>>;
  private readonly typeTransitions: BoundedMap<string, Map<string, number>>;
  private readonly sequences: BoundedMap<string, { tokens: number[]; type: string }>;
  private readonly runs: BoundedMap<string, number>;
  private readonly patternLength: number;
  private readonly minOccurrences: number;
  private readonly maxSuccessors: number;

  constructor(options: IntuitionOptions = {}) {
    this.patternLength = options.patternLength ?? 3;
    this.minOccurrences = options.minOccurrences ?? 3;
    this.maxSuccessors = options.maxSuccessors ?? 32;
    const capacity = options.capacity ?? 100_000;
    if (!Number.isInteger(this.patternLength) || this.patternLength < 2 || this.patternLength > 16) {
      throw validationError([{ field: 'patternLength', rule: 'range', message: 'must be an integer in [2, 16]' }]);
    }
    if (!Number.isInteger(this.minOccurrences) || this.minOccurrences < 2) throw validationError([{ field: 'minOccurrences', rule: 'range', message: 'must be an integer ≥ 2' }]);
    this.tokenTransitions = new BoundedMap(capacity);
    this.typeTransitions = new BoundedMap(capacity);
    this.sequences = new BoundedMap(capacity);
    this.runs = new BoundedMap(capacity);
  }

  /** Learns one step of a sequence; returns the recognised pattern if this step completed one. */
  observe(space: string, sequenceId: string, tokenId: number, type: string): PatternMatch | null {
    const key = `${space}\u0000${sequenceId}`;
    const state = this.sequences.get(key);
    if (!state) {
      this.sequences.set(key, { tokens: [tokenId], type });
      return null;
    }
    const previous = state.tokens[state.tokens.length - 1];
    const confidence = this.count(this.tokenTransitions, `${space}\u0000${previous}`, tokenId);
    this.count(this.typeTransitions, state.type, type);
    state.tokens.push(tokenId);
    if (state.tokens.length > this.patternLength) state.tokens.shift();
    state.type = type;
    this.sequences.set(key, state);
    if (state.tokens.length < this.patternLength) return null;
    const runKey = `${space}\u0000${state.tokens.join(',')}`;
    const occurrences = (this.runs.get(runKey) ?? 0) + 1;
    this.runs.set(runKey, occurrences);
    return occurrences >= this.minOccurrences ? { space, sequenceId, tokens: [...state.tokens], occurrences, confidence } : null;
  }

  predictToken(space: string, tokenId: number, k = 3): Prediction<number>[] {
    return ranked(this.tokenTransitions.get(`${space}\u0000${tokenId}`), k);
  }

  predictType(type: string, k = 3): Prediction<string>[] {
    return ranked(this.typeTransitions.get(type), k);
  }

  /** Forgets a token (e.g. evicted): it is no longer predicted from nor predicted. */
  forgetToken(space: string, tokenId: number): void {
    this.tokenTransitions.delete(`${space}\u0000${tokenId}`);
  }

  /** Counts origin → next and returns the confidence of that transition after counting. */
  private count<K>(table: BoundedMap<string, Map<K, number>>, origin: string, next: K): number {
    let successors = table.get(origin);
    if (!successors) {
      successors = new Map();
      table.set(origin, successors);
    }
    successors.set(next, (successors.get(next) ?? 0) + 1);
    if (successors.size > this.maxSuccessors) {
      let rarest: K | undefined;
      let fewest = Infinity;
      for (const [candidate, n] of successors) if (candidate !== next && n < fewest) [rarest, fewest] = [candidate, n];
      if (rarest !== undefined) successors.delete(rarest);
    }
    let total = 0;
    for (const n of successors.values()) total += n;
    return (successors.get(next) as number) / total;
  }
}

function ranked<T>(successors: Map<T, number> | undefined, k: number): Prediction<T>[] {
  if (!successors) return [];
  let total = 0;
  for (const n of successors.values()) total += n;
  return [...successors]
    .map(([next, count]) => ({ next, count, confidence: count / total }))
    .sort((a, b) => b.count - a.count)
    .slice(0, k);
}
