import { AuthError, ConflictError, ForbiddenError, NeuroGraph, NotFoundError, RateLimitError, ValidationError } from '../index.js';
import { FAKE_ADMIN_PASSWORD, FakeServer } from './index.js';

/** The fake as user code meets it: through the real client, its error classes, auth and retries. */
const vec = (...xs: number[]) => Array.from({ length: 8 }, (_, i) => xs[i] ?? 0.5);

describe('@neurograph/sdk/testing FakeServer', () => {
  let server: FakeServer;
  let client: NeuroGraph;

  beforeEach(() => {
    server = new FakeServer({ users: [{ username: 'vera', password: 'viewer-password', role: 'viewer' }] });
    client = new NeuroGraph(server.clientOptions());
  });

  it('learns from signals with the real engine: novelty, neighbours, the signal log, search and tokens', async () => {
    const first = await client.signals.emit({ space: 'unit', vector: vec(0.1, 0.1), tags: ['a'] });
    expect(first).toMatchObject({ processed: true, isNovel: true, created: true });
    const near = await client.signals.emit({ space: 'unit', vector: vec(0.1, 0.1) });
    expect(near.isNovel).toBe(false);
    expect(near.tokenId).toBe(first.tokenId);
    await client.signals.emitText({ text: 'the kettle is boiling', space: 'unit' });

    const batch = await client.signals.emitBatch([{ space: 'unit', vector: vec(0.9, 0.9) }, { space: 'unit', vector: [1, 2] }]);
    expect(batch).toMatchObject({ accepted: 1, rejected: 1 });
    expect(batch.results[1]).toMatchObject({ error: { status: 400, code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: expect.stringMatching(/^signals\.1\.vector/) })] } });

    const logged = [];
    for await (const record of client.signals.iterate({ space: 'unit', limit: 2 })) logged.push(record);
    expect(logged).toHaveLength(4);
    expect(await client.signals.get(first.signalId)).toMatchObject({ id: first.signalId, space: 'unit', isNovel: true });
    await expect(client.signals.get('missing')).rejects.toBeInstanceOf(NotFoundError);

    const found = await client.spaces.search('unit', { vector: vec(0.1, 0.1), k: 1 });
    expect(found.neighbors[0]).toMatchObject({ tokenId: first.tokenId, distance: 0 });
    const tokens = [];
    for await (const token of client.tokens.iterate('unit', { limit: 1 })) tokens.push(token.id);
    expect(tokens.length).toBe((await client.spaces.get('unit')).tokens);
    expect(server.engine.space('unit').size).toBe(tokens.length);
  });

  it('answers with the API problem documents, so user code sees the SDK error classes', async () => {
    await expect(client.signals.emit({ vector: [1] })).rejects.toMatchObject({ name: 'ValidationError', fields: [expect.objectContaining({ field: 'vector' })] });
    await expect(client.modules.disable('guardian')).rejects.toBeInstanceOf(ConflictError);
    await expect(client.modules.get('nope')).rejects.toMatchObject({ status: 404, code: 'MODULE_NOT_FOUND' });
    await expect(client.modules.setConfig('grid', { bogus: 1 })).rejects.toMatchObject({ status: 422, code: 'CONFIG_INVALID' });
    await expect(client.spaces.create('unit-space')).resolves.toMatchObject({ name: 'unit-space', tokens: 0 });
    await expect(client.spaces.create('unit-space')).rejects.toBeInstanceOf(ConflictError);
    await expect(client.graph.path('unit-space', 1, 2)).rejects.toMatchObject({ status: 501, code: 'NOT_SUPPORTED_BY_FAKE' });
    await expect(client.spaces.search('unit-space', {})).rejects.toBeInstanceOf(ValidationError);
  });

  it('enforces the API permissions and signs users in, refreshing expired tokens', async () => {
    const viewer = new NeuroGraph(server.clientOptions({ username: 'vera', password: 'viewer-password' }));
    expect((await viewer.modules.list()).modules.length).toBeGreaterThan(5);
    await expect(viewer.modules.disable('intuition_engine')).rejects.toBeInstanceOf(ForbiddenError);
    expect(await viewer.auth.me()).toMatchObject({ username: 'vera', role: 'viewer', via: 'user' });

    server.expireTokens();
    expect((await viewer.auth.me()).username).toBe('vera');
    expect(server.requests.filter((r) => r.path === '/auth/refresh')).toHaveLength(1);

    const anonymous = new NeuroGraph({ baseUrl: server.clientOptions().baseUrl, fetch: server.fetch });
    await expect(anonymous.modules.list()).rejects.toBeInstanceOf(AuthError);
    expect(await anonymous.system.health()).toMatchObject({ status: 'ok' });
    await expect(new NeuroGraph(server.clientOptions({ username: 'admin', password: 'wrong' })).modules.list()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(new NeuroGraph(server.clientOptions({ username: 'admin', password: FAKE_ADMIN_PASSWORD })).system.status()).resolves.toMatchObject({ status: 'ok' });
  });

  it('users, API keys with scopes (shown once, revocable) and the audit log', async () => {
    const created = await client.users.create({ username: 'dev', password: 'developer-password', role: 'developer' });
    expect((await client.users.list()).items.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'vera', 'dev']));
    const developer = new NeuroGraph(server.clientOptions({ username: 'dev', password: 'developer-password' }));
    await expect(developer.apiKeys.create({ name: 'too-much', scopes: ['users:write'] })).rejects.toMatchObject({ status: 403, code: 'SCOPE_EXCEEDS_ROLE' });
    const { key, apiKey } = await developer.apiKeys.create({ name: 'reader', scopes: ['modules:read'] });
    expect(apiKey).toMatchObject({ name: 'reader', scopes: ['modules:read'], revoked: false, prefix: key.slice(0, 12) });
    const scoped = new NeuroGraph(server.clientOptions({ apiKey: key }));
    expect((await scoped.modules.list()).total).toBeGreaterThan(0);
    await expect(scoped.signals.emit({ vector: vec(0.4) })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await developer.apiKeys.revoke(apiKey.id)).toMatchObject({ revoked: true });
    await expect(scoped.modules.list()).rejects.toBeInstanceOf(AuthError);
    await client.users.update(created.id, { disabled: true });
    expect((await client.system.audit()).items.map((e) => e.action)).toEqual(['user.update', 'apikey.revoke', 'apikey.create', 'user.create']);
  });

  it('modules and the CDNA: enable, disable, configure, profiles, validate, history and rollback', async () => {
    expect(await client.modules.disable('intuition_engine')).toMatchObject({ enabled: false, status: 'disabled' });
    expect(await client.modules.enable('intuition_engine')).toMatchObject({ enabled: true });
    expect(await client.modules.patchConfig('grid', { maxNeighbors: 3 })).toMatchObject({ config: expect.objectContaining({ maxNeighbors: 3 }) });
    expect((await client.modules.getConfig('grid')).schema).toMatchObject({ type: 'object' });
    expect((await client.modules.metrics('grid')).operations).toEqual(expect.any(Number));

    const start = (await client.cdna.get()).cdna.version;
    expect(await client.cdna.applyProfile('explorer')).toMatchObject({ profile: 'explorer', version: start + 1 });
    expect(await client.cdna.validate({ plasticity: 7 })).toMatchObject({ valid: false, errors: [expect.objectContaining({ field: 'plasticity' })] });
    expect((await client.cdna.history()).items[0]).toMatchObject({ version: start + 1, author: 'admin' });
    expect(await client.cdna.rollback(start)).toMatchObject({ version: start + 2 });
    await expect(client.cdna.rollback(999)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('records requests and fails on demand: an injected 429 is retried after its Retry-After', async () => {
    server.failNext('POST /signals', { status: 429, code: 'RATE_LIMITED', retryAfterMs: 1000 });
    const refused = client.signals.emit({ vector: vec(0.2) });
    await expect(refused).rejects.toBeInstanceOf(RateLimitError);
    await expect(refused).rejects.toMatchObject({ retryAfterMs: 1000 });

    server.failNext('POST /signals', { status: 429, code: 'RATE_LIMITED', retryAfterMs: 1000 });
    const started = Date.now();
    const result = await client.signals.emit({ vector: vec(0.3) }, { retries: 1 });
    expect(result.processed).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const posts = server.requests.filter((r) => r.method === 'POST' && r.path === '/signals');
    expect(posts.map((r) => r.status)).toEqual([429, 429, 200]);
    // The retry carried the same client id, so it could not be learned twice.
    expect((posts[1]!.body as { id: string }).id).toBe((posts[2]!.body as { id: string }).id);
  });
});
