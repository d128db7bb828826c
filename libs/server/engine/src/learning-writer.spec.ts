import { Engine, type SignalEvent, snapshotSpace } from '@neurograph/core';
import { openTestDataSource, testDatabases } from '@neurograph/server-persistence';
import type { DataSource } from 'typeorm';
import { LearningWriter, restoreSpaces } from './learning-writer';

const randomVector = (seed: number) => Array.from({ length: 8 }, (_, i) => ((Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453) % 1 + 1) % 1);

describe.each(testDatabases())('LearningWriter on %s', (_kind, databaseUrl) => {
  let ds: DataSource;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ dataSource: ds, dispose } = await openTestDataSource(databaseUrl));
  }, 60_000);
  afterAll(() => dispose());

  it('persists signals, tokens and edges so a new engine answers the same kNN queries', async () => {
    const engine = new Engine();
    const writer = new LearningWriter(ds, engine, 10_000);
    engine.observeSignals((event) => writer.recordSignal(event));
    for (let i = 0; i < 300; i++) engine.emit({ vector: randomVector(i % 200), space: 'durable', sequenceId: `s${i % 7}` });
    const labelled = engine.space('durable').tokenIds(-1, 1)[0];
    engine.space('durable').updateToken(labelled, { label: 'kettle "hot"', metadata: { room: 'kitchen', n: 0.1 + 0.2 }, persistent: true, kind: 'memory' });
    writer.markTokens('durable', [labelled]);
    expect(writer.backlog).toBe(300);
    const stats = await writer.flush();
    expect(stats.signals).toBe(300);
    expect(writer.backlog).toBe(0);
    expect((await ds.query("select count(*)::int as n from signals where space = 'durable'"))[0].n).toBe(300);

    const rebuilt = new Engine();
    expect(await restoreSpaces(ds, rebuilt)).toBe(1);
    const before = engine.space('durable');
    const after = rebuilt.space('durable');
    expect(after.size).toBe(before.size);
    expect(after.graph.edgeCount).toBe(before.graph.edgeCount);
    expect(after.tick).toBe(before.tick);
    // Every attribute of every token, as a snapshot shows them (label and metadata included).
    expect(snapshotSpace(after).tokens).toEqual(snapshotSpace(before).tokens);
    for (let q = 0; q < 20; q++) {
      const query = randomVector(1000 + q);
      expect(after.nearest(query, 5)).toEqual(before.nearest(query, 5));
    }
  });

  it('makes the JSON of a whole signal event from the texts it stored, exactly as JSON.stringify would', () => {
    const engine = new Engine();
    const writer = new LearningWriter(ds, engine, 10_000);
    const events: SignalEvent[] = [];
    engine.observeSignals((event) => writer.recordSignal(event));
    engine.observeSignals((event) => void events.push(event));
    engine.emit({ vector: randomVector(1), space: 'json', tags: ['a "quoted" tag'], metadata: { note: 'ünïcode\n', n: 0.1 + 0.2 }, sequenceId: 's' });
    engine.emit({ payload: 'a text signal', sensorId: 'text.chat', space: 'json', priority: 250 });
    expect(events).toHaveLength(2);
    for (const event of events) expect(writer.storedEventJson(event)).toBe(JSON.stringify(event));
    expect(writer.storedEventJson({ ...events[0] })).toBeUndefined();
  });

  it('persists what the first signals after a restart change in a rebuilt space', async () => {
    const engine = new Engine();
    const first = new LearningWriter(ds, engine, 10_000);
    engine.observeSignals((event) => first.recordSignal(event));
    for (let i = 0; i < 50; i++) engine.emit({ vector: randomVector(i), space: 'restarted', sequenceId: 'r' });
    await first.flush();

    const rebuilt = new Engine();
    await restoreSpaces(ds, rebuilt);
    const writer = new LearningWriter(ds, rebuilt, 10_000);
    rebuilt.observeSignals((event) => writer.recordSignal(event));
    // Known vectors: they strengthen existing edges rather than create tokens.
    for (let i = 0; i < 20; i++) rebuilt.emit({ vector: randomVector(i), space: 'restarted', sequenceId: 'r' });
    await writer.flush();

    const again = new Engine();
    await restoreSpaces(ds, again);
    const edges = (e: Engine) => e.space('restarted').graph.snapshot().edges.sort((a, b) => a.from - b.from || a.to - b.to || a.type.localeCompare(b.type));
    expect(edges(again)).toEqual(edges(rebuilt).map((edge) => ({ ...edge, weight: expect.closeTo(edge.weight, 5), confidence: expect.closeTo(edge.confidence, 5) })));
  });

  it('rewrites removed tokens and their edges', async () => {
    const engine = new Engine();
    const writer = new LearningWriter(ds, engine, 10_000);
    engine.observeSignals((event) => writer.recordSignal(event));
    const a = engine.emit({ vector: randomVector(1), space: 'removal', sequenceId: 'x' }).tokenId;
    engine.emit({ vector: randomVector(2), space: 'removal', sequenceId: 'x' });
    await writer.flush();
    const space = engine.space('removal');
    expect(space.graph.degree(a).out + space.graph.degree(a).in).toBeGreaterThan(0);
    writer.markTokens('removal', [a]);
    space.removeToken(a);
    await writer.flush();
    expect((await ds.query("select count(*)::int as n from tokens where space = 'removal' and id = $1", [a]))[0].n).toBe(0);
    expect((await ds.query("select count(*)::int as n from edge_list where space = 'removal' and (from_id = $1 or to_id = $1)", [a]))[0].n).toBe(0);
  });

  it('keeps the first row of a signal id the engine no longer remembers (a retry after a restart)', async () => {
    const before = new Engine();
    const first = new LearningWriter(ds, before, 100);
    before.observeSignals((event) => first.recordSignal(event));
    const original = before.emit({ id: 'retried-after-restart', vector: randomVector(1), space: 'retry' });
    await first.flush();

    const after = new Engine();
    await restoreSpaces(ds, after);
    const writer = new LearningWriter(ds, after, 100);
    after.observeSignals((event) => writer.recordSignal(event));
    after.emit({ id: 'retried-after-restart', vector: randomVector(2), space: 'retry' });
    after.emit({ id: 'new-after-restart', vector: randomVector(3), space: 'retry' });
    expect((await writer.flush()).signals).toBe(2);
    const rows = await ds.query("select id, token_id from signals where space = 'retry' order by id");
    expect(rows).toEqual([
      { id: 'new-after-restart', token_id: expect.any(Number) },
      { id: 'retried-after-restart', token_id: original.tokenId },
    ]);
    expect(writer.backlog).toBe(0);
  });

  it('refuses more than its bound, and keeps everything when a flush fails', async () => {
    const engine = new Engine();
    const writer = new LearningWriter(ds, engine, 2);
    engine.observeSignals((event) => writer.recordSignal(event));
    const acceptedAfter = Date.now();
    engine.emit({ vector: randomVector(5), space: 'bounded' });
    const acceptedBefore = Date.now();
    expect(writer.hasRoomFor(1)).toBe(true);
    expect(writer.hasRoomFor(2)).toBe(false);
    await ds.query('alter table signals rename to signals_away');
    const failing = writer.flush();
    // The flush in progress holds the signal: the bound still counts it.
    expect(writer.hasRoomFor(2)).toBe(false);
    await expect(failing).rejects.toThrow();
    expect(writer.backlog).toBe(1);
    const now = acceptedBefore + 60_000;
    expect(writer.lagMs(now)).toBeGreaterThanOrEqual(now - acceptedBefore);
    expect(writer.lagMs(now)).toBeLessThanOrEqual(now - acceptedAfter);
    await ds.query('alter table signals_away rename to signals');
    expect((await writer.flush()).signals).toBe(1);
    expect(writer.lagMs()).toBe(0);
  });

  it('counts the signals of the flush in progress as not stored yet, and how long the oldest has waited', async () => {
    const engine = new Engine();
    const writer = new LearningWriter(ds, engine, 10_000);
    engine.observeSignals((event) => writer.recordSignal(event));
    expect([writer.backlog, writer.lagMs()]).toEqual([0, 0]);
    const firstAfter = Date.now();
    engine.emit({ vector: randomVector(11), space: 'lag' });
    engine.emit({ vector: randomVector(12), space: 'lag' });
    const firstBefore = Date.now();
    const flushing = writer.flush();
    const secondAfter = Date.now();
    engine.emit({ vector: randomVector(13), space: 'lag' });
    const secondBefore = Date.now();
    expect(writer.backlog).toBe(3);
    const now = secondBefore + 60_000;
    expect(writer.lagMs(now)).toBeGreaterThanOrEqual(now - firstBefore);
    expect(writer.lagMs(now)).toBeLessThanOrEqual(now - firstAfter);
    expect((await flushing).signals).toBe(2);
    expect(writer.backlog).toBe(1);
    expect(writer.lagMs(now)).toBeGreaterThanOrEqual(now - secondBefore);
    expect(writer.lagMs(now)).toBeLessThanOrEqual(now - secondAfter);
    await writer.flush();
    expect([writer.backlog, writer.lagMs()]).toEqual([0, 0]);
  });
});
