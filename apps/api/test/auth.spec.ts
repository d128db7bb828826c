import { ADMIN_PASSWORD, Client, freshStorage, login, type RunningApi, startApi, type Storage } from './harness';

let api: RunningApi;
let storage: Storage;
let admin: Client;

beforeAll(async () => {
  storage = await freshStorage();
  api = await startApi(storage.env);
  admin = await login(api.url, 'admin', ADMIN_PASSWORD);
}, 60_000);
afterAll(async () => {
  await api.close();
  await storage.dispose();
});

async function loginPair(username = 'admin', password = ADMIN_PASSWORD) {
  const reply = await new Client(api.url).post('/auth/login', { username, password });
  expect(reply.status).toBe(200);
  return reply.body as { accessToken: string; refreshToken: string; expiresIn: number; user: { role: string } };
}

describe('login', () => {
  it('answers the documented shape and refuses wrong passwords and unknown users alike', async () => {
    const pair = await loginPair();
    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { username: 'admin', role: 'admin' } });
    const wrong = await new Client(api.url).post('/auth/login', { username: 'admin', password: 'nope-nope-nope' });
    const unknown = await new Client(api.url).post('/auth/login', { username: 'ghost', password: 'nope-nope-nope' });
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS', detail: wrong.body.detail });
  });
});

