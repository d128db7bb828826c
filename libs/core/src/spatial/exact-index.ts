import { grown } from '../common/typed-arrays.js';
import { DIMENSIONS, type Vector8 } from '../common/vector.js';
import { squaredDistanceAt, scaleSum } from './distance.js';
import { createKnnResult, KnnHeap, type KnnResult } from './knn-result.js';
import { type LeafScan, PointArena, SCAN_SLOTS } from './point-arena.js';
import { assertId, assertK, assertRadius, assertVector, toScales } from './validation.js';

export interface IndexOptions {
  /** Dimension scales of the weighted distance (default all 1). */
  scales?: ArrayLike<number>;
  /**
   * Points per leaf before it splits. Default 128: on the clustered workload (k = 10) it beat 64 by
   * 10–20 % at 10⁵–10⁶ points, with and without a distance limit; a query visits fewer nodes for a
   * few more points scanned, and the scan is the cheaper part per point (ADR 0002).
   */
  leafCapacity?: number;
  /** 'scalar' scans leaves in JavaScript even where WebAssembly SIMD is available (the default uses it when it is). */
  leafScan?: LeafScan;
}

const NONE = -1;
const BOX = 2 * DIMENSIONS;
/** A subtree is rebuilt when one child holds more than this share of its points. */
const BALANCE = 0.75;

/**
 * Twice the distance from a coordinate to a box side, given `below` = lo − x and `above` = x − hi
 * (at most one is positive): a + |a| is 2a or 0, exactly, with no branch. A branch per dimension
 * (x < lo ? … : x > hi ? … : 0) is mispredicted about as often as not, and kNN queries ran about
 * 25 % faster without it. Scaling by powers of two is exact in floating point (short of underflow
 * near 1e-308), so the bound is the same sum of squared gaps as before, and never exceeds the
 * distance the scan computes for a point in the box.
 */
function twiceGap(below: number, above: number): number {
  return below + Math.abs(below) + (above + Math.abs(above));
}

/**
 * Exact k-nearest-neighbour index over the unit 8-cube: a bucket KD-tree that grows by splitting
 * leaves and stays balanced by rebuilding only the subtree that became lopsided (scapegoat style).
 *
 * Why this structure: in 8 dimensions a grid needs 3⁸ neighbouring cells per query, and a VP-tree
 * cannot be updated in place; a KD-tree with per-node bounding boxes prunes well on clustered data,
 * takes inserts and removals in O(depth), and keeps each leaf's points contiguous in one arena
 * shared by all leaves (point-arena.ts), so the final scan is a cache-friendly loop with nothing
 * to dereference per leaf. Rebuilding lopsided subtrees bounds the depth at
 * O(log n) even for adversarial (sorted) insertion orders, at an amortised O(log² n) cost.
 *
 * Vectors are stored as Float32 (32 bytes a point) and queries are rounded to the same precision,
 * so a point queried with its own vector is at distance exactly 0. "Exact" means exact with respect
 * to the stored coordinates, with distances computed in float64 by the same function as the
 * brute-force scan.
 * Bounding boxes grow on insert and are not shrunk on removal (still correct, merely looser)
 * until the subtree is rebuilt.
 */
export class ExactIndex {
  static createKnnResult(k: number): KnnResult {
    return createKnnResult(k);
  }

  private s: Float64Array;
  private sum: number;
  private readonly leafCapacity: number;

  // Nodes (inner and leaf) as a structure of typed arrays.
  private nodeCapacity = 0;
  private nodesUsed = 0;
  private readonly freeNodes: number[] = [];
  private splitDim = new Int8Array(0);
  private splitValue = new Float32Array(0);
  private left = new Int32Array(0);
  private right = new Int32Array(0);
  private parent = new Int32Array(0);
  private leafOfNode = new Int32Array(0);
  private nodeSize = new Int32Array(0);
  private boxes = new Float32Array(0);

  // Leaves: each owns a block of the arena's slots, its first `leafCount` slots used.
  private readonly points: PointArena;
  private leavesUsed = 0;
  private leafBase = new Int32Array(0);
  private leafRoom = new Int32Array(0);
  private leafCount = new Int32Array(0);
  private nodeOfLeaf = new Int32Array(0);
  private readonly freeLeaves: number[] = [];

