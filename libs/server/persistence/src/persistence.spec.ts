import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ENTITIES, UserEntity } from './entities/index';
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
