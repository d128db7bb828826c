import { type EdgeType, type Engine, epochMsOf, type Graph, restoreSpace, type SignalEvent, type Space } from '@neurograph/core';
import { BinaryCopyWriter, copyIn } from '@neurograph/server-persistence';
import type { DataSource, EntityManager } from 'typeorm';

export interface FlushStats {
  signals: number;
  tokens: number;
  /** Tokens whose out-edges were rewritten. */
  edgeLists: number;
  spaces: number;
  durationMs: number;
}

/** What changed in one space since the last flush. */
interface SpaceChanges {
  /** Tokens created, changed or removed. */
  tokens: Set<number>;
  /** Tokens whose out-edges changed (an edge created, strengthened or removed). */
  edgeSources: Set<number>;
}

const SIGNAL_COLUMNS = '(id, space, type, token_id, is_novel, created_at, signal, result)';
/** In the order `encodeToken` writes them. */
const TOKEN_COLUMNS = ['space', 'id', 'vector', 'kind', 'weight', 'field_radius', 'field_strength', 'activation', 'activation_count', 'persistent', 'created_at', 'last_activated_at', 'local_scale', 'label', 'metadata'];

/**
 * Write-behind of what the engine learns: accepted signals are encoded at once as binary COPY
 * rows (bytes outside the heap, bounded by the queue limit), and the tokens and out-lists they
 * changed are marked; a flush writes all of it in one transaction: one COPY for the signals, one
 * row per changed token and one per changed out-list. An accepted signal is in the database after
 * the next flush; a clean shutdown flushes everything. A crash loses what no flush has committed:
 * one interval while flushes keep pace, more when they run back to back under load (bounded by the
 * queue limit; docs/api.md gives figures).
 */
