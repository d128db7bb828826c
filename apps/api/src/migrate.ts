import 'reflect-metadata';
import { ConfigError, loadConfig } from '@neurograph/server-config';
import { databaseKind, openDataSource } from '@neurograph/server-persistence';

/** `nx run api:migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const dataSource = await openDataSource(config);
  try {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    const target = databaseKind(config) === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
    process.stdout.write(applied.length === 0 ? `${target}: up to date\n` : `${target}: applied ${applied.map((m) => m.name).join(', ')}\n`);
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
