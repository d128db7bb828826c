import { describeRequiring } from '@neurograph/server-testing';
import { type BusEvent, type EventBus, envelopeJson } from './event-bus';
import { MemoryEventBus } from './memory-bus';
import { RedisEventBus } from './redis-bus';

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** What both implementations promise, run against each. */
function behavesAsABus(name: string, open: (replayLimit: number) => EventBus, replicaOf: (bus: EventBus) => EventBus, missing?: string): void {
  describeRequiring(missing)(name, () => {
    const buses: EventBus[] = [];
    const bus = (replayLimit = 5) => {
      const created = open(replayLimit);
      buses.push(created);
      return created;
    };
    afterAll(() => Promise.all(buses.map((b) => b.close())));

    it('numbers events per channel, delivers them to that channel only, as the JSON clients receive', async () => {
      const a = bus();
      const b = replicaOf(a);
      if (b !== a) buses.push(b);
      const signals: BusEvent[] = [];
      const modules: BusEvent[] = [];
      const stop = await b.subscribe('signals', (e) => signals.push(e));
      await b.subscribe('modules', (e) => modules.push(e));
      await a.publish('signals', 'signal', { n: 1 }, { id: 'sig-1' });
      await a.publish('modules', 'module.disabled', { id: 'grid' });
      await a.publish('signals', 'signal', { n: 2 });
      await until(() => signals.length === 2 && modules.length === 1);
      expect(signals.map((e) => [e.envelope.seq, (e.envelope.data as { n: number }).n])).toEqual([[1, 1], [2, 2]]);
      expect(JSON.parse(signals[0].json)).toEqual({ channel: 'signals', type: 'signal', id: 'sig-1', seq: 1, timestamp: expect.any(String), data: { n: 1 } });
      expect(modules[0].envelope).toMatchObject({ channel: 'modules', seq: 1, type: 'module.disabled', id: expect.any(String) });
      await stop();
      await a.publish('signals', 'signal', { n: 3 });
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(signals).toHaveLength(2);
      expect(await b.lastSeq('signals')).toBe(3);
      expect(await b.lastSeq('never-used')).toBe(0);
    });

    it('replays what followed a sequence number, from a log holding the last events only', async () => {
      const a = bus(5);
      for (let n = 1; n <= 8; n++) await a.publish('logs', 'log', { n });
      const after2 = await a.replay('logs', 2, 100);
      // The log keeps at least the last five; the oldest are gone and the caller learns it from the first seq.
      expect(after2.length).toBeGreaterThanOrEqual(5);
      expect(after2.map((e) => e.envelope.seq)).toEqual(Array.from({ length: after2.length }, (_, i) => 9 - after2.length + i));
      expect((await a.replay('logs', 6, 100)).map((e) => e.envelope.seq)).toEqual([7, 8]);
      expect((await a.replay('logs', 6, 1)).map((e) => e.envelope.seq)).toEqual([7]);
      expect(await a.replay('logs', 8, 100)).toEqual([]);
      expect(JSON.parse((await a.replay('logs', 7, 1))[0].json)).toMatchObject({ seq: 8, data: { n: 8 } });
    });

    it('numbers a burst of publishes (a batch) in the order they were made', async () => {
      const a = bus(200);
      const received: number[] = [];
      await a.subscribe('signals', (e) => received.push((e.envelope.data as { n: number }).n));
      const published = await Promise.all(Array.from({ length: 100 }, (_, n) => a.publish('signals', 'signal', { n })));
      expect(published.map((e) => [e.seq, (e.data as { n: number }).n])).toEqual(Array.from({ length: 100 }, (_, n) => [n + 1, n]));
      await until(() => received.length === 100);
      expect(received).toEqual(Array.from({ length: 100 }, (_, n) => n));
      expect((await a.replay('signals', 0, 200)).map((e) => e.envelope.seq)).toEqual(Array.from({ length: 100 }, (_, n) => n + 1));
    });

    it('numbers publishes made while earlier ones are still on their way in the order they were made', async () => {
      const a = bus(500);
      const received: number[] = [];
      await a.subscribe('signals', (e) => received.push((e.envelope.data as { n: number }).n));
      const publishing = [];
      for (let n = 0; n < 300; n++) {
        publishing.push(a.publish('signals', 'signal', { n }));
        // Yield now and then, so that later publishes find earlier ones not yet answered.
        if (n % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const published = await Promise.all(publishing);
      expect(published.map((e) => e.seq)).toEqual(Array.from({ length: 300 }, (_, n) => n + 1));
      await until(() => received.length === 300);
      expect(received).toEqual(Array.from({ length: 300 }, (_, n) => n));
    });

    it('sends data given as JSON text as it is, in the envelope JSON.stringify would make', async () => {
      const a = bus();
      const received: BusEvent[] = [];
      await a.subscribe('signals', (e) => received.push(e));
      const data = { text: 'quote " and \\ ünïcode', n: 0.1 + 0.2, nested: { list: [1, null] } };
      await a.publish('signals', 'signal', data, { id: 'as-object' });
      await a.publish('signals', 'signal', data, { id: 'as-text', dataJson: JSON.stringify(data) });
      await until(() => received.length === 2);
      const [plain, text] = received.map((e) => e.json.replace(/"id":"[^"]*"|"seq":\d+|"timestamp":"[^"]*"/g, ''));
      expect(text).toBe(plain);
      expect(JSON.parse(received[1].json)).toEqual({ ...received[1].envelope, data });
      const replayed = await a.replay('signals', 0, 10);
      expect(replayed.map((e) => e.json)).toEqual(received.map((e) => e.json));
      expect(replayed.map((e) => e.envelope)).toEqual(received.map((e) => e.envelope));
    });

    it("knows an event's seq and timestamp without parsing it, whatever its data holds", async () => {
      const a = bus();
      const received: BusEvent[] = [];
      await a.subscribe('logs', (e) => received.push(e));
      const tricky = { seq: 99, timestamp: 'not this one', text: '"timestamp":"nor this","seq":98}', nested: { timestamp: 'no', seq: 97 } };
      for (const options of [{}, { dataJson: JSON.stringify(tricky) }]) await a.publish('logs', 'log', tricky, options);
      await until(() => received.length === 2);
      const replayed = await a.replay('logs', 0, 10);
      for (const event of [...received, ...replayed]) {
        const { seq, timestamp } = JSON.parse(event.json) as { seq: number; timestamp: string };
        expect([event.seq, event.timestamp]).toEqual([seq, timestamp]);
      }
      expect(received.map((e) => e.seq)).toEqual([1, 2]);
    });

    it('keeps delivering to the others when one subscriber throws', async () => {
      const a = bus();
      const seen: number[] = [];
      await a.subscribe('status', () => {
        throw new Error('bad subscriber');
      });
      await a.subscribe('status', (e) => seen.push(e.envelope.seq));
      await a.publish('status', 'status', {});
      await until(() => seen.length === 1);
    });
  });
}

describe('envelopeJson', () => {
  it('is JSON.stringify of the envelope, key for key, with or without seq', () => {
    const data = { a: 'é"\n', b: [1.5, -0], c: null };
    const envelope = { channel: 'signals', type: 'signal.input', id: 'i"d', seq: 7, timestamp: '2026-12-06T05:00:00.000Z', data };
    expect(envelopeJson('signals', 'signal.input', 'i"d', 7, envelope.timestamp, JSON.stringify(data))).toBe(JSON.stringify(envelope));
    const { seq: _seq, ...unnumbered } = envelope;
    expect(envelopeJson('signals', 'signal.input', 'i"d', undefined, envelope.timestamp, JSON.stringify(data))).toBe(JSON.stringify(unnumbered));
  });
});

describe('MemoryEventBus replay log', () => {
  it('keeps an event published with its JSON as that text, not as the objects it was made from', async () => {
    const bus = new MemoryEventBus(10);
    const data = { result: { neighbors: [{ tokenId: 1, distance: 0.5 }] } };
    await bus.publish('signals', 'signal', data, { dataJson: JSON.stringify(data) });
    await bus.publish('logs', 'log', data);
    const [signal] = await bus.replay('signals', 0, 10);
    const [log] = await bus.replay('logs', 0, 10);
    expect(signal.envelope).toMatchObject({ channel: 'signals', seq: 1, data });
    expect(signal.envelope.data).not.toBe(data);
    expect(log.envelope.data).toBe(data);
  });
});

// One process has one bus: its "replica" is itself.
behavesAsABus('MemoryEventBus', (replayLimit) => new MemoryEventBus(replayLimit), (bus) => bus);

const redisUrl = process.env.REDIS_URL;
const redisMissing = redisUrl === undefined ? 'Redis (REDIS_URL)' : undefined;
const run = `${Date.now()}:${Math.random()}`;
let opened = 0;
const prefixes = new Map<EventBus, string>();
behavesAsABus(
  'RedisEventBus (REDIS_URL)',
  (replayLimit) => {
    const prefix = `ng:bus:test:${run}:${opened++}:`;
    const bus = new RedisEventBus(redisUrl!, prefix, replayLimit);
    prefixes.set(bus, prefix);
    return bus;
  },
  // Another process connected to the same Redis under the same prefix.
  (bus) => new RedisEventBus(redisUrl!, prefixes.get(bus)!),
  redisMissing,
);

describeRequiring(redisMissing)('RedisEventBus across replicas', () => {
  it('keeps one sequence per channel whichever replica publishes', async () => {
    const prefix = `ng:bus:test:${run}:replicas:`;
    const [a, b] = [new RedisEventBus(redisUrl!, prefix), new RedisEventBus(redisUrl!, prefix)];
    const received: number[] = [];
    await b.subscribe('signals', (e) => received.push(e.envelope.seq));
    const published = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).publish('signals', 'signal', { i })));
    await until(() => received.length === 50);
    expect(received).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(published.map((m) => m.seq)).size).toBe(50);
    await Promise.all([a.close(), b.close()]);
  });
});