export class LearningWriter {
  private signals = new BinaryCopyWriter();
  private spare = new BinaryCopyWriter();
  private readonly tokenRows = new BinaryCopyWriter();
  private readonly edgeRows = new BinaryCopyWriter();
  private readonly outList = new OutList();
  private readonly vector = new Float64Array(8);
  private changes = new Map<string, SpaceChanges>();
  private readonly watched = new WeakSet<Graph>();
  /** Connections that have the staging tables (a rolled-back flush may have taken them away again). */
  private staged = new WeakSet<object>();
  private flushing: Promise<FlushStats> | null = null;
  /** Signals of the flush in progress: accepted, not committed yet. */
  private flushingRows = 0;
  /** When the oldest signal of the flush in progress, and of those waiting for the next, was accepted (epoch ms). */
  private flushingSince: number | undefined;
  private waitingSince: number | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: Engine,
    readonly queueLimit: number,
  ) {
    // Spaces rebuilt at start-up report their edge changes from the very first signal on.
    for (const space of engine.listSpaces()) this.watch(space.name);
  }

  /** Accepted signals not in the database yet: waiting for a flush, or in the one in progress. */
  get backlog(): number {
    return this.signals.rows + this.flushingRows;
  }

  /** How long the oldest of them has waited, in milliseconds (0 when none does): what a crash would lose. */
  lagMs(now = Date.now()): number {
    const since = this.flushingSince ?? this.waitingSince;
    return since === undefined ? 0 : now - since;
  }

  hasRoomFor(count: number): boolean {
    return this.backlog + count <= this.queueLimit;
  }

  recordSignal(event: SignalEvent): void {
    const { result, ...signal } = event;
    const resultJson = JSON.stringify(result);
    const signalJson = JSON.stringify(signal);
    keepJson(result, resultJson);
    keepJson(event, signalJson);
    if (this.signals.rows === 0) this.waitingSince = Date.now();
    const row = this.signals.row(8).text(event.id).text(event.space).text(event.type);
    if (result.processed) row.int4(result.tokenId);
    else row.null();
    row.bool(result.isNovel).timestamptz(epochMsOf(event.timestamp)).text(signalJson).text(resultJson);
    if (result.processed) this.changesOf(event.space).tokens.add(result.tokenId);
  }

  /**
   * A result as it was stored, while it is still referenced: a response that carries it reuses the
   * JSON instead of serializing it again (for a batch, that was about 6 % of the api's CPU).
   */
  storedJson(result: object): string | undefined {
    return keptJson(result);
  }

  /**
   * The whole event, the signal with its result, as JSON made of the two texts stored, while the
   * event is referenced: what the bus sends, without a third serialization. The engine sets
   * `result` after every other key, so this is `JSON.stringify(event)`.
   */
  storedEventJson(event: SignalEvent): string | undefined {
    const signal = keptJson(event);
    const result = keptJson(event.result);
    if (signal === undefined || result === undefined) return undefined;
    return signal === '{}' ? `{"result":${result}}` : `${signal.slice(0, -1)},"result":${result}}`;
  }

  /** Tokens changed or removed (by learning, eviction or the API); their edges report themselves. */
  markTokens(space: string, ids: Iterable<number>): void {
    const marked = this.changesOf(space).tokens;
    for (const id of ids) marked.add(id);
  }

  /** A space whose row (parameters, tick) must be written even if no token changed. */
  markSpace(space: string): void {
    this.changesOf(space);
  }

  forgetSpace(space: string): void {
    this.changes.delete(space);
  }

  /** Writes everything pending; concurrent callers share the flush in progress, then flush again if needed. */
  async flush(): Promise<FlushStats> {
    while (this.flushing) await this.flushing;
    if (this.signals.rows === 0 && this.changes.size === 0) return { signals: 0, tokens: 0, edgeLists: 0, spaces: 0, durationMs: 0 };
    this.flushing = this.writeOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async writeOnce(): Promise<FlushStats> {
    const started = performance.now();
    const signals = this.signals;
    const changes = this.changes;
    this.signals = this.spare;
    this.changes = new Map();
    this.flushingRows = signals.rows;
    this.flushingSince = this.waitingSince;
    this.waitingSince = undefined;
    try {
      const stats = { signals: signals.rows, tokens: 0, edgeLists: 0, spaces: changes.size, durationMs: 0 };
      await this.dataSource.transaction(async (tx) => {
        this.tokenRows.reset();
        this.edgeRows.reset();
        for (const [name, changed] of changes) await this.writeSpace(tx, name, changed);
        stats.tokens = this.tokenRows.rows;
        stats.edgeLists = this.edgeRows.rows;
        if (this.tokenRows.rows > 0) await this.upsertTokens(tx);
        if (this.edgeRows.rows > 0) await this.upsertOutLists(tx);
        if (signals.rows > 0) await this.appendSignals(tx, signals.finish());
      });
      signals.reset();
      this.spare = signals;
      stats.durationMs = performance.now() - started;
      return stats;
    } catch (error) {
      // Nothing was written: put it all back in front of what arrived meanwhile and retry next time.
      if (this.flushingSince !== undefined) this.waitingSince = this.flushingSince;
      this.staged = new WeakSet();
      this.spare = this.signals;
      this.signals = signals.append(this.spare);
      this.spare.reset();
      for (const [name, changed] of changes) {
        const current = this.changesOf(name);
        for (const id of changed.tokens) current.tokens.add(id);
        for (const id of changed.edgeSources) current.edgeSources.add(id);
      }
      throw error;
    } finally {
      this.flushingRows = 0;
      this.flushingSince = undefined;
    }
  }

  /** Writes the space's row and deletions now; encodes its changed tokens and out-lists for the shared upserts. */
  private async writeSpace(tx: EntityManager, name: string, changed: SpaceChanges): Promise<void> {
    if (!this.engine.hasSpace(name)) return deleteSpaceRows(tx, name);
    const space = this.engine.space(name);
    await upsertSpaceRow(tx, space);
    const goneTokens: number[] = [];
    for (const id of changed.tokens) {
      if (space.hasToken(id)) this.encodeToken(space, id);
      else goneTokens.push(id);
    }
    const noOutEdges: number[] = [];
    for (const id of changed.edgeSources) {
      if (!space.hasToken(id) || !this.outList.read(space.graph, id)) noOutEdges.push(id);
      else this.outList.encode(this.edgeRows, name, id);
    }
    if (goneTokens.length > 0) await tx.query('delete from tokens where space = $1 and id = any($2::int[])', [name, goneTokens]);
    if (noOutEdges.length > 0) await tx.query('delete from edges where space = $1 and from_id = any($2::int[])', [name, noOutEdges]);
  }

  private encodeToken(space: Space, id: number): void {
    const a = space.attributesOf(id, this.vector);
    if (!a) return;
    const row = this.tokenRows.row(TOKEN_COLUMNS.length).text(space.name).int4(id).float4Array(this.vector).text(a.kind);
    row.float4(a.weight).float4(a.fieldRadius).float4(a.fieldStrength).float8(a.activation).int8(a.activationCount).bool(a.persistent);
    row.timestamptz(a.createdAtMs).timestamptz(a.lastActivatedAtMs).float4(a.localScale);
    if (a.label === undefined) row.null();
    else row.text(a.label);
    if (a.metadata === undefined) row.null();
    else row.text(JSON.stringify(a.metadata));
  }

  private async upsertTokens(tx: EntityManager): Promise<void> {
    await this.stage(tx);
    const columns = TOKEN_COLUMNS.join(', ');
    await copyIn(tx, `tokens_incoming (${columns})`, this.tokenRows.finish());
    await tx.query(`insert into tokens (${columns}) select ${columns} from tokens_incoming
      on conflict (space, id) do update set ${TOKEN_COLUMNS.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}`);
  }

  private async upsertOutLists(tx: EntityManager): Promise<void> {
    await this.stage(tx);
    await copyIn(tx, 'edges_incoming (space, from_id, to_ids, types, weights, confidences, counts, last_activated_at)', this.edgeRows.finish());
    await tx.query(`insert into edges (space, from_id, to_ids, types, weights, confidences, counts, last_activated_at)
      select space, from_id, to_ids, types, weights, confidences, counts, last_activated_at from edges_incoming
      on conflict (space, from_id) do update set to_ids = excluded.to_ids, types = excluded.types, weights = excluded.weights,
        confidences = excluded.confidences, counts = excluded.counts, last_activated_at = excluded.last_activated_at`);
  }

  /**
   * Signals are appended by COPY; a retried signal that the engine no longer remembers (it was
   * accepted before a restart) would break the primary key, and then the batch goes through a
   * staging table that keeps the first row of each id.
   */
  private async appendSignals(tx: EntityManager, rows: readonly Buffer[]): Promise<void> {
    await tx.query('savepoint signal_log');
    try {
      await copyIn(tx, `signals ${SIGNAL_COLUMNS}`, rows);
      await tx.query('release savepoint signal_log');
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      await tx.query('rollback to savepoint signal_log');
      await this.stage(tx);
      await copyIn(tx, `signals_incoming ${SIGNAL_COLUMNS}`, rows);
      await tx.query(`insert into signals ${SIGNAL_COLUMNS} select * from signals_incoming on conflict (id) do nothing`);
    }
  }

  /** Staging tables for the upserts, made once per connection and emptied by every commit. */
  private async stage(tx: EntityManager): Promise<void> {
    const connection = (await tx.queryRunner?.connect()) as object;
    if (this.staged.has(connection)) return;
    await tx.query(`create temporary table if not exists tokens_incoming (like tokens) on commit delete rows;
      create temporary table if not exists edges_incoming (space text, from_id int, to_ids int[], types text[], weights real[], confidences real[], counts int[], last_activated_at timestamptz[]) on commit delete rows;
      create temporary table if not exists signals_incoming (like signals) on commit delete rows`);
    this.staged.add(connection);
  }

  private changesOf(name: string): SpaceChanges {
    let changed = this.changes.get(name);
    if (!changed) this.changes.set(name, (changed = { tokens: new Set(), edgeSources: new Set() }));
    this.watch(name);
    return changed;
  }

  /** Lets a space's graph report its own edge changes from now on. */
  private watch(name: string): void {
    if (!this.engine.hasSpace(name)) return;
    const graph = this.engine.space(name).graph;
    if (this.watched.has(graph)) return;
    this.watched.add(graph);
    // Called for every edge a signal creates or strengthens (the callback was about 1 % of a batch's
    // main thread): the graph is watched already, so only the set of its space is looked up.
    graph.onEdgeChange = (from) => (this.changes.get(name) ?? this.changesOf(name)).edgeSources.add(from);
  }
}

