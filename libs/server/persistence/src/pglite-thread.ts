import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Results } from '@electric-sql/pglite';

/**
 * The worker's whole program. It is given as source rather than a file so that it runs the same
 * from the TypeScript sources (tests), the bundle and the production image; it loads PGlite from
 * the path the main thread resolved.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
// PostgreSQL's error fields (code, detail, constraint, …) are plain values; nothing else is copied.
const fail = (id, error) => {
  const fields = { message: String((error && error.message) || error) };
  for (const [key, value] of Object.entries(error || {})) if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  parentPort.postMessage({ id, error: fields });
};
// PostgreSQL's log (its stderr) goes to the main thread line by line: if the database stops or
// cannot start, its last lines are what says why.
const onStderr = (line) => parentPort.postMessage({ log: line });
PGlite.create(workerData.dataDir ? { dataDir: workerData.dataDir, onStderr } : { onStderr }).then((db) => {
  parentPort.on('message', async ({ id, op, sql, parameters, data }) => {
    try {
      if (op === 'query') parentPort.postMessage({ id, result: await db.query(sql, parameters) });
      else if (op === 'exec') parentPort.postMessage({ id, result: await db.exec(sql) });
      else if (op === 'copy') parentPort.postMessage({ id, result: await db.query(sql, [], { blob: new Blob([data]) }) });
      else if (op === 'close') { await db.close(); parentPort.postMessage({ id, result: null }); parentPort.close(); }
    } catch (error) { fail(id, error); }
  });
  parentPort.postMessage({ id: 0, result: 'ready' });
}, (error) => fail(0, error));
`;

interface Reply {
  id: number;
  result?: unknown;
  error?: Record<string, unknown> & { message: string };
}

/** PostgreSQL log lines kept: enough for a FATAL message and the statement before it. */
const LOG_LINES_KEPT = 8;

/**
 * Embedded PostgreSQL on its own thread: PGlite executes SQL synchronously in WebAssembly, so on
 * the main thread every write-behind flush and every query would stop HTTP and real-time work for
 * its whole duration. Statements run one at a time, in the order they are sent (one connection,
 * as before); results and errors (with PostgreSQL's fields such as `code`) come back as copies.
 */
export class PGliteThread {
  private next = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly lastLog: string[] = [];
  /** Set once the thread has ended: later statements fail with it at once instead of waiting for ever. */
  private stopped: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: Reply | { log: string }) => ('log' in message ? this.keepLog(message.log) : this.settle(message)));
    worker.on('error', (error) => this.failAll(this.explained(error)));
    worker.on('exit', (code) => {
      this.stopped ??= this.explained(new Error(`The embedded database stopped (exit code ${code})`));
      this.failAll(this.stopped);
    });
  }

  /** Starts PGlite in `dataDir`, or in memory. */
  static async start(dataDir: string | undefined): Promise<PGliteThread> {
    const pglite = createRequire(__filename).resolve('@electric-sql/pglite');
    const thread = new PGliteThread(new Worker(WORKER_SOURCE, { eval: true, workerData: { pglite, dataDir } }));
    await new Promise<unknown>((resolve, reject) => thread.pending.set(0, { resolve, reject }));
    return thread;
  }

  query(sql: string, parameters: unknown[]): Promise<Results> {
    return this.send({ op: 'query', sql, parameters }) as Promise<Results>;
  }

  exec(sql: string): Promise<Results[]> {
    return this.send({ op: 'exec', sql }) as Promise<Results[]>;
  }

  /** Runs a `COPY … FROM '/dev/blob'` statement over `data`, the blob's parts in order. */
  copy(sql: string, data: readonly Uint8Array[]): Promise<Results> {
    // A view is cloned with its whole buffer (a writer's 1 MiB chunk for a few rows): the bytes are
    // copied once, exactly, and that copy is handed over rather than cloned again. Not with
    // Buffer.concat: a small result would be a slice of Node's shared pool, which must not be handed over.
    const blob = new Uint8Array(data.reduce((bytes, part) => bytes + part.length, 0));
    let offset = 0;
    for (const part of data) {
      blob.set(part, offset);
      offset += part.length;
    }
    return this.send({ op: 'copy', sql, data: blob }, [blob.buffer]) as Promise<Results>;
  }

  async close(): Promise<void> {
    await this.send({ op: 'close' });
    this.stopped = new Error('The embedded database is closed');
    await this.worker.terminate();
  }

  private send(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message }, transfer);
    });
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (reply.error) {
      const error = Object.assign(new Error(reply.error.message), reply.error);
      // Why PGlite could not start is in PostgreSQL's log, not in PGlite's own message.
      waiting.reject(reply.id === 0 ? this.explained(error) : error);
    } else waiting.resolve(reply.result);
  }

  private keepLog(line: string): void {
    if (this.lastLog.push(line) > LOG_LINES_KEPT) this.lastLog.shift();
  }

  /** The error with PostgreSQL's last log lines appended, when it wrote any. */
  private explained(error: Error): Error {
    if (this.lastLog.length === 0) return error;
    error.message = `${error.message}; PostgreSQL's last log lines:\n${this.lastLog.join('\n')}`;
    return error;
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
