/** How much older than `ttlMs` a value may be and still answer while it is reloaded. */
const STALE_FACTOR = 5;

interface Entry<V> {
  value: V;
  at: number;
}

/**
 * Remembers lookups for a short time so authenticating a request rarely costs a query, while a
 * change made on another replica takes effect within `ttlMs` (plus one query); changes made here
 * evict at once. A value past `ttlMs` still answers while one reload per key runs behind it, so
 * requests do not wait for the database every `ttlMs` (on PGlite, behind a write-behind flush);
 * past `STALE_FACTOR × ttlMs` (the database is not answering) requests wait for the reload.
 */
export class FreshnessCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();
  /** Bumped by every eviction: a load that started before one does not store what it read. */
  private epoch = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    const age = hit ? this.now() - hit.at : Infinity;
    if (hit && age < this.ttlMs) return Promise.resolve(hit.value);
    if (hit && age < this.ttlMs * STALE_FACTOR) {
      this.reload(key, load).catch(() => undefined);
      return Promise.resolve(hit.value);
    }
    return this.reload(key, load);
  }

  evict(key: string): void {
    this.epoch++;
    this.entries.delete(key);
    this.loading.delete(key);
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.loading.clear();
  }

  /** One load per key at a time; concurrent callers share it. */
  private reload(key: string, load: () => Promise<V>): Promise<V> {
    const pending = this.loading.get(key);
    if (pending) return pending;
    const epoch = this.epoch;
    const loaded = load()
      .then((value) => {
        if (this.epoch === epoch) this.store(key, value);
        return value;
      })
      .finally(() => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
      });
    this.loading.set(key, loaded);
    return loaded;
  }

  private store(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, at: this.now() });
  }
}
