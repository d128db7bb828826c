/**
 * An open-loop HTTP load: requests are started on a fixed schedule (`rate` per second, evenly
 * spaced), whether or not earlier ones have answered, and each latency is measured from the
 * moment its request was *due* — so a stall of the server counts against every request it
 * delays (no coordinated omission, as in wrk2).
 *
 * As in wrk2, the connections are open before the run starts: a server that falls behind is not
 * also handed new connections to accept in the middle of it, which a lazily growing pool does.
 * Each keep-alive connection carries one request at a time; requests due while every connection
 * waits for an answer queue for the next free one, and that wait counts in their latency.
 *
 * The generator shares this 2-core machine with the server, so it writes requests and reads
 * answers on plain sockets: node's HTTP client cost it about 250 µs of CPU per request, a quarter
 * of a core at 1,000/s taken from the server under test; this costs a fraction of that.
 *
 * autocannon's `overallRate` is not this: each connection sends back to back until it has used
 * its share of the second, then waits for the next second, so "1,000 req/s" arrives as bursts at
 * full speed, and its correction for coordinated omission then adds samples for every
 * millisecond of a slow reply. Closed-loop throughput ("as fast as it goes") still uses autocannon.
 */
import { connect, type Socket } from 'node:net';
import { collectGarbage, distribution, round } from './stats';

export interface OpenLoopRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface OpenLoopOptions {
  /** `http://host:port` */
  origin: string;
  rate: number;
  seconds: number;
  /** Keep-alive connections, opened before the run; requests beyond them wait for a free one. */
  connections: number;
  /** What opens the connections: a request without side effects. */
  warmup: OpenLoopRequest;
  next(): OpenLoopRequest;
}

export interface OpenLoopResult {
  offered: number;
  sent: number;
  ok: number;
  failed: number;
  /** The failed requests by their answer's status, `broken` for those whose connection closed first. */
  failures: Record<string, number>;
  /** Answers per second over the run. */
  achievedRate: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

/** Called with the answer's status, or 0 when the connection broke first. */
type Answered = (status: number) => void;

const HEADER_END = Buffer.from('\r\n\r\n');
/**
 * Every connection reads into this one buffer (`onread`). A new buffer per read is memory outside
 * V8's heap that V8 still counts: at 1,000 answers/s of GET /modules (about 8 KB each) it set off
 * the generator's mark-compacts, 10 in 20 s pausing up to 9.5 ms, against 1 in 50 s with this
 * buffer; a pause of the generator delays answers already in, which counts against the server.
 */
const READ_BUFFER = Buffer.alloc(1 << 20);
const NOTHING = Buffer.alloc(0);
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CHUNKED = /\r\ntransfer-encoding:[ \t]*chunked/i;

/** Where the chunked body that starts at `from` ends, or -1 while it is incomplete. */
function chunkedEnd(buffer: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const line = buffer.indexOf('\r\n', at);
    if (line < 0) return -1;
    const size = parseInt(buffer.toString('latin1', at, line), 16);
    // The last chunk (size 0) is followed by an empty trailer line.
    const next = line + 2 + size + 2;
    if (next > buffer.length) return -1;
    if (size === 0) return next;
    at = next;
  }
}

/** One keep-alive HTTP/1.1 connection carrying one request at a time. */
class Connection {
  private pending = NOTHING;
  private answered: Answered | null = null;

  private constructor(
    private readonly socket: Socket,
    onBroken: (connection: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const answered = this.answered;
      this.answered = null;
      answered?.(0);
      onBroken(this);
    });
  }

  static open(host: string, port: number, onBroken: (connection: Connection) => void): Promise<Connection> {
    return new Promise((resolve, reject) => {
      let connection: Connection | undefined;
      const onread = {
        buffer: READ_BUFFER,
        callback: (bytes: number, buffer: Uint8Array) => {
          connection?.read(Buffer.from(buffer.buffer, buffer.byteOffset, bytes));
          return true;
        },
      };
      const socket = connect({ host, port, onread }, () => resolve((connection = new Connection(socket, onBroken))));
      socket.once('error', reject);
    });
  }

  send(request: string, answered: Answered): void {
    this.answered = answered;
    this.socket.write(request, 'latin1');
  }

  close(): void {
    this.socket.destroy();
  }

  /** `chunk` is a view of the shared read buffer, valid only until this returns. */
  private read(chunk: Buffer): void {
    const received = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const end = this.answerEnd(received);
    // What is left waits in a copy: the next read overwrites the shared buffer.
    const left = end < 0 ? received : received.subarray(end);
    this.pending = left.length === 0 ? NOTHING : Buffer.from(left);
    if (end < 0) return;
    const answered = this.answered;
    this.answered = null;
    answered?.(Number(received.toString('latin1', 9, 12)));
  }

  /** Where the answer at the start of `received` ends, or -1 while it is incomplete. */
  private answerEnd(received: Buffer): number {
    const headerEnd = received.indexOf(HEADER_END);
    if (headerEnd < 0) return -1;
    const head = received.toString('latin1', 0, headerEnd);
    const bodyStart = headerEnd + HEADER_END.length;
    const length = CONTENT_LENGTH.exec(head);
    const end = length ? bodyStart + Number(length[1]) : CHUNKED.test(head) ? chunkedEnd(received, bodyStart) : bodyStart;
    return end > received.length ? -1 : end;
  }
}

