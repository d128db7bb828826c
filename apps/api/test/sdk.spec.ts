import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthError,
  ConflictError,
  ForbiddenError,
  type Gap,
  NeuroGraph,
  NotFoundError,
  RateLimitError,
  type SignalEvent,
  ValidationError,
} from '@neurograph/sdk';
import { until } from '@neurograph/server-testing';
import { ADMIN_PASSWORD, freshStorage, type RunningApi, startApi, type Storage, vec } from './harness';

/** The SDK against the real api and its real-time module: every resource, errors, auth, retries, live channels. */
const JWT_SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const onRedis = Boolean(process.env.REDIS_URL);

/** An HS256 access token signed with the server's secret that expired a minute ago. */
function expiredToken(sub: string, sid: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, role: 'admin', jti: randomUUID(), sid, iat: now - 1000, exp: now - 60 })}`;
  return `${unsigned}.${createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url')}`;
}

describe('@neurograph/sdk against the api', () => {
  let storage: Storage;
  let api: RunningApi;
  let admin: NeuroGraph;

  beforeAll(async () => {
    storage = await freshStorage();
    api = await startApi({ ...storage.env, JWT_SECRET });
    admin = new NeuroGraph({ baseUrl: api.origin, username: 'admin', password: ADMIN_PASSWORD });
  });
  afterAll(async () => {
    await api.close();
    await storage.dispose();
  });

  it('signals: emit, emitText, emitBatch with per-item errors, list, iterate, get, and idempotent retries', async () => {
    const first = await admin.signals.emit({ id: 'sdk-1', space: 'sdk', vector: vec(0.1), tags: ['sdk'] });
    expect(first).toMatchObject({ signalId: 'sdk-1', created: true, isNovel: true });
    expect(await admin.signals.emit({ id: 'sdk-1', space: 'sdk', vector: vec(0.1) })).toEqual(first);
    expect(await admin.signals.emitText({ text: 'hello from the sdk', space: 'sdk' })).toMatchObject({ processed: true });
    const batch = await admin.signals.emitBatch([{ space: 'sdk', vector: vec(0.9) }, { space: 'sdk', vector: [1, 2] }]);
    expect(batch.results[0]).toMatchObject({ processed: true });
    expect(batch.results[1]).toMatchObject({ error: { code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: expect.stringContaining('vector') })] } });
    const page = await admin.signals.list({ space: 'sdk', limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));
    const all = [];
    for await (const record of admin.signals.iterate({ space: 'sdk', limit: 1 })) all.push(record.id);
    expect(all).toHaveLength(3);
    expect(all).toContain('sdk-1');
    expect(await admin.signals.get('sdk-1')).toMatchObject({ id: 'sdk-1', space: 'sdk', signal: { tags: ['sdk'] } });
  });

  it('spaces, tokens and graph: every method', async () => {
    expect(await admin.spaces.create('sdk-graph')).toMatchObject({ name: 'sdk-graph', tokens: 0 });
    expect((await admin.spaces.list()).items.map((s) => s.name)).toContain('sdk-graph');
    const a = await admin.tokens.create('sdk-graph', { vector: vec(0.1, 0.1), label: 'a' });
    const b = await admin.tokens.create('sdk-graph', { vector: vec(0.2, 0.2), label: 'b' });
    await admin.tokens.create('sdk-graph', { vector: vec(0.9, 0.9), label: 'c' });
    expect(await admin.tokens.get('sdk-graph', a.id)).toMatchObject({ id: a.id, label: 'a' });
    expect(await admin.tokens.update('sdk-graph', a.id, { persistent: true })).toMatchObject({ persistent: true });
    const ids = [];
    for await (const token of admin.tokens.iterate('sdk-graph', { limit: 2 })) ids.push(token.id);
    expect(ids).toHaveLength(3);
    expect((await admin.tokens.list('sdk-graph', { limit: 1 })).items).toHaveLength(1);
    expect(await admin.graph.connect('sdk-graph', { from: a.id, to: b.id, weight: 0.8 })).toMatchObject({ from: a.id, to: b.id, type: 'user' });
    expect((await admin.graph.edges('sdk-graph', a.id)).edges).toHaveLength(1);
    expect(await admin.graph.path('sdk-graph', a.id, b.id)).toMatchObject({ found: true, path: [a.id, b.id] });
    expect((await admin.graph.activate('sdk-graph', { start: a.id })).activated.map((x) => x.tokenId)).toContain(b.id);
    expect((await admin.graph.subgraph('sdk-graph', a.id, { depth: 1 })).nodes.map((n) => n.id).sort()).toEqual([a.id, b.id].sort());
    expect((await admin.spaces.search('sdk-graph', { vector: vec(0.1, 0.1), k: 2 })).neighbors[0]).toMatchObject({ tokenId: a.id, distance: expect.any(Number) });
    expect(await admin.spaces.get('sdk-graph')).toMatchObject({ tokens: 3, edges: 1 });
    expect(await admin.spaces.stats('sdk-graph')).toMatchObject({ memoryBytes: expect.any(Object) });
    expect((await admin.spaces.projection('sdk-graph')).points).toHaveLength(3);
    expect(await admin.spaces.influence('sdk-graph', vec(0.1, 0.1))).toEqual({ influence: expect.any(Number) });
    expect(await admin.spaces.density('sdk-graph', vec(0.1, 0.1), 0.5)).toMatchObject({ radius: 0.5 });
    await admin.tokens.delete('sdk-graph', b.id);
    await expect(admin.tokens.get('sdk-graph', b.id)).rejects.toBeInstanceOf(NotFoundError);
    await admin.spaces.delete('sdk-graph');
    await expect(admin.spaces.get('sdk-graph')).rejects.toMatchObject({ status: 404, code: 'SPACE_NOT_FOUND' });
  });

  it('sensors, rules and actions: every method', async () => {
    expect((await admin.sensors.list()).items.map((s) => s.sensorId)).toContain('text.chat');
    expect(await admin.sensors.create({ sensorId: 'sdk.temp', encoder: 'numeric', modality: 'numeric', description: 'a thermometer' })).toMatchObject({ sensorId: 'sdk.temp' });
    expect(await admin.sensors.update('sdk.temp', { defaultPriority: 10 })).toMatchObject({ defaultPriority: 10 });
    expect(await admin.sensors.get('sdk.temp')).toMatchObject({ description: 'a thermometer' });
    await admin.sensors.delete('sdk.temp');
    await expect(admin.sensors.get('sdk.temp')).rejects.toBeInstanceOf(NotFoundError);

    const rule = { id: 'sdk-rule', name: 'SDK rule', when: { tags: { $contains: 'sdk-rule' } }, actions: [{ type: 'notify', params: { event: 'sdk.rule', message: 'fired' } }] };
    expect(await admin.rules.create(rule)).toMatchObject({ id: 'sdk-rule', enabled: true });
    expect(await admin.rules.update('sdk-rule', { priority: 5 })).toMatchObject({ priority: 5 });
    expect(await admin.rules.get('sdk-rule')).toMatchObject({ name: 'SDK rule' });
    expect((await admin.rules.list()).items.map((r) => r.id)).toContain('sdk-rule');
    const fired = await admin.signals.emit({ space: 'sdk-rules', vector: vec(0.3), tags: ['sdk-rule'] });
    expect(fired.triggeredActions.map((a) => a.ruleId)).toContain('sdk-rule');
    expect((await admin.actions.list({ limit: 50 })).items.map((a) => a.ruleId)).toContain('sdk-rule');
    await admin.rules.delete('sdk-rule');
    await expect(admin.rules.get('sdk-rule')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('modules: list, get, disable, enable, metrics, getConfig, setConfig, patchConfig, and their errors', async () => {
    const { modules, total } = await admin.modules.list();
    expect(total).toBe(modules.length);
    const optional = modules.find((m) => m.canDisable)!;
    expect(await admin.modules.disable(optional.id)).toMatchObject({ id: optional.id, enabled: false });
    expect(await admin.modules.enable(optional.id)).toMatchObject({ enabled: true });
    const core = modules.find((m) => !m.canDisable)!;
    await expect(admin.modules.disable(core.id)).rejects.toMatchObject({ constructor: ConflictError, code: 'MODULE_CANNOT_BE_DISABLED', status: 409 });
    await expect(admin.modules.get('no-such-module')).rejects.toMatchObject({ constructor: NotFoundError, code: 'MODULE_NOT_FOUND' });
    expect(await admin.modules.metrics('guardian')).toMatchObject({ operations: expect.any(Number), latencyUs: expect.any(Object) });
    const { config, schema } = await admin.modules.getConfig('guardian');
    expect(schema).toMatchObject({ type: 'object' });
    expect(await admin.modules.patchConfig('guardian', { principalRateShare: 0.5 })).toMatchObject({ config: { principalRateShare: 0.5 } });
    expect(await admin.modules.setConfig('guardian', config)).toMatchObject({ config });
    const invalid = await admin.modules.setConfig('guardian', { principalRateShare: 'lots' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).fields.map((f) => f.field).join()).toContain('principalRateShare');
  });

  it('cdna: get, update, profiles, applyProfile, validate, history, rollback, quarantine, export, import', async () => {
    const before = await admin.cdna.get();
    const updated = await admin.cdna.update({ plasticity: 0.2 }, 'sdk test');
    expect(updated).toMatchObject({ plasticity: 0.2, version: before.cdna.version + 1 });
    expect((await admin.cdna.profiles()).profiles.map((p) => p.name)).toContain('explorer');
    expect(await admin.cdna.applyProfile('explorer')).toMatchObject({ profile: 'explorer' });
    expect(await admin.cdna.validate({ plasticity: 5 })).toMatchObject({ valid: false, errors: [expect.objectContaining({ field: 'plasticity' })] });
    expect((await admin.cdna.history({ limit: 2 })).items).toHaveLength(2);
    expect(await admin.cdna.rollback(before.cdna.version)).toMatchObject({ profile: before.cdna.profile });
    expect(await admin.cdna.startQuarantine({ plasticity: 0.3 }, 60_000)).toMatchObject({ candidate: { plasticity: 0.3 } });
    expect(await admin.cdna.stopQuarantine(false)).toMatchObject({ profile: before.cdna.profile });
    const exported = await admin.cdna.export();
    expect(await admin.cdna.import(exported)).toMatchObject({ profile: before.cdna.profile });
    await expect(admin.cdna.update({ plasticity: -1 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('users, api keys and auth: every method, with ForbiddenError and AuthError where they belong', async () => {
    const user = await admin.users.create({ username: 'sdk-viewer', password: 'viewer-password-123', role: 'viewer' });
    expect(await admin.users.get(user.id)).toMatchObject({ username: 'sdk-viewer', role: 'viewer' });
    expect((await admin.users.list()).items.map((u) => u.username)).toContain('sdk-viewer');
    const viewer = new NeuroGraph({ baseUrl: api.url, username: 'sdk-viewer', password: 'viewer-password-123' });
    expect(await viewer.auth.me()).toMatchObject({ username: 'sdk-viewer', via: 'user' });
    await expect(viewer.signals.emit({ vector: vec(0.5) })).rejects.toMatchObject({ constructor: ForbiddenError, status: 403 });
    await viewer.auth.changePassword('viewer-password-123', 'viewer-password-456');
    await expect(new NeuroGraph({ baseUrl: api.url, username: 'sdk-viewer', password: 'viewer-password-123' }).auth.me()).rejects.toBeInstanceOf(AuthError);
    expect(await admin.users.update(user.id, { role: 'developer' })).toMatchObject({ role: 'developer' });

    const created = await admin.apiKeys.create({ name: 'sdk key', scopes: ['status:read', 'modules:read', 'session:self'] });
    expect(created.key).toMatch(/^ng_live_/);
    const keyed = new NeuroGraph({ baseUrl: api.url, apiKey: created.key });
    expect(await keyed.auth.me()).toMatchObject({ via: 'apiKey', permissions: expect.arrayContaining(['status:read', 'modules:read', 'session:self']) });
    expect((await keyed.modules.list()).total).toBeGreaterThan(0);
    await expect(keyed.signals.list()).rejects.toBeInstanceOf(ForbiddenError);
    expect(await admin.apiKeys.get(created.apiKey.id)).toMatchObject({ name: 'sdk key', revoked: false });
    expect((await admin.apiKeys.list({ all: true })).items.map((k) => k.id)).toContain(created.apiKey.id);
    expect(await admin.apiKeys.revoke(created.apiKey.id)).toMatchObject({ revoked: true });
    await expect(keyed.system.status()).rejects.toBeInstanceOf(AuthError);
    await admin.apiKeys.delete(created.apiKey.id);
    await expect(admin.apiKeys.get(created.apiKey.id)).rejects.toBeInstanceOf(NotFoundError);
    await admin.users.delete(user.id);
    await expect(admin.users.get(user.id)).rejects.toBeInstanceOf(NotFoundError);

    const session = new NeuroGraph({ baseUrl: api.url });
    await session.auth.login('admin', ADMIN_PASSWORD);
    expect(await session.auth.me()).toMatchObject({ username: 'admin' });
    await session.auth.logout();
  });

  it('system: health, status, metrics, audit, realtime channels and broadcast', async () => {
    expect(await admin.system.health('live')).toMatchObject({ status: 'ok' });
    expect(await admin.system.health()).toMatchObject({ status: 'ok' });
    expect(await admin.system.status()).toMatchObject({ status: 'ok', modules: expect.any(Array) });
    expect(await admin.system.metrics()).toContain('neurograph_');
    expect((await admin.system.audit({ limit: 5 })).items.length).toBeGreaterThan(0);
    expect((await admin.system.channels()).items.map((c) => c.channel)).toContain('signals');
    expect(await admin.system.broadcast({ channel: 'status', type: 'maintenance.notice', data: { at: 'now' } })).toMatchObject({ channel: 'status', seq: expect.any(Number) });
    await expect(admin.system.broadcast({ channel: 'nope' as never, data: 1 })).rejects.toMatchObject({ constructor: ValidationError, fields: [expect.objectContaining({ field: 'channel' })] });
  });

  it('refreshes an expired access token once and retries, without looping when the refresh token is gone too', async () => {
    const login = await new NeuroGraph({ baseUrl: api.url }).auth.login('admin', ADMIN_PASSWORD);
    const sid = JSON.parse(Buffer.from(login.accessToken.split('.')[1]!, 'base64url').toString()).sid;
    const stale = new NeuroGraph({ baseUrl: api.url, token: expiredToken(login.user.id, sid), refreshToken: login.refreshToken });
    expect(await stale.auth.me()).toMatchObject({ username: 'admin' });
    expect(stale.auth.tokens?.refreshToken).not.toBe(login.refreshToken);

    const lost = new NeuroGraph({ baseUrl: api.url, token: expiredToken(login.user.id, sid), refreshToken: 'not-a-refresh-token' });
    await expect(lost.auth.me()).rejects.toMatchObject({ constructor: AuthError, status: 401 });
  });

  it('retries a real 429 after the Retry-After the server sent', async () => {
    const { key } = await admin.apiKeys.create({ name: 'slow key', rateLimitPerSecond: 1 });
    const impatient = new NeuroGraph({ baseUrl: api.url, apiKey: key });
    const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => impatient.system.status()));
    const limited = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(limited.reason).toBeInstanceOf(RateLimitError);
    expect((limited.reason as RateLimitError).retryAfterMs).toBeGreaterThanOrEqual(1000);

    const patient = new NeuroGraph({ baseUrl: api.url, apiKey: key, retries: 5 });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 4 }, () => patient.system.status()));
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    // Burst 2 and one token a second: the last of four waits for at least one Retry-After.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('real time: filtered subscription, stream, socket emit, unsubscribe, typed errors', async () => {
    const developer = await admin.users.create({ username: 'sdk-dev', password: 'developer-password-1', role: 'developer' });
    const client = new NeuroGraph({ baseUrl: api.url, username: developer.username, password: 'developer-password-1' });
    const rt = client.realtime();
    const session = await rt.ready();
    expect(session).toMatchObject({ principal: { role: 'developer' }, channels: expect.arrayContaining(['signals']) });
    const novel: SignalEvent[] = [];
    const stop = rt.subscribe('signals', { filter: { tags: { $contains: 'rt-keep' } } }, (event) => novel.push(event.data));
    await stop.ready;
    await client.signals.emit({ space: 'sdk-rt', vector: vec(0.2), tags: ['rt-drop'] });
    const kept = await client.signals.emit({ space: 'sdk-rt', vector: vec(0.7), tags: ['rt-keep'] });
    const viaSocket = await rt.emit({ space: 'sdk-rt', vector: vec(0.75), tags: ['rt-keep'] });
    expect(viaSocket).toMatchObject({ processed: true });
    // Generous: on embedded PGlite the server shares this test's event loop with its write-behind flushes.
    await until(() => novel.length === 2, 15_000, 'two filtered events');
    expect(novel.map((e) => e.id)).toEqual([kept.signalId, viaSocket.signalId]);
    expect(novel[0]!.result).toMatchObject({ tokenId: kept.tokenId });

    const stream = rt.stream('modules');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const optional = (await admin.modules.list()).modules.find((m) => m.canDisable)!;
    await admin.modules.disable(optional.id);
    const { value } = await stream.next();
    expect(value).toMatchObject({ channel: 'modules', type: 'module.disabled', seq: expect.any(Number) });
    await stream.return!();
    await admin.modules.enable(optional.id);

    stop();
    await client.signals.emit({ space: 'sdk-rt', vector: vec(0.8), tags: ['rt-keep'] });
    await expect(rt.emit({ vector: [1] })).rejects.toMatchObject({ constructor: ValidationError, status: 400 });
    await expect(rt.publish('logs', { x: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    expect(novel).toHaveLength(2);
    rt.close();
    expect(rt.state).toBe('closed');
  });

  it('works as packed: installed from the tarballs into an empty directory, from import and from require', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurograph-sdk-'));
    try {
      const root = join(__dirname, '..', '..', '..');
      const install = spawnSync(process.execPath, [join(root, 'tools/build/pack-install.mjs'), dir, 'rbac', 'modules', 'core', 'contracts', 'sdk'], { encoding: 'utf8' });
      expect({ status: install.status, output: install.stdout + install.stderr }).toMatchObject({ status: 0 });
      const body = `const client = new NeuroGraph({ baseUrl: process.argv[2], username: 'admin', password: process.argv[3] });
const result = await client.signals.emitText({ text: 'from the packed sdk', space: 'packed' });
const missing = await client.modules.get('nope').catch((e) => e);
console.log(JSON.stringify({ processed: result.processed, notFound: missing instanceof NotFoundError, code: missing.code }));`;
      writeFileSync(join(dir, 'esm.mjs'), `import { NeuroGraph, NotFoundError } from '@neurograph/sdk';\n${body}\n`);
      writeFileSync(join(dir, 'cjs.cjs'), `const { NeuroGraph, NotFoundError } = require('@neurograph/sdk');\n(async () => {\n${body}\n})();\n`);
      for (const script of ['esm.mjs', 'cjs.cjs']) {
        // Asynchronously: the server answering the script lives in this process.
        const run = await promisify(execFile)(process.execPath, [script, api.origin, ADMIN_PASSWORD], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
        expect({ script, stderr: run.stderr, output: JSON.parse(run.stdout || 'null') }).toEqual({ script, stderr: '', output: { processed: true, notFound: true, code: 'MODULE_NOT_FOUND' } });
      }
      expect((await admin.signals.list({ space: 'packed' })).items).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('real time: bad credentials close the client with an AuthError', async () => {
    const rt = new NeuroGraph({ baseUrl: api.url, apiKey: 'ng_live_not-a-real-key' }).realtime();
    const error = await new Promise<Error>((resolve) => rt.on('error', resolve));
    expect(error).toBeInstanceOf(AuthError);
    await until(() => rt.state === 'closed', 2000, 'closed');
  });
});

describe('@neurograph/sdk real-time resume across a server restart', () => {
  it(onRedis ? 'replays what was published while it was away, once, in order' : 'says it could not resume (no shared replay log without Redis), re-subscribes and goes on', async () => {
    const storage = await freshStorage({ onDisk: true });
    // The replacement process shares the first one's Redis namespace, database and signing key.
    const env = { ...storage.env, JWT_SECRET, REDIS_PREFIX: `ng-test:${randomUUID()}:`, DRAIN_MS: '200' };
    let api = await startApi(env);
    const port = Number(new URL(api.origin).port);
    try {
      const client = new NeuroGraph({ baseUrl: api.origin, username: 'admin', password: ADMIN_PASSWORD });
      // A long reconnect delay keeps the client away while the new server takes signals.
      const rt = client.realtime({ reconnect: { baseDelayMs: 4000, maxDelayMs: 4000 } });
      const seen: string[] = [];
      const gaps: Gap[] = [];
      rt.on('gap', (gap) => gaps.push(gap));
      await rt.subscribe('signals', { filter: { space: 'resume' } }, (event) => seen.push(event.data.id)).ready;
      await client.signals.emit({ id: 'before', space: 'resume', vector: vec(0.1) });
      await until(() => seen.length === 1, 5000, 'first event');

      await api.close();
      await until(() => rt.state === 'reconnecting', 5000, 'reconnecting');
      api = await startApi(env, port);
      await client.signals.emit({ id: 'while-away-1', space: 'resume', vector: vec(0.2) });
      await client.signals.emit({ id: 'while-away-2', space: 'resume', vector: vec(0.3) });
      const session = await rt.ready();
      await client.signals.emit({ id: 'after', space: 'resume', vector: vec(0.4) });

      if (onRedis) {
        await until(() => seen.length === 4, 10_000, 'replay and the live event');
        expect(session.resumed).toBe(true);
        expect(seen).toEqual(['before', 'while-away-1', 'while-away-2', 'after']);
        expect(gaps).toEqual([]);
      } else {
        await until(() => seen.includes('after'), 10_000, 'the live event after re-subscribing');
        expect(session.resumed).toBe(false);
        expect(gaps).toEqual([{ channel: 'signals', fromSeq: 2, toSeq: Number.POSITIVE_INFINITY }]);
        expect(seen).toEqual(['before', 'after']);
      }
      rt.close();
    } finally {
      await api.close();
      await storage.dispose();
    }
  });
});

describe('@neurograph/sdk real-time connection that outlives its access token', () => {
  it('renews the token ahead of expiry and keeps the same session, without a request of its own', async () => {
    const api = await startApi({ DATA_DIR: ':memory:', ACCESS_TOKEN_TTL_S: '10', AUTH_GRACE_MS: '0' });
    try {
      const listener = new NeuroGraph({ baseUrl: api.origin, username: 'admin', password: ADMIN_PASSWORD });
      const rt = listener.realtime();
      const states: string[] = [];
      rt.on('state', (state) => states.push(state));
      const session = await rt.ready();
      const seen: string[] = [];
      await rt.subscribe('signals', { filter: { space: 'long-lived' } }, (event) => seen.push(event.data.id)).ready;

      // Past the first token's expiry (the server ends such sessions within a second) with no
      // HTTP request from this client: only its own renewal keeps the connection.
      await new Promise((resolve) => setTimeout(resolve, 12_000));
      const sender = new NeuroGraph({ baseUrl: api.origin, username: 'admin', password: ADMIN_PASSWORD });
      await sender.signals.emit({ id: 'after-expiry', space: 'long-lived', vector: vec(0.3) });
      await until(() => seen.length === 1, 5000, 'the event after the first token expired');

      expect(seen).toEqual(['after-expiry']);
      expect(states).not.toContain('reconnecting');
      expect(rt.session?.sessionId).toBe(session.sessionId);
      rt.close();
    } finally {
      await api.close();
    }
  }, 40_000);
});
