import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import { PGliteClient } from './pglite-driver.js';

/**
 * Writes binary COPY data (a `BinaryCopyWriter`'s chunks) into `target` (`table (column, …)`) on
 * the connection of the manager's transaction, on PostgreSQL and on PGlite alike.
 */
export async function copyIn(manager: EntityManager, target: string, data: readonly Uint8Array[]): Promise<void> {
  if (!manager.queryRunner) throw new Error('copyIn runs inside a transaction');
  const client = (await manager.queryRunner.connect()) as PoolClient | PGliteClient;
  if (client instanceof PGliteClient) return client.copyFrom(target, data);
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(`copy ${target} from stdin (format binary)`));
    stream.on('finish', resolve);
    stream.on('error', reject);
    for (const chunk of data) stream.write(chunk);
    stream.end();
  });
}
