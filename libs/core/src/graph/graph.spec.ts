import fc from 'fast-check';
import { NeuroGraphError } from '../common/errors.js';
import type { EdgeType } from '../common/types.js';
import { Graph } from './graph.js';
import { bfs, shortestPath, spreadActivation, subgraph } from './traversal.js';

const T = Date.parse('2026-01-01T00:00:00Z');
const DAY = 24 * 3600 * 1000;

describe('Graph edges', () => {
  it('creates, then strengthens with w ← w + η(1−w)', () => {
    const g = new Graph({ learningRate: 0.25, decayHalfLifeMs: Infinity });
    g.connect(1, 2, 'association', 0.4, T);
    g.connect(1, 2, 'association', 0.9, T + 1);
    const e = g.edge(1, 2, 'association')!;
    expect(e.weight).toBeCloseTo(0.4 + 0.25 * 0.6, 6);
    expect(e.count).toBe(2);
    expect(e.confidence).toBeCloseTo(0.9, 6);
    expect(g.edge(2, 1, 'association')).toBeUndefined();
    expect(g.edge(1, 2, 'temporal')).toBeUndefined();
  });

  it('decays by half each half-life, lazily', () => {
    const g = new Graph({ decayHalfLifeMs: DAY });
    g.connect(1, 2, 'association', 0.8, T);
    expect(g.edge(1, 2, 'association', T + DAY)!.weight).toBeCloseTo(0.4, 6);
    expect(g.edge(1, 2, 'association', T + 2 * DAY)!.weight).toBeCloseTo(0.2, 6);
    expect(g.prune(T + 3 * DAY, 0.15)).toBe(1);
    expect(g.edgeCount).toBe(0);
  });

  it('evicts the weakest out-edge when a token is at its limit', () => {
    const g = new Graph({ maxEdgesPerToken: 2, decayHalfLifeMs: Infinity });
    g.connect(1, 2, 'association', 0.9, T);
    g.connect(1, 3, 'association', 0.1, T);
    g.connect(1, 4, 'association', 0.5, T);
    expect(g.outEdges(1).map((e) => e.to).sort()).toEqual([2, 4]);
    expect(g.inEdges(3)).toEqual([]);
  });

  it('evicts by decayed weight: an old strong edge goes before a fresh weaker one', () => {
    const g = new Graph({ maxEdgesPerToken: 3, decayHalfLifeMs: DAY });
    g.connect(1, 2, 'association', 0.9, T);
    g.connect(1, 5, 'association', 0.95, T);
    g.connect(1, 3, 'association', 0.5, T + 2 * DAY);
    // At T + 2 days the first two weigh 0.225 and 0.2375; the third still 0.5.
    g.connect(1, 4, 'association', 0.6, T + 2 * DAY);
    expect(g.outEdges(1).map((e) => e.to).sort()).toEqual([3, 4, 5]);
  });

  it('refuses bad input and changes nothing', () => {
    const g = new Graph();
    g.connect(1, 2, 'association', 0.5, T);
    const bad: [number, number, EdgeType, number, number][] = [
      [1, 1, 'association', 0.5, T],
      [-1, 2, 'association', 0.5, T],
      [1, 2, 'friendship' as EdgeType, 0.5, T],
      [1, 3, 'association', 1.5, T],
      [1, 3, 'association', Number.NaN, T],
      [1, 3, 'association', 0.5, Number.NaN],
    ];
    for (const args of bad) expect(() => g.connect(...args)).toThrow(NeuroGraphError);
    expect(g.edgeCount).toBe(1);
    expect(g.edge(1, 2, 'association')!.count).toBe(1);
  });

  /** Each token's out- and in-edges as sorted keys, from the graph or from a model of it (keyed `from>to>type`). */
  function listsOf(source: Graph | Map<string, number>, tokens = 13): string[] {
    const lists: string[] = [];
    for (let id = 0; id < tokens; id++) {
      const keys = source instanceof Graph ? [...source.outEdges(id), ...source.inEdges(id)].map((e) => `${e.from}>${e.to}>${e.type}`) : [...source.keys()].filter((k) => k.split('>').slice(0, 2).includes(String(id)));
      lists.push(keys.sort().join(' '));
    }
    return lists;
  }

  it('matches a simple model under random operations, leaving no dangling references', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('connect' as const), from: fc.integer({ min: 0, max: 12 }), to: fc.integer({ min: 0, max: 12 }), type: fc.constantFrom<EdgeType>('association', 'temporal'), w: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('removeToken' as const), id: fc.integer({ min: 0, max: 12 }) }),
      fc.record({ kind: fc.constant('disconnect' as const), from: fc.integer({ min: 0, max: 12 }), to: fc.integer({ min: 0, max: 12 }), type: fc.constantFrom<EdgeType>('association', 'temporal') }),
      fc.record({ kind: fc.constant('prune' as const), below: fc.double({ min: 0, max: 0.6, noNaN: true }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200, size: 'max' }), (ops) => {
        const g = new Graph({ maxEdgesPerToken: 1000, learningRate: 0.5, decayHalfLifeMs: Infinity });
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'connect') {
            if (o.from === o.to) continue;
            g.connect(o.from, o.to, o.type, o.w, T);
            const key = `${o.from}>${o.to}>${o.type}`;
            const w = model.get(key);
            model.set(key, w === undefined ? Math.fround(o.w) : Math.fround(w + 0.5 * (1 - w)));
          } else if (o.kind === 'disconnect') {
            expect(g.disconnect(o.from, o.to, o.type)).toBe(model.delete(`${o.from}>${o.to}>${o.type}`));
          } else if (o.kind === 'prune') {
            const weak = [...model].filter(([, w]) => w < o.below);
            expect(g.prune(T, o.below)).toBe(weak.length);
            for (const [key] of weak) model.delete(key);
          } else {
            g.removeToken(o.id);
            for (const key of [...model.keys()]) if (key.split('>')[0] === String(o.id) || key.split('>')[1] === String(o.id)) model.delete(key);
          }
          // Checked after every operation: a corrupt list can be papered over by later ones.
          expect(g.edgeCount).toBe(model.size);
          expect(listsOf(g)).toEqual(listsOf(model));
        }
        for (const [key, weight] of model) {
          const [from, to, type] = key.split('>');
          expect(g.edge(Number(from), Number(to), type as EdgeType)!.weight).toBeCloseTo(weight, 5);
        }
        expect(Graph.restore(g.snapshot(), g.settings).snapshot()).toEqual(g.snapshot());
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every list intact while out-edge blocks grow, move and are reused', () => {
    const g = new Graph({ maxEdgesPerToken: 100, decayHalfLifeMs: Infinity });
    const model = new Map<string, number>();
    const connect = (from: number, to: number) => {
      g.connect(from, to, 'association', 0.5, T);
      model.set(`${from}>${to}>association`, 0.5);
    };
    // Round-robin, so that blocks of every size are freed and taken again while other tokens grow.
    for (let k = 1; k <= 40; k++) for (let from = 0; from < 20; from++) connect(from, (from + k) % 41);
    for (let id = 0; id < 20; id += 3) {
      g.removeToken(id);
      for (const key of [...model.keys()]) if (key.split('>').slice(0, 2).includes(String(id))) model.delete(key);
    }
    for (let k = 1; k <= 30; k++) for (let from = 0; from < 20; from += 3) connect(from, (from + 2 * k) % 41);
    // Small blocks emptied one edge at a time, then taken again by tokens growing past them.
    for (let from = 41; from < 50; from++) for (let to = 0; to < 4; to++) connect(from, to);
    for (let from = 41; from < 50; from++) {
      for (let to = 0; to < 4; to++) {
        g.disconnect(from, to, 'association');
        model.delete(`${from}>${to}>association`);
      }
    }
    for (let k = 1; k <= 12; k++) for (let from = 50; from < 60; from++) connect(from, k);
    expect(g.edgeCount).toBe(model.size);
    expect(listsOf(g, 60)).toEqual(listsOf(model, 60));
  });

  it('round-trips through a snapshot and refuses a broken one naming the field', () => {
    const g = new Graph();
    g.connect(1, 2, 'association', 0.5, T);
    g.connect(2, 3, 'temporal', 0.7, T + 5);
    g.connect(2, 3, 'temporal', 0.7, T + 9);
    const restored = Graph.restore(JSON.parse(JSON.stringify(g.snapshot())));
    expect(restored.snapshot()).toEqual(g.snapshot());
    const broken = g.snapshot();
    broken.edges[1].weight = 3;
    expect(() => Graph.restore(broken)).toThrow(expect.objectContaining({ code: 'SNAPSHOT_INVALID', issues: [expect.objectContaining({ field: 'edges.1.weight' })] }));
  });
});

