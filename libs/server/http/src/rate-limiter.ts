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
    this.buckets.delete(key);
    if (this.buckets.size >= this.maxBuckets) this.buckets.delete(this.buckets.keys().next().value as string);
    this.buckets.set(key, bucket);
    return decide(bucket.tokens, allowed, spec);
  }

  async ping(): Promise<void> {
    // Memory always answers.
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}

// Refill and take in one atomic step on the Redis server, so every replica shares the bucket.
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1]); local burst = tonumber(ARGV[2])
local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst; local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - at) / 1000 * rate)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return { allowed, tostring(tokens) }`;

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'ng:rl:',
  ) {
    redis.defineCommand('ngTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  }

  async take(key: string, spec: BucketSpec): Promise<RateDecision> {
    const take = (this.redis as unknown as { ngTakeToken(key: string, rate: number, burst: number): Promise<[number, string]> }).ngTakeToken;
    // The spec is part of the key: replicas configured alike share a bucket, and a changed limit starts afresh.
    const [allowed, tokens] = await take.call(this.redis, `${this.prefix}${spec.ratePerSecond}:${spec.burst}:${key}`, spec.ratePerSecond, spec.burst);
    return decide(Number(tokens), allowed === 1, spec);
  }

  /** Readiness: the shared buckets are reachable. */
  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
