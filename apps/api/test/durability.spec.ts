import { ADMIN_PASSWORD, freshStorage, login, startApi, type Storage, vec } from './harness';

let storage: Storage;
beforeAll(async () => {
  storage = await freshStorage({ onDisk: true });
});
afterAll(() => storage.dispose());

const N = 500;
const point = (i: number) => vec((i * 0.618) % 1, (i * 0.414) % 1, (i * 0.732) % 1, (i * 0.236) % 1);
const queries = Array.from({ length: 10 }, (_, q) => vec((q * 0.37) % 1, (q * 0.53) % 1, 0.2, 0.8));

it('keeps every accepted signal, the space, and operator changes across a graceful restart', async () => {
  const first = await startApi(storage.env);
  const admin = await login(first.url, 'admin', ADMIN_PASSWORD);
  for (let i = 0; i < N; i += 100) {
    const batch = await admin.post('/signals/batch', { signals: Array.from({ length: 100 }, (_, j) => ({ vector: point(i + j), space: 'kept', sequenceId: `s${(i + j) % 5}` })) });
    expect(batch.body.accepted).toBe(100);
  }
  const answersBefore = [];
  for (const vector of queries) answersBefore.push((await admin.post('/spaces/kept/search', { vector, k: 5 })).body.neighbors);
  const statsBefore = (await admin.get('/spaces/kept/stats')).body;
  await admin.put('/modules/intuition_engine/enabled', { enabled: false });
  await admin.patch('/modules/grid/config', { config: { maxNeighbors: 7 } });
  const cdna = (await admin.put('/cdna', { cdna: { plasticity: 0.2 }, reason: 'durability' })).body;
  await admin.post('/sensors', { sensorId: 'durable.sensor', encoder: 'numeric' });
  await admin.post('/rules', { id: 'durable-rule', name: 'Durable', when: { 'result.isNovel': true }, actions: [{ type: 'log', params: { message: 'x' } }] });
  await admin.delete('/rules/novelty-alert');
  const key = (await admin.post('/api-keys', { name: 'survives' })).body.key;
  // Graceful stop: the write-behind flushes before the database closes. No flush is forced here.
  await first.close();

  const second = await startApi(storage.env);
  try {
    const again = await login(second.url, 'admin', ADMIN_PASSWORD);
    const log = await again.get(`/signals?space=kept&limit=1000`);
    expect(log.body.items).toHaveLength(N);
    const statsAfter = (await again.get('/spaces/kept/stats')).body;
    expect(statsAfter).toMatchObject({ tokens: statsBefore.tokens, edges: statsBefore.edges, tick: statsBefore.tick });
    for (let q = 0; q < queries.length; q++) {
      expect((await again.post('/spaces/kept/search', { vector: queries[q], k: 5 })).body.neighbors).toEqual(answersBefore[q]);
    }
    expect((await again.get('/modules/intuition_engine')).body.enabled).toBe(false);
    expect((await again.get('/modules/grid/config')).body.config.maxNeighbors).toBe(7);
    const current = (await again.get('/cdna')).body.cdna;
    expect(current).toMatchObject({ version: cdna.version, plasticity: 0.2 });
    expect((await again.get('/cdna/history?limit=1000')).body.items.length).toBeGreaterThanOrEqual(2);
    expect((await again.get('/sensors/durable.sensor')).status).toBe(200);
    expect((await again.get('/rules/durable-rule')).status).toBe(200);
    expect((await again.get('/rules/novelty-alert')).status).toBe(404);
    expect((await again.request('GET', '/status', undefined, { 'x-api-key': key })).status).toBe(200);
    // Learning continues from where it stopped: the same vector is known, not novel.
    expect((await again.post('/signals', { vector: point(3), space: 'kept' })).body.isNovel).toBe(false);
  } finally {
    await second.close();
  }
}, 120_000);

it('refuses what the write queue cannot hold (503 with Retry-After), shows the backlog and its age in /status, and stores it all', async () => {
  const own = await freshStorage();
  // No timed flush during the test: only a full queue (or a read of the log) starts one.
  const api = await startApi({ ...own.env, FLUSH_INTERVAL_MS: '60000', WRITE_QUEUE_LIMIT: '100' });
  try {
    const admin = await login(api.url, 'admin', ADMIN_PASSWORD);
    const posted = Date.now();
    const queued = await admin.post('/signals/batch', { signals: Array.from({ length: 100 }, (_, i) => ({ vector: point(i), space: 'queued' })) });
    expect(queued.body.accepted).toBe(100);
    // A timer may fire a little early by Date.now() (it starts from the loop's cached time): 60 ms for 50.
    await new Promise((resolve) => setTimeout(resolve, 60));
    const before = (await admin.get('/status')).body.engine;
    expect(before.writeBacklog).toBe(100);
    // The age of the oldest: accepted after `posted`, at least 50 ms ago (same clock, same machine).
    expect(before.writeLagMs).toBeGreaterThanOrEqual(50);
    expect(before.writeLagMs).toBeLessThanOrEqual(Date.now() - posted);

    const refused = await admin.post('/signals', { vector: point(100), space: 'queued' });
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('WRITE_QUEUE_FULL');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The refusal started a flush: the backlog empties without the interval.
    let engine = before;
    for (let tries = 0; engine.writeBacklog > 0 && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      engine = (await admin.get('/status')).body.engine;
    }
    expect(engine).toMatchObject({ writeBacklog: 0, writeLagMs: 0 });
    expect((await admin.post('/signals', { vector: point(100), space: 'queued' })).status).toBe(200);
    expect((await admin.get('/signals?space=queued&limit=1000')).body.items).toHaveLength(101);
  } finally {
    await api.close();
    await own.dispose();
  }
}, 60_000);
