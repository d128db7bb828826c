import { NeuroGraph } from './client.js';
import { AuthError, ConflictError, NetworkError, NotFoundError, RateLimitError, TimeoutError, ValidationError } from './errors.js';
import { backoffDelay, parseRetryAfter } from './retry.js';

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

/** A fetch that answers from a script and records what it was asked. */
function scripted(...handlers: Handler[]) {
  const calls: { url: URL; init: RequestInit }[] = [];
  const fetch = (async (input: string, init: RequestInit) => {
    const url = new URL(input);
    calls.push({ url, init });
    const handler = handlers[Math.min(calls.length - 1, handlers.length - 1)]!;
    return handler(url, init);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  json(status, { type: `https://neurograph.dev/problems/${code}`, title: 'x', status, code, detail: `detail of ${code}`, requestId: 'req-1', ...extra });
const client = (fetch: typeof globalThis.fetch, extra: Record<string, unknown> = {}) => new NeuroGraph({ baseUrl: 'http://api.test', apiKey: 'ng_live_x', fetch, ...extra });

describe('errors', () => {
  it.each([
    [400, 'VALIDATION_FAILED', ValidationError],
    [422, 'CONFIG_INVALID', ValidationError],
    [401, 'INVALID_TOKEN', AuthError],
    [404, 'MODULE_NOT_FOUND', NotFoundError],
    [409, 'MODULE_CANNOT_BE_DISABLED', ConflictError],
    [429, 'RATE_LIMITED', RateLimitError],
  ])('maps %s %s to its class with status, code, detail and request id', async (status, code, type) => {
    const { fetch } = scripted(() => problem(status, code, { errors: [{ field: 'vector', rule: 'length', message: 'm' }] }));
    const error = await client(fetch).modules.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, code, detail: `detail of ${code}`, requestId: 'req-1' });
    if (error instanceof ValidationError) expect(error.fields).toEqual([{ field: 'vector', rule: 'length', message: 'm' }]);
  });

  it('reports an unreachable server as a NetworkError and a silent one as a TimeoutError', async () => {
    const refused = scripted(() => Promise.reject(new TypeError('fetch failed')));
    await expect(client(refused.fetch).system.status()).rejects.toBeInstanceOf(NetworkError);
    const silent = scripted((_, init) => new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new Error('aborted')))));
    await expect(client(silent.fetch, { timeoutMs: 50 }).system.status()).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe('retries', () => {
  it('are off by default', async () => {
    const { fetch, calls } = scripted(() => problem(503, 'NOT_READY'));
    await expect(client(fetch).system.status()).rejects.toMatchObject({ status: 503 });
    expect(calls).toHaveLength(1);
  });

  it('honour Retry-After on 429, then succeed', async () => {
    const limited = scripted(() => new Response(JSON.stringify({ status: 429, code: 'RATE_LIMITED', detail: 'slow down' }), { status: 429, headers: { 'retry-after': '1' } }), () => json(200, { ok: true }));
    const started = Date.now();
    // The backoff alone would wait ~200 ms: the second attempt comes after the server's second.
    await expect(client(limited.fetch, { retries: 2 }).system.status()).resolves.toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(limited.calls).toHaveLength(2);
  });

  it('never repeat a POST without an idempotency key, but do repeat signals (they carry a client id)', async () => {
    const key = scripted(() => problem(503, 'NOT_READY'));
    await expect(client(key.fetch, { retries: 3 }).apiKeys.create({ name: 'k' })).rejects.toMatchObject({ status: 503 });
    expect(key.calls).toHaveLength(1);

    const signals = scripted(() => problem(503, 'WRITE_QUEUE_FULL'), () => json(200, { signalId: 'same' }));
    await client(signals.fetch, { retries: { retries: 2, baseDelayMs: 1 } }).signals.emit({ vector: [1, 1, 1, 1, 1, 1, 1, 1] });
    const ids = signals.calls.map((c) => JSON.parse(String(c.init.body)).id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toEqual(ids[1]);
  });

  it('do not retry what the server refused on its merits', async () => {
    const { fetch, calls } = scripted(() => problem(404, 'MODULE_NOT_FOUND'));
    await expect(client(fetch, { retries: 3 }).modules.get('x', { retries: 3 })).rejects.toBeInstanceOf(NotFoundError);
    expect(calls).toHaveLength(1);
  });

  it('back off exponentially with jitter inside the window', () => {
    const policy = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(policy, 0, () => 0)).toBe(50);
    expect(backoffDelay(policy, 0, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(800);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1000);
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('authentication', () => {
  const login = (n: number) => json(200, { accessToken: `access-${n}`, refreshToken: `refresh-${n}`, tokenType: 'Bearer', expiresIn: 900, user: {} });

  it('logs in lazily once for concurrent requests, then sends the bearer token', async () => {
    const { fetch, calls } = scripted((url) => (url.pathname.endsWith('/auth/login') ? login(1) : json(200, { ok: true })));
    const c = new NeuroGraph({ baseUrl: 'http://api.test', username: 'u', password: 'p', fetch });
    expect(calls).toHaveLength(0);
    await Promise.all([c.system.status(), c.modules.list(), c.spaces.list()]);
    expect(calls.filter((call) => call.url.pathname.endsWith('/auth/login'))).toHaveLength(1);
    expect(calls.at(-1)!.init.headers).toMatchObject({ authorization: 'Bearer access-1' });
  });

  it('refreshes once after a 401 and retries, but does not loop when the refresh fails', async () => {
    let refreshes = 0;
    const { fetch, calls } = scripted((url, init) => {
      if (url.pathname.endsWith('/auth/refresh')) return refreshes++ === 0 ? login(2) : problem(401, 'INVALID_REFRESH_TOKEN');
      const auth = (init.headers as Record<string, string>).authorization;
      return auth === 'Bearer access-2' ? json(200, { ok: true }) : problem(401, 'TOKEN_EXPIRED');
    });
    const c = new NeuroGraph({ baseUrl: 'http://api.test', token: 'access-1', refreshToken: 'refresh-1', fetch });
    await expect(c.system.status()).resolves.toEqual({ ok: true });
    expect(calls.map((call) => call.url.pathname)).toEqual(['/api/v1/status', '/api/v1/auth/refresh', '/api/v1/status']);

    const stale = new NeuroGraph({ baseUrl: 'http://api.test', token: 'access-0', refreshToken: 'refresh-0', fetch });
    await expect(stale.system.status()).rejects.toBeInstanceOf(AuthError);
    expect(refreshes).toBe(2);
  });
});