const UNIQUE_VIOLATION = '23505';

/**
 * The JSON the write-behind made of an object, kept on the object itself under a key of this
 * module's, not enumerable (so neither a spread nor JSON.stringify carries it): kept in WeakMaps,
 * two entries per signal made every minor collection about 17 % longer at 1,000 signals/s.
 */
const STORED_JSON = Symbol('stored JSON');

function keepJson(target: object, json: string): void {
  Object.defineProperty(target, STORED_JSON, { value: json, writable: true });
}

function keptJson(target: object): string | undefined {
  return (target as { [STORED_JSON]?: string })[STORED_JSON];
}

/** One token's out-edges, read from the graph into reusable columns. */
class OutList {
  private count = 0;
  private to = new Int32Array(64);
  private types: EdgeType[] = [];
  private weights = new Float32Array(64);
  private confidences = new Float32Array(64);
  private counts = new Int32Array(64);
  private last = new Float64Array(64);
  private readonly visit = (to: number, type: EdgeType, weight: number, confidence: number, count: number, lastMs: number) => {
    if (this.count === this.to.length) this.grow();
    const i = this.count++;
    this.to[i] = to;
    this.types[i] = type;
    this.weights[i] = weight;
    this.confidences[i] = confidence;
    this.counts[i] = count;
    this.last[i] = lastMs;
  };