  // id → (leaf, slot)
  private idLeaf = new Int32Array(0);
  private idSlot = new Int32Array(0);
  private count = 0;
  private root: number;

  // Scratch space reused by every query.
  private readonly q = new Float64Array(DIMENSIONS);
  private readonly heap = new KnnHeap(16);
  private readonly childBounds = new Float64Array(2);
  private stackNodes = new Int32Array(256);
  private stackBounds = new Float64Array(256);
  private path = new Int32Array(256);

  constructor(options: IndexOptions = {}) {
    this.s = toScales(options.scales ?? [1, 1, 1, 1, 1, 1, 1, 1]);
    this.sum = scaleSum(this.s);
    this.leafCapacity = Math.max(4, Math.min(1024, Math.floor(options.leafCapacity ?? 128)));
    this.points = new PointArena(options.leafScan);
    this.points.setScales(this.s);
    this.root = this.newLeafNode(NONE);
  }

  get size(): number {
    return this.count;
  }

  /** How leaves are scanned here: 'simd' unless asked otherwise or the runtime lacks WebAssembly SIMD. */
  get leafScan(): LeafScan {
    return this.points.kind;
  }

  get scales(): readonly number[] {
    return Array.from(this.s);
  }

  /** New scales re-weight every later query at once; the tree itself does not depend on them. */
  setScales(scales: ArrayLike<number>): void {
    this.s = toScales(scales);
    this.sum = scaleSum(this.s);
    this.points.setScales(this.s);
  }

  has(id: number): boolean {
    return id >= 0 && id < this.idLeaf.length && this.idLeaf[id] !== NONE;
  }

  /** Nodes on the longest root-to-leaf path: what every insert and every query walks at worst. */
  depth(): number {
    let deepest = 0;
    const stack: [number, number][] = [[this.root, 1]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop() as [number, number];
      deepest = Math.max(deepest, depth);
      if (this.leafOfNode[node] === NONE) stack.push([this.left[node], depth + 1], [this.right[node], depth + 1]);
    }
    return deepest;
  }

  /** Inserts a point, or moves it when the id is already present. */
  insert(id: number, vector: Vector8): void {
    assertId(id);
    assertVector(vector);
    if (this.has(id)) this.detach(id);
    this.ensureIdCapacity(id);

    let node = this.root;
    let depth = 0;
    while (this.leafOfNode[node] === NONE) {
      this.expandBox(node, vector);
      this.nodeSize[node]++;
      if (depth === this.path.length) this.path = grown(this.path, depth * 2);
      this.path[depth++] = node;
      node = Math.fround(vector[this.splitDim[node]]) < this.splitValue[node] ? this.left[node] : this.right[node];
    }
    this.expandBox(node, vector);
    this.nodeSize[node]++;
    const leaf = this.leafOfNode[node];
    this.append(leaf, id, vector);
    this.count++;
    if (this.leafCount[leaf] > this.leafCapacity) this.splitLeaf(node);
    if (depth > this.depthLimit()) this.rebalance(depth);
  }

  remove(id: number): boolean {
    if (!this.has(id)) return false;
    this.detach(id);
    return true;
  }

  /** A copy of the stored coordinates, written into `out` when given (no allocation then). */
  vectorOf(id: number, out: Float64Array = new Float64Array(DIMENSIONS)): Float64Array | undefined {
    if (!this.has(id)) return undefined;
    const coords = this.points.coords;
    const o = (this.leafBase[this.idLeaf[id]] + this.idSlot[id]) * DIMENSIONS;
    for (let d = 0; d < DIMENSIONS; d++) out[d] = coords[o + d];
    return out;
  }

