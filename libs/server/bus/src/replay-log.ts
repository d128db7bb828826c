import { type BusEvent, JsonEvent } from './event-bus.js';

export interface RingSizes {
  /** Bytes the ring of texts starts with (default 64 KiB). */
  firstBytes?: number;
  /** The most it grows to (default 64 MiB): beyond that, old texts are dropped before the count limit is reached. */
  maxBytes?: number;
}

/**
 * A channel's last `capacity` events, oldest overwritten first.
 *
 * An event that exists as JSON text (a signal with its result) is kept as the UTF-8 bytes of that
 * text in one ring of bytes outside the JS heap, and made an event again only when replayed. Kept
 * as strings, the last thousand signals outlived minor collections, which copied them, and then
 * tripled the time of each one at 1,000 signals/s; kept as one Buffer each, they were cheap to
 * scavenge but held enough external memory to start a major collection every second or two.
 * Other events, fewer and smaller, are kept as they are, still unserialised.
 */
export class ReplayLog {
  private readonly seqs: Float64Array;
  /** Where an entry's text starts in the ring, and its length in bytes; -1: the entry is an object. */
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  private readonly objects: (BusEvent | undefined)[];
  /** The next entry's slot, and how many entries are live (the oldest is `count` slots behind `next`). */
  private next = 0;
  private count = 0;
  private bytes: Buffer;
  /** Where the next text is written; texts lie in entry order from the oldest live one, wrapping at the ring's end. */
  private writeAt = 0;
  private readonly maxBytes: number;

  constructor(
    private readonly capacity: number,
    { firstBytes = 64 * 1024, maxBytes = 64 * 1024 * 1024 }: RingSizes = {},
  ) {
    this.maxBytes = maxBytes;
    this.seqs = new Float64Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity).fill(-1);
    this.objects = new Array(capacity).fill(undefined);
    this.bytes = Buffer.allocUnsafe(capacity > 0 ? Math.min(firstBytes, maxBytes) : 0);
  }

  /** Keeps `text` when given (the event's JSON), else the event itself. */
  add(seq: number, event: BusEvent, text?: string): void {
    if (this.capacity === 0) return;
    if (this.count === this.capacity) this.dropOldest();
    const slot = this.next;
    this.seqs[slot] = seq;
    if (text === undefined) {
      this.objects[slot] = event;
      this.lengths[slot] = -1;
    } else {
      const length = Buffer.byteLength(text);
      const start = this.room(length);
      if (start < 0) {
        // Larger than the whole ring may grow: kept as its text, on the heap.
        this.objects[slot] = new JsonEvent(event.channel, seq, text);
        this.lengths[slot] = -1;
      } else {
        this.bytes.write(text, start, length);
        this.objects[slot] = undefined;
        this.starts[slot] = start;
        this.lengths[slot] = length;
        this.writeAt = start + length;
      }
    }
    this.next = (slot + 1) % this.capacity;
    this.count++;
  }

  /** Up to `limit` events numbered after `seq`, oldest first. */
  after(channel: string, seq: number, limit: number): BusEvent[] {
    const found: BusEvent[] = [];
    for (let i = 0; i < this.count && found.length < limit; i++) {
      const slot = this.slotAt(i);
      if (this.seqs[slot] <= seq) continue;
      const length = this.lengths[slot];
      found.push(length < 0 ? (this.objects[slot] as BusEvent) : new JsonEvent(channel, this.seqs[slot], this.bytes.toString('utf8', this.starts[slot], this.starts[slot] + length)));
    }
    return found;
  }

  private liveBytes(): number {
    let total = 0;
    for (let i = 0; i < this.count; i++) total += Math.max(0, this.lengths[this.slotAt(i)]);
    return total;
  }

  /** The slot of the `i`-th live entry, oldest first. */
  private slotAt(i: number): number {
    return (this.next - this.count + i + this.capacity) % this.capacity;
  }

  private dropOldest(): void {
    this.objects[this.slotAt(0)] = undefined;
    this.count--;
  }

  /**
   * Where `length` bytes can be written without touching a live text: after the newest text, or at
   * the ring's start when they do not fit before its end. Until there is room, the ring grows, and
   * once it may not, the oldest entries are dropped. -1 when the text is larger than the ring may be.
   */
  private room(length: number): number {
    if (length > this.maxBytes) return -1;
    for (;;) {
      const oldest = this.oldestTextStart();
      const fitsBeforeEnd = this.writeAt + length <= this.bytes.length;
      if (oldest < 0) return fitsBeforeEnd ? this.writeAt : 0;
      if (oldest < this.writeAt) {
        // Texts lie in [oldest, writeAt): free are the end of the ring and its start up to the oldest.
        if (fitsBeforeEnd) return this.writeAt;
        if (length <= oldest) return 0;
      } else if (this.writeAt + length <= oldest) {
        // Wrapped: the newest texts lie before writeAt, the oldest from `oldest` on.
        return this.writeAt;
      }
      if (this.bytes.length < this.maxBytes) this.grow(length);
      else this.dropOldest();
    }
  }

  /** Start of the oldest live text; -1 when there is none. */
  private oldestTextStart(): number {
    for (let i = 0; i < this.count; i++) {
      const slot = this.slotAt(i);
      if (this.lengths[slot] >= 0) return this.starts[slot];
    }
    return -1;
  }

  /** A ring at least twice as large and with room for `length` more bytes, the live texts packed at its start in entry order. */
  private grow(length: number): void {
    const needed = this.liveBytes() + length;
    let size = this.bytes.length * 2;
    while (size < needed && size < this.maxBytes) size *= 2;
    const bytes = Buffer.allocUnsafe(Math.min(size, this.maxBytes));
    let at = 0;
    for (let i = 0; i < this.count; i++) {
      const slot = this.slotAt(i);
      const length = this.lengths[slot];
      if (length < 0) continue;
      this.bytes.copy(bytes, at, this.starts[slot], this.starts[slot] + length);
      this.starts[slot] = at;
      at += length;
    }
    this.bytes = bytes;
    this.writeAt = at;
  }
}