  /** Reads `id`'s out-edges; false when it has none. */
  read(graph: Graph, id: number): boolean {
    this.count = 0;
    graph.forEachOutEdge(id, this.visit);
    return this.count > 0;
  }

  encode(rows: BinaryCopyWriter, space: string, from: number): void {
    const n = this.count;
    rows.row(8).text(space).int4(from).int4Array(this.to, n).textArray(this.types, n).float4Array(this.weights, n).float4Array(this.confidences, n).int4Array(this.counts, n).timestamptzArray(this.last, n);
  }

  private grow(): void {
    const size = this.to.length * 2;
    const grown = <T extends Int32Array | Float32Array | Float64Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(size);
      b.set(a);
      return b;
    };
    this.to = grown(this.to, Int32Array);
    this.weights = grown(this.weights, Float32Array);
    this.confidences = grown(this.confidences, Float32Array);
    this.counts = grown(this.counts, Int32Array);
    this.last = grown(this.last, Float64Array);
  }
}

async function upsertSpaceRow(tx: EntityManager, space: Space): Promise<void> {
  const snapshot = { ...space.parameters, dimensionScales: [...space.parameters.dimensionScales] };
  await tx.query(
    `insert into spaces (name, parameters, tick, next_token_id, sequences, created_at, updated_at) values ($1, $2, $3, $4, $5, now(), now())
     on conflict (name) do update set parameters = excluded.parameters, tick = excluded.tick, next_token_id = excluded.next_token_id, sequences = excluded.sequences, updated_at = now()`,
    [space.name, JSON.stringify(snapshot), space.tick, space.nextTokenId, JSON.stringify(space.sequenceEntries())],
  );
}

async function deleteSpaceRows(tx: EntityManager, name: string): Promise<void> {
  await tx.query('delete from edges where space = $1', [name]);
  await tx.query('delete from tokens where space = $1', [name]);
  await tx.query('delete from spaces where name = $1', [name]);
}

interface TokenRow {
  id: number;
  vector: number[];
  kind: string;
  weight: number;
  field_radius: number;
  field_strength: number;
  activation: number;
  /** node-postgres reads a `bigint` as a string. */
  activation_count: string;
  persistent: boolean;
  created_at: Date;
  last_activated_at: Date;
  local_scale: number;
  label: string | null;
  metadata: Record<string, unknown> | null;
}

/** A stored token as a space snapshot holds it. */
function tokenRecord(space: string, t: TokenRow) {
  return {
    id: t.id,
    space,
    vector: t.vector.map(Number),
    kind: t.kind,
    weight: t.weight,
    fieldRadius: t.field_radius,
    fieldStrength: t.field_strength,
    activation: t.activation,
    activationCount: Number(t.activation_count),
    persistent: t.persistent,
    createdAt: new Date(t.created_at).toISOString(),
    lastActivatedAt: new Date(t.last_activated_at).toISOString(),
    localScale: t.local_scale,
    ...(t.label !== null && { label: t.label }),
    ...(t.metadata !== null && { metadata: t.metadata }),
  };
}

interface OutListRow {
  from_id: number;
  to_ids: number[];
  types: EdgeType[];
  weights: number[];
  confidences: number[];
  counts: number[];
  last_activated_at: Date[];
}

/** Rebuilds every stored space into the engine (spec: on start the index is rebuilt from the tables). */
export async function restoreSpaces(dataSource: DataSource, engine: Engine): Promise<number> {
  const spaces: { name: string; parameters: Record<string, unknown>; tick: string; next_token_id: number; sequences: [string, number][] }[] = await dataSource.query('select name, parameters, tick, next_token_id, sequences from spaces order by name');
  for (const row of spaces) {
    const tokens: TokenRow[] = await dataSource.query(`select ${TOKEN_COLUMNS.slice(1).join(', ')} from tokens where space = $1 order by id`, [row.name]);
    const outLists: OutListRow[] = await dataSource.query('select from_id, to_ids, types, weights, confidences, counts, last_activated_at from edges where space = $1', [row.name]);
    const snapshot = {
      format: 'neurograph.space/1',
      space: row.name,
      tick: Number(row.tick),
      nextTokenId: row.next_token_id,
      parameters: row.parameters,
      tokens: tokens.map((t) => tokenRecord(row.name, t)),
      edges: outLists.flatMap((list) =>
        list.to_ids.map((to, i) => ({ from: list.from_id, to, type: list.types[i], weight: list.weights[i], confidence: list.confidences[i], count: list.counts[i], lastActivatedAt: new Date(list.last_activated_at[i]).toISOString() })),
      ),
      sequences: row.sequences,
    };
    engine.adoptSpace(restoreSpace(snapshot));
  }
  return spaces.length;
}
