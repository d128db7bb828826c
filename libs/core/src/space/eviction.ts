import type { TokenStore } from './token-store.js';

/**
 * Picks the `count` non-persistent tokens that were activated least recently, ties broken by the
 * lowest weight: the tokens a full space can lose with the least harm. One O(n) pass with a
 * bounded max-heap, so a space of a million tokens evicts in a few milliseconds, and the space
 * evicts in batches so the cost is paid rarely.
 */
export function selectEvictionVictims(tokens: TokenStore, count: number): number[] {
  const heapIds = new Int32Array(count);
  const heapTime = new Float64Array(count);
  const heapWeight = new Float64Array(count);
  let size = 0;

  // "Later" in eviction order: activated more recently, or as recent but heavier.
  const later = (ta: number, wa: number, tb: number, wb: number) => ta > tb || (ta === tb && wa > wb);

  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < size && later(heapTime[l], heapWeight[l], heapTime[top], heapWeight[top])) top = l;
      if (r < size && later(heapTime[r], heapWeight[r], heapTime[top], heapWeight[top])) top = r;
      if (top === i) return;
      swap(i, top);
      i = top;
    }
  };
  const swap = (a: number, b: number) => {
    const id = heapIds[a], t = heapTime[a], w = heapWeight[a];
    heapIds[a] = heapIds[b]; heapTime[a] = heapTime[b]; heapWeight[a] = heapWeight[b];
    heapIds[b] = id; heapTime[b] = t; heapWeight[b] = w;
  };

  tokens.forEachId((id) => {
    if (tokens.isPersistent(id)) return;
    const t = tokens.lastActivatedAtOf(id);
    const w = tokens.weightOf(id);
    if (size < count) {
      heapIds[size] = id; heapTime[size] = t; heapWeight[size] = w;
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!later(heapTime[i], heapWeight[i], heapTime[parent], heapWeight[parent])) break;
        swap(i, parent);
        i = parent;
      }
    } else if (later(heapTime[0], heapWeight[0], t, w)) {
      heapIds[0] = id; heapTime[0] = t; heapWeight[0] = w;
      siftDown(0);
    }
  });
  return Array.from(heapIds.subarray(0, size)).sort((a, b) => a - b);
}
