import { BruteForceIndex, ExactIndex } from '@neurograph/core';
import { distribution, memoryHeld, round } from '../stats';
import { type Mixture, sample } from '../workload';

export interface KnnFigures {
  data: string;
  tokens: number;
  buildSeconds: number;
  insertUs: number;
  queries: number;
  knnUs: ReturnType<typeof distribution>;
  bruteForceUs: ReturnType<typeof distribution>;
  speedupVsBruteForce: number;
  exactChecked: number;
  exactMismatches: number;
  indexBytesPerToken: number;
  heapBytesPerToken: number;
}

/** Exact kNN (k = 10) over `tokens` points against a linear scan over the same stored points. */
export function benchKnn(label: string, points: Mixture, queries: Mixture, tokens: number, queryCount: number, bruteCount: number): KnnFigures {
  // One point at a time: a sample of them all, freed while the index is weighed, would count against it.
  const vector = new Float64Array(8);
  const before = memoryHeld();
  const index = new ExactIndex();
  const started = performance.now();
  for (let i = 0; i < tokens; i++) {
    points.next(vector);
    index.insert(i, vector);
  }
  const buildMs = performance.now() - started;
  const heapBytes = memoryHeld() - before;

  const brute = new BruteForceIndex();
  index.forEach((id, vector, offset) => brute.insert(id, vector.subarray(offset, offset + 8)));

  const q = sample(queries, queryCount);
  const out = ExactIndex.createKnnResult(10);
  for (let i = 0; i < Math.min(2000, queryCount); i++) index.knn(q.subarray(i * 8, i * 8 + 8), 10, Infinity, out);
  const knnUs = new Float64Array(queryCount);
  for (let i = 0; i < queryCount; i++) {
    const query = q.subarray(i * 8, i * 8 + 8);
    const t0 = performance.now();
    index.knn(query, 10, Infinity, out);
    knnUs[i] = (performance.now() - t0) * 1000;
  }

  const bruteUs = new Float64Array(bruteCount);
  let mismatches = 0;
  for (let i = 0; i < bruteCount; i++) {
    const query = q.subarray(i * 8, i * 8 + 8);
    const t0 = performance.now();
    const expected = brute.knn(query, 10);
    bruteUs[i] = (performance.now() - t0) * 1000;
    const got = index.knn(query, 10, Infinity, out);
    for (let j = 0; j < 10; j++) if (got.ids[j] !== expected.ids[j] || got.distances[j] !== expected.distances[j]) mismatches++;
  }
  const knn = distribution(knnUs);
  const bruteForce = distribution(bruteUs);
  return {
    data: label,
    tokens,
    buildSeconds: round(buildMs / 1000, 2),
    insertUs: round((buildMs * 1000) / tokens, 3),
    queries: queryCount,
    knnUs: knn,
    bruteForceUs: bruteForce,
    speedupVsBruteForce: round(bruteForce.p50 / knn.p50, 1),
    exactChecked: bruteCount,
    exactMismatches: mismatches,
    indexBytesPerToken: round(index.memoryBytes() / tokens, 1),
    heapBytesPerToken: round(heapBytes / tokens, 1),
  };
}