describe('graph traversal', () => {
  function chain(): Graph {
    const g = new Graph({ decayHalfLifeMs: Infinity });
    g.connect(0, 1, 'association', 0.9, T);
    g.connect(1, 2, 'association', 0.5, T);
    g.connect(2, 3, 'temporal', 0.8, T);
    g.connect(0, 4, 'association', 0.1, T);
    g.connect(4, 3, 'association', 0.1, T);
    return g;
  }

  it('bfs respects depth, node limits, types and direction', () => {
    const g = chain();
    expect(bfs(g, 0, { maxDepth: 1 })).toEqual([
      { tokenId: 0, depth: 0 },
      { tokenId: 1, depth: 1 },
      { tokenId: 4, depth: 1 },
    ]);
    expect(bfs(g, 0, { maxDepth: 5, types: ['association'] }).map((r) => r.tokenId).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(bfs(g, 0, { maxDepth: 5, maxNodes: 2 })).toHaveLength(2);
    expect(bfs(g, 3, { direction: 'in', maxDepth: 1 }).map((r) => r.tokenId).sort()).toEqual([2, 3, 4]);
    expect(() => bfs(g, 0, { maxDepth: -1 })).toThrow(NeuroGraphError);
  });

  it('shortest path prefers strong links (cost 1/weight)', () => {
    const g = chain();
    const path = shortestPath(g, 0, 3)!;
    expect(path.path).toEqual([0, 1, 2, 3]);
    expect(path.cost).toBeCloseTo(1 / 0.9 + 1 / 0.5 + 1 / 0.8, 5);
    expect(shortestPath(g, 3, 0)).toBeNull();
  });

  it('shortest path equals Floyd–Warshall on random graphs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), fc.double({ min: 0.05, max: 1, noNaN: true })), { maxLength: 30 }), (edges) => {
        const g = new Graph({ decayHalfLifeMs: Infinity, learningRate: 0 });
        const n = 8;
        const dist = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
        for (const [a, b, w] of edges) {
          if (a === b || g.edge(a, b, 'association')) continue;
          g.connect(a, b, 'association', w, T);
          dist[a][b] = 1 / Math.fround(w);
        }
        for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dist[i][j] = Math.min(dist[i][j], dist[i][k] + dist[k][j]);
        for (let j = 1; j < n; j++) {
          const found = shortestPath(g, 0, j);
          if (dist[0][j] === Infinity) expect(found).toBeNull();
          else expect(found!.cost).toBeCloseTo(dist[0][j], 6);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('spreads activation as energy × weight × (1 − decay) per hop and stops under the threshold', () => {
    const g = chain();
    const result = spreadActivation(g, 0, { energy: 1, decay: 0.2, threshold: 0.05 });
    const of = (id: number) => result.find((r) => r.tokenId === id);
    expect(of(0)).toEqual({ tokenId: 0, activation: 1, hops: 0 });
    expect(of(1)!.activation).toBeCloseTo(0.8 * Math.fround(0.9), 6);
    expect(of(2)!.activation).toBeCloseTo(0.8 * Math.fround(0.9) * 0.8 * 0.5, 6);
    expect(of(3)!.activation).toBeCloseTo(0.8 * Math.fround(0.9) * 0.8 * 0.5 * 0.8 * Math.fround(0.8), 6);
    // 0 → 4 carries 0.8 × 0.1 = 0.08 ≥ 0.05, but 4 → 3 would carry 0.0064: cut by the threshold.
    expect(of(4)!.activation).toBeCloseTo(0.8 * Math.fround(0.1), 6);
    expect(result.map((r) => r.activation)).toEqual([...result.map((r) => r.activation)].sort((a, b) => b - a));
  });

  it('subgraph gathers nodes both ways within the depth and the edges among them', () => {
    const g = chain();
    const { nodes, edges } = subgraph(g, 2, { depth: 1 });
    expect(nodes.sort()).toEqual([1, 2, 3]);
    expect(edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(['1>2', '2>3']);
    expect(subgraph(g, 0, { depth: 5, maxNodes: 3 }).nodes).toHaveLength(3);
  });
});

describe('Graph.onEdgeChange', () => {
  it('reports created, strengthened, pruned and removed edges, and nothing for reads', () => {
    const graph = new Graph({ maxEdgesPerToken: 1 });
    const seen: string[] = [];
    graph.onEdgeChange = (from, to, type) => seen.push(`${from}>${to}:${type}`);
    graph.connect(0, 1, 'association', 0.5, 0);
    graph.connect(0, 1, 'association', 0.5, 1);
    graph.outEdges(0);
    // The limit of one out-edge evicts 0>1 to make room for 0>2.
    graph.connect(0, 2, 'temporal', 0.9, 2);
    graph.connect(3, 2, 'user', 0.9, 2);
    graph.removeToken(2);
    expect(seen).toEqual(['0>1:association', '0>1:association', '0>1:association', '0>2:temporal', '3>2:user', '3>2:user', '0>2:temporal']);
  });
});