describe('refresh tokens', () => {
  it('rotate: the new pair works, the old refresh token does not', async () => {
    const first = await loginPair();
    const rotated = await new Client(api.url).post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
    expect((await new Client(api.url).withBearer(rotated.body.accessToken).get('/auth/me')).status).toBe(200);
  });

  it('reused after rotation revoke the whole session, including tokens issued after', async () => {
    const first = await loginPair();
    const second = (await new Client(api.url).post('/auth/refresh', { refreshToken: first.refreshToken })).body;
    const reuse = await new Client(api.url).post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(reuse).toMatchObject({ status: 401, body: { code: 'REFRESH_TOKEN_REUSED' } });
    expect((await new Client(api.url).post('/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(401);
    expect((await new Client(api.url).withBearer(second.accessToken).get('/auth/me')).status).toBe(401);
    // Other sessions of the same user are untouched.
    expect((await admin.get('/auth/me')).status).toBe(200);
  });

  it('only one of two concurrent refreshes of the same token wins', async () => {
    const pair = await loginPair();
    const replies = await Promise.all([1, 2].map(() => new Client(api.url).post('/auth/refresh', { refreshToken: pair.refreshToken })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 401]);
  });
});

describe('logout', () => {
  it('ends the session at once: its access and refresh tokens stop working', async () => {
    const pair = await loginPair();
    const client = new Client(api.url).withBearer(pair.accessToken);
    expect((await client.post('/auth/logout', {})).status).toBe(204);
    expect((await client.get('/auth/me')).status).toBe(401);
    expect((await new Client(api.url).post('/auth/refresh', { refreshToken: pair.refreshToken })).status).toBe(401);
  });
});

describe('API keys', () => {
  it('are shown once, then only by prefix, and work as X-API-Key and as Bearer', async () => {
    const created = await admin.post('/api-keys', { name: 'ci', scopes: ['signals:write', 'status:read'] });
    expect(created.status).toBe(201);
    const { key, apiKey } = created.body;
    expect(key).toMatch(/^ng_live_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    const listed = await admin.get('/api-keys');
    const shown = JSON.stringify(listed.body);
    expect(shown).toContain(apiKey.prefix);
    expect(shown).not.toContain(key);
    expect(JSON.stringify((await admin.get(`/api-keys/${apiKey.id}`)).body)).not.toContain(key);
    expect((await new Client(api.url, { 'x-api-key': key }).get('/status')).status).toBe(200);
    expect((await new Client(api.url).withBearer(key).get('/status')).status).toBe(200);
    // Scopes narrow the owner's role: an admin's key without modules:read cannot list modules.
    expect((await new Client(api.url, { 'x-api-key': key }).get('/modules')).status).toBe(403);
  });

  it('never hold more than their owner', async () => {
    await admin.post('/users', { username: 'dev-keys', password: 'developer-pass-1', role: 'developer' });
    const developer = await login(api.url, 'dev-keys', 'developer-pass-1');
    const refused = await developer.post('/api-keys', { name: 'too much', scopes: ['signals:write', 'users:write'] });
    expect(refused).toMatchObject({ status: 403, body: { code: 'SCOPE_EXCEEDS_ROLE' } });
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'scopes.1' })]);
    const unknown = await developer.post('/api-keys', { name: 'typo', scopes: ['signals:wrte'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('scopes');
  });

  it('are only visible to their owner, or to an admin asking for all', async () => {
    const developer = await login(api.url, 'dev-keys', 'developer-pass-1');
    const mine = (await developer.post('/api-keys', { name: 'mine' })).body.apiKey;
    await admin.post('/users', { username: 'other-dev', password: 'developer-pass-2', role: 'developer' });
    const other = await login(api.url, 'other-dev', 'developer-pass-2');
    expect((await other.get(`/api-keys/${mine.id}`)).status).toBe(404);
    expect((await other.post(`/api-keys/${mine.id}/revoke`)).status).toBe(404);
    expect((await other.get('/api-keys?all=true')).status).toBe(403);
    const all = await admin.get('/api-keys?all=true');
    expect(all.body.items.map((k: { id: string }) => k.id)).toContain(mine.id);
  });

  it('stop working when their owner is disabled, and again when enabled', async () => {
    const created = await admin.post('/users', { username: 'bot-owner', password: 'bot-owner-pass-1', role: 'bot' });
    const bot = await login(api.url, 'bot-owner', 'bot-owner-pass-1');
    const key = (await bot.post('/api-keys', { name: 'k' })).body;
    // bot has no apikeys:own, so it cannot create keys at all.
    expect(key.status).toBe(403);
    await admin.patch(`/users/${created.body.id}`, { role: 'developer' });
    const developer = await login(api.url, 'bot-owner', 'bot-owner-pass-1');
    const made = (await developer.post('/api-keys', { name: 'k' })).body;
    const client = new Client(api.url, { 'x-api-key': made.key });
    expect((await client.get('/status')).status).toBe(200);
    await admin.patch(`/users/${created.body.id}`, { disabled: true });
    expect((await client.get('/status')).status).toBe(401);
    expect((await developer.get('/auth/me')).status).toBe(401);
    await admin.patch(`/users/${created.body.id}`, { disabled: false });
    expect((await client.get('/status')).status).toBe(200);
  });
});

describe('users', () => {
  it('keeps at least one active admin', async () => {
    const me = (await admin.get('/auth/me')).body;
    expect(await admin.patch(`/users/${me.id}`, { role: 'viewer' })).toMatchObject({ status: 409, body: { code: 'LAST_ADMIN' } });
    expect(await admin.delete(`/users/${me.id}`)).toMatchObject({ status: 409, body: { code: 'LAST_ADMIN' } });
    expect((await admin.post('/users', { username: 'admin', password: 'whatever-long-1', role: 'viewer' })).status).toBe(409);
    expect((await admin.get('/users/not-a-uuid')).body.errors[0].field).toBe('id');
  });
});

describe('rate limits', () => {
  it('answer 429 with Retry-After and RateLimit headers once a bucket is empty, per principal and per IP', async () => {
    const limited = await startApi({ ...storage.env, RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3', ANONYMOUS_RATE_LIMIT_PER_SECOND: '1' });
    try {
      const anonymous = new Client(limited.url);
      const anonymousStatuses = [];
      for (let i = 0; i < 3; i++) anonymousStatuses.push((await anonymous.get('/status')).status);
      expect(anonymousStatuses).toEqual([200, 200, 429]);
      // login is public but still limited per IP; the bucket refills at 1/s.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const client = await login(limited.url, 'admin', ADMIN_PASSWORD);
      const replies = [];
      for (let i = 0; i < 4; i++) replies.push(await client.get('/status'));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429]);
      expect(replies[0].headers.get('ratelimit-limit')).toBe('3');
      expect(replies[1].headers.get('ratelimit-remaining')).toBe('1');
      const refused = replies[3];
      expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body.retryAfterMs).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