/** The request as it goes on the wire, as one latin1 string (the body's UTF-8 bytes, one character each). */
function wire(host: string, spec: OpenLoopRequest): string {
  const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
  const headers = Object.entries({ ...spec.headers, host, ...(body && { 'content-length': String(body.length) }) });
  return `${spec.method} ${spec.path} HTTP/1.1\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body?.toString('latin1') ?? ''}`;
}

/** Keep-alive connections to one server; a request waits for a free one, and a broken one is replaced. */
class Pool {
  private readonly idle: Connection[] = [];
  private readonly queue: { request: string; answered: Answered }[] = [];
  private closed = false;

  constructor(private readonly url: URL) {}

  /** Opens `count` connections with one `warmup` request on each at once (their answers are not counted). */
  async open(count: number, warmup: OpenLoopRequest): Promise<void> {
    const connections = await Promise.all(Array.from({ length: count }, () => this.connect()));
    await Promise.all(connections.map((connection) => new Promise<void>((resolve) => connection.send(wire(this.url.host, warmup), () => resolve()))));
    this.idle.push(...connections);
  }

  send(spec: OpenLoopRequest, answered: Answered): void {
    const request = wire(this.url.host, spec);
    const connection = this.idle.pop();
    if (connection) this.sendOn(connection, request, answered);
    else this.queue.push({ request, answered });
  }

  close(): void {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.close();
  }

  private connect(): Promise<Connection> {
    return Connection.open(this.url.hostname, Number(this.url.port), (broken) => {
      const at = this.idle.indexOf(broken);
      if (at >= 0) this.idle.splice(at, 1);
      if (!this.closed) void this.connect().then((connection) => this.release(connection), () => undefined);
    });
  }

  private sendOn(connection: Connection, request: string, answered: Answered): void {
    connection.send(request, (status) => {
      // A broken connection (status 0) is replaced by a new one instead.
      if (status !== 0) this.release(connection);
      answered(status);
    });
  }

  private release(connection: Connection): void {
    const waiting = this.queue.shift();
    if (waiting) this.sendOn(connection, waiting.request, waiting.answered);
    else if (this.closed) connection.close();
    else this.idle.push(connection);
  }
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  // The generator's own pauses count against the server (latencies run from the due time), so it
  // starts from a collected heap rather than from the garbage of whatever ran before it in this
  // process (the bench scripts run node with --expose-gc).
  collectGarbage();
  const pool = new Pool(new URL(options.origin));
  await pool.open(options.connections, options.warmup);

  const latencies: number[] = [];
  let sent = 0;
  let ok = 0;
  const failures: Record<string, number> = {};
  const fail = (reason: string) => void (failures[reason] = (failures[reason] ?? 0) + 1);
  let pending = 0;
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const started = performance.now();
  const fire = (dueAt: number) => {
    pending++;
    sent++;
    pool.send(options.next(), (status) => {
      pending--;
      if (status === 0) {
        fail('broken');
        return;
      }
      latencies.push(performance.now() - dueAt);
      if (status >= 200 && status < 300) ok++;
      else fail(String(status));
    });
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) fire(started + sent * interval);
      if (sent < total) setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
      else resolve();
    };
    tick();
  });
  while (pending > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const elapsed = (performance.now() - started) / 1000;
  pool.close();
  const d = distribution(latencies);
  return {
    offered: options.rate,
    sent,
    ok,
    failed: Object.values(failures).reduce((sum, n) => sum + n, 0),
    failures,
    achievedRate: Math.round(ok / elapsed),
    latencyMs: { p50: round(d.p50), p90: round(d.p90), p99: round(d.p99), max: round(d.max) },
  };
}
