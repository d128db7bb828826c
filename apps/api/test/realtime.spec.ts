import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import fc from 'fast-check';
import { channelsFor, CHANNELS } from '@neurograph/rbac';
import { EVENT_BUS, type EventBus } from '@neurograph/server-bus';
import { ADMIN_PASSWORD, type Client, freshStorage, login, metric, principals, type Reply, type RunningApi, startApi, type Storage, vec } from './harness';
import { connect, type Live, openPlainWs, refusal, until } from '@neurograph/server-testing';

const ROLES = ['admin', 'developer', 'viewer', 'bot', 'anonymous'] as const;
type Role = (typeof ROLES)[number];

/** The bearer token of a harness client. */
/**
 * Opens `/ws` over a raw socket, writing the upgrade request and `frames` (masked text frames) in one
 * write, and resolves with the first `count` answers that carry an id.
 */
function eagerPlainWs(origin: string, frames: object[], count: number): Promise<any[]> {
  const { hostname, port } = new URL(origin);
  const encode = (frame: object) => {
    const payload = Buffer.from(JSON.stringify(frame));
    if (payload.length > 125) throw new Error('eagerPlainWs sends short frames only');
    const mask = randomBytes(4);
    return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload.map((byte, i) => byte ^ mask[i % 4])]);
  };
  const upgrade = `GET /ws HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = createConnection(Number(port), hostname, () => socket.write(Buffer.concat([Buffer.from(upgrade), ...frames.map(encode)])));
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`fewer than ${count} answers within 5 s`))), 5000);
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const answers: any[] = [];
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd === -1) return;
        if (!buffer.subarray(0, headerEnd).toString().startsWith('HTTP/1.1 101')) return reject(new Error(buffer.toString()));
        buffer = buffer.subarray(headerEnd + 4);
        upgraded = true;
      }
      // Server frames are unmasked text frames; the answers here are shorter than 64 KiB.
      while (buffer.length >= 2) {
        const short = buffer[1] & 0x7f;
        const [start, length] = short === 126 ? [4, buffer.readUInt16BE(2)] : [2, short];
        if (buffer.length < start + length) break;
        const frame = JSON.parse(buffer.subarray(start, start + length).toString());
        buffer = buffer.subarray(start + length);
        if (frame.id !== undefined) answers.push(frame);
      }
      if (answers.length >= count) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answers);
      }
    });
  });
}

const tokenOf = (client: Client) => client.headers.authorization?.replace('Bearer ', '');

describe('real-time gateway mounted in the api (/realtime, /ws)', () => {
  let storage: Storage;
  let api: RunningApi;
  let clients: Record<Role, Client>;
  const opened: Live[] = [];
  const live = async (role: Role, extra: Record<string, unknown> = {}) => {
    const token = tokenOf(clients[role]);
    const socket = await connect(api.origin, { ...(token && { token }), ...extra });
    opened.push(socket);
    return socket;
  };

  /** Waits until a metric reads `expected` (what a server learns from a closing socket comes in its own time). */
  const metricReaches = async (name: string, labels: Record<string, string>, expected: number) => {
    for (const end = Date.now() + 5000; (await metric(api, name, labels)) !== expected; ) {
      if (Date.now() > end) throw new Error(`${name}${JSON.stringify(labels)} is ${await metric(api, name, labels)}, not ${expected}, after 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  /**
   * Broadcasts a marker on `status` and waits until every socket (each subscribed to `status`) has it:
   * whatever was published before has been handed out by then, so what a socket lacks it never gets.
   */
  const handedOut = async (sockets: Live[]) => {
    const marker = await clients.admin.post('/realtime/broadcast', { channel: 'status', type: 'test.marker', data: {} });
    expect(marker.status).toBe(202);
    await until(() => sockets.every((s) => s.events.status?.some((e) => e.seq === marker.body.seq) === true), 5000, 'the marker on status');
  };

  beforeAll(async () => {
    storage = await freshStorage();
    // Subscribes are limited as in production (a test below runs into it). Other events are not:
    // the bad-input property sends hundreds of every kind as fast as it can, and with the default
    // limit of the other events its refusals could run fifty in a row, the point at which the
    // server ends a client's session as abusive (rate limits have tests of their own).
    api = await startApi({ ...storage.env, REALTIME_RATE_SUBSCRIBE: '40:1', REALTIME_RATE_OTHER: '100000:100000', DRAIN_MS: '0' });
    clients = await principals(api.url);
  }, 60_000);
  afterEach(() => {
    for (const socket of opened.splice(0)) socket.close();
  });
  afterAll(async () => {
    await api.close();
    await storage.dispose();
  });

  describe('handshake', () => {
    it('tells each principal who it is and which channels it may use', async () => {
      for (const role of ROLES) {
        const socket = await live(role);
        expect(socket.session).toMatchObject({ sessionId: expect.any(String), principal: { role }, channels: channelsFor(role), heartbeatMs: expect.any(Number), serverTime: expect.any(String) });
      }
    });

    it('accepts an API key and refuses tampered, unknown and revoked credentials with a code', async () => {
      const created = await clients.developer.post('/api-keys', { name: 'socket key' });
      const socket = await live('anonymous', { apiKey: created.body.key });
      expect(socket.session.principal).toMatchObject({ role: 'developer', kind: 'apiKey' });

      const token = tokenOf(clients.admin)!;
      const tampered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      expect(await refusal(api.origin, { token: tampered })).toMatchObject({ code: 'UNAUTHORIZED', reason: 'INVALID_TOKEN' });
      expect(await refusal(api.origin, { apiKey: 'ng_live_not-a-real-key' })).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(await refusal(api.origin, { token: 42 })).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'auth.token' })] });

      await clients.developer.post(`/api-keys/${created.body.apiKey.id}/revoke`);
      await until(() => !socket.socket.connected, 5000, 'the revoked key to lose its socket');
      expect(socket.controls).toContainEqual({ event: 'session.ended', data: expect.objectContaining({ code: 'SESSION_REVOKED' }) });
      expect(await refusal(api.origin, { apiKey: created.body.key })).toMatchObject({ code: 'UNAUTHORIZED', reason: 'INVALID_API_KEY' });
    });

    it('refuses an expired token as TOKEN_EXPIRED', async () => {
      const realNow = Date.now;
      Date.now = () => realNow() + 24 * 3600_000;
      try {
        expect(await refusal(api.origin, { token: tokenOf(clients.viewer) })).toMatchObject({ code: 'TOKEN_EXPIRED' });
      } finally {
        Date.now = realNow;
      }
    });
  });

  describe('channels', () => {
    it('follows the channel matrix for every role', async () => {
      for (const role of ROLES) {
        const socket = await live(role);
        const reply = await socket.ack('subscribe', { channels: [...CHANNELS] });
        expect(reply.subscribed).toEqual(channelsFor(role));
        expect(reply.denied).toEqual(CHANNELS.filter((c) => !channelsFor(role).includes(c)).map((channel) => ({ channel, reason: 'FORBIDDEN' })));
        expect((await socket.ack('subscriptions')).channels.map((s: { channel: string }) => s.channel)).toEqual(channelsFor(role));
      }
    });

    it('delivers every processed signal with its result, narrowed by filter and space', async () => {
      const all = await live('developer');
      const novelOnly = await live('bot');
      const inSpace = await live('admin');
      await all.ack('subscribe', { channels: ['signals'] });
      await novelOnly.ack('subscribe', { channels: ['signals'], filter: { payload: { $regex: '^keep' } } });
      await inSpace.ack('subscribe', { channels: ['signals'], space: 'filtered' });
      await clients.admin.post('/signals', { payload: 'keep this one', space: 'filtered' });
      await clients.admin.post('/signals', { payload: 'drop this one' });
      await until(() => (all.events.signals?.length ?? 0) === 2, 5000, 'two signals');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(all.events.signals[0]).toMatchObject({ channel: 'signals', seq: expect.any(Number), id: expect.any(String), timestamp: expect.any(String), data: { payload: 'keep this one', result: { tokenId: expect.any(Number) } } });
      expect(all.events.signals[1].seq).toBe(all.events.signals[0].seq + 1);
      expect(novelOnly.events.signals.map((e: any) => e.data.payload)).toEqual(['keep this one']);
      expect(inSpace.events.signals.map((e: any) => e.data.space)).toEqual(['filtered']);
    });

    it('lets only admins publish, and delivers what they publish', async () => {
      const admin = await live('admin');
      const developer = await live('developer');
      await developer.ack('subscribe', { channels: ['logs'] });
      expect(await developer.ack('publish', { channel: 'logs', data: { x: 1 } })).toMatchObject({ error: { code: 'FORBIDDEN', errors: [{ field: 'channel' }] } });
      const published = await admin.ack('publish', { channel: 'logs', type: 'ops.note', data: { level: 'info', text: 'hello' } });
      expect(published).toMatchObject({ channel: 'logs', type: 'ops.note', seq: expect.any(Number) });
      await until(() => developer.events.logs?.some((e) => e.type === 'ops.note') === true, 5000, 'the published log');
    });

    it('takes signals over the socket from those who may write them', async () => {
      const bot = await live('bot');
      const result = await bot.ack('signal', { vector: vec(0.4, 0.6), space: 'socket-ingest' });
      expect(result).toMatchObject({ signalId: expect.any(String), tokenId: expect.any(Number), processed: true });
      const viewer = await live('viewer');
      expect(await viewer.ack('signal', { vector: vec(0.4) })).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect(await bot.ack('signal', { vector: [1, 2] })).toMatchObject({ error: { code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: expect.stringContaining('vector') })] } });
      // The same body as POST /signals, in the API's names.
      expect(await bot.ack('signal', { payload: 'hello socket', sensor: 'text.chat', space: 'socket-ingest' })).toMatchObject({ processed: true });
      expect(await bot.ack('signal', { payload: 'x', sensor: 'no.such.sensor' })).toMatchObject({ error: { code: 'SENSOR_NOT_FOUND', errors: [expect.objectContaining({ field: 'sensor' })] } });
      expect(await bot.ack('signal', { payload: 'x', sensorId: 'text.chat' })).toMatchObject({ error: { code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'sensorId', rule: 'unknown' })] } });
    });

    it('streams module changes, and shows subscriber counts and broadcasts to admins over REST', async () => {
      const viewer = await live('viewer');
      await viewer.ack('subscribe', { channels: ['modules', 'status'] });
      await clients.admin.put('/modules/intuition_engine/enabled', { enabled: false });
      await clients.admin.put('/modules/intuition_engine/enabled', { enabled: true });
      await until(() => viewer.events.modules?.length === 2, 5000, 'two module events');
      expect(viewer.events.modules.map((e) => e.type)).toEqual(['module.disabled', 'module.enabled']);

      const channels = await clients.admin.get('/realtime/channels');
      expect(channels.status).toBe(200);
      expect(channels.body.items.find((c: any) => c.channel === 'modules')).toMatchObject({ subscribers: 1, filterable: false });
      expect(channels.body.connections).toBeGreaterThanOrEqual(1);
      expect((await clients.viewer.get('/realtime/channels')).status).toBe(403);

      const sent = await clients.admin.post('/realtime/broadcast', { channel: 'status', type: 'maintenance.notice', data: { at: 'noon' } });
      expect(sent).toMatchObject({ status: 202, body: { channel: 'status', seq: expect.any(Number) } });
      await until(() => viewer.events.status?.some((e) => e.type === 'maintenance.notice') === true, 5000, 'the broadcast');
      expect((await clients.admin.post('/realtime/broadcast', { channel: 'nope', data: 1 })).body).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'channel' })] });
    });

    it('streams the actions the engine runs to developers, not to viewers or bots', async () => {
      const developer = await live('developer');
      const outsiders = [await live('viewer'), await live('bot')];
      expect(await developer.ack('subscribe', { channels: ['actions', 'status'] })).toEqual({ subscribed: ['actions', 'status'], denied: [] });
      for (const outsider of outsiders) expect((await outsider.ack('subscribe', { channels: ['actions', 'status'] })).subscribed).toEqual(['status']);

      // The first signal of a space is novel: the default rule `novelty-alert` notifies.
      const posted = await clients.admin.post('/signals', { vector: vec(0.3, 0.7), space: 'actions-stream' });
      expect(posted).toMatchObject({ status: 200, body: { isNovel: true } });
      const triggered = posted.body.triggeredActions.find((a: { ruleId: string }) => a.ruleId === 'novelty-alert');
      expect(triggered).toMatchObject({ actionId: expect.any(String), type: 'notify', status: 'completed' });
      const mine = () => (developer.events.actions ?? []).filter((e) => e.data.actionId === triggered.actionId);
      await until(() => mine().length === 2, 5000, 'action.started and action.completed');
      const [started, completed] = mine();
      expect(started).toEqual({ channel: 'actions', type: 'action.started', id: expect.any(String), seq: expect.any(Number), timestamp: expect.any(String), data: { actionId: triggered.actionId, type: 'notify', ruleId: 'novelty-alert' } });
      // What the action announced travels between its start and its completion.
      const notified = developer.events.actions.find((e) => e.type === 'signal.anomaly.novelty' && e.data.signalId === posted.body.signalId);
      expect(notified).toMatchObject({ channel: 'actions', seq: started.seq + 1, data: { ruleId: 'novelty-alert', signalId: posted.body.signalId, message: expect.stringContaining('Novel'), result: { isNovel: true } } });
      expect(completed).toMatchObject({
        channel: 'actions',
        type: 'action.completed',
        seq: started.seq + 2,
        data: { actionId: triggered.actionId, type: 'notify', ruleId: 'novelty-alert', status: 'completed', durationMs: expect.any(Number), at: expect.any(String), output: { event: 'signal.anomaly.novelty', message: expect.stringContaining('Novel') } },
      });

      await handedOut([developer, ...outsiders]);
      for (const outsider of outsiders) expect(outsider.events.actions).toBeUndefined();
    });

    it('streams CDNA changes at level info and guardian refusals at level warn on logs, to developers only', async () => {
      const developer = await live('developer');
      const warnings = await live('developer');
      const outsiders = [await live('viewer'), await live('bot')];
      await developer.ack('subscribe', { channels: ['logs', 'status'] });
      await warnings.ack('subscribe', { channels: ['status'] });
      expect(await warnings.ack('subscribe', { channels: ['logs'], filter: { level: { $in: ['warn', 'error'] } } })).toEqual({ subscribed: ['logs'], denied: [] });
      for (const outsider of outsiders) expect((await outsider.ack('subscribe', { channels: ['logs', 'status'] })).subscribed).toEqual(['status']);

      const { quotas } = (await clients.admin.get('/cdna')).body.cdna;
      const changed = await clients.admin.put('/cdna', { cdna: { quotas: { maxPayloadBytes: 1024 } }, reason: 'realtime logs test' });
      expect(changed.status).toBe(200);
      let refused: Reply | undefined;
      try {
        refused = await clients.admin.post('/signals', { payload: 'x'.repeat(2000), space: 'guarded' });
      } finally {
        expect((await clients.admin.put('/cdna', { cdna: { quotas: { maxPayloadBytes: quotas.maxPayloadBytes } }, reason: 'restore' })).status).toBe(200);
      }
      expect(refused).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'payload', rule: 'maxBytes' })] } });

      const cdnaChange = () => developer.events.logs?.find((e) => e.type === 'cdna.changed' && e.data.version === changed.body.version);
      const violation = (socket: Live) => socket.events.logs?.find((e) => e.type === 'guardian.violation' && e.data.space === 'guarded');
      await until(() => cdnaChange() !== undefined && violation(developer) !== undefined && violation(warnings) !== undefined, 5000, 'the CDNA change and the guardian refusal');
      expect(cdnaChange()).toMatchObject({
        channel: 'logs',
        seq: expect.any(Number),
        timestamp: expect.any(String),
        data: { level: 'info', type: 'cdna.changed', version: changed.body.version, author: 'admin', cdna: { version: changed.body.version, quotas: { maxPayloadBytes: 1024 } } },
      });
      expect(violation(developer)).toMatchObject({ channel: 'logs', seq: expect.any(Number), data: { level: 'warn', kind: 'payload.size', space: 'guarded', message: expect.stringContaining('1024'), at: expect.any(String) } });

      await handedOut([developer, warnings, ...outsiders]);
      // The level filter keeps the info lines from the subscriber that asked for warnings only.
      expect(warnings.events.logs.map((e) => e.data.level)).toEqual(expect.arrayContaining(['warn']));
      expect(warnings.events.logs.filter((e) => !['warn', 'error'].includes(e.data.level))).toEqual([]);
      for (const outsider of outsiders) expect(outsider.events.logs).toBeUndefined();
    });
  });

  describe('reliability', () => {
    it('answers excess events with RATE_LIMITED and retryAfterMs', async () => {
      const socket = await live('viewer');
      // Sent together, so that a slow machine does not refill the bucket between them.
      const replies = await Promise.all(Array.from({ length: 45 }, () => socket.ack('subscribe', { channels: ['metrics'] })));
      const limited = replies.filter((r) => r.error);
      expect(limited.length).toBeGreaterThanOrEqual(4);
      expect(limited[0]).toEqual({ error: { code: 'RATE_LIMITED', status: 429, message: expect.any(String), retryAfterMs: expect.any(Number) } });
      expect(socket.socket.connected).toBe(true);
    });

    it('resumes a session once: subscriptions restored, missed events replayed in order', async () => {
      const hits = await metric(api, 'neurograph_realtime_resumes_total', { outcome: 'hit' });
      const misses = await metric(api, 'neurograph_realtime_resumes_total', { outcome: 'miss' });
      const first = await live('developer');
      await first.ack('subscribe', { channels: ['signals'], filter: { space: 'resume' } });
      await clients.admin.post('/signals', { vector: vec(0.1), space: 'resume' });
      await until(() => first.events.signals?.length === 1, 5000, 'the first signal');
      const { token, expiresInMs } = await first.ack('resume.token');
      expect(expiresInMs).toBeGreaterThan(0);
      first.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const x of [0.2, 0.3, 0.4]) await clients.admin.post('/signals', { vector: vec(x), space: 'resume' });
      await clients.admin.post('/signals', { vector: vec(0.9), space: 'other' });

      const second = await live('developer', { resume: token });
      expect(second.session.resumed).toBe(true);
      expect(await metric(api, 'neurograph_realtime_resumes_total', { outcome: 'hit' })).toBe(hits + 1);
      expect(await metric(api, 'neurograph_realtime_resumes_total', { outcome: 'miss' })).toBe(misses);
      await until(() => second.events.signals?.length === 3, 5000, 'three replayed signals');
      const seqs = second.events.signals.map((e) => e.seq);
      expect(seqs[0]).toBe(first.events.signals[0].seq + 1);
      expect(second.events.signals.map((e) => e.data.space)).toEqual(['resume', 'resume', 'resume']);
      expect((await second.ack('subscriptions')).channels).toEqual([{ channel: 'signals', filter: { space: 'resume' } }]);

      const third = await live('developer', { resume: token });
      expect(third.session.resumed).toBe(false);
      expect((await third.ack('subscriptions')).channels).toEqual([]);
      const stranger = await live('bot', { resume: (await second.ack('resume.token')).token });
      expect(stranger.session.resumed).toBe(false);
      const unknown = await live('developer', { resume: 'no-such-resume-token' });
      expect(unknown.session.resumed).toBe(false);
      // A used token, another identity's token and an unknown one: three misses, and no more hits.
      expect(await metric(api, 'neurograph_realtime_resumes_total', { outcome: 'miss' })).toBe(misses + 3);
      expect(await metric(api, 'neurograph_realtime_resumes_total', { outcome: 'hit' })).toBe(hits + 1);
    });

    it('counts subscriptions per channel in the metrics, down again on unsubscribe and disconnect', async () => {
      const subscriptions = (channel: string) => metric(api, 'neurograph_realtime_subscriptions', { channel });
      // The sockets of earlier tests are closed, but the server may still be hearing about it.
      await metricReaches('neurograph_realtime_subscriptions', { channel: 'signals' }, 0);
      await metricReaches('neurograph_realtime_subscriptions', { channel: 'logs' }, 0);
      const one = await live('developer');
      const other = await live('bot');
      await one.ack('subscribe', { channels: ['signals', 'logs'] });
      await other.ack('subscribe', { channels: ['signals'] });
      expect(await subscriptions('signals')).toBe(2);
      expect(await subscriptions('logs')).toBe(1);
      // Subscribing again replaces the filter; it is still one subscription.
      await other.ack('subscribe', { channels: ['signals'], filter: { space: 'counted' } });
      expect(await subscriptions('signals')).toBe(2);

      expect(await other.ack('unsubscribe', { channels: ['signals'] })).toEqual({ unsubscribed: ['signals'] });
      expect(await subscriptions('signals')).toBe(1);
      one.close();
      await metricReaches('neurograph_realtime_subscriptions', { channel: 'signals' }, 0);
      expect(await subscriptions('logs')).toBe(0);
    });

    it('refreshes the credentials of a session, for the same identity only', async () => {
      const socket = await live('developer');
      const again = await login(api.url, 'developer-user', 'developer-password-123');
      expect(await socket.ack('auth.refresh', { token: tokenOf(again) })).toMatchObject({ principal: { role: 'developer' }, expiresAt: expect.any(String) });
      expect(await socket.ack('auth.refresh', { token: tokenOf(clients.viewer) })).toMatchObject({ error: { code: 'IDENTITY_MISMATCH', errors: [{ field: 'token' }] } });
      expect(await socket.ack('auth.refresh', { token: 'garbage' })).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
    });

    it('ends the sockets of a user who is disabled, within moments', async () => {
      const created = await clients.admin.post('/users', { username: 'short-lived', password: 'short-lived-password', role: 'viewer' });
      const user = await login(api.url, 'short-lived', 'short-lived-password');
      const socket = await connect(api.origin, { token: tokenOf(user) });
      opened.push(socket);
      await clients.admin.patch(`/users/${created.body.id}`, { disabled: true });
      await until(() => !socket.socket.connected, 3000, 'the disabled user to be disconnected');
      expect(socket.controls.find((c) => c.event === 'session.ended')?.data.code).toBe('SESSION_REVOKED');
    });

    it('announces connections to admins', async () => {
      const admin = await live('admin');
      await admin.ack('subscribe', { channels: ['connections'] });
      const viewer = await live('viewer');
      viewer.close();
      await until(() => (admin.events.connections ?? []).filter((e) => e.data.sessionId === viewer.session.sessionId).length === 2, 5000, 'open and close');
      expect(admin.events.connections.filter((e) => e.data.sessionId === viewer.session.sessionId).map((e) => e.type)).toEqual(['connection.opened', 'connection.closed']);
    });
  });

  describe('bad input never breaks the socket', () => {
    const cases: [string, unknown, string, string][] = [
      ['subscribe', 'signals', 'VALIDATION_FAILED', 'payload'],
      ['subscribe', { channels: 'signals' }, 'VALIDATION_FAILED', 'channels'],
      ['subscribe', { channels: [] }, 'VALIDATION_FAILED', 'channels'],
      ['subscribe', { channels: ['signals', 'nope'] }, 'VALIDATION_FAILED', 'channels.1'],
      ['subscribe', { channels: ['signals'], filter: { $where: 'x' } }, 'VALIDATION_FAILED', 'filter'],
      ['subscribe', { channels: ['signals'], filter: { 'payload.text': { $regex: '(a+)+$' } } }, 'VALIDATION_FAILED', 'filter'],
      ['subscribe', { channels: ['signals'], space: 'Not A Space' }, 'VALIDATION_FAILED', 'space'],
      ['unsubscribe', { channels: [1] }, 'VALIDATION_FAILED', 'channels.0'],
      ['publish', { channel: 'logs' }, 'VALIDATION_FAILED', 'data'],
      ['publish', { channel: 'everything', data: 1 }, 'VALIDATION_FAILED', 'channel'],
      ['publish', { channel: 'logs', type: 'Bad Type', data: 1 }, 'VALIDATION_FAILED', 'type'],
      ['signal', [1, 2, 3], 'VALIDATION_FAILED', 'payload'],
      ['auth.refresh', { token: 5 }, 'VALIDATION_FAILED', 'payload.token'],
      ['auth.refresh', {}, 'VALIDATION_FAILED', 'token'],
      ['whatever', {}, 'UNKNOWN_EVENT', 'event'],
      ['publish', { channel: 'logs', data: 'x'.repeat(1_100_000) }, 'PAYLOAD_TOO_LARGE', 'payload'],
    ];
    // Named by event, code and field: the payloads themselves can be megabytes.
    it.each(cases.map(([event, payload, code, field]) => ({ event, payload, code, field })))('$event → $code naming $field', async ({ event, payload, code, field }) => {
      const socket = await live('admin');
      const reply = await socket.ack(event, payload);
      expect(reply).toMatchObject({ error: { code, message: expect.any(String) } });
      expect(reply.error.errors.map((e: { field: string }) => e.field).some((f: string) => f === field || f.startsWith(`${field}.`))).toBe(true);
      expect(await socket.ack('subscribe', { channels: ['status'] })).toEqual({ subscribed: ['status'], denied: [] });
    });

    it('answers any payload on any event with an ack, success or error, and keeps the socket', async () => {
      const socket = await live('admin');
      const event = fc.constantFrom('subscribe', 'unsubscribe', 'subscriptions', 'publish', 'resume.token', 'auth.refresh', 'signal', 'nope', '__proto__', 'constructor', '');
      const channelish = fc.oneof(fc.constantFrom(...CHANNELS, 'nope', '__proto__'), fc.anything());
      const payload = fc.oneof(
        fc.anything(),
        fc.record({ channels: fc.oneof(fc.array(channelish, { maxLength: 9 }), fc.anything()), filter: fc.anything(), space: fc.anything() }, { requiredKeys: [] }),
        fc.record({ channel: channelish, type: fc.anything(), data: fc.anything() }, { requiredKeys: [] }),
        fc.record({ token: fc.anything(), apiKey: fc.anything() }, { requiredKeys: [] }),
      );
      await fc.assert(
        fc.asyncProperty(event, payload, async (name, body) => {
          const reply = await socket.ack(name, body);
          expect(reply !== null && typeof reply === 'object').toBe(true);
          if ('error' in reply) expect(reply.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
        }),
        { numRuns: 300 },
      );
      expect(socket.socket.connected).toBe(true);
      expect(socket.controls.filter((c) => c.event === 'session.ended')).toEqual([]);
    }, 60_000);

    it('answers an event sent without an ack callback with an error event', async () => {
      const socket = await live('viewer');
      socket.socket.emit('subscribe', { channels: 'x' });
      await until(() => socket.controls.some((c) => c.event === 'error'), 5000, 'an error event');
      expect(socket.controls.find((c) => c.event === 'error')?.data).toMatchObject({ event: 'subscribe', error: { code: 'VALIDATION_FAILED' } });
    });
  });

  describe('/ws for clients without socket.io', () => {
    it('follows the same channel matrix for every role', async () => {
      for (const role of ROLES) {
        const token = tokenOf(clients[role]);
        const plain = await openPlainWs(api.origin, token ? `?token=${token}` : '');
        const reply = await plain.request({ type: 'subscribe', channels: [...CHANNELS] });
        expect(reply.data.subscribed).toEqual(channelsFor(role));
        expect(plain.frames[0]).toMatchObject({ type: 'session', data: { principal: { role }, channels: channelsFor(role) } });
        plain.ws.close();
      }
    });

    it('speaks the same matrix and events in JSON frames', async () => {
      const anonymous = await openPlainWs(api.origin);
      await until(() => anonymous.frames.length > 0, 5000, 'the session frame');
      expect(anonymous.frames[0]).toMatchObject({ type: 'session', data: { principal: { role: 'anonymous' }, channels: channelsFor('anonymous') } });
      expect(await anonymous.request({ type: 'subscribe', channels: ['signals', 'status'] })).toMatchObject({ type: 'ack', data: { subscribed: ['status'], denied: [{ channel: 'signals', reason: 'FORBIDDEN' }] } });
      expect(await anonymous.request({ type: 'ping' })).toMatchObject({ type: 'pong' });

      const developer = await openPlainWs(api.origin, `?token=${tokenOf(clients.developer)}`);
      expect(await developer.request({ type: 'subscribe', channels: ['signals'] })).toMatchObject({ type: 'ack', data: { subscribed: ['signals'] } });
      await clients.admin.post('/signals', { payload: 'to the plain socket' });
      await until(() => developer.frames.some((f) => f.channel === 'signals'), 5000, 'a signal frame');
      expect(developer.frames.find((f) => f.channel === 'signals')).toMatchObject({ channel: 'signals', seq: expect.any(Number), data: { payload: 'to the plain socket' } });

      expect(await developer.request({ type: 'subscribe', channels: ['nope'] })).toMatchObject({ type: 'error', error: { code: 'VALIDATION_FAILED', errors: [{ field: 'channels.0' }] } });
      developer.ws.send('not json');
      await until(() => developer.frames.some((f) => f.type === 'error' && f.error.errors?.[0]?.field === 'frame'), 5000, 'a frame error');
      expect(await developer.request({ type: 'subscriptions' })).toMatchObject({ type: 'ack', data: { channels: [{ channel: 'signals' }] } });

      const upgraded = await anonymous.request({ type: 'auth', token: tokenOf(clients.admin) });
      expect(upgraded).toMatchObject({ type: 'ack', data: { principal: { role: 'admin' } } });
      const refused = await openPlainWs(api.origin, '?token=garbage');
      expect(await refused.closed).toEqual({ code: 4401 });
      expect(refused.frames[0]).toMatchObject({ type: 'error', error: { code: 'INVALID_TOKEN' } });
      anonymous.ws.close();
      developer.ws.close();
    });

    it('answers every frame that arrives while the connection is still authenticating', async () => {
      // Without anonymous reads the first frame must be `auth`. The client sends the upgrade request
      // and three frames in one write, so they reach the server together, while it is still
      // looking the API key up.
      const closedStorage = await freshStorage();
      const closed = await startApi({ ...closedStorage.env, ALLOW_ANONYMOUS_READ: 'false' });
      try {
        const admin = await login(closed.url, 'admin', ADMIN_PASSWORD);
        const key = (await admin.post('/api-keys', { name: 'eager ws key' })).body.key;
        const frames = [{ type: 'auth', apiKey: key }, { type: 'subscribe', channels: ['signals'], id: 'first' }, { type: 'ping', id: 'second' }];
        const answers = await eagerPlainWs(closed.origin, frames, 2);
        // Answers are matched by id: a ping is answered at once, a subscribe after its checks.
        expect(answers.find((f) => f.id === 'first')).toMatchObject({ type: 'ack', data: { subscribed: ['signals'] } });
        expect(answers.find((f) => f.id === 'second')).toEqual({ id: 'second', type: 'pong' });
      } finally {
        await closed.close();
        await closedStorage.dispose();
      }
    }, 30_000);
  });

  it('publishes engine events on the bus the gateways read', async () => {
    const bus = api.app.get<EventBus>(EVENT_BUS);
    expect(await bus.lastSeq('signals')).toBeGreaterThan(0);
  });
});
