import { NeuroGraphError } from '../common/errors.js';
import type { Neighbor, Signal, Token, TokenKind } from '../common/types.js';
import { DIMENSIONS, type Vector8 } from '../common/vector.js';
import { Graph, type GraphOptions } from '../graph/index.js';
import { ExactIndex, type KnnResult, projectTo2d } from '../spatial/index.js';
import { anomalyScore } from './anomaly.js';
import { BoundedMap } from './bounded-map.js';
import { selectEvictionVictims } from './eviction.js';
import { type LearningParameters, resolveLearningParameters } from './learning-parameters.js';
import { TOKEN_KINDS, type TokenAttributes, TokenStore } from './token-store.js';

/** What learning one signal did to the space (the space's half of an `EmitResult`). */
export interface LearnOutcome {
  tokenId: number;
  created: boolean;
  isNovel: boolean;
  anomalyScore: number;
  neighbors: Neighbor[];
  tick: number;
  /** Ids evicted to make room for this signal's token, usually empty. */
  evicted: readonly number[];
}

export interface NewToken {
  vector: Vector8;
  kind?: TokenKind;
  label?: string;
  weight?: number;
  persistent?: boolean;
  metadata?: Record<string, unknown>;
}

export type TokenPatch = Partial<Pick<Token, 'label' | 'metadata' | 'weight' | 'persistent' | 'kind'>>;

export interface ProjectedToken {
  tokenId: number;
  x: number;
  y: number;
}

/** Sequences whose last token is remembered for temporal edges; older conversations are forgotten. */
const MAX_TRACKED_SEQUENCES = 10_000;
/** Share of the quota evicted at once when a space is full, so eviction's O(n) scan is rare. */
const EVICTION_BATCH_SHARE = 0.01;
const NOTHING_EVICTED: readonly number[] = Object.freeze([]);
/** Volume of the 8-ball of radius 1: π⁴/24. */
const UNIT_BALL_VOLUME_8D = Math.PI ** 4 / 24;

export function graphOptionsOf(p: LearningParameters): GraphOptions {
  return { maxEdgesPerToken: p.maxEdgesPerToken, learningRate: p.edgeLearningRate, decayHalfLifeMs: p.edgeHalfLifeMs };
}

/**
 * One isolated knowledge graph: tokens in an exact 8-D index, the edges between them, and the
 * learning rule of spec §3 that turns each signal into an activation or a new token.
 */
export class Space {
  private readonly tokens = new TokenStore();
  private readonly index: ExactIndex;
  private graphStore: Graph;
  private params: LearningParameters;
  private readonly sequences = new BoundedMap<string, number>(MAX_TRACKED_SEQUENCES);
  private knnBuffer: KnnResult;
  private readonly centroid = new Float64Array(DIMENSIONS);
  private maxFieldRadius = 0;
  private tickCounter = 0;

  constructor(
    readonly name: string,
    parameters?: Partial<LearningParameters>,
  ) {
    this.params = resolveLearningParameters(parameters);
    this.index = new ExactIndex({ scales: this.params.dimensionScales });
    this.graphStore = this.newGraph();
    this.knnBuffer = ExactIndex.createKnnResult(this.params.maxNeighbors);
  }

  get parameters(): Readonly<LearningParameters> {
    return this.params;
  }

  get graph(): Graph {
    return this.graphStore;
  }

  get size(): number {
    return this.tokens.size;
  }

  get tick(): number {
    return this.tickCounter;
  }

  /** Changes learning parameters live; scales re-weight every later query at once. */
  configure(patch: Partial<LearningParameters>): void {
    const next = resolveLearningParameters(patch, this.params);
    this.index.setScales(next.dimensionScales);
    if (next.maxNeighbors !== this.params.maxNeighbors) this.knnBuffer = ExactIndex.createKnnResult(next.maxNeighbors);
    this.graphStore.configure(graphOptionsOf(next));
    this.params = next;
  }

