import { grown } from '../common/typed-arrays.js';
import { DIMENSIONS } from '../common/vector.js';
import { squaredDistanceAt } from './distance.js';
import { LEAF_SCAN_WASM } from './leaf-scan-wasm.js';

/** How a leaf's points are scanned: SIMD in WebAssembly where the runtime has it, else plain JavaScript. */
export type LeafScan = 'simd' | 'scalar';

/** Slots a single `scan` may cover: the room of its candidate list. */
export const SCAN_SLOTS = 1024;

// The layout of the WebAssembly memory (leaf-scan.wat holds the same constants).
const QUERY_BYTES = 0;
const CANDIDATE_BYTES = 64;
const POINT_BYTES = CANDIDATE_BYTES + 4 * SCAN_SLOTS;
const PAGE = 65536;

/**
 * float32 arithmetic errs by at most about 10 units in the last place over the distance's terms
 * (5.4·10⁻⁷ relative, leaf-scan.wat's ops counted); a limit widened by 10⁻⁵ keeps every point
 * whose exact distance is within the real limit a candidate. Underflow only rounds terms down,
 * which errs the same, safe way.
 */
const FLOAT32_MARGIN = 1 + 1e-5;

/**
 * The index's points, in blocks of slots inside one pair of flat arrays (coordinates, ids): a leaf
 * owns a block, so a query reads a leaf's points straight from the arena with no pointer to follow
 * per leaf. Freed blocks are kept by size and reused; the arrays are replaced when they grow, so
 * callers read `coords` and `ids` again after any allocation.
 *
 * The coordinates live in a WebAssembly memory when the runtime has SIMD, and `scan` runs there
 * (about 4.5 times faster a point than the JavaScript loop, measured in ADR 0002); else in a
 * Float32Array, scanned in JavaScript. Either way `scan` only proposes candidates: the index
 * decides on each with the exact float64 distance.
 */
export class PointArena {
  coords: Float32Array;
  ids = new Int32Array(0);
  /** Slots the last `scan` proposed, in slot order. */
  candidates: Int32Array;
  readonly kind: LeafScan;
  private used = 0;
  private readonly free = new Map<number, number[]>();
  private readonly simd: LeafScanInstance | undefined;
  /** The WebAssembly memory's query and scales, as float32. */
  private header = new Float32Array(0);
  private query: Float64Array = new Float64Array(DIMENSIONS);
  private scales: Float64Array = new Float64Array(DIMENSIONS).fill(1);
  /** `scan` limits are divided by this, the largest scale, as the float32 scales were. */
  private largestScale = 1;

  constructor(kind: LeafScan = 'simd') {
    this.simd = kind === 'simd' ? instantiateLeafScan() : undefined;
    this.kind = this.simd ? 'simd' : 'scalar';
    this.coords = new Float32Array(0);
    this.candidates = new Int32Array(SCAN_SLOTS);
    if (this.simd) this.view();
  }

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

  /** The dimension scales every later scan measures with (the index's, until it changes them). */
  setScales(scales: Float64Array): void {
    this.scales = scales;
    let largest = 0;
    for (let d = 0; d < DIMENSIONS; d++) if (scales[d] > largest) largest = scales[d];
    this.largestScale = largest;
    if (this.simd) for (let d = 0; d < DIMENSIONS; d++) this.header[DIMENSIONS + d] = scales[d] / largest;
  }

  /** The query (already rounded to float32) that the next scans measure from; read, not copied. */
  setQuery(query: Float64Array): void {
    this.query = query;
    if (this.simd) for (let d = 0; d < DIMENSIONS; d++) this.header[d] = query[d];
  }

  /**
   * Proposes the slots in [first, end) (at most SCAN_SLOTS of them) that may lie within `limit`
   * (a squared weighted distance) of the query: every slot that does is proposed, maybe a few
   * more. Returns how many; they are the first entries of `candidates`.
   */
  scan(first: number, end: number, limit: number): number {
    if (this.simd) return this.simd.scan(first, end, (limit / this.largestScale) * FLOAT32_MARGIN);
    const { coords, candidates, query, scales } = this;
    let found = 0;
    for (let slot = first; slot < end; slot++) {
      if (squaredDistanceAt(coords, slot * DIMENSIONS, query, scales) <= limit) candidates[found++] = slot;
    }
    return found;
  }

  private grow(needed: number): void {
    const capacity = Math.max(needed, 2 * this.ids.length, 1024);
    this.ids = grown(this.ids, capacity);
    if (this.simd) {
      const bytes = POINT_BYTES + capacity * DIMENSIONS * 4;
      const { memory } = this.simd;
      if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
      this.view();
      return;
    }
    this.coords = grown(this.coords, capacity * DIMENSIONS);
  }

  /** Views of the WebAssembly memory, made again whenever it grows (growing detaches the old ones). */
  private view(): void {
    const buffer = (this.simd as LeafScanInstance).memory.buffer;
    this.header = new Float32Array(buffer, QUERY_BYTES, 2 * DIMENSIONS);
    this.candidates = new Int32Array(buffer, CANDIDATE_BYTES, SCAN_SLOTS);
    this.coords = new Float32Array(buffer, POINT_BYTES, this.ids.length * DIMENSIONS);
    this.setScales(this.scales);
    this.setQuery(this.query);
  }
}

/**
 * The little of the WebAssembly API used here, typed locally: the library compiles for browsers
 * and Node alike, and not every consumer's configuration declares WebAssembly.
 */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

interface LeafScanInstance {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  scan(first: number, end: number, limit: number): number;
}

let leafScanModule: object | null | undefined;

/** A fresh instance of the leaf scan (each arena owns its memory), or undefined without WebAssembly SIMD. */
function instantiateLeafScan(): LeafScanInstance | undefined {
  const { WebAssembly: api, atob: decode } = globalThis as { WebAssembly?: WebAssemblyApi; atob?: (base64: string) => string };
  if (leafScanModule === undefined) {
    try {
      if (!api || !decode) throw new Error('no WebAssembly');
      leafScanModule = new api.Module(Uint8Array.from(decode(LEAF_SCAN_WASM), (c) => c.charCodeAt(0)));
    } catch {
      // No WebAssembly, or one without SIMD (the module does not validate): the scalar scan serves.
      leafScanModule = null;
    }
  }
  if (!leafScanModule || !api) return undefined;
  try {
    return new api.Instance(leafScanModule).exports as unknown as LeafScanInstance;
  } catch {
    // Each memory reserves address space; a process holding thousands of spaces may run out of it.
    return undefined;
  }
}
