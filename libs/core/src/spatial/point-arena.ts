import { DIMENSIONS } from '../common/vector.js';

/**
 * The index's points, in blocks of slots inside one pair of flat arrays (coordinates, ids): a leaf
 * owns a block, so a query reads a leaf's points straight from the arena with no pointer to follow
 * per leaf. Freed blocks are kept by size and reused; the arrays are replaced when they grow, so
 * callers read `coords` and `ids` again after any allocation.
 */
export class PointArena {
  coords = new Float32Array(0);
  ids = new Int32Array(0);
  private used = 0;
  private readonly free = new Map<number, number[]>();

  /** First slot of a new block of `slots` slots. */
  allocate(slots: number): number {
    const reused = this.free.get(slots)?.pop();
    if (reused !== undefined) return reused;
    if (this.used + slots > this.ids.length) this.grow(this.used + slots);
    const base = this.used;
    this.used += slots;
    return base;
  }

  release(base: number, slots: number): void {
    let blocks = this.free.get(slots);
    if (!blocks) this.free.set(slots, (blocks = []));
    blocks.push(base);
  }

  get byteLength(): number {
    return this.coords.byteLength + this.ids.byteLength;
  }

  private grow(needed: number): void {
    const capacity = Math.max(needed, 2 * this.ids.length, 1024);
    const ids = new Int32Array(capacity);
    ids.set(this.ids);
    const coords = new Float32Array(capacity * DIMENSIONS);
    coords.set(this.coords);
    this.ids = ids;
    this.coords = coords;
  }
}