  /** Spec §3 steps 1–5 for one validated signal. */
  learn(signal: Signal, nowMs: number): LearnOutcome {
    const p = this.params;
    // Novelty is only decidable if the search reaches the novelty threshold, whatever the grid says.
    const reach = p.neighborRadius > p.noveltyThreshold ? p.neighborRadius : p.noveltyThreshold;
    const found = this.index.knn(signal.vector, p.maxNeighbors, reach, this.knnBuffer);
    const nearest = found.count > 0 ? found.distances[0] : Infinity;
    const created = !(nearest <= p.mergeRadius);
    const evicted = created ? this.makeRoom() : NOTHING_EVICTED;

    const neighbors: Neighbor[] = [];
    let scaleSum = 0;
    for (let i = 0; i < found.count; i++) {
      const tokenId = found.ids[i];
      if (evicted.length > 0 && !this.tokens.has(tokenId)) continue;
      const distance = found.distances[i];
      neighbors.push({ tokenId, distance, similarity: 1 - distance });
      scaleSum += this.tokens.localScaleOf(tokenId);
    }
    const localScale = neighbors.length > 0 ? scaleSum / neighbors.length : p.neighborRadius;
    const score = anomalyScore(nearest, localScale, Math.max(p.mergeRadius / 4, 1e-3));

    const tokenId = created
      ? this.createFromSignal(signal, nowMs, Number.isFinite(nearest) ? nearest : p.neighborRadius)
      : this.activateNearest(found.ids[0], signal, nowMs, nearest);

    for (const n of neighbors) {
      if (n.tokenId !== tokenId) this.graphStore.connect(tokenId, n.tokenId, 'association', n.similarity, nowMs);
    }
    if (signal.sequenceId !== undefined) this.linkSequence(signal.sequenceId, tokenId, nowMs);

    return {
      tokenId,
      created,
      isNovel: !(nearest <= p.noveltyThreshold),
      anomalyScore: score,
      neighbors,
      tick: ++this.tickCounter,
      evicted,
    };
  }

  /** Adds a token directly (seeding, imports); respects the quota like learning does. */
  addToken(token: NewToken, nowMs: number): { tokenId: number; evicted: readonly number[] } {
    const evicted = this.makeRoom();
    const id = this.tokens.nextId;
    this.index.insert(id, token.vector);
    this.tokens.create({
      kind: token.kind ?? 'concept',
      weight: token.weight ?? 0.5,
      fieldRadius: this.params.noveltyThreshold,
      fieldStrength: 1,
      activation: 0,
      activationCount: 0,
      persistent: token.persistent ?? false,
      createdAtMs: nowMs,
      lastActivatedAtMs: nowMs,
      localScale: this.params.noveltyThreshold,
      label: token.label,
      metadata: token.metadata,
    });
    this.noteFieldRadius(this.params.noveltyThreshold);
    return { tokenId: id, evicted };
  }

  removeToken(id: number): boolean {
    if (!this.tokens.has(id)) return false;
    this.index.remove(id);
    this.graphStore.removeToken(id);
    this.tokens.remove(id);
    return true;
  }

  /** Changes what an operator may edit on a token; learning owns its position, field and activation. */
  updateToken(id: number, patch: TokenPatch): boolean {
    if (!this.tokens.has(id)) return false;
    if (patch.weight !== undefined && !(patch.weight >= 0 && patch.weight <= 1)) {
      throw new NeuroGraphError('VALIDATION_FAILED', 'weight must be a number in [0, 1]', [{ field: 'weight', rule: 'range', message: 'must be a number in [0, 1]' }]);
    }
    if (patch.kind !== undefined && !TOKEN_KINDS.includes(patch.kind)) {
      throw new NeuroGraphError('VALIDATION_FAILED', 'unknown token kind', [{ field: 'kind', rule: 'enum', message: `must be one of ${TOKEN_KINDS.join(', ')}` }]);
    }
    const update: Partial<Parameters<TokenStore['create']>[0]> = {};
    for (const key of ['label', 'metadata', 'weight', 'persistent', 'kind'] as const) if (patch[key] !== undefined) Object.assign(update, { [key]: patch[key] });
    this.tokens.update(id, update);
    return true;
  }

  hasToken(id: number): boolean {
    return this.tokens.has(id);
  }

