/** Output of a kNN query, reusable across queries so the hot path allocates nothing. */
export interface KnnResult {
  count: number;
  ids: Int32Array;
  /** Normalised weighted distances, ascending. */
  distances: Float64Array;
}

export function createKnnResult(k: number): KnnResult {
  return { count: 0, ids: new Int32Array(k), distances: new Float64Array(k) };
}

/**
 * The k best candidates so far, as a max-heap on (squared distance, id): the root is the worst
 * kept candidate, so a new one is compared against it in O(1). Ties are broken by the smaller id,
 * which makes every query's answer unique and comparable with a brute-force scan.
 */
export class KnnHeap {
  private d2: Float64Array;
  private ids: Int32Array;
  size = 0;
  k = 0;
  /** Squared distance a candidate must not exceed to be considered (Infinity until full). A field, not a method, so hot loops read it without a call. */
  worst = Infinity;

  constructor(capacity: number) {
    this.d2 = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  reset(k: number): void {
    if (k > this.d2.length) {
      this.d2 = new Float64Array(k);
      this.ids = new Int32Array(k);
    }
    this.k = k;
    this.size = 0;
    this.worst = Infinity;
  }

  offer(id: number, d2: number): void {
    const heapD = this.d2;
    const heapIds = this.ids;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heapD[parent] > d2 || (heapD[parent] === d2 && heapIds[parent] > id)) break;
        heapD[i] = heapD[parent];
        heapIds[i] = heapIds[parent];
        i = parent;
      }
      heapD[i] = d2;
      heapIds[i] = id;
      if (this.size === this.k) this.worst = heapD[0];
      return;
    }
    if (d2 > heapD[0] || (d2 === heapD[0] && id > heapIds[0])) return;
    this.replaceRoot(d2, id, this.size);
    this.worst = heapD[0];
  }

  /** Writes the candidates in ascending (distance, id) order; `toDistance` maps squared units to distances. */
  drainInto(out: KnnResult, toDistance: (d2: number) => number): KnnResult {
    if (out.ids.length < this.size) {
      out.ids = new Int32Array(this.size);
      out.distances = new Float64Array(this.size);
    }
    const n = this.size;
    for (let end = n - 1; end >= 0; end--) {
      out.ids[end] = this.ids[0];
      out.distances[end] = toDistance(this.d2[0]);
      this.replaceRoot(this.d2[end], this.ids[end], end);
    }
    out.count = n;
    this.size = 0;
    return out;
  }

  /** Puts (d2, id) at the root of the first `n` entries and sifts it down to its place. */
  private replaceRoot(d2: number, id: number, n: number): void {
    const heapD = this.d2;
    const heapIds = this.ids;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      const r = l + 1;
      if (r < n && (heapD[r] > heapD[l] || (heapD[r] === heapD[l] && heapIds[r] > heapIds[l]))) c = r;
      if (heapD[c] < d2 || (heapD[c] === d2 && heapIds[c] < id)) break;
      heapD[i] = heapD[c];
      heapIds[i] = heapIds[c];
      i = c;
    }
    heapD[i] = d2;
    heapIds[i] = id;
  }
}
