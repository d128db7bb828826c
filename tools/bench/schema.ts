import { Client as PgClient } from 'pg';

/** A throwaway schema in the PostgreSQL of `databaseUrl`, and the URL that makes a server use it. */
export async function throwawaySchema(databaseUrl: string, prefix: string): Promise<{ url: string; schema: string; admin: PgClient; drop(): Promise<void> }> {
  const schema = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new PgClient({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    admin,
    drop: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}