  token(id: number): Token | undefined {
    const a = this.tokens.get(id);
    const vector = a && this.index.vectorOf(id);
    if (!a || !vector) return undefined;
    const token: Token = {
      id,
      space: this.name,
      vector: Array.from(vector),
      kind: a.kind,
      weight: a.weight,
      fieldRadius: a.fieldRadius,
      fieldStrength: a.fieldStrength,
      activation: a.activation,
      activationCount: a.activationCount,
      persistent: a.persistent,
      createdAt: new Date(a.createdAtMs).toISOString(),
      lastActivatedAt: new Date(a.lastActivatedAtMs).toISOString(),
    };
    if (a.label !== undefined) token.label = a.label;
    if (a.metadata !== undefined) token.metadata = a.metadata;
    return token;
  }

  /** Token ids in ascending order, from `after` (exclusive), at most `limit`: the cursor pager. */
  tokenIds(after = -1, limit = 50): number[] {
    const ids: number[] = [];
    for (let id = Math.max(after + 1, 0); id < this.tokens.nextId && ids.length < limit; id++) {
      if (this.tokens.has(id)) ids.push(id);
    }
    return ids;
  }

  nearest(query: Vector8, k: number, maxDistance = Infinity): Neighbor[] {
    const found = this.index.knn(query, k, maxDistance);
    const out: Neighbor[] = new Array(found.count);
    for (let i = 0; i < found.count; i++) {
      out[i] = { tokenId: found.ids[i], distance: found.distances[i], similarity: 1 - found.distances[i] };
    }
    return out;
  }

  withinRadius(query: Vector8, radius: number, limit?: number): Neighbor[] {
    const { ids, distances } = this.index.radius(query, radius, limit);
    return ids.map((tokenId, i) => ({ tokenId, distance: distances[i], similarity: 1 - distances[i] }));
  }

  inBox(min: Vector8, max: Vector8): number[] {
    return this.index.range(min, max);
  }

  /** Field influence at a point: Σ strength·exp(−d²/r²) over tokens within three field radii. */
  influence(point: Vector8): number {
    let total = 0;
    if (this.maxFieldRadius === 0) return 0;
    this.index.forEachWithin(point, 3 * this.maxFieldRadius, (id, d) => {
      const r = this.tokens.fieldRadiusOf(id);
      if (r > 0 && d <= 3 * r) total += this.tokens.fieldStrengthOf(id) * Math.exp(-(d * d) / (r * r));
    });
    return total;
  }

  /** Tokens per unit volume within `radius` of a point (volume of the 8-ball in normalised distance units). */
  density(point: Vector8, radius: number): number {
    if (!(radius > 0) || !Number.isFinite(radius)) {
      throw new NeuroGraphError('VALIDATION_FAILED', 'radius must be a finite number > 0', [
        { field: 'radius', rule: 'range', message: 'must be a finite number > 0' },
      ]);
    }
    let count = 0;
    this.index.forEachWithin(point, radius, () => count++);
    return count / (UNIT_BALL_VOLUME_8D * radius ** DIMENSIONS);
  }

  /** Deterministic PCA projection of up to `limit` tokens (lowest ids first) for display. */
  projection(limit = 10_000): { axes: [number[], number[]]; mean: number[]; points: ProjectedToken[] } {
    const ids = this.tokenIds(-1, limit);
    const flat = new Float64Array(ids.length * DIMENSIONS);
    const buffer = new Float64Array(DIMENSIONS);
    ids.forEach((id, i) => {
      this.index.vectorOf(id, buffer);
      flat.set(buffer, i * DIMENSIONS);
    });
    const { axes, mean, points } = projectTo2d(flat, ids.length);
    return { axes, mean, points: ids.map((tokenId, i) => ({ tokenId, x: points[2 * i], y: points[2 * i + 1] })) };
  }

  memoryBytes(): { tokens: number; index: number; edges: number } {
    return { tokens: this.tokens.memoryBytes(), index: this.index.memoryBytes(), edges: this.graphStore.memoryBytes() };
  }

  /** @internal Used by snapshot restore to rebuild state exactly. */
  restoreState(tick: number, nextTokenId: number, sequences: Iterable<[string, number]>, graph: Graph): void {
    this.tickCounter = tick;
    this.tokens.reserveIdsBelow(nextTokenId);
    for (const [sequenceId, tokenId] of sequences) this.sequences.set(sequenceId, tokenId);
    this.graphStore = graph;
  }

