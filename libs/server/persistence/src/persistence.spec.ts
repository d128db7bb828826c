import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ENTITIES, UserEntity } from './entities/index';
import { MIGRATIONS } from './migrations/index';
import { dataSourceOptions } from './data-source';
import { isolatedSchemaUrl } from './test-schema';

// Runs on embedded PGlite, and on real PostgreSQL too when DATABASE_URL is set (CI).
const targets: [string, { databaseUrl: string | undefined; dataDir: string }][] = [['pglite', { databaseUrl: undefined, dataDir: ':memory:' }]];
if (process.env.DATABASE_URL) targets.push(['postgres', { databaseUrl: process.env.DATABASE_URL, dataDir: ':memory:' }]);

describe.each(targets)('schema on %s', (_kind, config) => {
  let ds: DataSource;
  let drop: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    let databaseUrl = config.databaseUrl;
    if (databaseUrl) ({ url: databaseUrl, drop } = await isolatedSchemaUrl(databaseUrl));
    ds = await new DataSource(await dataSourceOptions({ ...config, databaseUrl })).initialize();
    await ds.runMigrations();
  }, 60_000);
  afterAll(async () => {
    await ds.destroy();
    await drop();
  });

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
