import { validationError } from '../common/errors.js';
import { EDGE_TYPES, type Edge, type EdgeType } from '../common/types.js';
import type { Graph } from './graph.js';

export interface TraversalOptions {
  types?: EdgeType[];
  /** Follow out-edges, in-edges or both (default 'out'). */
  direction?: 'out' | 'in' | 'both';
}

function typeSet(types: EdgeType[] | undefined): Set<number> | null {
  if (types === undefined) return null;
  if (!Array.isArray(types)) throw validationError([{ field: 'types', rule: 'type', message: 'must be an array of edge types' }]);
  return new Set(
    types.map((t, i) => {
      const index = EDGE_TYPES.indexOf(t);
      if (index < 0) throw validationError([{ field: `types.${i}`, rule: 'enum', message: `must be one of ${EDGE_TYPES.join(', ')}` }]);
      return index;
    }),
  );
}

function bounded(value: number | undefined, fallback: number, field: string, min: number, max: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || Number.isNaN(v) || v < min || v > max) throw validationError([{ field, rule: 'range', message: `must be a number in [${min}, ${max}]` }]);
  return v;
}

function assertToken(id: number, field: string): void {
  if (!Number.isInteger(id) || id < 0) throw validationError([{ field, rule: 'integer', message: 'must be an integer ≥ 0' }]);
}

/** Breadth-first search from `start`, bounded in depth and in nodes; the start itself is depth 0. */
export function bfs(graph: Graph, start: number, options: TraversalOptions & { maxDepth?: number; maxNodes?: number } = {}): { tokenId: number; depth: number }[] {
  assertToken(start, 'start');
  const maxDepth = bounded(options.maxDepth, 3, 'maxDepth', 0, 64);
  const maxNodes = bounded(options.maxNodes, 1000, 'maxNodes', 1, 1_000_000);
  const types = typeSet(options.types);
  const depthOf = new Map<number, number>([[start, 0]]);
  const order = [start];
  for (let head = 0; head < order.length && order.length < maxNodes; head++) {
    const current = order[head];
    const depth = depthOf.get(current) as number;
    if (depth >= maxDepth) continue;
    graph.forEachNeighbour(current, options.direction ?? 'out', types, (next) => {
      if (depthOf.has(next) || order.length >= maxNodes) return;
      depthOf.set(next, depth + 1);
      order.push(next);
    });
  }
  return order.map((tokenId) => ({ tokenId, depth: depthOf.get(tokenId) as number }));
}

/** Dijkstra over out-edges with cost 1/weight (strong links are short); null when unreachable. */
export function shortestPath(graph: Graph, from: number, to: number, options: { types?: EdgeType[]; maxNodes?: number } = {}): { path: number[]; cost: number } | null {
  assertToken(from, 'from');
  assertToken(to, 'to');
  const maxNodes = bounded(options.maxNodes, 100_000, 'maxNodes', 1, 10_000_000);
  const types = typeSet(options.types);
  const cost = new Map<number, number>([[from, 0]]);
  const previous = new Map<number, number>();
  const settled = new Set<number>();
  const heap = new MinHeap();
  heap.push(from, 0);
  while (heap.size > 0 && settled.size < maxNodes) {
    const [node, c] = heap.pop();
    if (settled.has(node)) continue;
    settled.add(node);
    if (node === to) break;
    graph.forEachNeighbour(node, 'out', types, (next, weight) => {
      if (weight <= 0 || settled.has(next)) return;
      const candidate = c + 1 / weight;
      if (candidate < (cost.get(next) ?? Infinity)) {
        cost.set(next, candidate);
        previous.set(next, node);
        heap.push(next, candidate);
      }
    });
  }
  if (!settled.has(to)) return null;
  const path = [to];
  while (path[0] !== from) path.unshift(previous.get(path[0]) as number);
  return { path, cost: cost.get(to) as number };
}

/**
 * Spreading activation: energy flows along out-edges as energy × weight × (1 − decay) per hop and
 * stops under `threshold`. A token keeps the strongest activation that reached it.
 */
export function spreadActivation(
  graph: Graph,
  start: number,
  options: { energy?: number; decay?: number; threshold?: number; maxHops?: number; maxNodes?: number; types?: EdgeType[] } = {},
): { tokenId: number; activation: number; hops: number }[] {
  assertToken(start, 'start');
  const energy = bounded(options.energy, 1, 'energy', 0, 1e6);
  const decay = bounded(options.decay, 0.2, 'decay', 0, 1);
  const threshold = bounded(options.threshold, 0.01, 'threshold', 0, 1e6);
  const maxHops = bounded(options.maxHops, 5, 'maxHops', 0, 64);
  const maxNodes = bounded(options.maxNodes, 10_000, 'maxNodes', 1, 1_000_000);
  const types = typeSet(options.types);
  const best = new Map<number, { activation: number; hops: number }>([[start, { activation: energy, hops: 0 }]]);
  let frontier = [start];
  for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const node of frontier) {
      const arriving = (best.get(node) as { activation: number }).activation * (1 - decay);
      graph.forEachNeighbour(node, 'out', types, (other, weight) => {
        const activation = arriving * weight;
        if (activation < threshold) return;
        const known = best.get(other);
        if (known && known.activation >= activation) return;
        if (!known && best.size >= maxNodes) return;
        best.set(other, { activation, hops: hop });
        next.push(other);
      });
    }
    frontier = next;
  }
  return [...best.entries()]
    .map(([tokenId, b]) => ({ tokenId, activation: b.activation, hops: b.hops }))
    .sort((a, b) => b.activation - a.activation || a.tokenId - b.tokenId);
}

/** The tokens within `depth` hops (both directions) of a centre, and the edges among them, for display. */
export function subgraph(graph: Graph, center: number, options: { depth?: number; maxNodes?: number; types?: EdgeType[] } = {}): { nodes: number[]; edges: Edge[] } {
  const reached = bfs(graph, center, { maxDepth: options.depth ?? 2, maxNodes: options.maxNodes ?? 200, types: options.types, direction: 'both' });
  const nodes = reached.map((r) => r.tokenId);
  const inside = new Set(nodes);
  const edges = nodes.flatMap((id) => graph.outEdges(id).filter((e) => inside.has(e.to) && (!options.types || options.types.includes(e.type))));
  return { nodes, edges };
}

/** Binary min-heap of (node, priority) on parallel arrays. */
class MinHeap {
  private nodes: number[] = [];
  private priorities: number[] = [];

  get size(): number {
    return this.nodes.length;
  }

  push(node: number, priority: number): void {
    let i = this.nodes.length;
    this.nodes.push(node);
    this.priorities.push(priority);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.priorities[parent] <= priority) break;
      this.nodes[i] = this.nodes[parent];
      this.priorities[i] = this.priorities[parent];
      i = parent;
    }
    this.nodes[i] = node;
    this.priorities[i] = priority;
  }

  pop(): [number, number] {
    const top: [number, number] = [this.nodes[0], this.priorities[0]];
    const node = this.nodes.pop() as number;
    const priority = this.priorities.pop() as number;
    const n = this.nodes.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.priorities[r] < this.priorities[l] ? r : l;
        if (this.priorities[c] >= priority) break;
        this.nodes[i] = this.nodes[c];
        this.priorities[i] = this.priorities[c];
        i = c;
      }
      this.nodes[i] = node;
      this.priorities[i] = priority;
    }
    return top;
  }
}
