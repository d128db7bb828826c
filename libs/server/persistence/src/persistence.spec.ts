import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BinaryCopyWriter } from './binary-copy';
import { copyIn } from './copy-in';
import { ENTITIES, UserEntity } from './entities/index';
import { EdgesPerToken1765000000000 } from './migrations/1765000000000-edges-per-token';
import { TokenColumns1766000000000 } from './migrations/1766000000000-token-columns';
import { MIGRATIONS } from './migrations/index';
import { openTestDataSource, testDatabases } from './test-schema';

describe.each(testDatabases())('schema on %s', (_kind, databaseUrl) => {
  let ds: DataSource;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ dataSource: ds, dispose } = await openTestDataSource(databaseUrl));
  }, 60_000);
  afterAll(() => dispose());

  it('matches the entities exactly after the migrations (no drift)', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    expect(ds.migrations.length).toBe(MIGRATIONS.length);
    expect(ds.entityMetadatas.length).toBe(ENTITIES.length);
  });

  it('reads every binary COPY field type back as written, and appends one batch to another', async () => {
    await ds.query('create table copy_check (n int, flag bool, word text, doc json, at timestamptz, reals real[], ints int[], words text[], times timestamptz[])');
    const at = Date.UTC(2026, 11, 1, 12, 30, 45, 123);
    const first = new BinaryCopyWriter();
    first.row(9).int4(-7).bool(true).text('héllo ✓ 日本').text('{"a":[1,"x\\n"]}').timestamptz(at).float4Array([0.5, -1.25]).int4Array(Int32Array.of(3, 4), 1).textArray(['association', 'temporal']).timestamptzArray([at, at + 1]);
    const second = new BinaryCopyWriter();
    second.row(9).null().bool(false).text('').text('null').timestamptz(0).float4Array([]).int4Array([]).textArray([]).timestamptzArray([]);
    first.append(second);
    expect(first.rows).toBe(2);
    await ds.transaction((tx) => copyIn(tx, 'copy_check (n, flag, word, doc, at, reals, ints, words, times)', first.finish()));
    const rows = await ds.query('select * from copy_check order by n nulls last');
    expect(rows[0]).toEqual({ n: -7, flag: true, word: 'héllo ✓ 日本', doc: { a: [1, 'x\n'] }, at: new Date(at), reals: [0.5, -1.25], ints: [3], words: ['association', 'temporal'], times: [new Date(at), new Date(at + 1)] });
    expect(rows[1]).toEqual({ n: null, flag: false, word: '', doc: null, at: new Date(0), reals: [], ints: [], words: [], times: [] });
    await ds.query('drop table copy_check');
  });

  it('writes bigint, real and double precision fields exactly', async () => {
    await ds.query('create table copy_numbers (big bigint, single real, double double precision)');
    const writer = new BinaryCopyWriter();
    const cases = [
      [5_000_000_000, 0.1, 0.1],
      [-(2 ** 40) - 7, -1.5, Number.MAX_VALUE],
      [0, 3.4e38, 1e-300],
    ];
    for (const [big, single, double] of cases) writer.row(3).int8(big).float4(single).float8(double);
    await ds.transaction((tx) => copyIn(tx, 'copy_numbers (big, single, double)', writer.finish()));
    const rows: { big: unknown; single: number; double: number }[] = await ds.query('select * from copy_numbers');
    // A real reads back as its shortest decimal ("0.1"): the same float32 once rounded to one.
    expect(rows.map((r) => [Number(r.big), Math.fround(r.single), r.double])).toEqual(cases.map(([big, single, double]) => [big, Math.fround(single), double]));
    await ds.query('drop table copy_numbers');
  });

  it('keeps every field whole across chunk boundaries, reused chunks and appended writers', async () => {
    await ds.query('create table copy_chunks (n int, word text, reals real[])');
    const rowsOf = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ n: from + i, word: `${from + i}:${'✓é'.repeat((from + i) % 50)}`, reals: [from + i, 0.5] }));
    const write = (writer: BinaryCopyWriter, rows: ReturnType<typeof rowsOf>) => rows.forEach((r) => writer.row(3).int4(r.n).text(r.word).float4Array(r.reals));
    // 64-byte chunks: most rows straddle one, and the longer words need a chunk of their own size.
    const writer = new BinaryCopyWriter(64);
    write(writer, rowsOf(1000, 40));
    writer.finish();
    writer.reset();
    const expected = [...rowsOf(0, 150), ...rowsOf(500, 30)];
    write(writer, expected.slice(0, 150));
    const other = new BinaryCopyWriter(64);
    write(other, expected.slice(150));
    writer.append(other);
    expect(writer.rows).toBe(180);
    expect(writer.finish().length).toBeGreaterThan(100);
    await ds.transaction((tx) => copyIn(tx, 'copy_chunks (n, word, reals)', writer.finish()));
    expect(await ds.query('select n, word, reals from copy_chunks order by n')).toEqual(expected);
    await ds.query('drop table copy_chunks');
  });

  it('moves stored edges from one row per edge to one row per token and back, edge for edge', async () => {
    const migration = new EdgesPerToken1765000000000();
    const later = new TokenColumns1766000000000();
    const runner = ds.createQueryRunner();
    const edges = [
      { from_id: 1, to_id: 2, type: 'association', weight: 0.5, confidence: 0.25, count: 3, last_activated_at: new Date('2026-01-01T00:00:00Z') },
      { from_id: 1, to_id: 3, type: 'temporal', weight: 0.75, confidence: 0.5, count: 1, last_activated_at: new Date('2026-01-02T00:00:00Z') },
      { from_id: 4, to_id: 1, type: 'association', weight: 1, confidence: 1, count: 9, last_activated_at: new Date('2026-01-03T00:00:00Z') },
    ];
    try {
      await later.down(runner);
      await migration.down(runner);
      for (const e of edges) await runner.query(`insert into edges values ('migrated', $1, $2, $3, $4, $5, $6, $7)`, Object.values(e));
      await migration.up(runner);
      expect(await runner.query("select from_id, to_ids, types from edges where space = 'migrated' order by from_id")).toEqual([
        { from_id: 1, to_ids: [2, 3], types: ['association', 'temporal'] },
        { from_id: 4, to_ids: [1], types: ['association'] },
      ]);
      const listed = "select from_id, to_id, type, weight, confidence, count, last_activated_at from edge_list where space = 'migrated' order by from_id, to_id";
      expect(await runner.query(listed)).toEqual(edges);
      await migration.down(runner);
      expect(await runner.query(listed.replace('edge_list', 'edges'))).toEqual(edges);
      await migration.up(runner);
      await later.up(runner);
    } finally {
      await runner.query("delete from edges where space = 'migrated'");
      await runner.release();
    }
  });

  it('moves token records from one json column to typed columns and back, value for value', async () => {
    const migration = new TokenColumns1766000000000();
    const runner = ds.createQueryRunner();
    const records = [
      { kind: 'concept', weight: 0.5, fieldRadius: 0.25, fieldStrength: 1, activation: 0.123456789012, activationCount: 5_000_000_000, persistent: false, createdAt: '2026-01-01T00:00:00.123Z', lastActivatedAt: '2026-01-02T03:04:05.678Z', localScale: 0.0625 },
      { kind: 'memory', weight: 1, fieldRadius: 0.5, fieldStrength: 0.75, activation: 0, activationCount: 0, persistent: true, createdAt: '2026-02-01T00:00:00.000Z', lastActivatedAt: '2026-02-01T00:00:00.000Z', localScale: 0.125, label: 'kettle', metadata: { room: 'kitchen', tags: ['hot'], owner: null } },
    ];
    try {
      await migration.down(runner);
      for (const [id, record] of records.entries()) await runner.query(`insert into tokens (space, id, vector, record) values ('migrated', $1, $2, $3)`, [id, [0, 0, 0, 0, 0, 0, 0, 0], JSON.stringify(record)]);
      await migration.up(runner);
      const columns = await runner.query("select kind, weight, field_radius, field_strength, activation, activation_count, persistent, created_at, last_activated_at, local_scale, label, metadata from tokens where space = 'migrated' order by id");
      expect(columns.map((c: { activation_count: string }) => ({ ...c, activation_count: Number(c.activation_count) }))).toEqual(
        records.map((r) => ({ kind: r.kind, weight: r.weight, field_radius: r.fieldRadius, field_strength: r.fieldStrength, activation: r.activation, activation_count: r.activationCount, persistent: r.persistent, created_at: new Date(r.createdAt), last_activated_at: new Date(r.lastActivatedAt), local_scale: r.localScale, label: r.label ?? null, metadata: r.metadata ?? null })),
      );
      await migration.down(runner);
      expect((await runner.query("select record from tokens where space = 'migrated' order by id")).map((row: { record: unknown }) => row.record)).toEqual(records);
      await migration.up(runner);
    } finally {
      await runner.query("delete from tokens where space = 'migrated'");
      await runner.release();
    }
  });

  it('commits and rolls back transactions', async () => {
    const users = ds.getRepository(UserEntity);
    const now = new Date();
    const id = randomUUID();
    await ds.transaction((tx) => tx.getRepository(UserEntity).insert({ id, username: `u-${id}`, email: null, passwordHash: 'x', role: 'viewer', disabled: false, createdAt: now, updatedAt: now }));
    expect(await users.countBy({ id })).toBe(1);
    await expect(
      ds.transaction(async (tx) => {
        await tx.getRepository(UserEntity).delete({ id });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await users.countBy({ id })).toBe(1);
  });

  it('keeps concurrent transactions apart: no lost update under contention', async () => {
    const now = new Date();
    const id = randomUUID();
    await ds.getRepository(UserEntity).insert({ id, username: 'counter', email: null, passwordHash: '0', role: 'viewer', disabled: false, createdAt: now, updatedAt: now });
    const bump = () =>
      ds.transaction(async (tx) => {
        const [row] = await tx.query('select password_hash from users where id = $1 for update', [id]);
        await tx.query('update users set password_hash = $2 where id = $1', [id, String(Number(row.password_hash) + 1)]);
      });
    await Promise.all(Array.from({ length: 20 }, bump));
    const [row] = await ds.query('select password_hash from users where id = $1', [id]);
    expect(row.password_hash).toBe('20');
  });
});