  knn(query: Vector8, k: number, maxDistance = Infinity, out: KnnResult = createKnnResult(k)): KnnResult {
    assertVector(query, 'query');
    assertK(k);
    assertRadius(maxDistance, 'maxDistance');
    const q = this.load(query);
    const sum = this.sum;
    const heap = this.heap;
    heap.reset(k);
    // Pruning uses a slightly widened limit; the exact test is the same expression the scan uses.
    const limit2 = maxDistance === Infinity ? Infinity : maxDistance * maxDistance * sum * (1 + 1e-9);
    // The distance arithmetic below is written out by hand (V8 boxes doubles returned from calls
    // it does not inline); it is the expression of squaredDistanceAt, term by term, in its order.
    const s = this.s;
    const s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3], s4 = s[4], s5 = s[5], s6 = s[6], s7 = s[7];
    const q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7];
    const boxes = this.boxes;
    const nodeSize = this.nodeSize;
    const leafOfNode = this.leafOfNode;
    const points = this.points;
    const c = points.coords;
    const ids = points.ids;
    points.setQuery(q);

    let sp = this.push(0, this.root, this.boxDistance(this.root, q));
    while (sp > 0) {
      const node = this.stackNodes[--sp];
      const bound = this.stackBounds[sp];
      if (bound > heap.worst || bound > limit2) continue;
      const leaf = leafOfNode[node];
      if (leaf !== NONE) {
        // The arena proposes the points that may be near enough; each gets its exact distance here.
        const end = this.leafBase[leaf] + this.leafCount[leaf];
        for (let from = this.leafBase[leaf]; from < end; from += SCAN_SLOTS) {
          let worst = heap.worst < limit2 ? heap.worst : limit2;
          const found = points.scan(from, Math.min(end, from + SCAN_SLOTS), worst);
          const candidates = points.candidates;
          for (let j = 0; j < found; j++) {
            const o = candidates[j] * DIMENSIONS;
            const d0 = q0 - c[o], d1 = q1 - c[o + 1], d2_ = q2 - c[o + 2], d3 = q3 - c[o + 3];
            const d4 = q4 - c[o + 4], d5 = q5 - c[o + 5], d6 = q6 - c[o + 6], d7 = q7 - c[o + 7];
            const d2 = s0 * d0 * d0 + s1 * d1 * d1 + s2 * d2_ * d2_ + s3 * d3 * d3 + s4 * d4 * d4 + s5 * d5 * d5 + s6 * d6 * d6 + s7 * d7 * d7;
            if (d2 <= worst && Math.sqrt(d2 / sum) <= maxDistance) {
              heap.offer(ids[candidates[j]], d2);
              worst = heap.worst < limit2 ? heap.worst : limit2;
            }
          }
        }
        continue;
      }
      // Box distances of both children, inline, then the nearer child is pushed last (explored first).
      const l = this.left[node];
      const r = this.right[node];
      const childBounds = this.childBounds;
      for (let side = 0; side < 2; side++) {
        const child = side === 0 ? l : r;
        let b = Infinity;
        if (nodeSize[child] > 0) {
          b = 0;
          for (let d = 0, o = child * BOX; d < DIMENSIONS; d++, o++) {
            const x = q[d];
            const g = twiceGap(boxes[o] - x, x - boxes[o + DIMENSIONS]);
            b += s[d] * g * g;
          }
          b *= 0.25;
        }
        childBounds[side] = b;
      }
      const bl = childBounds[0];
      const br = childBounds[1];
      const worst = heap.worst < limit2 ? heap.worst : limit2;
      if (bl <= br) {
        if (br <= worst) sp = this.push(sp, r, br);
        if (bl <= worst) sp = this.push(sp, l, bl);
      } else {
        if (bl <= worst) sp = this.push(sp, l, bl);
        if (br <= worst) sp = this.push(sp, r, br);
      }
    }
    return heap.drainInto(out, (d2) => Math.sqrt(d2 / sum));
  }

  radius(query: Vector8, r: number, limit = Infinity): { ids: number[]; distances: number[] } {
    const found: { id: number; d: number }[] = [];
    this.forEachWithin(query, r, (id, d) => found.push({ id, d }));
    found.sort((a, b) => a.d - b.d || a.id - b.id);
    const kept = found.length > limit ? found.slice(0, limit) : found;
    return { ids: kept.map((f) => f.id), distances: kept.map((f) => f.d) };
  }

  /** Calls `visit` for every point within `r` (unordered, allocation-free). */
  forEachWithin(query: Vector8, r: number, visit: (id: number, distance: number) => void): void {
    assertVector(query, 'query');
    assertRadius(r);
    const q = this.load(query);
    const s = this.s;
    const sum = this.sum;
    const limit2 = r * r * sum * (1 + 1e-9);
    let sp = this.push(0, this.root, this.boxDistance(this.root, q));
    while (sp > 0) {
      const node = this.stackNodes[--sp];
      if (this.stackBounds[sp] > limit2) continue;
      const leaf = this.leafOfNode[node];
      if (leaf === NONE) {
        const l = this.left[node];
        const rr = this.right[node];
        sp = this.push(sp, l, this.boxDistance(l, q));
        sp = this.push(sp, rr, this.boxDistance(rr, q));
        continue;
      }
      const coords = this.points.coords;
      const ids = this.points.ids;
      const first = this.leafBase[leaf];
      const end = first + this.leafCount[leaf];
      for (let i = first; i < end; i++) {
        const d2 = squaredDistanceAt(coords, i * DIMENSIONS, q, s);
        if (d2 > limit2) continue;
        const d = Math.sqrt(d2 / sum);
        if (d <= r) visit(ids[i], d);
      }
    }
  }

  /** Ids of the points inside the axis-aligned box [min, max] (inclusive), ascending. */
  range(min: Vector8, max: Vector8): number[] {
    assertVector(min, 'min');
    assertVector(max, 'max');
    const ids: number[] = [];
    const stack = [this.root];
    while (stack.length > 0) {
      const node = stack.pop() as number;
      if (this.nodeSize[node] === 0 || !this.boxOverlaps(node, min, max)) continue;
      const leaf = this.leafOfNode[node];
      if (leaf === NONE) {
        stack.push(this.left[node], this.right[node]);
        continue;
      }
      const coords = this.points.coords;
      for (let i = this.leafBase[leaf], end = i + this.leafCount[leaf]; i < end; i++) {
        let inside = true;
        for (let d = 0; d < DIMENSIONS && inside; d++) {
          const x = coords[i * DIMENSIONS + d];
          inside = x >= min[d] && x <= max[d];
        }
        if (inside) ids.push(this.points.ids[i]);
      }
    }
    return ids.sort((a, b) => a - b);
  }

  /** Visits every stored point; `vector` holds many points, this one starts at `offset`. */
  forEach(visit: (id: number, vector: Float32Array, offset: number) => void): void {
    const { ids, coords } = this.points;
    for (let leaf = 0; leaf < this.leavesUsed; leaf++) {
      for (let i = this.leafBase[leaf], end = i + this.leafCount[leaf]; i < end; i++) visit(ids[i], coords, i * DIMENSIONS);
    }
  }

  /** Bytes held by the index's typed arrays. */
  memoryBytes(): number {
    const bytes =
      this.splitDim.byteLength + this.splitValue.byteLength + this.left.byteLength + this.right.byteLength + this.parent.byteLength +
      this.leafOfNode.byteLength + this.nodeSize.byteLength + this.boxes.byteLength + this.leafCount.byteLength +
      this.nodeOfLeaf.byteLength + this.idLeaf.byteLength + this.idSlot.byteLength + this.leafBase.byteLength + this.leafRoom.byteLength;
    return bytes + this.points.byteLength;
  }

  // ——— queries' helpers ———

  private load(query: Vector8): Float64Array {
    const q = this.q;
    for (let d = 0; d < DIMENSIONS; d++) q[d] = Math.fround(query[d]);
    return q;
  }

  private push(sp: number, node: number, bound: number): number {
    if (sp === this.stackNodes.length) {
      this.stackNodes = grown(this.stackNodes, sp * 2);
      this.stackBounds = grown(this.stackBounds, sp * 2);
    }
    this.stackNodes[sp] = node;
    this.stackBounds[sp] = bound;
    return sp + 1;
  }

  /** Squared weighted distance from q to the node's bounding box (0 inside; Infinity when empty). */
  private boxDistance(node: number, q: Float64Array): number {
    if (this.nodeSize[node] === 0) return Infinity;
    const b = this.boxes;
    const s = this.s;
    const o = node * BOX;
    let total = 0;
    for (let d = 0; d < DIMENSIONS; d++) {
      const x = q[d];
      const g = twiceGap(b[o + d] - x, x - b[o + DIMENSIONS + d]);
      total += s[d] * g * g;
    }
    return total * 0.25;
  }

  private boxOverlaps(node: number, min: Vector8, max: Vector8): boolean {
    const o = node * BOX;
    for (let d = 0; d < DIMENSIONS; d++) {
      if (this.boxes[o + DIMENSIONS + d] < min[d] || this.boxes[o + d] > max[d]) return false;
    }
    return true;
  }

  // ——— updates ———

  private detach(id: number): void {
    const leaf = this.idLeaf[id];
    const slot = this.idSlot[id];
    const last = --this.leafCount[leaf];
    if (slot !== last) {
      const base = this.leafBase[leaf];
      const ids = this.points.ids;
      const moved = ids[base + last];
      ids[base + slot] = moved;
      this.points.coords.copyWithin((base + slot) * DIMENSIONS, (base + last) * DIMENSIONS, (base + last + 1) * DIMENSIONS);
      this.idSlot[moved] = slot;
    }
    this.idLeaf[id] = NONE;
    this.count--;
    for (let node = this.nodeOfLeaf[leaf]; node !== NONE; node = this.parent[node]) this.nodeSize[node]--;
  }

  private append(leaf: number, id: number, vector: Vector8): void {
    let slot = this.leafCount[leaf];
    // A leaf of identical points cannot split; it grows instead.
    if (slot === this.leafRoom[leaf]) this.moveLeaf(leaf, slot * 2);
    const at = this.leafBase[leaf] + slot;
    const coords = this.points.coords;
    for (let d = 0; d < DIMENSIONS; d++) coords[at * DIMENSIONS + d] = vector[d];
    this.points.ids[at] = id;
    this.idLeaf[id] = leaf;
    this.idSlot[id] = slot++;
    this.leafCount[leaf] = slot;
  }

  private expandBox(node: number, vector: Vector8): void {
    const b = this.boxes;
    const o = node * BOX;
    for (let d = 0; d < DIMENSIONS; d++) {
      const x = Math.fround(vector[d]);
      if (x < b[o + d]) b[o + d] = x;
      if (x > b[o + DIMENSIONS + d]) b[o + DIMENSIONS + d] = x;
    }
  }

  /** Turns an over-full leaf node into an inner node with two leaf children split at the median. */
  private splitLeaf(node: number): void {
    const leaf = this.leafOfNode[node];
    const n = this.leafCount[leaf];
    const first = this.leafBase[leaf];
    // Copies: the new leaves' blocks may grow the arena.
    const coords = this.points.coords.slice(first * DIMENSIONS, (first + n) * DIMENSIONS);
    const ids = this.points.ids.slice(first, first + n);
    const dim = this.widestDimension(coords, 0, n);
    if (dim === NONE) return;
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = coords[i * DIMENSIONS + dim];
    values.sort();
    let split = values[n >> 1];
    if (split === values[0]) split = values.find((v) => v > values[0]) as number;

    const l = this.newLeafNode(node);
    const r = this.newLeafNode(node);
    for (let i = 0; i < n; i++) {
      const child = coords[i * DIMENSIONS + dim] < split ? l : r;
      this.placeInLeafNode(child, ids[i], coords, i * DIMENSIONS);
    }
    this.releaseLeaf(leaf);
    this.makeInner(node, dim, split, l, r);
  }

  /** Dimension of largest weighted spread among points [from, to) of a block, or NONE if all are equal. */
  private widestDimension(coords: Float32Array, from: number, to: number): number {
    let best = NONE;
    let bestSpread = 0;
    for (let d = 0; d < DIMENSIONS; d++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = from; i < to; i++) {
        const x = coords[i * DIMENSIONS + d];
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      const spread = this.s[d] * (hi - lo) * (hi - lo);
      if (spread > bestSpread) {
        bestSpread = spread;
        best = d;
      }
    }
    return best;
  }

  private depthLimit(): number {
    const leaves = Math.max(2, (2 * this.count) / this.leafCapacity);
    return 2 * Math.ceil(Math.log2(leaves)) + 4;
  }

  /** Rebuilds the highest lopsided subtree on the path of the last insert. */
  private rebalance(depth: number): void {
    for (let i = 0; i < depth; i++) {
      const node = this.path[i];
      const size = this.nodeSize[node];
      if (Math.max(this.nodeSize[this.left[node]], this.nodeSize[this.right[node]]) > BALANCE * size) {
        this.rebuild(node);
        return;
      }
    }
  }

  private rebuild(node: number): void {
    const size = this.nodeSize[node];
    const ids = new Int32Array(size);
    const coords = new Float32Array(size * DIMENSIONS);
    let n = 0;
    const stack = [node];
    while (stack.length > 0) {
      const current = stack.pop() as number;
      const leaf = this.leafOfNode[current];
      if (leaf === NONE) {
        stack.push(this.left[current], this.right[current]);
      } else {
        const first = this.leafBase[leaf];
        const count = this.leafCount[leaf];
        ids.set(this.points.ids.subarray(first, first + count), n);
        coords.set(this.points.coords.subarray(first * DIMENSIONS, (first + count) * DIMENSIONS), n * DIMENSIONS);
        n += count;
        this.releaseLeaf(leaf);
      }
      if (current !== node) this.freeNodes.push(current);
    }
    this.build(node, ids, coords, 0, n);
  }

  /** Builds a balanced subtree at `node` over points [from, to) of the scratch arrays. */
  private build(node: number, ids: Int32Array, coords: Float32Array, from: number, to: number): void {
    this.resetBox(node);
    this.nodeSize[node] = to - from;
    for (let i = from; i < to; i++) this.expandBox(node, coords.subarray(i * DIMENSIONS, i * DIMENSIONS + DIMENSIONS));
    const dim = to - from > this.leafCapacity >> 1 ? this.widestDimension(coords, from, to) : NONE;
    if (dim === NONE) {
      const leaf = this.newLeaf(Math.max(this.leafCapacity + 1, to - from), node);
      this.leafOfNode[node] = leaf;
      for (let i = from; i < to; i++) this.append(leaf, ids[i], coords.subarray(i * DIMENSIONS, i * DIMENSIONS + DIMENSIONS));
      return;
    }
    const mid = partitionAroundMedian(ids, coords, from, to, dim);
    const split = coords[mid * DIMENSIONS + dim];
    const l = this.allocateNode(node);
    const r = this.allocateNode(node);
    this.makeInner(node, dim, split, l, r);
    this.build(l, ids, coords, from, mid);
    this.build(r, ids, coords, mid, to);
  }

  private placeInLeafNode(node: number, id: number, coords: Float32Array, offset: number): void {
    const vector = coords.subarray(offset, offset + DIMENSIONS);
    this.expandBox(node, vector);
    this.nodeSize[node]++;
    this.append(this.leafOfNode[node], id, vector);
  }

  private makeInner(node: number, dim: number, split: number, l: number, r: number): void {
    this.leafOfNode[node] = NONE;
    this.splitDim[node] = dim;
    this.splitValue[node] = split;
    this.left[node] = l;
    this.right[node] = r;
  }

  // ——— storage ———

  private newLeafNode(parent: number): number {
    const node = this.allocateNode(parent);
    this.leafOfNode[node] = this.newLeaf(this.leafCapacity + 1, node);
    return node;
  }

  private allocateNode(parent: number): number {
    let node = this.freeNodes.pop();
    if (node === undefined) {
      if (this.nodesUsed === this.nodeCapacity) this.growNodes();
      node = this.nodesUsed++;
    }
    this.parent[node] = parent;
    this.nodeSize[node] = 0;
    this.leafOfNode[node] = NONE;
    this.resetBox(node);
    return node;
  }

  private resetBox(node: number): void {
    this.boxes.fill(Infinity, node * BOX, node * BOX + DIMENSIONS);
    this.boxes.fill(-Infinity, node * BOX + DIMENSIONS, node * BOX + BOX);
  }

  private newLeaf(capacity: number, node: number): number {
    let leaf = this.freeLeaves.pop();
    if (leaf === undefined) {
      leaf = this.leavesUsed++;
      if (leaf >= this.leafCount.length) {
        const size = Math.max(64, leaf * 2);
        this.leafCount = grown(this.leafCount, size);
        this.nodeOfLeaf = grown(this.nodeOfLeaf, size);
        this.leafBase = grown(this.leafBase, size);
        this.leafRoom = grown(this.leafRoom, size);
      }
    }
    this.leafRoom[leaf] = capacity;
    this.leafBase[leaf] = this.points.allocate(capacity);
    this.leafCount[leaf] = 0;
    this.nodeOfLeaf[leaf] = node;
    return leaf;
  }

  /** Gives a leaf a block of `room` slots, its points copied there. */
  private moveLeaf(leaf: number, room: number): void {
    const from = this.leafBase[leaf];
    const to = this.points.allocate(room);
    const { ids, coords } = this.points;
    ids.copyWithin(to, from, from + this.leafCount[leaf]);
    coords.copyWithin(to * DIMENSIONS, from * DIMENSIONS, (from + this.leafCount[leaf]) * DIMENSIONS);
    this.points.release(from, this.leafRoom[leaf]);
    this.leafBase[leaf] = to;
    this.leafRoom[leaf] = room;
  }

  private releaseLeaf(leaf: number): void {
    this.points.release(this.leafBase[leaf], this.leafRoom[leaf]);
    this.leafCount[leaf] = 0;
    this.nodeOfLeaf[leaf] = NONE;
    this.freeLeaves.push(leaf);
  }

  private growNodes(): void {
    const capacity = Math.max(64, this.nodeCapacity * 2);
    this.splitDim = grown(this.splitDim, capacity);
    this.splitValue = grown(this.splitValue, capacity);
    this.left = grown(this.left, capacity);
    this.right = grown(this.right, capacity);
    this.parent = grown(this.parent, capacity);
    this.leafOfNode = grown(this.leafOfNode, capacity);
    this.nodeSize = grown(this.nodeSize, capacity);
    this.boxes = grown(this.boxes, capacity * BOX);
    this.nodeCapacity = capacity;
  }

  private ensureIdCapacity(id: number): void {
    if (id < this.idLeaf.length) return;
    const capacity = Math.max(1024, id + 1, this.idLeaf.length * 2);
    this.idLeaf = grown(this.idLeaf, capacity, NONE);
    this.idSlot = grown(this.idSlot, capacity);
  }
}

