import { NeuroGraphError } from '../common/errors.js';
import { grown } from '../common/typed-arrays.js';
import type { TokenKind } from '../common/types.js';

export const TOKEN_KINDS: readonly TokenKind[] = ['concept', 'action', 'memory', 'emotion', 'sensor', 'system'];

/** Scalar attributes of one token; the vector lives in the spatial index (its single home). */
export interface TokenAttributes {
  kind: TokenKind;
  weight: number;
  fieldRadius: number;
  fieldStrength: number;
  activation: number;
  activationCount: number;
  persistent: boolean;
  createdAtMs: number;
  lastActivatedAtMs: number;
  /** Typical distance to the nearest other token when this one was last touched: the local density scale of anomaly scores. */
  localScale: number;
  label?: string;
  metadata?: Record<string, unknown>;
}

const INITIAL_CAPACITY = 1024;

/**
 * Token attributes as a structure of typed arrays indexed by token id. Ids are handed out in
 * increasing order and never reused, so a token id stays meaningful to clients for the life of the
 * space; the price is that per-id arrays grow with the largest id ever created (≈ 45 bytes each).
 * Labels and metadata are rare, so they live in maps rather than in every slot.
 */
export class TokenStore {
  private capacity = 0;
  private alive = new Uint8Array(0);
  private kind = new Uint8Array(0);
  private persistent = new Uint8Array(0);
  private weight = new Float32Array(0);
  private fieldRadius = new Float32Array(0);
  private fieldStrength = new Float32Array(0);
  private activation = new Float64Array(0);
  private activationCount = new Uint32Array(0);
  private createdAt = new Float64Array(0);
  private lastActivatedAt = new Float64Array(0);
  private localScale = new Float32Array(0);
  private readonly labels = new Map<number, string>();
  private readonly metadata = new Map<number, Record<string, unknown>>();
  private count = 0;
  private next = 0;

  get size(): number {
    return this.count;
  }

  /** The id the next `create` will return. */
  get nextId(): number {
    return this.next;
  }

  /** Makes sure ids below `next` are never handed out again (after a restore of a space that evicted its newest tokens). */
  reserveIdsBelow(next: number): void {
    if (next > this.next) this.next = next;
  }

  has(id: number): boolean {
    return id >= 0 && id < this.next && this.alive[id] === 1;
  }

  create(attributes: TokenAttributes, id = this.next): number {
    if (!Number.isInteger(id) || id < 0 || id >= 2 ** 31) {
      throw new NeuroGraphError('VALIDATION_FAILED', `Token id ${id} is not an integer in [0, 2^31)`, [
        { field: 'id', rule: 'range', message: 'must be an integer in [0, 2^31)' },
      ]);
    }
    if (this.has(id)) throw new NeuroGraphError('VALIDATION_FAILED', `Token ${id} exists`, [{ field: 'id', rule: 'unique', message: 'already exists' }]);
    this.ensureCapacity(id + 1);
    this.alive[id] = 1;
    this.write(id, attributes);
    this.count++;
    if (id >= this.next) this.next = id + 1;
    return id;
  }

  remove(id: number): boolean {
    if (!this.has(id)) return false;
    this.alive[id] = 0;
    this.labels.delete(id);
    this.metadata.delete(id);
    this.count--;
    return true;
  }

  /** Activation by a signal: the learning rule of spec §3 step 3 (weight drifts toward 1). */
  activate(id: number, energy: number, plasticity: number, nowMs: number, nearestDistance: number): void {
    this.activation[id] += energy;
    this.activationCount[id]++;
    this.weight[id] += plasticity * (1 - this.weight[id]);
    this.lastActivatedAt[id] = nowMs;
    this.localScale[id] += plasticity * (nearestDistance - this.localScale[id]);
  }

  weightOf(id: number): number {
    return this.weight[id];
  }

  lastActivatedAtOf(id: number): number {
    return this.lastActivatedAt[id];
  }

  isPersistent(id: number): boolean {
    return this.persistent[id] === 1;
  }

  fieldRadiusOf(id: number): number {
    return this.fieldRadius[id];
  }

  fieldStrengthOf(id: number): number {
    return this.fieldStrength[id];
  }

  localScaleOf(id: number): number {
    return this.localScale[id];
  }

  get(id: number): TokenAttributes | undefined {
    if (!this.has(id)) return undefined;
    const attributes: TokenAttributes = {
      kind: TOKEN_KINDS[this.kind[id]],
      weight: this.weight[id],
      fieldRadius: this.fieldRadius[id],
      fieldStrength: this.fieldStrength[id],
      activation: this.activation[id],
      activationCount: this.activationCount[id],
      persistent: this.persistent[id] === 1,
      createdAtMs: this.createdAt[id],
      lastActivatedAtMs: this.lastActivatedAt[id],
      localScale: this.localScale[id],
    };
    const label = this.labels.get(id);
    if (label !== undefined) attributes.label = label;
    const metadata = this.metadata.get(id);
    if (metadata !== undefined) attributes.metadata = metadata;
    return attributes;
  }

  /** Partial update of an existing token (label, persistence, metadata, weight…). */
  update(id: number, patch: Partial<TokenAttributes>): void {
    const current = this.get(id);
    if (!current) throw new NeuroGraphError('TOKEN_NOT_FOUND', `Token ${id} does not exist`);
    this.write(id, { ...current, ...patch });
  }

  forEachId(visit: (id: number) => void): void {
    for (let id = 0; id < this.next; id++) if (this.alive[id] === 1) visit(id);
  }

  /** Bytes held by the per-id typed arrays (maps of labels and metadata are not counted). */
  memoryBytes(): number {
    return this.capacity * (1 + 1 + 1 + 4 + 4 + 4 + 8 + 4 + 8 + 8 + 4);
  }

  private write(id: number, a: TokenAttributes): void {
    this.kind[id] = TOKEN_KINDS.indexOf(a.kind);
    this.persistent[id] = a.persistent ? 1 : 0;
    this.weight[id] = a.weight;
    this.fieldRadius[id] = a.fieldRadius;
    this.fieldStrength[id] = a.fieldStrength;
    this.activation[id] = a.activation;
    this.activationCount[id] = a.activationCount;
    this.createdAt[id] = a.createdAtMs;
    this.lastActivatedAt[id] = a.lastActivatedAtMs;
    this.localScale[id] = a.localScale;
    if (a.label === undefined) this.labels.delete(id);
    else this.labels.set(id, a.label);
    if (a.metadata === undefined) this.metadata.delete(id);
    else this.metadata.set(id, a.metadata);
  }

  private ensureCapacity(required: number): void {
    if (required <= this.capacity) return;
    const capacity = Math.max(INITIAL_CAPACITY, this.capacity * 2, required);
    this.alive = grown(this.alive, capacity);
    this.kind = grown(this.kind, capacity);
    this.persistent = grown(this.persistent, capacity);
    this.weight = grown(this.weight, capacity);
    this.fieldRadius = grown(this.fieldRadius, capacity);
    this.fieldStrength = grown(this.fieldStrength, capacity);
    this.activation = grown(this.activation, capacity);
    this.activationCount = grown(this.activationCount, capacity);
    this.createdAt = grown(this.createdAt, capacity);
    this.lastActivatedAt = grown(this.lastActivatedAt, capacity);
    this.localScale = grown(this.localScale, capacity);
    this.capacity = capacity;
  }
}

