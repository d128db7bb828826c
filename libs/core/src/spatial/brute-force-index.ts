import { DIMENSIONS, type Vector8 } from '../common/vector.js';
import { squaredDistanceAt, scaleSum } from './distance.js';
import { createKnnResult, KnnHeap, type KnnResult } from './knn-result.js';
import { assertId, assertK, assertRadius, assertVector, toScales } from './validation.js';

/**
 * A linear scan over one flat Float32Array: the reference every ExactIndex query is checked
 * against, and the peer of the benchmark. It is a fair, tight loop, not a strawman.
 */
export class BruteForceIndex {
  private coords = new Float32Array(1024 * DIMENSIONS);
  private ids = new Int32Array(1024);
  private slotOf = new Int32Array(0);
  private count = 0;
  private s: Float64Array;
  private sum: number;
  private readonly q = new Float64Array(DIMENSIONS);
  private readonly heap = new KnnHeap(16);

  constructor(scales: ArrayLike<number> = [1, 1, 1, 1, 1, 1, 1, 1]) {
    this.s = toScales(scales);
    this.sum = scaleSum(this.s);
  }

  get size(): number {
    return this.count;
  }

  setScales(scales: ArrayLike<number>): void {
    this.s = toScales(scales);
    this.sum = scaleSum(this.s);
  }

  insert(id: number, vector: Vector8): void {
    assertId(id);
    assertVector(vector);
    if (id >= this.slotOf.length) {
      const bigger = new Int32Array(Math.max(id + 1, this.slotOf.length * 2, 1024)).fill(-1);
      bigger.set(this.slotOf);
      this.slotOf = bigger;
    }
    let slot = this.slotOf[id];
    if (slot < 0) {
      if (this.count === this.ids.length) {
        const ids = new Int32Array(this.ids.length * 2);
        ids.set(this.ids);
        this.ids = ids;
        const coords = new Float32Array(this.coords.length * 2);
        coords.set(this.coords);
        this.coords = coords;
      }
      slot = this.count++;
      this.ids[slot] = id;
      this.slotOf[id] = slot;
    }
    for (let d = 0; d < DIMENSIONS; d++) this.coords[slot * DIMENSIONS + d] = vector[d];
  }

  remove(id: number): boolean {
    const slot = id >= 0 && id < this.slotOf.length ? this.slotOf[id] : -1;
    if (slot < 0) return false;
    const last = --this.count;
    const moved = this.ids[last];
    this.ids[slot] = moved;
    this.coords.copyWithin(slot * DIMENSIONS, last * DIMENSIONS, last * DIMENSIONS + DIMENSIONS);
    this.slotOf[moved] = slot;
    this.slotOf[id] = -1;
    return true;
  }

  knn(query: Vector8, k: number, maxDistance = Infinity, out: KnnResult = createKnnResult(k)): KnnResult {
    assertVector(query, 'query');
    assertK(k);
    assertRadius(maxDistance, 'maxDistance');
    const q = this.load(query);
    this.heap.reset(k);
    for (let i = 0; i < this.count; i++) {
      const d2 = squaredDistanceAt(this.coords, i * DIMENSIONS, q, this.s);
      if (d2 <= this.heap.worst && Math.sqrt(d2 / this.sum) <= maxDistance) this.heap.offer(this.ids[i], d2);
    }
    return this.heap.drainInto(out, (d2) => Math.sqrt(d2 / this.sum));
  }

  radius(query: Vector8, r: number, limit = Infinity): { ids: number[]; distances: number[] } {
    assertVector(query, 'query');
    assertRadius(r);
    const q = this.load(query);
    const found: { id: number; d: number }[] = [];
    for (let i = 0; i < this.count; i++) {
      const d = Math.sqrt(squaredDistanceAt(this.coords, i * DIMENSIONS, q, this.s) / this.sum);
      if (d <= r) found.push({ id: this.ids[i], d });
    }
    found.sort((a, b) => a.d - b.d || a.id - b.id);
    const kept = found.slice(0, limit);
    return { ids: kept.map((f) => f.id), distances: kept.map((f) => f.d) };
  }

  range(min: Vector8, max: Vector8): number[] {
    assertVector(min, 'min');
    assertVector(max, 'max');
    const ids: number[] = [];
    for (let i = 0; i < this.count; i++) {
      let inside = true;
      for (let d = 0; d < DIMENSIONS && inside; d++) {
        const x = this.coords[i * DIMENSIONS + d];
        inside = x >= min[d] && x <= max[d];
      }
      if (inside) ids.push(this.ids[i]);
    }
    return ids.sort((a, b) => a - b);
  }

  private load(query: Vector8): Float64Array {
    for (let d = 0; d < DIMENSIONS; d++) this.q[d] = Math.fround(query[d]);
    return this.q;
  }
}
