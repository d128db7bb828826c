import { NeuroGraphError, validationError } from '../common/errors.js';
import { grown } from '../common/typed-arrays.js';
import { EDGE_TYPES, type Edge, type EdgeType } from '../common/types.js';
import { type GraphOptions, resolveGraphOptions, type ResolvedGraphOptions } from './graph-options.js';

const NONE = -1;
/**
 * Slots of a token's first out-edge block: a token made by a signal links to that signal's
 * neighbours (ten by default), and most tokens of a learned space keep just those (61 % in the
 * bench workload). A full block moves to one half as big again, up to the edge limit.
 */
const FIRST_BLOCK = 10;
const TYPE_INDEX = new Map<string, number>(EDGE_TYPES.map((t, i) => [t, i]));

export interface EdgeQuery {
  type?: EdgeType;
  /** When given, weights are decayed to this instant. */
  nowMs?: number;
}

export interface GraphSnapshot {
  edges: Edge[];
}

/**
 * Directed weighted edges between tokens, stored as a pool of typed arrays. A token's out-edges
 * fill one contiguous block of slots (finding an edge, which every learned signal does ten times,
 * scans a few cache lines instead of chasing a linked list through the pool); its in-edges form an
 * intrusive doubly linked list, fixed up whenever an edge changes slot. Removing an edge moves the
 * block's last one into its slot; a full block moves to a bigger one, and freed blocks are reused
 * by size. Strengthening allocates nothing; removing a token costs time proportional to its
 * degree. Decay is lazy: the stored weight is the weight at `lastActivatedAt`, and readers decay it
 * to "now" with w·2^(−Δt/halfLife).
 */
export class Graph {
  private options: ResolvedGraphOptions;
  private capacity = 0;
  private edges = 0;
  /** Slots handed out to blocks so far: the pool's high-water mark. */
  private used = 0;
  /** Start slots of free blocks, by block size. */
  private readonly freeBlocks = new Map<number, number[]>();
  private from = new Int32Array(0);
  private to = new Int32Array(0);
  private type = new Uint8Array(0);
  private weight = new Float32Array(0);
  private confidence = new Float32Array(0);
  private count = new Uint32Array(0);
  private last = new Float64Array(0);
  private nextIn = new Int32Array(0);
  private prevIn = new Int32Array(0);
  private outStart = new Int32Array(0);
  private outCapacity = new Int32Array(0);
  private headIn = new Int32Array(0);
  private outDegree = new Int32Array(0);
  private inDegree = new Int32Array(0);

  /** Told of every edge created, strengthened or removed: how persistence learns what to write. */
  onEdgeChange: ((from: number, to: number, type: EdgeType) => void) | null = null;

  constructor(options: GraphOptions = {}) {
    this.options = resolveGraphOptions(options);
  }

  get edgeCount(): number {
    return this.edges;
  }

  get settings(): Readonly<ResolvedGraphOptions> {
    return this.options;
  }

  /** Changes limits and rates live; a lower edge limit applies as tokens gain new edges. */
  configure(options: GraphOptions): void {
    this.options = resolveGraphOptions(options, this.options);
  }

