import { EventTypeRegistry } from './event-types.js';
import { type HubEvent, SubscriptionHub } from './subscription-hub.js';

describe('SubscriptionHub', () => {
  it('delivers by pattern and filter, and counts deliveries', () => {
    const hub = new SubscriptionHub();
    const got: string[] = [];
    const sub = hub.subscribe({ pattern: 'signal.input.*', filter: { 'result.isNovel': true } }, (e) => {
      got.push(e.type);
    });
    expect(hub.publish('signal.input.a', { result: { isNovel: true } })).toBe(1);
    expect(hub.publish('signal.input.a', { result: { isNovel: false } })).toBe(0);
    expect(hub.publish('module.enabled', { result: { isNovel: true } })).toBe(0);
    expect(got).toEqual(['signal.input.a']);
    expect(sub.stats()).toMatchObject({ delivered: 1, dropped: 0, queued: 0 });
    sub.unsubscribe();
    expect(hub.publish('signal.input.a', { result: { isNovel: true } })).toBe(0);
    expect(hub.hasSubscribers('signal.input.a')).toBe(false);
  });

  it('isolates a throwing subscriber', () => {
    const hub = new SubscriptionHub();
    const bad = hub.subscribe({}, () => {
      throw new Error('boom');
    });
    let good = 0;
    hub.subscribe({}, () => {
      good++;
    });
    expect(hub.publish('x', 1)).toBe(2);
    expect(good).toBe(1);
    expect(bad.stats().errors).toBe(1);
  });

  it('bounds a slow async consumer with drop-oldest and counts drops', async () => {
    const hub = new SubscriptionHub();
    const seen: number[] = [];
    let release: () => void = () => undefined;
    const sub = hub.subscribe({ queueSize: 3 }, (e) => {
      seen.push(e.payload as number);
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    for (let i = 0; i < 10; i++) hub.publish('n', i);
    expect(sub.stats()).toMatchObject({ queued: 3, dropped: 6, delivered: 1 });
    for (let i = 0; i < 4; i++) {
      release();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(seen).toEqual([0, 7, 8, 9]);
  });

  it('drop-newest keeps the first events', () => {
    const hub = new SubscriptionHub();
    const stream = hub.stream({ queueSize: 2, overflow: 'drop-newest' });
    for (let i = 0; i < 5; i++) hub.publish('n', i);
    expect(stream.stats()).toMatchObject({ queued: 2, dropped: 3 });
  });

  it('streams in order through an async iterator that ends on unsubscribe', async () => {
    const hub = new SubscriptionHub();
    const stream = hub.stream({ pattern: 'tick' });
    const received: HubEvent[] = [];
    const consumer = (async () => {
      for await (const event of stream) {
        received.push(event);
        if (received.length === 3) break;
      }
    })();
    for (let i = 0; i < 3; i++) {
      hub.publish('tick', i);
      await Promise.resolve();
    }
    await consumer;
    expect(received.map((e) => e.payload)).toEqual([0, 1, 2]);
    expect(stream.closed).toBe(true);
    expect(hub.size).toBe(0);
  });

  it('refuses bad options with the field named', () => {
    const hub = new SubscriptionHub();
    expect(() => hub.subscribe({ queueSize: 0 }, () => undefined)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => hub.subscribe({ pattern: 'A..B' }, () => undefined)).toThrow(expect.objectContaining({ code: 'PATTERN_INVALID' }));
    expect(() => hub.subscribe({ filter: { $bad: 1 } }, () => undefined)).toThrow(expect.objectContaining({ code: 'FILTER_INVALID' }));
    expect(hub.size).toBe(0);
  });
});

describe('EventTypeRegistry', () => {
  it('knows the built-ins, records new types once and is bounded', () => {
    const registry = new EventTypeRegistry(25);
    expect(registry.has('signal.anomaly.novelty')).toBe(true);
    expect(registry.register('custom.thing')).toBe(true);
    expect(registry.register('custom.thing')).toBe(false);
    expect(() => registry.register('Bad Type')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    while (registry.size < 25) registry.register(`t.${registry.size}`);
    expect(() => registry.register('one.more')).toThrow(expect.objectContaining({ code: 'QUOTA_EXCEEDED' }));
  });
});
