/**
 * A Map that forgets its oldest entries beyond `capacity` (first inserted, first forgotten;
 * updating a key keeps its place). The insertion order is kept in our own queue: asking a Map for
 * its oldest key after many deletions makes V8 walk every deleted slot, which turned eviction into
 * a linear scan once a map was full.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();
  private order: K[] = [];
  private head = 0;

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    if (!this.entries.has(key)) {
      while (this.entries.size >= this.capacity && this.head < this.order.length) this.entries.delete(this.order[this.head++]);
      this.order.push(key);
      if (this.head > this.capacity) {
        this.order = this.order.slice(this.head);
        this.head = 0;
      }
    }
    this.entries.set(key, value);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries[Symbol.iterator]();
  }
}
