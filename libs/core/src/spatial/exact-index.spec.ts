import fc from 'fast-check';
import { NeuroGraphError } from '../common/errors.js';
import { seededRandom } from '../common/random.js';
import { BruteForceIndex } from './brute-force-index.js';
import { ExactIndex } from './exact-index.js';
import type { LeafScan } from './point-arena.js';

const coordinate = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.constantFrom(0, 0.25, 0.5, 1), // duplicates and boundaries
);
const vector = fc.array(coordinate, { minLength: 8, maxLength: 8 });
const scales = fc.array(fc.oneof(fc.double({ min: 0.1, max: 10, noNaN: true }), fc.constantFrom(1e-30, 1e30)), { minLength: 8, maxLength: 8 });

type Op = { kind: 'insert'; id: number; v: number[] } | { kind: 'remove'; id: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), id: fc.integer({ min: 0, max: 400 }), v: vector }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 400 }) }) },
);

function build(ops: Op[], leafScan: LeafScan, leafCapacity: number, s?: number[]) {
  const index = new ExactIndex({ leafCapacity, scales: s, leafScan });
  const brute = new BruteForceIndex(s);
  for (const o of ops) {
    if (o.kind === 'insert') {
      index.insert(o.id, o.v);
      brute.insert(o.id, o.v);
    } else {
      expect(index.remove(o.id)).toBe(brute.remove(o.id));
    }
  }
  return { index, brute };
}

const plain = (r: { count: number; ids: Int32Array; distances: Float64Array }) => ({
  ids: Array.from(r.ids.subarray(0, r.count)),
  distances: Array.from(r.distances.subarray(0, r.count)),
});

it('scans leaves with WebAssembly SIMD where the runtime has it, as Node does', () => {
  expect(new ExactIndex().leafScan).toBe('simd');
  expect(new ExactIndex({ leafScan: 'scalar' }).leafScan).toBe('scalar');
});

