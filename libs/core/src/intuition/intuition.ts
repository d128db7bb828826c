import { validationError } from '../common/errors.js';
import { BoundedMap } from '../space/bounded-map.js';

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
  /** Per space (token ids are per space): origin token → successors, sequence → recent tokens, run → sightings. */
  private readonly spaces = new Map<string, SpaceMemory>();
  private readonly typeTransitions: BoundedMap<string, Successors<string>>;
  private readonly capacity: number;
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
    this.capacity = capacity;
    this.typeTransitions = new BoundedMap(capacity);
  }

  /** Learns one step of a sequence; returns the recognised pattern if this step completed one. */
  observe(space: string, sequenceId: string, tokenId: number, type: string): PatternMatch | null {
    const memory = this.memoryOf(space);
    const state = memory.sequences.get(sequenceId);
    if (!state) {
      memory.sequences.set(sequenceId, { tokens: [tokenId], type });
      return null;
    }
    const previous = state.tokens[state.tokens.length - 1];
    const confidence = this.count(memory.transitions, previous, tokenId);
    this.count(this.typeTransitions, state.type, type);
    state.tokens.push(tokenId);
    if (state.tokens.length > this.patternLength) state.tokens.shift();
    state.type = type;
    if (state.tokens.length < this.patternLength) return null;
    const runKey = state.tokens.join(',');
    const occurrences = (memory.runs.get(runKey) ?? 0) + 1;
    memory.runs.set(runKey, occurrences);
    return occurrences >= this.minOccurrences ? { space, sequenceId, tokens: [...state.tokens], occurrences, confidence } : null;
  }

  predictToken(space: string, tokenId: number, k = 3): Prediction<number>[] {
    return ranked(this.spaces.get(space)?.transitions.get(tokenId), k);
  }

  predictType(type: string, k = 3): Prediction<string>[] {
    return ranked(this.typeTransitions.get(type), k);
  }

  /** Forgets a token (e.g. evicted): it is no longer predicted from nor predicted. */
  forgetToken(space: string, tokenId: number): void {
    this.spaces.get(space)?.transitions.delete(tokenId);
  }

  private memoryOf(space: string): SpaceMemory {
    let memory = this.spaces.get(space);
    if (!memory) {
      memory = { transitions: new BoundedMap(this.capacity), sequences: new BoundedMap(this.capacity), runs: new BoundedMap(this.capacity) };
      this.spaces.set(space, memory);
    }
    return memory;
  }

  /** Counts origin → next and returns the confidence of that transition after counting. */
  private count<O, K>(table: BoundedMap<O, Successors<K>>, origin: O, next: K): number {
    let successors = table.get(origin);
    if (!successors) {
      successors = { counts: new Map(), total: 0 };
      table.set(origin, successors);
    }
    const counts = successors.counts;
    const n = (counts.get(next) ?? 0) + 1;
    counts.set(next, n);
    successors.total++;
    if (counts.size > this.maxSuccessors) {
      let rarest: K | undefined;
      let fewest = Infinity;
      for (const [candidate, c] of counts) {
        if (candidate !== next && c < fewest) {
          rarest = candidate;
          fewest = c;
        }
      }
      if (rarest !== undefined) {
        counts.delete(rarest);
        successors.total -= fewest;
      }
    }
    return n / successors.total;
  }
}

interface SpaceMemory {
  transitions: BoundedMap<number, Successors<number>>;
  sequences: BoundedMap<string, { tokens: number[]; type: string }>;
  runs: BoundedMap<string, number>;
}

/** Successor counts of one origin, with their running total (so a confidence costs no loop). */
interface Successors<K> {
  counts: Map<K, number>;
  total: number;
}

function ranked<T>(successors: Successors<T> | undefined, k: number): Prediction<T>[] {
  if (!successors) return [];
  return [...successors.counts]
    .map(([next, count]) => ({ next, count, confidence: count / successors.total }))
    .sort((a, b) => b.count - a.count)
    .slice(0, k);
}
