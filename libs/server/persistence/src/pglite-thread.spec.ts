import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGliteThread } from './pglite-thread';

// Starting PGlite takes seconds, more on a busy machine.
const START_TIMEOUT_MS = 60_000;

describe('PGliteThread', () => {
  it('says why it cannot start, in PostgreSQL’s own words', async () => {
    // A directory that looks like a PostgreSQL data directory but is not a complete one.
    const dir = mkdtempSync(join(tmpdir(), 'neurograph-not-a-database-'));
    writeFileSync(join(dir, 'PG_VERSION'), '17\n');
    try {
      await expect(PGliteThread.start(dir)).rejects.toThrow(/PostgreSQL's last log lines:\n.*configuration file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, START_TIMEOUT_MS);

  it('answers statements sent after it stopped with an error at once instead of never', async () => {
    const db = await PGliteThread.start(undefined);
    expect((await db.query('select 1 as one', [])).rows).toEqual([{ one: 1 }]);
    await db.close();
    await expect(db.query('select 1', [])).rejects.toThrow('The embedded database is closed');
  }, START_TIMEOUT_MS);
});
