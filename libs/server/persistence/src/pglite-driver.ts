import { EventEmitter } from 'node:events';
import type { Results } from '@electric-sql/pglite';
import type { PGliteThread } from './pglite-thread.js';

/** What TypeORM's postgres driver expects of a `pg` client. */
interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
}

type Release = (error?: unknown) => void;
type ConnectCallback = (error: Error | null, client: PGliteClient | null, release: Release) => void;

/**
 * PGlite is one connection. TypeORM asks a `pg`-style pool for connections; this pool hands out
 * that single connection to one holder at a time, so a transaction is never interleaved with
 * another caller's statements (which a shared, unlocked connection would allow).
 */
class ConnectionLock {
  private tail: Promise<void> = Promise.resolve();
  waiting = 0;

  acquire(): Promise<Release> {
    let release!: Release;
    const held = new Promise<void>((resolve) => (release = () => resolve()));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    this.waiting++;
    return ready.finally(() => this.waiting--);
  }
}

export class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGliteThread) {
    super();
  }

  /** Binary COPY into `target` (`table (column, …)`); PGlite reads it from a blob, not a stream. */
  async copyFrom(target: string, data: readonly Uint8Array[]): Promise<void> {
    await this.db.copy(`copy ${target} from '/dev/blob' (format binary)`, data);
  }

  async query(sql: string, parameters?: unknown[]): Promise<PgLikeResult> {
    const command = sql.trimStart().split(/\s/, 1)[0].toUpperCase();
    if (parameters && parameters.length > 0) return toPgResult(await this.db.query(sql, parameters), command);
    // Without parameters the simple protocol runs several statements; TypeORM wants the last result.
    const results = await this.db.exec(sql);
    return toPgResult(results[results.length - 1] ?? { rows: [], affectedRows: 0, fields: [] }, command);
  }
}

function toPgResult(result: Results, command: string): PgLikeResult {
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command };
}

/** A TypeORM `driver` option (`{ Pool }`) backed by one PGlite database. */
export function pgliteDriver(db: PGliteThread): { Pool: new () => EventEmitter } {
  const lock = new ConnectionLock();
  const client = new PGliteClient(db);
  class PGlitePool extends EventEmitter {
    get totalCount() {
      return 1;
    }
    get waitingCount() {
      return lock.waiting;
    }
    connect(callback: ConnectCallback): void {
      lock.acquire().then((release) => callback(null, client, release), (error: Error) => callback(error, null, () => undefined));
    }
    async query(sql: string, parameters?: unknown[]): Promise<PgLikeResult> {
      const release = await lock.acquire();
      try {
        return await client.query(sql, parameters);
      } finally {
        release();
      }
    }
    end(callback: (error: Error | null) => void): void {
      db.close().then(() => callback(null), callback);
    }
  }
  return { Pool: PGlitePool };
}