/**
 * Sorts points [from, to) along `dim` and returns the split index: points before it are < the
 * value at it, points from it on are ≥. Equal values never straddle the split, and the index lies
 * strictly inside (from, to) so both halves are non-empty (the caller guarantees two distinct values).
 */
function partitionAroundMedian(ids: Int32Array, coords: Float32Array, from: number, to: number, dim: number): number {
  const order = new Int32Array(to - from);
  for (let i = 0; i < order.length; i++) order[i] = from + i;
  const value = (i: number) => coords[i * DIMENSIONS + dim];
  order.sort((a, b) => value(a) - value(b));
  let mid = order.length >> 1;
  const pivot = value(order[mid]);
  while (mid > 0 && value(order[mid - 1]) === pivot) mid--;
  if (mid === 0) {
    while (mid < order.length && value(order[mid]) === pivot) mid++;
  }
  const sortedIds = new Int32Array(order.length);
  const sortedCoords = new Float32Array(order.length * DIMENSIONS);
  for (let i = 0; i < order.length; i++) {
    sortedIds[i] = ids[order[i]];
    sortedCoords.set(coords.subarray(order[i] * DIMENSIONS, order[i] * DIMENSIONS + DIMENSIONS), i * DIMENSIONS);
  }
  ids.set(sortedIds, from);
  coords.set(sortedCoords, from * DIMENSIONS);
  return from + mid;
}
