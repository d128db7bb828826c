import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

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