  /** @internal */
  restoreToken(id: number, vector: Vector8, attributes: Parameters<TokenStore['create']>[0]): void {
    this.index.insert(id, vector);
    this.tokens.create(attributes, id);
    this.noteFieldRadius(attributes.fieldRadius);
  }

  /**
   * A token as persistence stores it: its attributes, and its coordinates copied into `vector`;
   * undefined when it does not exist. Unlike `token()`, it formats no dates and copies no arrays.
   */
  attributesOf(id: number, vector: Float64Array): Readonly<TokenAttributes> | undefined {
    const attributes = this.tokens.get(id);
    return attributes && this.index.vectorOf(id, vector) ? attributes : undefined;
  }

  /** @internal */
  localScaleOf(id: number): number {
    return this.tokens.localScaleOf(id);
  }

  get nextTokenId(): number {
    return this.tokens.nextId;
  }

  sequenceEntries(): [string, number][] {
    return [...this.sequences];
  }

  private createFromSignal(signal: Signal, nowMs: number, localScale: number): number {
    const id = this.tokens.nextId;
    this.index.insert(id, signal.vector);
    this.tokens.create({
      kind: signal.source.domain === 'system' ? 'system' : 'concept',
      weight: this.params.plasticity,
      fieldRadius: this.params.noveltyThreshold,
      fieldStrength: signal.energy.magnitude,
      activation: signal.energy.magnitude,
      activationCount: 1,
      persistent: false,
      createdAtMs: nowMs,
      lastActivatedAtMs: nowMs,
      localScale,
    });
    this.noteFieldRadius(this.params.noveltyThreshold);
    return id;
  }

  private activateNearest(id: number, signal: Signal, nowMs: number, distance: number): number {
    const rate = this.params.plasticity;
    this.tokens.activate(id, signal.energy.magnitude, rate, nowMs, distance);
    if (distance > 0 && rate > 0) {
      const c = this.centroid;
      this.index.vectorOf(id, c);
      for (let i = 0; i < DIMENSIONS; i++) c[i] += rate * (signal.vector[i] - c[i]);
      this.index.insert(id, c);
    }
    return id;
  }

  private linkSequence(sequenceId: string, tokenId: number, nowMs: number): void {
    const previous = this.sequences.get(sequenceId);
    if (previous !== undefined && previous !== tokenId && this.tokens.has(previous)) {
      this.graphStore.connect(previous, tokenId, 'temporal', 0.5, nowMs);
    }
    this.sequences.set(sequenceId, tokenId);
  }

  /** Evicts a batch when the space is full; refuses when nothing can be evicted. */
  private makeRoom(): readonly number[] {
    if (this.tokens.size < this.params.maxTokensPerSpace) return NOTHING_EVICTED;
    const evicted = this.evict();
    if (this.tokens.size >= this.params.maxTokensPerSpace) throw this.quotaExceeded();
    return evicted;
  }

  private evict(): number[] {
    const count = Math.max(1, Math.ceil(this.params.maxTokensPerSpace * EVICTION_BATCH_SHARE), this.tokens.size - this.params.maxTokensPerSpace + 1);
    const victims = selectEvictionVictims(this.tokens, count);
    for (const id of victims) this.removeToken(id);
    return victims;
  }

  /** Every token is persistent and the quota is reached: nothing may be evicted, so nothing may be added. */
  private quotaExceeded(): NeuroGraphError {
    return new NeuroGraphError('QUOTA_EXCEEDED', `Space "${this.name}" holds ${this.tokens.size} tokens, its quota, and none can be evicted`, [
      { field: 'space', rule: 'maxTokensPerSpace', message: `quota of ${this.params.maxTokensPerSpace} tokens reached` },
    ]);
  }

  private noteFieldRadius(radius: number): void {
    if (radius > this.maxFieldRadius) this.maxFieldRadius = radius;
  }

  private newGraph(): Graph {
    return new Graph(graphOptionsOf(this.params));
  }
}
