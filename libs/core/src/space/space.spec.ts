import { NeuroGraphError } from '../common/errors.js';
import type { Signal } from '../common/types.js';
import { weightedDistance } from '../common/vector.js';
import { Space } from './space.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function signal(vector: number[], extra: Partial<Signal> = {}): Signal {
  return {
    id: `s-${Math.random()}`,
    type: 'signal.input.external.vector.passthrough',
    space: 'default',
    source: { domain: 'external', modality: 'vector', sensorId: 'vector', sensorType: 'passthrough', confidence: 1 },
    vector,
    energy: { magnitude: 1, valence: 0, arousal: 0.5, urgency: 0.5 },
    priority: 128,
    tags: [],
    timestamp: new Date(T0).toISOString(),
    tick: 0,
    ...extra,
  };
}

const at = (x: number, rest = 0.5) => [x, rest, rest, rest, rest, rest, rest, rest];

describe('Space.learn', () => {
  it('creates a novel token first, then activates it for the same vector and names it as neighbour', () => {
    const space = new Space('default');
    const first = space.learn(signal(at(0.2)), T0);
    expect(first).toMatchObject({ created: true, isNovel: true, neighbors: [], tick: 1 });
    const second = space.learn(signal(at(0.2)), T0 + 1);
    expect(second.created).toBe(false);
    expect(second.isNovel).toBe(false);
    expect(second.tokenId).toBe(first.tokenId);
    expect(second.neighbors[0]).toEqual({ tokenId: first.tokenId, distance: 0, similarity: 1 });
    expect(second.tick).toBe(2);
    expect(space.size).toBe(1);
  });

  it('moves weight and centroid toward an activating signal by the plasticity rate', () => {
    const space = new Space('default', { plasticity: 0.25, mergeRadius: 0.1, neighborRadius: 0.25 });
    const { tokenId } = space.learn(signal(at(0.5)), T0);
    const before = space.token(tokenId)!;
    space.learn(signal(at(0.6)), T0 + 10);
    const after = space.token(tokenId)!;
    expect(after.weight).toBeCloseTo(before.weight + 0.25 * (1 - before.weight), 6);
    expect(after.vector[0]).toBeCloseTo(0.5 + 0.25 * (0.6 - 0.5), 6);
    expect(after.vector[1]).toBeCloseTo(0.5, 6);
    expect(after.activationCount).toBe(2);
    expect(Date.parse(after.lastActivatedAt)).toBe(T0 + 10);
  });

  it('creates a non-novel token between merge radius and novelty threshold', () => {
    const space = new Space('default');
    space.learn(signal(at(0.5)), T0);
    // A shift of x in one of 8 equally weighted dimensions is a distance of x/√8.
    const outcome = space.learn(signal(at(0.5 + 0.08 * Math.sqrt(8))), T0);
    expect(outcome.created).toBe(true);
    expect(outcome.isNovel).toBe(false);
    expect(outcome.neighbors[0].distance).toBeCloseTo(0.08, 6);
  });

  it('links a new token to its neighbours with similarity weights and to the previous token of its sequence', () => {
    const space = new Space('default');
    const a = space.learn(signal(at(0.5), { sequenceId: 'chat-1' }), T0);
    const b = space.learn(signal(at(0.7), { sequenceId: 'chat-1' }), T0);
    const association = space.graph.edge(b.tokenId, a.tokenId, 'association');
    expect(association?.weight).toBeCloseTo(b.neighbors[0].similarity, 5);
    expect(space.graph.edge(a.tokenId, b.tokenId, 'temporal')).toBeDefined();
    const c = space.learn(signal(at(0.9), { sequenceId: 'chat-2' }), T0);
    expect(space.graph.edge(b.tokenId, c.tokenId, 'temporal')).toBeUndefined();
  });

  it('scores a signal far from its neighbours as more anomalous than one at the usual spacing', () => {
    const space = new Space('default', { neighborRadius: 1 });
    for (let i = 0; i < 20; i++) space.learn(signal(at(0.3 + (i % 5) * 0.02, 0.3 + Math.floor(i / 5) * 0.02)), T0);
    const near = space.learn(signal(at(0.34, 0.31)), T0);
    const far = space.learn(signal(at(0.95, 0.9)), T0);
    expect(far.anomalyScore).toBeGreaterThan(near.anomalyScore);
    expect(far.anomalyScore).toBeLessThanOrEqual(1);
    expect(new Space('x').learn(signal(at(0.1)), T0).anomalyScore).toBe(1);
  });

  it('re-orders neighbours when a dimension scale changes', () => {
    const space = new Space('default', { neighborRadius: 1, noveltyThreshold: 0.01, mergeRadius: 0.001 });
    const alongX = space.learn(signal([0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), T0).tokenId;
    const alongY = space.learn(signal([0.5, 0.65, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), T0).tokenId;
    const query = at(0.5);
    expect(space.nearest(query, 2).map((n) => n.tokenId)).toEqual([alongX, alongY]);
    space.configure({ dimensionScales: [10, 1, 1, 1, 1, 1, 1, 1] });
    expect(space.nearest(query, 2).map((n) => n.tokenId)).toEqual([alongY, alongX]);
    expect(space.nearest(query, 1)[0].distance).toBeCloseTo(weightedDistance(query, [0.5, 0.65, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [10, 1, 1, 1, 1, 1, 1, 1]), 6);
  });
});

describe('Space quotas', () => {
  it('evicts the least recently activated non-persistent tokens with their edges', () => {
    const space = new Space('default', { maxTokensPerSpace: 4, neighborRadius: 1 });
    const persistent = space.addToken({ vector: at(0.05), persistent: true }, T0).tokenId;
    const ids = [0.3, 0.5, 0.7].map((x, i) => space.learn(signal(at(x)), T0 + 100 + i).tokenId);
    space.learn(signal(at(0.3)), T0 + 200); // refreshes the first learned token
    const outcome = space.learn(signal(at(0.95)), T0 + 300);
    expect(outcome.evicted).toEqual([ids[1]]);
    expect(space.hasToken(ids[1])).toBe(false);
    expect(space.hasToken(persistent)).toBe(true);
    expect(space.size).toBe(4);
    expect(space.graph.degree(ids[1])).toEqual({ out: 0, in: 0 });
    expect(outcome.neighbors.some((n) => n.tokenId === ids[1])).toBe(false);
  });

  it('refuses a new token when every token is persistent and the quota is reached, storing nothing', () => {
    const space = new Space('default', { maxTokensPerSpace: 2 });
    space.addToken({ vector: at(0.1), persistent: true }, T0);
    space.addToken({ vector: at(0.9), persistent: true }, T0);
    const tick = space.tick;
    expect(() => space.learn(signal(at(0.5)), T0)).toThrow(expect.objectContaining({ code: 'QUOTA_EXCEEDED' }));
    expect(space.size).toBe(2);
    expect(space.tick).toBe(tick);
    expect(space.learn(signal(at(0.1)), T0).created).toBe(false);
  });
});

describe('Space field queries', () => {
  const points = [at(0.4), at(0.45), at(0.5, 0.52), at(0.9)];

  it('computes influence as Σ strength·exp(−d²/r²) over tokens within reach', () => {
    const space = new Space('default');
    for (const p of points) space.addToken({ vector: p }, T0);
    const query = at(0.42);
    const r = space.parameters.noveltyThreshold;
    const expected = points
      .map((p) => weightedDistance(query, p))
      .filter((d) => d <= 3 * r)
      .reduce((sum, d) => sum + Math.exp(-(d * d) / (r * r)), 0);
    expect(space.influence(query)).toBeCloseTo(expected, 5);
    expect(expected).toBeGreaterThan(0);
  });

  it('computes density as the count within a radius over the 8-ball volume', () => {
    const space = new Space('default');
    for (const p of points) space.addToken({ vector: p }, T0);
    const radius = 0.05;
    const inside = points.filter((p) => weightedDistance(at(0.42), p) <= radius).length;
    expect(inside).toBeGreaterThan(0);
    expect(space.density(at(0.42), radius)).toBeCloseTo(inside / ((Math.PI ** 4 / 24) * radius ** 8), 0);
    expect(() => space.density(at(0.42), -1)).toThrow(NeuroGraphError);
  });

  it('projects tokens to 2-D deterministically, spreading the dominant axis along x', () => {
    const build = () => {
      const space = new Space('default');
      for (let i = 0; i < 50; i++) space.addToken({ vector: at(i / 50, 0.5 + ((i * 37) % 7) / 1000) }, T0);
      return space.projection();
    };
    const a = build();
    const b = build();
    expect(a).toEqual(b);
    const xs = a.points.map((p) => p.x);
    const ys = a.points.map((p) => p.y);
    const spread = (v: number[]) => Math.max(...v) - Math.min(...v);
    expect(spread(xs)).toBeGreaterThan(10 * spread(ys));
  });
});

describe('Space.updateToken', () => {
  it('changes editable attributes, refuses bad values and unknown tokens', () => {
    const space = new Space('edit');
    const { tokenId } = space.addToken({ vector: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] }, 0);
    expect(space.updateToken(tokenId, { label: 'cat', weight: 0.9, persistent: true })).toBe(true);
    expect(space.token(tokenId)).toMatchObject({ label: 'cat', persistent: true });
    expect(space.token(tokenId)!.weight).toBeCloseTo(0.9, 5);
    expect(() => space.updateToken(tokenId, { weight: 2 })).toThrow(/weight/);
    expect(space.updateToken(tokenId + 1, { label: 'x' })).toBe(false);
  });
});
