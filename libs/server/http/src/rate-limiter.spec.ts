import { describeRequiring } from '@neurograph/server-testing';
import Redis from 'ioredis';
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from './rate-limiter';

describe('MemoryRateLimiter', () => {
  it('allows the burst, refuses the next with a retry time, and refills at the rate', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    const spec = { ratePerSecond: 2, burst: 3 };
    for (let i = 0; i < 3; i++) expect((await limiter.take('a', spec)).allowed).toBe(true);
    const refused = await limiter.take('a', spec);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 500 });
    expect((await limiter.take('b', spec)).allowed).toBe(true);
    now = 500;
    expect(await limiter.take('a', spec)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('forgets the least recently used bucket beyond its bound', async () => {
    const limiter = new MemoryRateLimiter(() => 0, 2);
    const spec = { ratePerSecond: 1, burst: 1 };
    await limiter.take('a', spec);
    await limiter.take('b', spec);
    await limiter.take('c', spec);
    // 'a' was forgotten, so its bucket is full again.
    expect((await limiter.take('a', spec)).allowed).toBe(true);
    expect((await limiter.take('c', spec)).allowed).toBe(false);
  });
});

const redisUrl = process.env.REDIS_URL;
describeRequiring(redisUrl ? undefined : 'Redis (REDIS_URL)')('RedisRateLimiter (REDIS_URL)', () => {
  let a: RateLimiter;
  let b: RateLimiter;
  beforeAll(() => {
    a = new RedisRateLimiter(new Redis(redisUrl!));
    b = new RedisRateLimiter(new Redis(redisUrl!));
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('shares one bucket between two clients, as between two replicas', async () => {
    const key = `test-${Date.now()}-${Math.random()}`;
    const spec = { ratePerSecond: 1, burst: 4 };
    const outcomes = await Promise.all([a, b, a, b, a, b].map((limiter) => limiter.take(key, spec)));
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(4);
    const refused = outcomes.find((o) => !o.allowed)!;
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('serves most requests from a lease, never allowing more than the shared bucket holds', async () => {
    const redis = [new Redis(redisUrl!), new Redis(redisUrl!)];
    const replicas = redis.map((client) => new RedisRateLimiter(client));
    // A spy on the real script call (Redis still answers every one).
    let roundTrips = 0;
    for (const client of redis) {
      const script = (client as unknown as { ngTakeToken: (...args: unknown[]) => Promise<unknown> }).ngTakeToken;
      Object.assign(client, { ngTakeToken: (...args: unknown[]) => (roundTrips++, script.apply(client, args)) });
    }
    try {
      const key = `lease-${Date.now()}-${Math.random()}`;
      // A twentieth of the burst per lease: 5 tokens; the refill (one a minute) is negligible here.
      const spec = { ratePerSecond: 1 / 60, burst: 100 };
      const outcomes = [];
      for (let i = 0; i < 120; i++) outcomes.push(await replicas[i % 2].take(key, spec));
      const allowed = outcomes.filter((o) => o.allowed).length;
      expect(allowed).toBeLessThanOrEqual(100);
      // At most a lease less one token per replica may be stranded.
      expect(allowed).toBeGreaterThanOrEqual(100 - 2 * 4);
      expect(outcomes.slice(0, 90).every((o) => o.allowed)).toBe(true);
      expect(outcomes.at(-1)).toMatchObject({ allowed: false });
      // 20 leases plus one call per refusal, instead of 120 calls.
      expect(roundTrips).toBeLessThan(50);
      roundTrips = 0;
      // Requests that miss the lease at the same time share the one being taken: sixteen at once
      // each took a lease of their own (320 of this bucket's 400 tokens) before.
      const together = `together-${Date.now()}-${Math.random()}`;
      const wide = { ratePerSecond: 1 / 60, burst: 400 };
      const concurrent = await Promise.all(Array.from({ length: 16 }, () => replicas[0].take(together, wide)));
      expect(concurrent.every((o) => o.allowed)).toBe(true);
      expect(roundTrips).toBe(1);
      expect(Math.min(...concurrent.map((o) => o.remaining))).toBeGreaterThanOrEqual(400 - 20);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });
});
