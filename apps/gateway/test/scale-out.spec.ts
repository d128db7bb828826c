import Redis from 'ioredis';
import { connect, type Live, type ServerProcess, until } from '@neurograph/server-testing';
import { type Cluster, describeWithStores, launchCluster, login, rest } from './support';

// Several processes must share the database and the bus: real PostgreSQL and real Redis.
describeWithStores('one api and two gateways on Redis', () => {
  let cluster: Cluster;
  let api: ServerProcess;
  let a: ServerProcess;
  let b: ServerProcess;
  let admin: string;
  const sockets: Live[] = [];
  const open = async (gateway: ServerProcess, auth: Record<string, unknown>) => {
    const socket = await connect(gateway.origin, auth);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    cluster = await launchCluster('scale', 2);
    ({ api, admin } = cluster);
    [a, b] = cluster.gateways;
  }, 90_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await cluster?.stop();
  }, 30_000);

  it('delivers a signal posted to the api to a subscriber on a gateway, and counts subscribers over replicas', async () => {
    const onA = await open(a, { token: admin });
    const onB = await open(b, { token: admin });
    expect((await onA.ack('subscribe', { channels: ['signals'] })).subscribed).toEqual(['signals']);
    expect((await onB.ack('subscribe', { channels: ['signals', 'modules'] })).subscribed).toEqual(['signals', 'modules']);
    const posted = await rest(api.origin, 'POST', '/signals', admin, { payload: 'across replicas', space: 'scale' });
    expect(posted.status).toBe(200);
    await until(() => onA.events.signals?.length === 1 && onB.events.signals?.length === 1, 5000, 'the signal on both gateways');
    expect(onA.events.signals[0]).toMatchObject({ id: posted.body.signalId, data: { payload: 'across replicas' } });
    expect(onB.events.signals[0].seq).toBe(onA.events.signals[0].seq);

    const channels = await rest(api.origin, 'GET', '/realtime/channels', admin);
    expect(channels.body.items.find((c: { channel: string }) => c.channel === 'signals').subscribers).toBe(2);
    expect(channels.body.items.find((c: { channel: string }) => c.channel === 'modules').subscribers).toBe(1);
    // At least the two sockets this test opened, one on each gateway.
    expect(channels.body.connections).toBeGreaterThanOrEqual(2);
  });

  it('reads a channel from Redis only in the processes that have a subscriber of it', async () => {
    const redis = new Redis(process.env['REDIS_URL']!);
    const readers = async () => Number(((await redis.pubsub('NUMSUB', `${cluster.env['REDIS_PREFIX']}bus:actions`)) as [string, number])[1]);
    try {
      expect(await readers()).toBe(0);
      const onApi = await open(api, { token: admin });
      await onApi.ack('subscribe', { channels: ['actions'] });
      await (await open(a, { token: admin })).ack('subscribe', { channels: ['actions'] });
      expect(await readers()).toBe(2);
      onApi.close();
      const end = Date.now() + 10_000;
      while ((await readers()) !== 1 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await readers()).toBe(1);
    } finally {
      redis.disconnect();
    }
  }, 20_000);

  it('forwards a signal sent over a gateway socket to the api', async () => {
    const socket = await open(b, { token: admin });
    const result = await socket.ack('signal', { payload: 'through the gateway', space: 'scale' });
    expect(result).toMatchObject({ signalId: expect.any(String), processed: true });
    expect((await socket.ack('signal', { vector: [1] })).error).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('ends the sockets of a disabled user on every gateway within seconds', async () => {
    const created = await rest(api.origin, 'POST', '/users', admin, { username: 'replicated-viewer', password: 'replicated-password', role: 'viewer' });
    const token = await login(api.origin, 'replicated-viewer', 'replicated-password');
    const [onA, onB] = [await open(a, { token }), await open(b, { token })];
    await rest(api.origin, 'PATCH', `/users/${created.body.id}`, admin, { disabled: true });
    await until(() => !onA.socket.connected && !onB.socket.connected, 3000, 'both sockets to close');
    for (const socket of [onA, onB]) expect(socket.controls.find((c) => c.event === 'session.ended')?.data.code).toBe('SESSION_REVOKED');
  });

  it('resumes on gateway B after gateway A is killed, without losing events in the replay window', async () => {
    const onA = await open(a, { token: admin });
    await onA.ack('subscribe', { channels: ['signals'], space: 'failover' });
    await rest(api.origin, 'POST', '/signals', admin, { payload: 'before', space: 'failover' });
    await until(() => onA.events.signals?.length === 1, 5000, 'the first signal');
    const { token: resume } = await onA.ack('resume.token');
    const lastSeen = onA.events.signals[0].seq;

    await a.kill('SIGKILL');
    const missed = [];
    for (let i = 0; i < 5; i++) missed.push((await rest(api.origin, 'POST', '/signals', admin, { payload: `while away ${i}`, space: 'failover' })).body.signalId);

    const onB = await open(b, { token: admin, resume, lastSeq: { signals: lastSeen } });
    expect(onB.session.resumed).toBe(true);
    await until(() => onB.events.signals?.length === 5, 5000, 'the five missed signals');
    expect(onB.events.signals.map((e) => e.id)).toEqual(missed);
    expect(onB.events.signals.map((e) => e.seq)).toEqual(Array.from({ length: 5 }, (_, i) => lastSeen + 1 + i));
    const live = await rest(api.origin, 'POST', '/signals', admin, { payload: 'after', space: 'failover' });
    await until(() => onB.events.signals.length === 6, 5000, 'live events after the replay');
    expect(onB.events.signals[5].id).toBe(live.body.signalId);
  }, 30_000);
});
