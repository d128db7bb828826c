export type OverflowPolicy = 'drop-oldest' | 'drop-newest';

/** A fixed-capacity FIFO that never grows: overflow drops by policy and is counted. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private readonly times: Float64Array;
  private head = 0;
  private length = 0;
  dropped = 0;

  constructor(
    readonly capacity: number,
    private readonly policy: OverflowPolicy,
  ) {
    this.items = new Array(capacity);
    this.times = new Float64Array(capacity);
  }

  get size(): number {
    return this.length;
  }

  push(item: T, nowMs: number): void {
    if (this.length === this.capacity) {
      this.dropped++;
      if (this.policy === 'drop-newest') return;
      this.shift();
    }
    const at = (this.head + this.length) % this.capacity;
    this.items[at] = item;
    this.times[at] = nowMs;
    this.length++;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.length--;
    return item;
  }

  /** Enqueue time of the oldest item, or NaN when empty. */
  oldestTime(): number {
    return this.length === 0 ? Number.NaN : this.times[this.head];
  }

  clear(): void {
    while (this.length > 0) this.shift();
  }
}
