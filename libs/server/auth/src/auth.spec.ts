import { FreshnessCache } from './freshness-cache';
import { constantTimeEqual, hashPassword, looksLikeApiKey, newApiKey, sha256, verifyPassword } from './secrets';

describe('secrets', () => {
  it('hashes passwords with argon2id and verifies only the right one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'wrong horse battery')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('makes API keys of the documented shape, each different, stored as a hash', () => {
    const a = newApiKey();
    const b = newApiKey();
    expect(a).toMatch(/^ng_live_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiKey(a)).toBe(true);
    expect(looksLikeApiKey('ng_live_short')).toBe(false);
    expect(a).not.toBe(b);
    expect(sha256(a)).not.toContain(a.slice(8));
    expect(constantTimeEqual(sha256(a), sha256(a))).toBe(true);
    expect(constantTimeEqual(sha256(a), sha256(b))).toBe(false);
  });
});

describe('FreshnessCache', () => {
  it('serves a fresh value, answers a stale one while one reload runs behind it, and waits once it is too old', async () => {
    let now = 0;
    let loads = 0;
    const cache = new FreshnessCache<number>(100, 10, () => now);
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    now = 99;
    expect(await cache.get('k', load)).toBe(1);
    now = 100;
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual([1, 1]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(loads).toBe(2);
    expect(await cache.get('k', load)).toBe(2);
    now = 600;
    expect(await cache.get('k', load)).toBe(3);
  });

  it('forgets an evicted value at once, also one being reloaded when it is evicted', async () => {
    let now = 0;
    let release!: (value: string) => void;
    const cache = new FreshnessCache<string>(100, 10, () => now);
    expect(await cache.get('user', async () => 'enabled')).toBe('enabled');
    now = 150;
    const slow = new Promise<string>((resolve) => (release = resolve));
    expect(await cache.get('user', () => slow)).toBe('enabled');
    cache.evict('user');
    expect(await cache.get('user', async () => 'disabled')).toBe('disabled');
    release('enabled');
    await slow;
    expect(await cache.get('user', async () => 'not called')).toBe('disabled');
  });
});
