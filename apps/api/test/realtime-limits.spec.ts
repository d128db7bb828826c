import { randomBytes } from 'node:crypto';
import { EVENT_BUS, type EventBus } from '@neurograph/server-bus';
import { WebSocket } from 'ws';
import { freshStorage, login, metric, type RunningApi, startApi, type Storage } from './harness';
import { connect, until } from '@neurograph/server-testing';

describe('real-time limits: heartbeat and slow consumers', () => {
  let storage: Storage;
  let api: RunningApi;
  let token: string;

  beforeAll(async () => {
    storage = await freshStorage();
    api = await startApi({ ...storage.env, REALTIME_BUFFER_LIMIT: '50', DRAIN_MS: '0' });
    token = (await login(api.url, 'admin', 'admin-password-for-tests')).headers.authorization.replace('Bearer ', '');
  }, 60_000);
  afterAll(async () => {
    await api.close();
    await storage.dispose();
  });

  it('closes a connection that stops answering pings, and counts it', async () => {
    const fast = await startApi({ DATA_DIR: ':memory:', HEARTBEAT_INTERVAL_MS: '200', HEARTBEAT_TIMEOUT_MS: '200', DRAIN_MS: '0' });
    try {
      await heartbeatCase(fast);
    } finally {
      await fast.close();
    }
  }, 60_000);

  async function heartbeatCase(api: RunningApi): Promise<void> {
    // Signed in first: the ping clock starts when the socket opens, and a slow login under load
    // could otherwise outlast the 400 ms the server waits before closing a silent connection.
    const admin = await login(api.url, 'admin', 'admin-password-for-tests');
    // A raw engine.io client that connects to socket.io and then never answers a ping.
    const ws = new WebSocket(`${api.origin.replace('http', 'ws')}/realtime/?EIO=4&transport=websocket`);
    const frames: string[] = [];
    ws.on('message', (data) => frames.push(data.toString()));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(`40${JSON.stringify({ token: admin.headers.authorization.replace('Bearer ', '') })}`);
    await until(() => frames.some((f) => f.startsWith('42["session"')), 5000, 'the session');
    const closedAt = await new Promise<number>((resolve) => ws.once('close', () => resolve(Date.now())));
    expect(frames.filter((f) => f === '2').length).toBeGreaterThanOrEqual(1);
    expect(closedAt).toBeGreaterThan(0);
    expect(await metric(api, 'neurograph_realtime_disconnects_total', { reason: 'ping_timeout' })).toBe(1);
  }

  it('ends a session whose token expired beyond the grace period, and drains clients on shutdown', async () => {
    const short = await startApi({ DATA_DIR: ':memory:', ACCESS_TOKEN_TTL_S: '10', AUTH_GRACE_MS: '0', DRAIN_MS: '300' });
    let closing: Promise<void> | undefined;
    try {
      const admin = await login(short.url, 'admin', 'admin-password-for-tests');
      const expiring = await connect(short.origin, { token: admin.headers.authorization.replace('Bearer ', '') });
      const staying = await connect(short.origin, {});
      const realNow = Date.now;
      Date.now = () => realNow() + 11_000;
      try {
        await until(() => !expiring.socket.connected, 5000, 'the expired session to end');
      } finally {
        Date.now = realNow;
      }
      expect(expiring.controls.find((c) => c.event === 'session.ended')?.data.code).toBe('TOKEN_EXPIRED');
      expect(staying.socket.connected).toBe(true);

      closing = short.close();
      await until(() => staying.events.status?.some((e) => e.type === 'server.draining') === true, 5000, 'the draining notice');
      await closing;
      await until(() => !staying.socket.connected, 5000, 'the drained socket to close');
    } finally {
      await (closing ?? short.close());
    }
  }, 60_000);

  it('drops the oldest events of a client that cannot keep up, tells it the gap, and stays bounded', async () => {
    const slow = await connect(api.origin, { token });
    const raw = (slow.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket;
    try {
      await slow.ack('subscribe', { channels: ['logs'] });
      raw.pause();
      const bus = api.app.get<EventBus>(EVENT_BUS);
      // Random, so that permessage-deflate cannot shrink it: repeated letters compressed to almost
      // nothing and let the kernel's socket buffers absorb thousands of events.
      const big = () => randomBytes(12 * 1024).toString('base64');
      const handedBefore = await metric(api, 'neurograph_realtime_fanout_total', { channel: 'logs' });
      let lastSeq = 0;
      for (let i = 0; i < 3000; i++) lastSeq = (await bus.publish('logs', 'load.test', { i, big: big() })).seq;
      // With Redis the events reach the gateway asynchronously: wait until all were handed out.
      for (const end = Date.now() + 15_000; (await metric(api, 'neurograph_realtime_fanout_total', { channel: 'logs' })) - handedBefore < 3000; ) {
        if (Date.now() > end) throw new Error('the events were not all handed to the subscription');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // 3000 events of 16 KiB (48 MiB) were sent to a client that read none of them: the server kept
      // at most its buffer limit (plus what the kernel and engine.io's 64 packets took) and dropped the rest.
      expect(await metric(api, 'neurograph_realtime_waiting_events')).toBeLessThanOrEqual(50);
      expect(await metric(api, 'neurograph_realtime_dropped_total')).toBeGreaterThan(1000);

      raw.resume();
      await until(() => slow.events.logs?.at(-1)?.seq === lastSeq, 15_000, 'the newest event after the gap');
      // Each episode of congestion ends in one gap; no event arrives twice, and the gaps are exactly what was dropped.
      const gaps = slow.controls.filter((c) => c.event === 'gap').map((c) => c.data);
      expect(gaps.length).toBeGreaterThanOrEqual(1);
      for (const gap of gaps) expect(gap).toMatchObject({ channel: 'logs', fromSeq: expect.any(Number), toSeq: expect.any(Number) });
      const seen = new Set(slow.events.logs.map((e) => e.seq));
      const missing = gaps.reduce((n, gap) => n + gap.toSeq - gap.fromSeq + 1, 0);
      for (const gap of gaps) for (let seq = gap.fromSeq; seq <= gap.toSeq; seq++) expect(seen.has(seq)).toBe(false);
      expect(seen.size).toBe(slow.events.logs.length);
      expect(missing).toBe(await metric(api, 'neurograph_realtime_dropped_total'));
      expect(slow.socket.connected).toBe(true);
    } finally {
      // A paused client would hold the server's shutdown until its close handshake times out.
      raw.resume();
      slow.close();
    }
  }, 60_000);
});
