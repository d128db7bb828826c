import type { BusMessage, EventBus } from './event-bus';
import { MemoryEventBus } from './memory-bus';
import { RedisEventBus } from './redis-bus';

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('MemoryEventBus', () => {
  it('numbers messages per channel and delivers them to that channel only', async () => {
    const bus = new MemoryEventBus();
    const signals: BusMessage[] = [];
    const modules: BusMessage[] = [];
    const stop = await bus.subscribe('signals', (m) => signals.push(m));
    await bus.subscribe('modules', (m) => modules.push(m));
    await bus.publish('signals', 'signal', { n: 1 });
    await bus.publish('modules', 'module.disabled', { id: 'grid' });
    await bus.publish('signals', 'signal', { n: 2 });
    expect(signals.map((m) => [m.seq, (m.payload as { n: number }).n])).toEqual([[1, 1], [2, 2]]);
    expect(modules).toEqual([expect.objectContaining({ channel: 'modules', seq: 1, type: 'module.disabled' })]);
    await stop();
    await bus.publish('signals', 'signal', { n: 3 });
    expect(signals).toHaveLength(2);
  });

  it('keeps delivering to the others when one subscriber throws', async () => {
    const bus = new MemoryEventBus();
    const seen: number[] = [];
    await bus.subscribe('logs', () => {
      throw new Error('bad subscriber');
    });
    await bus.subscribe('logs', (m) => seen.push(m.seq));
    await bus.publish('logs', 'log', {});
    expect(seen).toEqual([1]);
  });
});

const redisUrl = process.env.REDIS_URL;
(redisUrl ? describe : describe.skip)('RedisEventBus (REDIS_URL)', () => {
  let a: EventBus;
  let b: EventBus;
  const prefix = `ng:bus:test:${Date.now()}:${Math.random()}:`;
  beforeAll(() => {
    a = new RedisEventBus(redisUrl!, prefix);
    b = new RedisEventBus(redisUrl!, prefix);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('delivers what one replica publishes to another, in one sequence per channel across publishers', async () => {
    const received: BusMessage[] = [];
    const stop = await b.subscribe('signals', (m) => received.push(m));
    const published = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).publish('signals', 'signal', { i })));
    await until(() => received.length === 50);
    expect(received.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(published.map((m) => m.seq)).size).toBe(50);
    expect(received[0]).toMatchObject({ channel: 'signals', type: 'signal', at: expect.any(String) });
    await stop();
    await a.publish('signals', 'signal', { after: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(50);
  });

  it('keeps channels apart', async () => {
    const modules: BusMessage[] = [];
    await b.subscribe('modules', (m) => modules.push(m));
    await a.publish('metrics', 'metrics', { cpu: 1 });
    await a.publish('modules', 'module.enabled', { id: 'grid' });
    await until(() => modules.length === 1);
    expect(modules[0]).toMatchObject({ channel: 'modules', seq: 1, payload: { id: 'grid' } });
  });
});
