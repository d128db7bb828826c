import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';

/**
 * A PostgreSQL URL whose connections use a fresh, empty schema, so test suites running in
 * parallel on one database never see each other's tables. Dropped by the returned function.
 */
export async function isolatedSchemaUrl(databaseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const admin = new Client({ connectionString: databaseUrl });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    },
  };
}

/** The databases a test suite runs on: embedded PGlite always, PostgreSQL too when DATABASE_URL is set (CI). */
export function testDatabases(): [string, string | undefined][] {
  const targets: [string, string | undefined][] = [['pglite', undefined]];
  if (process.env.DATABASE_URL) targets.push(['postgres', process.env.DATABASE_URL]);
  return targets;
}

/** A migrated DataSource for one test suite: PGlite in memory, or a fresh schema of `databaseUrl`. */
export async function openTestDataSource(databaseUrl: string | undefined): Promise<{ dataSource: DataSource; dispose: () => Promise<void> }> {
  const schema = databaseUrl ? await isolatedSchemaUrl(databaseUrl) : undefined;
  const dataSource = await new DataSource(await dataSourceOptions({ databaseUrl: schema?.url, dataDir: ':memory:' })).initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    dispose: async () => {
      await dataSource.destroy();
      await schema?.drop();
    },
  };
}