  /** Creates the edge, or strengthens it (w ← w + η(1−w) on the decayed weight) if it exists. */
  connect(from: number, to: number, type: EdgeType, weight: number, nowMs: number, confidence = weight): void {
    const t = this.checkEdgeArguments(from, to, type, nowMs);
    if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) throw validationError([{ field: 'weight', rule: 'range', message: 'must be a number in [0, 1]' }]);
    if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) throw validationError([{ field: 'confidence', rule: 'range', message: 'must be a number in [0, 1]' }]);
    if (from === to) throw validationError([{ field: 'to', rule: 'distinct', message: 'an edge cannot connect a token to itself' }]);
    this.ensureTokens(Math.max(from, to) + 1);
    const existing = this.find(from, to, t);
    if (existing !== NONE) {
      const decayed = this.effectiveWeight(existing, nowMs);
      this.weight[existing] = decayed + this.options.learningRate * (1 - decayed);
      this.count[existing]++;
      if (confidence > this.confidence[existing]) this.confidence[existing] = confidence;
      this.last[existing] = nowMs;
      this.onEdgeChange?.(from, to, type);
      return;
    }
    while (this.outDegree[from] >= this.options.maxEdgesPerToken) this.unlink(this.weakestOut(from, nowMs));
    this.link(from, to, t, weight, confidence, 1, nowMs);
    this.onEdgeChange?.(from, to, type);
  }

  disconnect(from: number, to: number, type: EdgeType): boolean {
    const t = this.checkEdgeArguments(from, to, type, 0);
    const e = from < this.headIn.length ? this.find(from, to, t) : NONE;
    if (e === NONE) return false;
    this.unlink(e);
    return true;
  }

  /** Removes every edge into and out of a token; returns how many. */
  removeToken(id: number): number {
    if (!this.known(id)) return 0;
    let removed = 0;
    while (this.outDegree[id] > 0) {
      this.unlink(this.outStart[id] + this.outDegree[id] - 1);
      removed++;
    }
    while (this.headIn[id] !== NONE) {
      this.unlink(this.headIn[id]);
      removed++;
    }
    return removed;
  }

  edge(from: number, to: number, type: EdgeType, nowMs?: number): Edge | undefined {
    const t = this.checkEdgeArguments(from, to, type, nowMs ?? 0);
    const e = from < this.headIn.length ? this.find(from, to, t) : NONE;
    return e === NONE ? undefined : this.record(e, nowMs);
  }

  outEdges(id: number, query: EdgeQuery = {}): Edge[] {
    return this.collect(id, query, true);
  }

  inEdges(id: number, query: EdgeQuery = {}): Edge[] {
    return this.collect(id, query, false);
  }

  degree(id: number): { out: number; in: number } {
    if (!this.known(id)) return { out: 0, in: 0 };
    return { out: this.outDegree[id], in: this.inDegree[id] };
  }

  /** Drops edges whose decayed weight fell under `minWeight`; returns how many. */
  prune(nowMs: number, minWeight: number): number {
    let removed = 0;
    for (let e = 0; e < this.used; ) {
      if (this.from[e] !== NONE && this.effectiveWeight(e, nowMs) < minWeight) {
        // Unlinking moves a later edge of the same block into this slot: look at it again.
        this.unlink(e);
        removed++;
      } else e++;
    }
    return removed;
  }

  forEachEdge(visit: (from: number, to: number, type: EdgeType, weight: number, confidence: number, count: number, lastActivatedMs: number) => void): void {
    for (let e = 0; e < this.used; e++) {
      if (this.from[e] !== NONE) visit(this.from[e], this.to[e], EDGE_TYPES[this.type[e]], this.weight[e], this.confidence[e], this.count[e], this.last[e]);
    }
  }

  /** Visits a token's out-edges with their stored values (the weight as of `lastActivatedMs`, undecayed), allocating nothing. */
  forEachOutEdge(id: number, visit: (to: number, type: EdgeType, weight: number, confidence: number, count: number, lastActivatedMs: number) => void): void {
    if (!this.known(id)) return;
    for (let e = this.outStart[id], end = e + this.outDegree[id]; e < end; e++) visit(this.to[e], EDGE_TYPES[this.type[e]], this.weight[e], this.confidence[e], this.count[e], this.last[e]);
  }

  /** @internal Iterates raw edge slots of a token for the traversal algorithms. */
  forEachNeighbour(id: number, direction: 'out' | 'in' | 'both', types: Set<number> | null, visit: (other: number, weight: number) => void): void {
    if (!this.known(id)) return;
    if (direction !== 'in') {
      for (let e = this.outStart[id], end = e + this.outDegree[id]; e < end; e++) if (!types || types.has(this.type[e])) visit(this.to[e], this.weight[e]);
    }
    if (direction !== 'out') {
      for (let e = this.headIn[id]; e !== NONE; e = this.nextIn[e]) if (!types || types.has(this.type[e])) visit(this.from[e], this.weight[e]);
    }
  }

  memoryBytes(): number {
    const perSlot = 4 + 4 + 1 + 4 + 4 + 4 + 8 + 4 * 2;
    return this.capacity * perSlot + this.headIn.length * 20;
  }

  snapshot(): GraphSnapshot {
    const edges: Edge[] = [];
    for (let e = 0; e < this.used; e++) if (this.from[e] !== NONE) edges.push(this.record(e));
    return { edges };
  }

  /** Rebuilds a graph from a snapshot, validating every edge; a bad one builds nothing. */
  static restore(snapshot: unknown, options?: GraphOptions): Graph {
    const edges = (snapshot as GraphSnapshot | null)?.edges;
    if (!Array.isArray(edges)) {
      throw new NeuroGraphError('SNAPSHOT_INVALID', 'Graph snapshot needs an edges array', [{ field: 'edges', rule: 'type', message: 'must be an array' }]);
    }
    const graph = new Graph(options);
    // Each token's block is made its final size at once: no block moves, so the restored graph's
    // slots, and its snapshot, keep the order of this one.
    const degrees = new Map<number, number>();
    for (const edge of edges) if (isId(edge?.from)) degrees.set(edge.from, (degrees.get(edge.from) ?? 0) + 1);
    const issues: { field: string; rule: string; message: string }[] = [];
    edges.forEach((edge: Edge, i) => {
      const at = `edges.${i}`;
      const lastMs = Date.parse(edge?.lastActivatedAt);
      if (typeof edge !== 'object' || edge === null) issues.push({ field: at, rule: 'type', message: 'must be an object' });
      else if (!isId(edge.from) || !isId(edge.to) || edge.from === edge.to) issues.push({ field: `${at}.from`, rule: 'integer', message: 'from and to must be distinct integers ≥ 0' });
      else if (!TYPE_INDEX.has(edge.type)) issues.push({ field: `${at}.type`, rule: 'enum', message: `must be one of ${EDGE_TYPES.join(', ')}` });
      else if (!unit(edge.weight)) issues.push({ field: `${at}.weight`, rule: 'range', message: 'must be a number in [0, 1]' });
      else if (!unit(edge.confidence)) issues.push({ field: `${at}.confidence`, rule: 'range', message: 'must be a number in [0, 1]' });
      else if (!Number.isInteger(edge.count) || edge.count < 1) issues.push({ field: `${at}.count`, rule: 'integer', message: 'must be an integer ≥ 1' });
      else if (Number.isNaN(lastMs)) issues.push({ field: `${at}.lastActivatedAt`, rule: 'isoDate', message: 'must be an ISO-8601 date' });
      else {
        const t = TYPE_INDEX.get(edge.type) as number;
        graph.ensureTokens(Math.max(edge.from, edge.to) + 1);
        if (graph.outStart[edge.from] === NONE) graph.moveBlock(edge.from, degrees.get(edge.from) as number);
        if (graph.find(edge.from, edge.to, t) !== NONE) issues.push({ field: at, rule: 'unique', message: 'duplicate edge' });
        else graph.link(edge.from, edge.to, t, edge.weight, edge.confidence, edge.count, lastMs);
      }
    });
    if (issues.length > 0) throw new NeuroGraphError('SNAPSHOT_INVALID', `Invalid graph snapshot: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
    return graph;
  }

  // ——— internals ———

  private effectiveWeight(e: number, nowMs: number): number {
    return this.weight[e] * this.decayFactor(nowMs - this.last[e]);
  }

  /** 2^(−age/halfLife): what is left of a weight after `age` ms (none decays backwards in time). */
  private decayFactor(age: number): number {
    const hl = this.options.decayHalfLifeMs;
    return age <= 0 || hl === Infinity ? 1 : Math.pow(2, -age / hl);
  }

  private record(e: number, nowMs?: number): Edge {
    return {
      from: this.from[e],
      to: this.to[e],
      type: EDGE_TYPES[this.type[e]],
      weight: nowMs === undefined ? this.weight[e] : this.effectiveWeight(e, nowMs),
      confidence: this.confidence[e],
      count: this.count[e],
      lastActivatedAt: new Date(this.last[e]).toISOString(),
    };
  }

  private collect(id: number, query: EdgeQuery, outgoing: boolean): Edge[] {
    const t = query.type === undefined ? NONE : this.typeIndex(query.type);
    if (!this.known(id)) return [];
    const result: Edge[] = [];
    if (outgoing) {
      for (let e = this.outStart[id], end = e + this.outDegree[id]; e < end; e++) if (t === NONE || this.type[e] === t) result.push(this.record(e, query.nowMs));
    } else {
      for (let e = this.headIn[id]; e !== NONE; e = this.nextIn[e]) if (t === NONE || this.type[e] === t) result.push(this.record(e, query.nowMs));
    }
    return result;
  }

  private find(from: number, to: number, t: number): number {
    for (let e = this.outStart[from], end = e + this.outDegree[from]; e < end; e++) {
      if (this.to[e] === to && this.type[e] === t) return e;
    }
    return NONE;
  }

  private weakestOut(from: number, nowMs: number): number {
    let weakest = NONE;
    let lowest = Infinity;
    // Edges made or strengthened by one signal share their time and sit side by side in the
    // block: their decay factor is computed once, not once per edge.
    let lastMs = NaN;
    let factor = 1;
    for (let e = this.outStart[from], end = e + this.outDegree[from]; e < end; e++) {
      if (this.last[e] !== lastMs) {
        lastMs = this.last[e];
        factor = this.decayFactor(nowMs - lastMs);
      }
      const w = this.weight[e] * factor;
      if (w < lowest) {
        lowest = w;
        weakest = e;
      }
    }
    return weakest;
  }

  private link(from: number, to: number, t: number, weight: number, confidence: number, count: number, lastMs: number): void {
    if (this.outDegree[from] === this.outCapacity[from]) this.moveBlock(from, this.outDegree[from] + 1);
    const e = this.outStart[from] + this.outDegree[from]++;
    this.from[e] = from;
    this.to[e] = to;
    this.type[e] = t;
    this.weight[e] = weight;
    this.confidence[e] = confidence;
    this.count[e] = count;
    this.last[e] = lastMs;
    this.prevIn[e] = NONE;
    this.nextIn[e] = this.headIn[to];
    if (this.headIn[to] !== NONE) this.prevIn[this.headIn[to]] = e;
    this.headIn[to] = e;
    this.inDegree[to]++;
    this.edges++;
  }

  private unlink(e: number): void {
    const from = this.from[e];
    const to = this.to[e];
    this.onEdgeChange?.(from, to, EDGE_TYPES[this.type[e]]);
    if (this.prevIn[e] === NONE) this.headIn[to] = this.nextIn[e];
    else this.nextIn[this.prevIn[e]] = this.nextIn[e];
    if (this.nextIn[e] !== NONE) this.prevIn[this.nextIn[e]] = this.prevIn[e];
    this.inDegree[to]--;
    this.from[e] = NONE;
    this.edges--;
    const last = this.outStart[from] + --this.outDegree[from];
    if (e !== last) this.moveEdge(last, e);
    if (this.outDegree[from] === 0) {
      this.freeBlock(this.outStart[from], this.outCapacity[from]);
      this.outStart[from] = NONE;
      this.outCapacity[from] = 0;
    }
  }

  /** Moves a token's out-edges to a free block with room for at least `needed`. */
  private moveBlock(id: number, needed: number): void {
    const size = Math.max(needed, Math.min(Math.max(FIRST_BLOCK, Math.ceil(1.5 * this.outCapacity[id])), this.options.maxEdgesPerToken));
    const start = this.allocateBlock(size);
    const old = this.outStart[id];
    for (let i = 0; i < this.outDegree[id]; i++) this.moveEdge(old + i, start + i);
    if (old !== NONE) this.freeBlock(old, this.outCapacity[id]);
    this.outStart[id] = start;
    this.outCapacity[id] = size;
  }

  /** Copies the edge in slot `source` to the free slot `target`, relinking its in-list around it. */
  private moveEdge(source: number, target: number): void {
    this.from[target] = this.from[source];
    this.to[target] = this.to[source];
    this.type[target] = this.type[source];
    this.weight[target] = this.weight[source];
    this.confidence[target] = this.confidence[source];
    this.count[target] = this.count[source];
    this.last[target] = this.last[source];
    const previous = (this.prevIn[target] = this.prevIn[source]);
    const next = (this.nextIn[target] = this.nextIn[source]);
    if (previous === NONE) this.headIn[this.to[target]] = target;
    else this.nextIn[previous] = target;
    if (next !== NONE) this.prevIn[next] = target;
    this.from[source] = NONE;
  }

  private allocateBlock(size: number): number {
    const reused = this.freeBlocks.get(size)?.pop();
    if (reused !== undefined) return reused;
    if (this.used + size > this.capacity) this.growEdges(this.used + size);
    const start = this.used;
    this.used += size;
    return start;
  }

  private freeBlock(start: number, size: number): void {
    const free = this.freeBlocks.get(size);
    if (free) free.push(start);
    else this.freeBlocks.set(size, [start]);
  }

  private known(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.headIn.length;
  }

  private typeIndex(type: unknown): number {
    const t = TYPE_INDEX.get(type as string);
    if (t === undefined) throw validationError([{ field: 'type', rule: 'enum', message: `must be one of ${EDGE_TYPES.join(', ')}` }]);
    return t;
  }

  private checkEdgeArguments(from: number, to: number, type: EdgeType, nowMs: number): number {
    if (!isId(from)) throw validationError([{ field: 'from', rule: 'integer', message: 'must be an integer ≥ 0' }]);
    if (!isId(to)) throw validationError([{ field: 'to', rule: 'integer', message: 'must be an integer ≥ 0' }]);
    if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) throw validationError([{ field: 'nowMs', rule: 'finite', message: 'must be a finite number' }]);
    return this.typeIndex(type);
  }

  private ensureTokens(required: number): void {
    if (required <= this.headIn.length) return;
    const size = Math.max(1024, required, this.headIn.length * 2);
    this.outStart = grown(this.outStart, size, NONE);
    this.outCapacity = grown(this.outCapacity, size, 0);
    this.headIn = grown(this.headIn, size, NONE);
    this.outDegree = grown(this.outDegree, size, 0);
    this.inDegree = grown(this.inDegree, size, 0);
  }

  /**
   * New slots become blocks' free room: `from` marks them NONE (the walks over all slots skip
   * those), and `link` writes every other field of a slot before anything reads it, so the rest is
   * left as the allocator zeroed it (with the other link arrays filled too, building a
   * 4.5-million-edge graph took 271–287 ns a connect against 234–235).
   */
  private growEdges(required: number): void {
    const capacity = Math.max(1024, required, this.capacity * 2);
    this.from = grown(this.from, capacity, NONE);
    this.to = grown(this.to, capacity);
    this.nextIn = grown(this.nextIn, capacity);
    this.prevIn = grown(this.prevIn, capacity);
    this.type = grown(this.type, capacity);
    this.weight = grown(this.weight, capacity);
    this.confidence = grown(this.confidence, capacity);
    this.count = grown(this.count, capacity);
    this.last = grown(this.last, capacity);
    this.capacity = capacity;
  }
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 31;
}

function unit(v: unknown): boolean {
  return typeof v === 'number' && v >= 0 && v <= 1;
}
