import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServerConfig } from '@neurograph/server-config';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';
import { pgliteDriver } from './pglite-driver.js';
import { PGliteThread } from './pglite-thread.js';

export type DatabaseKind = 'postgres' | 'pglite';

export function databaseKind(config: Pick<ServerConfig, 'databaseUrl'>): DatabaseKind {
  return config.databaseUrl ? 'postgres' : 'pglite';
}

/** Where embedded PostgreSQL keeps its files, or undefined for an in-memory database. */
export function pgliteDirectory(dataDir: string): string | undefined {
  if (dataDir === ':memory:') return undefined;
  const dir = resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The options of the one DataSource the app and the migration CLI share. */
export async function dataSourceOptions(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): Promise<DataSourceOptions> {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsTableName: 'migrations', synchronize: false } as const;
  if (config.databaseUrl) return { type: 'postgres', url: config.databaseUrl, poolSize: 10, ...common };
  const dir = pgliteDirectory(config.dataDir);
  const db = await PGliteThread.start(dir === undefined ? undefined : join(dir));
  return { type: 'postgres', driver: pgliteDriver(db), ...common };
}

export async function openDataSource(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): Promise<DataSource> {
  return new DataSource(await dataSourceOptions(config)).initialize();
}