describe.each(['simd', 'scalar'] as const)('ExactIndex (%s leaf scan) equals a brute-force scan', (leafScan) => {
  it('for kNN, with and without a distance limit, after interleaved inserts, moves and removes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), vector, fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 4, max: 16 }), scales, (ops, q, k, limit, leafCapacity, s) => {
        const { index, brute } = build(ops, leafScan, leafCapacity, s);
        expect(index.size).toBe(brute.size);
        expect(plain(index.knn(q, k))).toEqual(plain(brute.knn(q, k)));
        expect(plain(index.knn(q, k, limit))).toEqual(plain(brute.knn(q, k, limit)));
      }),
      { numRuns: 300 },
    );
  });

  it('for radius (with limits), range and forEachWithin', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), vector, vector, fc.double({ min: 0, max: 0.6, noNaN: true }), fc.integer({ min: 1, max: 50 }), (ops, a, b, r, limit) => {
        const { index, brute } = build(ops, leafScan, 8);
        expect(index.radius(a, r)).toEqual(brute.radius(a, r));
        expect(index.radius(a, r, limit)).toEqual(brute.radius(a, r, limit));
        const min = a.map((x, i) => Math.min(x, b[i]));
        const max = a.map((x, i) => Math.max(x, b[i]));
        expect(index.range(min, max)).toEqual(brute.range(min, max));
        const seen: number[] = [];
        index.forEachWithin(a, r, (id) => seen.push(id));
        expect(seen.sort((x, y) => x - y)).toEqual([...brute.radius(a, r).ids].sort((x, y) => x - y));
      }),
      { numRuns: 200 },
    );
  });

  it('on clustered data of 20,000 points with a quarter removed', () => {
    const random = seededRandom(11);
    const centres = Array.from({ length: 16 }, () => Array.from({ length: 8 }, random));
    const index = new ExactIndex({ leafScan });
    const brute = new BruteForceIndex();
    for (let id = 0; id < 20_000; id++) {
      const c = centres[id % 16];
      const v = c.map((x) => Math.min(1, Math.max(0, x + (random() - 0.5) * 0.1)));
      index.insert(id, v);
      brute.insert(id, v);
    }
    for (let id = 0; id < 20_000; id += 4) {
      index.remove(id);
      brute.remove(id);
    }
    for (let i = 0; i < 200; i++) {
      const q = centres[i % 16].map((x) => Math.min(1, Math.max(0, x + (random() - 0.5) * 0.2)));
      expect(plain(index.knn(q, 10))).toEqual(plain(brute.knn(q, 10)));
    }
  });

  it('stays correct and shallow when points arrive sorted along one axis', () => {
    const index = new ExactIndex({ leafScan });
    const brute = new BruteForceIndex();
    const n = 100_000;
    for (let id = 0; id < n; id++) {
      const v = [id / n, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, (id % 7) / 7];
      index.insert(id, v);
      brute.insert(id, v);
    }
    // A degenerate (list-like) tree would be about n / 128 = 780 deep; a balanced one about log2(n / 128) = 10.
    expect(index.depth()).toBeLessThanOrEqual(2 * Math.ceil(Math.log2((2 * n) / 128)) + 5);
    for (const x of [0, 0.1, 0.5, 0.77, 1]) {
      const q = [x, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.3];
      expect(plain(index.knn(q, 10))).toEqual(plain(brute.knn(q, 10)));
    }
  });

  it('when many points share one position, beyond what a leaf holds, and some are removed', () => {
    // A leaf of identical points cannot split: its block in the arena moves to a bigger one, and the
    // blocks freed on the way are reused by the leaves made later.
    const index = new ExactIndex({ leafCapacity: 8, leafScan });
    const brute = new BruteForceIndex();
    const random = seededRandom(5);
    const same = [0.3, 0.3, 0.3, 0.3, 0.7, 0.7, 0.7, 0.7];
    for (let id = 0; id < 600; id++) {
      const v = id % 3 === 0 ? same : Array.from({ length: 8 }, random);
      index.insert(id, v);
      brute.insert(id, v);
    }
    for (let id = 0; id < 600; id += 5) expect(index.remove(id)).toBe(brute.remove(id));
    for (let id = 600; id < 700; id++) {
      const v = Array.from({ length: 8 }, random);
      index.insert(id, v);
      brute.insert(id, v);
    }
    expect(plain(index.knn(same, 50))).toEqual(plain(brute.knn(same, 50)));
    for (let i = 0; i < 20; i++) {
      const q = Array.from({ length: 8 }, random);
      expect(plain(index.knn(q, 10))).toEqual(plain(brute.knn(q, 10)));
    }
    const stored = new Map<number, number[]>();
    index.forEach((id, coords, offset) => stored.set(id, Array.from(coords.subarray(offset, offset + 8))));
    expect(stored.size).toBe(brute.size);
    for (const [id, v] of stored) expect(Array.from(index.vectorOf(id) ?? [])).toEqual(v);
    expect(Array.from(index.vectorOf(3) ?? [])).toEqual(Array.from(Float32Array.from(same)));
  });

  it('follows new dimension scales at once', () => {
    const index = new ExactIndex({ leafScan });
    index.insert(1, [0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    index.insert(2, [0.5, 0.65, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    const q = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    expect(index.knn(q, 1).ids[0]).toBe(1);
    index.setScales([10, 1, 1, 1, 1, 1, 1, 1]);
    expect(index.knn(q, 1).ids[0]).toBe(2);
    index.setScales([1, 10, 1, 1, 1, 1, 1, 1]);
    expect(index.knn(q, 1).ids[0]).toBe(1);
    expect(index.scales).toEqual([1, 10, 1, 1, 1, 1, 1, 1]);
  });

  it('answers as a brute-force scan under scales set after the points', () => {
    const random = seededRandom(17);
    const index = new ExactIndex({ leafCapacity: 16, leafScan });
    const points = Array.from({ length: 2_000 }, () => Array.from({ length: 8 }, random));
    points.forEach((v, id) => index.insert(id, v));
    for (const s of [[1e3, 1, 1, 1, 1, 1, 1, 1e-3], [1, 1, 1, 1, 1, 1, 1, 50]]) {
      index.setScales(s);
      const brute = new BruteForceIndex(s);
      points.forEach((v, id) => brute.insert(id, v));
      for (let i = 0; i < 20; i++) {
        const q = Array.from({ length: 8 }, random);
        expect(plain(index.knn(q, 10))).toEqual(plain(brute.knn(q, 10)));
      }
    }
  });
});

describe('ExactIndex refuses bad input and stays intact', () => {
  const issueOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(NeuroGraphError);
      return (error as NeuroGraphError).issues[0];
    }
    throw new Error('expected a refusal');
  };

  it('names the field and rule', () => {
    const index = new ExactIndex();
    index.insert(7, [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(issueOf(() => index.insert(1, [0.1, 0.1, 0.1, Number.NaN, 0.1, 0.1, 0.1, 0.1]))).toMatchObject({ field: 'vector.3', rule: 'finite' });
    expect(issueOf(() => index.insert(1, [0.1, 0.1, 0.1, 1.5, 0.1, 0.1, 0.1, 0.1]))).toMatchObject({ field: 'vector.3', rule: 'range' });
    expect(issueOf(() => index.insert(1, [0.1, 0.1]))).toMatchObject({ field: 'vector', rule: 'length' });
    expect(issueOf(() => index.insert(-1, [0, 0, 0, 0, 0, 0, 0, 0]))).toMatchObject({ field: 'id', rule: 'integer' });
    expect(issueOf(() => index.insert(1.5, [0, 0, 0, 0, 0, 0, 0, 0]))).toMatchObject({ field: 'id', rule: 'integer' });
    expect(issueOf(() => index.knn([0, 0, 0, 0, 0, 0, 0, 0], 0))).toMatchObject({ field: 'k', rule: 'integer' });
    expect(issueOf(() => index.knn([0, 0, 0, 0, 0, 0, 0, Infinity], 3))).toMatchObject({ field: 'query.7', rule: 'finite' });
    expect(issueOf(() => index.radius([0, 0, 0, 0, 0, 0, 0, 0], -1))).toMatchObject({ field: 'radius', rule: 'range' });
    expect(issueOf(() => index.setScales([1, 1, 1, 1, 1, 1, 1, 0]))).toMatchObject({ field: 'scales.7', rule: 'range' });
    // An existing point was not moved by the refused calls, and the index still answers.
    expect(index.size).toBe(1);
    expect(Array.from(index.vectorOf(7)!)).toEqual(Array(8).fill(Math.fround(0.1)));
    expect(index.knn([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 1).distances[0]).toBeCloseTo(0, 6);
  });
});
