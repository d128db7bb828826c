import type Redis from 'ioredis';

/** The outcome of taking one token from a bucket. */
export interface RateDecision {
  allowed: boolean;
  /** Tokens left after this request. */
  remaining: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
  /** Milliseconds until one token is available, when refused. */
  retryAfterMs: number;
}

export interface BucketSpec {
  ratePerSecond: number;
  burst: number;
}

/** Token buckets keyed by principal (or by IP for anonymous callers). */
export interface RateLimiter {
  take(key: string, spec: BucketSpec): Promise<RateDecision>;
  /** Throws when the store behind the buckets does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

function decide(tokens: number, allowed: boolean, spec: BucketSpec): RateDecision {
  const msPerToken = 1000 / spec.ratePerSecond;
  return {
    allowed,
    remaining: Math.floor(tokens),
    resetMs: Math.ceil((spec.burst - tokens) * msPerToken),
    retryAfterMs: allowed ? 0 : Math.ceil((1 - tokens) * msPerToken),
  };
}

/** Sets `key` as the most recently used entry, forgetting the least recently used one beyond `max`. */
function setRecent<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/** One process's buckets; idle ones are forgotten so memory stays bounded by active callers. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxBuckets = 100_000,
  ) {}

  async take(key: string, spec: BucketSpec): Promise<RateDecision> {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: spec.burst, at: now };
    bucket.tokens = Math.min(spec.burst, bucket.tokens + ((now - bucket.at) / 1000) * spec.ratePerSecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    setRecent(this.buckets, key, bucket, this.maxBuckets);
    return decide(bucket.tokens, allowed, spec);
  }

  async ping(): Promise<void> {
    // Memory always answers.
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}

// Refill and take up to ARGV[3] tokens in one atomic step on the Redis server, so every replica
// shares the bucket; answers how many were taken and what is left.
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1]); local burst = tonumber(ARGV[2]); local want = tonumber(ARGV[3])
local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst; local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - at) / 1000 * rate)
local taken = math.min(want, math.floor(tokens))
tokens = tokens - taken
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return { taken, tostring(tokens) }`;

/** A replica takes this share of a bucket's burst at a time (at least one token). */
const LEASE_SHARE = 1 / 20;
/** Leased tokens not used within this long are given up (they are not returned to the bucket). */
const LEASE_MS = 1000;

/** Tokens this replica took from a shared bucket ahead of need. */
interface Lease {
  tokens: number;
  /** The shared bucket's level when they were taken. */
  shared: number;
  expiresAt: number;
}

/**
 * Buckets shared by every replica through Redis. A replica takes a twentieth of the burst at a
 * time and serves the requests that follow from that lease, so most requests do not wait for a
 * Redis round trip. It never allows more than the shared bucket holds: every allowed request spent
 * a token taken from Redis. A caller spread over several replicas may be refused a little early,
 * at most a lease less one token per replica, while other replicas hold unused tokens; a lease
 * lapses after a second. With a burst under 40 a lease is one token, and every request goes to
 * Redis as before.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly leases = new Map<string, Lease>();
  /**
   * The lease being taken for each bucket. Requests that find the lease spent while one is on its
   * way wait for it: each taking a lease of its own took a twentieth of the burst per request, and
   * sixteen requests at once drained a bucket that their rate alone would never have emptied.
   */
  private readonly refills = new Map<string, Promise<RateDecision | undefined>>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'ng:rl:',
    private readonly now: () => number = Date.now,
    private readonly maxLeases = 100_000,
  ) {
    redis.defineCommand('ngTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  }

  async take(key: string, spec: BucketSpec): Promise<RateDecision> {
    // The spec is part of the key: replicas configured alike share a bucket, and a changed limit starts afresh.
    const bucket = `${this.prefix}${spec.ratePerSecond}:${spec.burst}:${key}`;
    for (;;) {
      const lease = this.leases.get(bucket);
      if (lease && lease.tokens >= 1 && lease.expiresAt > this.now()) {
        lease.tokens -= 1;
        return decide(lease.shared + lease.tokens, true, spec);
      }
      let refill = this.refills.get(bucket);
      if (!refill) {
        refill = this.refill(bucket, spec).finally(() => this.refills.delete(bucket));
        this.refills.set(bucket, refill);
      }
      // An empty shared bucket refuses everyone who waited for it.
      const refused = await refill;
      if (refused) return refused;
    }
  }

  /** Takes a new lease from the shared bucket; answers the refusal when it is empty. */
  private async refill(bucket: string, spec: BucketSpec): Promise<RateDecision | undefined> {
    const take = (this.redis as unknown as { ngTakeToken(key: string, rate: number, burst: number, want: number): Promise<[number, string]> }).ngTakeToken;
    const [taken, left] = await take.call(this.redis, bucket, spec.ratePerSecond, spec.burst, Math.max(1, Math.floor(spec.burst * LEASE_SHARE)));
    const shared = Number(left);
    if (taken === 0) return decide(shared, false, spec);
    setRecent(this.leases, bucket, { tokens: taken, shared, expiresAt: this.now() + LEASE_MS }, this.maxLeases);
    return undefined;
  }

  /** Readiness: the shared buckets are reachable. */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    this.leases.clear();
    await this.redis.quit();
  }
}
