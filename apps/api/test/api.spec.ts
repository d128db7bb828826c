import { Client, freshStorage, login, principals, type RunningApi, startApi, type Storage, vec, ADMIN_PASSWORD } from './harness';

let api: RunningApi;
let storage: Storage;
let admin: Client;
let viewer: Client;

beforeAll(async () => {
  storage = await freshStorage();
  api = await startApi(storage.env);
  ({ admin, viewer } = await principals(api.url));
}, 60_000);
afterAll(async () => {
  await api.close();
  await storage.dispose();
});

describe('signals', () => {
  it('shows novelty: the same vector twice is novel, then known, naming the first token', async () => {
    const first = await admin.post('/signals', { vector: vec(0.11, 0.93), space: 'novelty' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: true, isNovel: true, neighbors: [] });
    const second = await admin.post('/signals', { vector: vec(0.11, 0.93), space: 'novelty' });
    expect(second.body).toMatchObject({ created: false, isNovel: false, tokenId: first.body.tokenId });
    expect(second.body.neighbors[0]).toMatchObject({ tokenId: first.body.tokenId, distance: 0 });
  });

  it('answers a retry with the same client id with the first result, learning once', async () => {
    const body = { id: 'client-42', vector: vec(0.7, 0.2, 0.9), space: 'idem' };
    const first = await admin.post('/signals', body);
    const retry = await admin.post('/signals', body);
    expect(retry.body).toEqual(first.body);
    expect((await admin.get('/spaces/idem')).body.tick).toBe(1);
  });

  it('processes a batch in order with explicit per-item errors', async () => {
    const reply = await admin.post('/signals/batch', { signals: [{ vector: vec(0.3) }, { vector: [1, 2] }, { payload: 'hello batch' }] });
    expect(reply.status).toBe(200);
    expect(reply.body.accepted).toBe(2);
    expect(reply.body.rejected).toBe(1);
    expect(reply.body.results[0]).toMatchObject({ processed: true });
    expect(reply.body.results[1].error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(reply.body.results[1].error.errors[0].field).toMatch(/^signals\.1\.vector/);
    expect(reply.body.results[2]).toMatchObject({ processed: true });
  });

  it('refuses invalid bodies with the field named and stores nothing', async () => {
    const before = (await admin.get('/spaces/default')).body?.tick ?? 0;
    const reply = await admin.post('/signals', { vector: vec(0.1), priority: 999, bogus: true });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['bogus', 'priority']);
    expect((await admin.get('/spaces/default')).body?.tick ?? 0).toBe(before);
  });

  it("validates a signal once, by the engine, and names fields as the API does", async () => {
    const unknownSensor = await admin.post('/signals', { payload: 'x', sensor: 'no.such.sensor' });
    expect(unknownSensor).toMatchObject({ status: 404, body: { code: 'SENSOR_NOT_FOUND', errors: [{ field: 'sensor', rule: 'exists' }] } });
    // The engine's own fields are not the API's: a client cannot set them.
    const engineOnly = await admin.post('/signals', { vector: vec(0.1), energy: { magnitude: 9 }, timestamp: '2026-01-01T00:00:00Z', sensorId: 'vector' });
    expect(engineOnly.status).toBe(400);
    expect(engineOnly.body.errors.map((e: { field: string }) => e.field)).toEqual(['energy', 'timestamp', 'sensorId']);
    expect((await admin.post('/signals', [{ vector: vec(0.1) }])).body).toMatchObject({ status: 400, errors: [{ field: 'body', rule: 'type' }] });

    const batch = await admin.post('/signals/batch', { signals: [{ vector: vec(0.6) }, 'not a signal', { payload: 'x', sensor: 'no.such.sensor' }, { vector: vec(0.6), tags: ['a'] }] });
    expect(batch).toMatchObject({ status: 200, body: { accepted: 2, rejected: 2 } });
    expect(batch.body.results[1].error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'signals.1', rule: 'type' }] });
    expect(batch.body.results[2].error).toMatchObject({ status: 404, code: 'SENSOR_NOT_FOUND', errors: [{ field: 'signals.2.sensor' }] });
    expect(batch.body.results[3]).toMatchObject({ processed: true, created: false, tokenId: batch.body.results[0].tokenId });
    expect((await admin.post('/signals/batch', { signals: [{ vector: vec(0.6) }], extra: true })).body).toMatchObject({ status: 400, errors: [{ field: 'extra', rule: 'unknown' }] });
  });

  it('lists and fetches signals from the log, filtered and paged', async () => {
    await admin.post('/signals/text', { text: 'log me please', space: 'logged' });
    await admin.post('/signals/text', { text: 'and me too', space: 'logged' });
    const page = await viewer.get('/signals?space=logged&limit=1');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0].signal.payload).toBe('and me too');
    const next = await viewer.get(`/signals?space=logged&limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].signal.payload).toBe('log me please');
    expect(next.body.nextCursor).toBeNull();
    const one = await viewer.get(`/signals/${page.body.items[0].id}`);
    expect(one.body.result.signalId).toBe(page.body.items[0].id);
    // The log keeps the very result the client was answered.
    const batch = await admin.post('/signals/batch', { signals: [{ vector: vec(0.45), space: 'logged' }] });
    expect(batch.headers.get('content-type')).toMatch(/^application\/json/);
    const stored = await viewer.get(`/signals/${batch.body.results[0].signalId}`);
    expect(stored.body.result).toEqual(batch.body.results[0]);
    const single = await admin.post('/signals', { vector: vec(0.55), space: 'logged' });
    expect(single.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await viewer.get(`/signals/${single.body.signalId}`)).body.result).toEqual(single.body);
    expect((await viewer.get('/signals/nope')).status).toBe(404);
    expect((await viewer.get('/signals?cursor=garbage')).body.errors[0].field).toBe('cursor');
  });
});

describe('spaces, search and graph', () => {
  let ids: number[];
  beforeAll(async () => {
    ids = [];
    for (const v of [vec(0.1), vec(0.1, 0.9), vec(0.9, 0.1, 0.9), vec(0.9, 0.9, 0.1, 0.9)]) ids.push((await admin.post('/signals', { vector: v, space: 'graph', sequenceId: 'conv' })).body.tokenId);
    expect(new Set(ids).size).toBe(4);
  });

  it('searches by vector, by token and by text', async () => {
    const byVector = await viewer.post('/spaces/graph/search', { vector: vec(0.1), k: 2 });
    expect(byVector.body.neighbors).toHaveLength(2);
    expect(byVector.body.neighbors[0]).toMatchObject({ tokenId: ids[0], distance: 0 });
    const byToken = await viewer.post('/spaces/graph/search', { tokenId: ids[3], k: 1 });
    expect(byToken.body.neighbors[0].tokenId).toBe(ids[3]);
    const byText = await viewer.post('/spaces/graph/search', { text: 'anything at all', k: 3 });
    expect(byText.body.neighbors).toHaveLength(3);
    const both = await viewer.post('/spaces/graph/search', { text: 'x', tokenId: 1 });
    expect(both.status).toBe(400);
  });

  it('links, traverses and activates the graph', async () => {
    const edge = await admin.post('/spaces/graph/edges', { from: ids[0], to: ids[3], type: 'causal', weight: 0.9 });
    expect(edge.status).toBe(201);
    const edges = await viewer.get(`/spaces/graph/tokens/${ids[0]}/edges?direction=out`);
    expect(edges.body.edges).toContainEqual(expect.objectContaining({ from: ids[0], to: ids[3], type: 'causal' }));
    const path = await viewer.get(`/spaces/graph/path?from=${ids[0]}&to=${ids[3]}`);
    expect(path.body.found).toBe(true);
    expect(path.body.path[0]).toBe(ids[0]);
    expect(path.body.path[path.body.path.length - 1]).toBe(ids[3]);
    const activated = await viewer.post('/spaces/graph/activate', { start: ids[0] });
    expect(activated.body.activated.map((a: { tokenId: number }) => a.tokenId)).toContain(ids[3]);
    const sub = await viewer.get(`/spaces/graph/subgraph?root=${ids[0]}&depth=1`);
    expect(sub.body.nodes.map((n: { id: number }) => n.id)).toEqual(expect.arrayContaining([ids[0], ids[3]]));
    expect((await admin.post('/spaces/graph/edges', { from: ids[0], to: 9999 })).body.errors[0].field).toBe('to');
  });

  it('creates, edits and deletes tokens; stats, projection, influence and density answer', async () => {
    const token = await admin.post('/spaces/graph/tokens', { vector: vec(0.33, 0.33), label: 'made by hand' });
    expect(token.status).toBe(201);
    const patched = await admin.patch(`/spaces/graph/tokens/${token.body.id}`, { label: 'renamed', persistent: true });
    expect(patched.body).toMatchObject({ label: 'renamed', persistent: true });
    expect((await admin.delete(`/spaces/graph/tokens/${token.body.id}`)).status).toBe(204);
    expect((await viewer.get(`/spaces/graph/tokens/${token.body.id}`)).status).toBe(404);
    expect((await viewer.get('/spaces/graph/stats')).body.tokens).toBe(4);
    expect((await viewer.get('/spaces/graph/projection')).body.points).toHaveLength(4);
    expect((await viewer.get(`/spaces/graph/influence?point=${vec(0.1).join(',')}`)).body.influence).toBeGreaterThan(0);
    expect((await viewer.get(`/spaces/graph/density?point=${vec(0.1).join(',')}&radius=0.5`)).body.density).toBeGreaterThan(0);
    expect((await viewer.get('/spaces/graph/influence?point=1,2')).body.errors[0].field).toBe('point');
    const tokens = await viewer.get('/spaces/graph/tokens?limit=3');
    expect(tokens.body.items).toHaveLength(3);
    const rest = await viewer.get(`/spaces/graph/tokens?limit=3&cursor=${tokens.body.nextCursor}`);
    expect(rest.body.items).toHaveLength(1);
  });

  it('creates and deletes spaces (deleting needs spaces:admin)', async () => {
    expect((await admin.post('/spaces', { name: 'scratch' })).status).toBe(201);
    expect((await admin.post('/spaces', { name: 'scratch' })).status).toBe(409);
    expect((await admin.post('/spaces', { name: 'Bad Name' })).body.errors[0].field).toBe('name');
    const developer = await login(api.url, 'developer-user', 'developer-password-123');
    expect((await developer.delete('/spaces/scratch')).status).toBe(403);
    expect((await admin.delete('/spaces/scratch')).status).toBe(204);
    expect((await admin.get('/spaces/scratch')).status).toBe(404);
  });
});

describe('modules', () => {
  it('lists and gets modules; 404 for an unknown one', async () => {
    const list = await viewer.get('/modules');
    expect(list.body.total).toBe(list.body.modules.length);
    expect(list.body.modules[0]).toEqual(expect.objectContaining({ id: expect.any(String), enabled: expect.any(Boolean), canDisable: expect.any(Boolean), metrics: expect.any(Object) }));
    const missing = await viewer.get('/modules/no_such_module');
    expect(missing).toMatchObject({ status: 404, body: { code: 'MODULE_NOT_FOUND' } });
  });

  it('refuses to disable a core module with 409, disables and re-enables another', async () => {
    const core = (await viewer.get('/modules')).body.modules.find((m: { canDisable: boolean }) => !m.canDisable);
    const refused = await admin.put(`/modules/${core.id}/enabled`, { enabled: false });
    expect(refused).toMatchObject({ status: 409, body: { code: 'MODULE_CANNOT_BE_DISABLED' } });
    const off = await admin.put('/modules/gateway/enabled', { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, status: 'disabled' });
    expect((await admin.post('/signals', { vector: vec(0.2) })).body.code).toBe('MODULE_DISABLED');
    expect((await admin.put('/modules/gateway/enabled', { enabled: true })).body.enabled).toBe(true);
    const audit = await admin.get('/audit?limit=5');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['module.disable', 'module.enable']));
  });

  it('validates configs against the schema (422) and merges patches', async () => {
    const bad = await admin.put('/modules/gateway/config', { config: { defaultSpace: 'NOT VALID' } });
    expect(bad).toMatchObject({ status: 422, body: { code: 'CONFIG_INVALID' } });
    expect(bad.body.errors[0].field).toContain('defaultSpace');
    const good = await admin.patch('/modules/gateway/config', { config: { defaultSpace: 'main' } });
    expect(good.body.config.defaultSpace).toBe('main');
    const config = (await viewer.get('/modules/gateway/config')).body;
    expect(config.config.defaultSpace).toBe('main');
    expect(config.schema.properties.defaultSpace.type).toBe('string');
    await admin.put('/modules/gateway/config', { config: { defaultSpace: 'default' } });
  });

  it('reports metrics that move after traffic', async () => {
    const before = (await viewer.get('/modules/signal_system/metrics')).body.operations;
    for (let i = 0; i < 3; i++) await admin.post('/signals', { vector: vec(0.05 * i) });
    const after = (await viewer.get('/modules/signal_system/metrics')).body.operations;
    expect(after).toBe(before + 3);
  });
});

describe('constitution', () => {
  it('changes, keeps history, rolls back (admin only) and validates', async () => {
    const start = (await viewer.get('/cdna')).body.cdna;
    const changed = await admin.put('/cdna', { cdna: { quotas: { maxTokensPerSpace: 123456 } }, reason: 'test' });
    expect(changed.body).toMatchObject({ quotas: { maxTokensPerSpace: 123456 } });
    expect(changed.body.version).toBe(start.version + 1);
    const history = await viewer.get('/cdna/history?limit=2');
    expect(history.body.items[0].version).toBe(start.version + 1);
    const developer = await login(api.url, 'developer-user', 'developer-password-123');
    expect((await developer.post(`/cdna/rollback/${start.version}`)).status).toBe(403);
    const rolled = await admin.post(`/cdna/rollback/${start.version}`);
    expect(rolled.body.quotas.maxTokensPerSpace).toBe(start.quotas.maxTokensPerSpace);
    expect((await admin.post('/cdna/rollback/999999')).status).toBe(404);
    const invalid = await viewer.post('/cdna/validate', { cdna: { quotas: { maxTokensPerSpace: -5 } } });
    expect(invalid.body.valid).toBe(false);
    expect((await admin.put('/cdna', { cdna: { quotas: { maxTokensPerSpace: -5 } } })).status).toBe(400);
  });
});

describe('sensors, rules and actions', () => {
  it('manages sensors and rules, and logs actions', async () => {
    expect((await admin.post('/sensors', { sensorId: 'lab.temp', encoder: 'numeric', description: 'lab thermometer' })).status).toBe(201);
    expect((await admin.patch('/sensors/lab.temp', { enabled: false })).body.enabled).toBe(false);
    expect((await admin.post('/sensors', { sensorId: 'x.y', encoder: 'no-such-encoder' })).body.errors[0].field).toBe('encoder');
    expect((await admin.delete('/sensors/vector')).status).toBe(409);
    expect((await admin.delete('/sensors/lab.temp')).status).toBe(204);
    const rule = await admin.post('/rules', { id: 'loud', name: 'Loud', when: { 'result.isNovel': true }, actions: [{ type: 'log', params: { message: 'novel!' } }] });
    expect(rule.status).toBe(201);
    expect((await admin.patch('/rules/loud', { enabled: false })).body.enabled).toBe(false);
    expect((await admin.delete('/rules/loud')).status).toBe(204);
    expect((await admin.get('/rules/loud')).status).toBe(404);
    expect((await viewer.get('/actions?limit=5')).body.items.length).toBeGreaterThan(0);
  });
});

describe('system', () => {
  it('serves status, Prometheus metrics, health and the OpenAPI document', async () => {
    expect((await viewer.get('/status')).body).toMatchObject({ status: 'ok', engine: expect.any(Object) });
    const metrics = await admin.get('/metrics');
    expect(metrics.body).toContain('neurograph_signals_processed_total');
    // The batch test refused one signal with VALIDATION_FAILED; the modules test one with MODULE_DISABLED.
    expect(metrics.body).toMatch(/neurograph_signals_rejected_total\{code="VALIDATION_FAILED"\} [1-9]/);
    expect(metrics.body).toMatch(/neurograph_actions_total\{type="notify",status="completed"\} [1-9]/);
    expect(metrics.body).toMatch(/neurograph_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/signals",status="200"\} [1-9]/);
    expect((await new Client(api.url).get('/health/live')).status).toBe(200);
    const ready = (await new Client(api.url).get('/health/ready')).body;
    expect(ready).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, engine: { status: 'up' } } });
    // With REDIS_URL (CI) the shared rate-limit store is a dependency too.
    expect(Boolean(ready.info.redis)).toBe(Boolean(process.env.REDIS_URL));
    const openapi = await new Client(api.url).get('/openapi.json');
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toContain('/api/v1/signals');
  });

  it('carries the caller\'s request id, or makes one', async () => {
    const given = await viewer.request('GET', '/status', undefined, { 'x-request-id': 'trace-me-123' });
    expect(given.headers.get('x-request-id')).toBe('trace-me-123');
    const made = await viewer.get('/nope');
    expect(made.status).toBe(404);
    expect(made.body.requestId).toBe(made.headers.get('x-request-id'));
  });

  it('answers cross-origin requests only from the configured origins', async () => {
    const preflight = { origin: 'http://dashboard.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' };
    // No CORS_ORIGINS (this app): no CORS headers, and a preflight is an unknown route.
    const closed = await viewer.request('OPTIONS', '/signals', undefined, preflight);
    expect(closed.status).toBe(404);
    expect(closed.headers.get('content-type')).toContain('application/problem+json');
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
    expect((await viewer.request('GET', '/status', undefined, { origin: 'http://dashboard.test' })).headers.get('access-control-allow-origin')).toBeNull();

    const otherStorage = await freshStorage();
    const open = await startApi({ ...otherStorage.env, CORS_ORIGINS: 'http://dashboard.test' });
    try {
      const allowed = await new Client(open.url).request('OPTIONS', '/signals', undefined, preflight);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://dashboard.test');
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
      const read = await new Client(open.url).request('GET', '/health/live', undefined, { origin: 'http://dashboard.test' });
      expect(read.headers.get('access-control-allow-origin')).toBe('http://dashboard.test');
      expect(read.headers.get('access-control-expose-headers')).toContain('x-request-id');
      const stranger = await new Client(open.url).request('GET', '/health/live', undefined, { origin: 'http://elsewhere.test' });
      expect(stranger.status).toBe(200);
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await open.close();
      await otherStorage.dispose();
    }
  });

  it('lets a user change their password', async () => {
    const user = await admin.post('/users', { username: 'changer', password: 'first-password-1', role: 'viewer' });
    const client = await login(api.url, 'changer', 'first-password-1');
    expect((await client.post('/auth/change-password', { currentPassword: 'wrong-password', newPassword: 'second-password-2' })).status).toBe(403);
    expect((await client.post('/auth/change-password', { currentPassword: 'first-password-1', newPassword: 'second-password-2' })).status).toBe(204);
    await expect(login(api.url, 'changer', 'first-password-1')).rejects.toThrow();
    await login(api.url, 'changer', 'second-password-2');
    expect((await admin.delete(`/users/${user.body.id}`)).status).toBe(204);
    expect(ADMIN_PASSWORD.length).toBeGreaterThan(11);
  });
});
