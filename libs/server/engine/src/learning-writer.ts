import { type EdgeType, type Engine, type Graph, restoreSpace, type SignalEvent, type Space } from '@neurograph/core';
import type { DataSource, EntityManager } from 'typeorm';

/** One accepted signal waiting to be appended to the `signals` log (column names as in the table). */
interface PendingSignal {
  id: string;
  space: string;
  type: string;
  token_id: number | null;
  is_novel: boolean;
  created_at: string;
  signal: Omit<SignalEvent, 'result'>;
  result: SignalEvent['result'];
}

// Rows travel as one JSON document per statement, expanded by json_to_recordset: one parameter
// instead of one escaped array literal per column, which cost more than the database's own work.

export interface FlushStats {
  signals: number;
  tokens: number;
  edges: number;
  spaces: number;
  durationMs: number;
}

/** What changed in one space since the last flush. */
interface SpaceChanges {
  tokens: Set<number>;
  /** `from:to:type` of every edge created, strengthened or removed. */
  edges: Set<string>;
}

/**
 * Write-behind of what the engine learns: accepted signals are queued (bounded), and the tokens
 * and edges they changed are marked; a flush writes all of it in one transaction. An accepted
 * signal is in the database after the next flush; a clean shutdown flushes everything, a crash
 * loses at most one interval.
 */
export class LearningWriter {
  private signals: PendingSignal[] = [];
  private changes = new Map<string, SpaceChanges>();
  private readonly watched = new WeakSet<Graph>();
  private flushing: Promise<FlushStats> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: Engine,
    readonly queueLimit: number,
  ) {
    // Spaces rebuilt at start-up report their edge changes from the very first signal on.
    for (const space of engine.listSpaces()) this.watch(space.name);
  }

  /** How many accepted signals wait for a flush. */
  get backlog(): number {
    return this.signals.length;
  }

  hasRoomFor(count: number): boolean {
    return this.signals.length + count <= this.queueLimit;
  }

  recordSignal(event: SignalEvent): void {
    const { result, ...signal } = event;
    this.signals.push({
      id: event.id,
      space: event.space,
      type: event.type,
      token_id: result.processed ? result.tokenId : null,
      is_novel: result.isNovel,
      created_at: event.timestamp,
      signal,
      result,
    });
    if (result.processed) this.markTokens(event.space, [result.tokenId]);
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
    if (this.signals.length === 0 && this.changes.size === 0) return { signals: 0, tokens: 0, edges: 0, spaces: 0, durationMs: 0 };
    this.flushing = this.writeOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async writeOnce(): Promise<FlushStats> {
    const started = performance.now();
    const signals = this.signals;
    const changes = this.changes;
    this.signals = [];
    this.changes = new Map();
    try {
      const stats = { signals: signals.length, tokens: 0, edges: 0, spaces: changes.size, durationMs: 0 };
      await this.dataSource.transaction(async (tx) => {
        for (const [name, changed] of changes) {
          stats.tokens += changed.tokens.size;
          stats.edges += changed.edges.size;
          await this.writeSpace(tx, name, changed);
        }
        await insertSignals(tx, signals);
      });
      stats.durationMs = performance.now() - started;
      return stats;
    } catch (error) {
      // Nothing was written: put it all back in front of what arrived meanwhile and retry next time.
      this.signals = signals.concat(this.signals);
      for (const [name, changed] of changes) {
        const current = this.changesOf(name);
        for (const id of changed.tokens) current.tokens.add(id);
        for (const key of changed.edges) current.edges.add(key);
      }
      throw error;
    }
  }

  private async writeSpace(tx: EntityManager, name: string, changed: SpaceChanges): Promise<void> {
    if (!this.engine.hasSpace(name)) return deleteSpaceRows(tx, name);
    const space = this.engine.space(name);
    await upsertSpaceRow(tx, space);
    const present: number[] = [];
    const gone: number[] = [];
    for (const id of changed.tokens) (space.hasToken(id) ? present : gone).push(id);
    if (gone.length > 0) await tx.query('delete from tokens where space = $1 and id = any($2::int[])', [name, gone]);
    if (present.length > 0) await upsertTokens(tx, space, present);
    if (changed.edges.size > 0) await writeEdges(tx, space, changed.edges);
  }

  private changesOf(name: string): SpaceChanges {
    let changed = this.changes.get(name);
    if (!changed) this.changes.set(name, (changed = { tokens: new Set(), edges: new Set() }));
    this.watch(name);
    return changed;
  }

  /** Lets a space's graph report its own edge changes from now on. */
  private watch(name: string): void {
    if (!this.engine.hasSpace(name)) return;
    const graph = this.engine.space(name).graph;
    if (this.watched.has(graph)) return;
    this.watched.add(graph);
    graph.onEdgeChange = (from, to, type) => this.changesOf(name).edges.add(`${from}:${to}:${type}`);
  }
}

async function insertSignals(tx: EntityManager, rows: PendingSignal[]): Promise<void> {
  // Chunks keep each statement's document a reasonable size.
  for (let i = 0; i < rows.length; i += 5000) {
    await tx.query(
      `insert into signals (id, space, type, token_id, is_novel, created_at, signal, result)
       select * from json_to_recordset($1::json)
         as r(id text, space text, type text, token_id int, is_novel bool, created_at timestamptz, signal json, result json)
       on conflict (id) do nothing`,
      [JSON.stringify(rows.slice(i, i + 5000))],
    );
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

async function upsertTokens(tx: EntityManager, space: Space, ids: number[]): Promise<void> {
  const rows: { id: number; vector: number[]; record: object }[] = [];
  for (const id of ids) {
    const token = space.token(id);
    if (!token) continue;
    const { id: _id, space: _space, vector, ...record } = token;
    rows.push({ id, vector, record: { ...record, localScale: space.localScaleOf(id) } });
  }
  await tx.query(
    `insert into tokens (space, id, vector, record)
     select $1, t.id, t.vector, t.record from json_to_recordset($2::json) as t(id int, vector real[], record jsonb)
     on conflict (space, id) do update set vector = excluded.vector, record = excluded.record`,
    [space.name, JSON.stringify(rows)],
  );
}

/** Upserts the changed edges that still exist and deletes the ones that no longer do. */
async function writeEdges(tx: EntityManager, space: Space, keys: Set<string>): Promise<void> {
  const live: { from_id: number; to_id: number; type: string; weight: number; confidence: number; count: number; last_activated_at: string }[] = [];
  const gone: { from_id: number; to_id: number; type: string }[] = [];
  for (const key of keys) {
    const [from, to, type] = key.split(':') as [string, string, EdgeType];
    const edge = space.graph.edge(Number(from), Number(to), type);
    if (edge) live.push({ from_id: edge.from, to_id: edge.to, type, weight: edge.weight, confidence: edge.confidence, count: edge.count, last_activated_at: edge.lastActivatedAt });
    else gone.push({ from_id: Number(from), to_id: Number(to), type });
  }
  if (gone.length > 0) {
    await tx.query(
      `delete from edges e using json_to_recordset($2::json) as d(from_id int, to_id int, type text)
       where e.space = $1 and e.from_id = d.from_id and e.to_id = d.to_id and e.type = d.type`,
      [space.name, JSON.stringify(gone)],
    );
  }
  if (live.length > 0) {
    await tx.query(
      `insert into edges (space, from_id, to_id, type, weight, confidence, count, last_activated_at)
       select $1, e.* from json_to_recordset($2::json)
         as e(from_id int, to_id int, type text, weight real, confidence real, count int, last_activated_at timestamptz)
       on conflict (space, from_id, to_id, type) do update
       set weight = excluded.weight, confidence = excluded.confidence, count = excluded.count, last_activated_at = excluded.last_activated_at`,
      [space.name, JSON.stringify(live)],
    );
  }
}

async function deleteSpaceRows(tx: EntityManager, name: string): Promise<void> {
  await tx.query('delete from edges where space = $1', [name]);
  await tx.query('delete from tokens where space = $1', [name]);
  await tx.query('delete from spaces where name = $1', [name]);
}

/** Rebuilds every stored space into the engine (spec: on start the index is rebuilt from the tables). */
export async function restoreSpaces(dataSource: DataSource, engine: Engine): Promise<number> {
  const spaces: { name: string; parameters: Record<string, unknown>; tick: string; next_token_id: number; sequences: [string, number][] }[] = await dataSource.query('select name, parameters, tick, next_token_id, sequences from spaces order by name');
  for (const row of spaces) {
    const tokens: { id: number; vector: number[]; record: Record<string, unknown> }[] = await dataSource.query('select id, vector, record from tokens where space = $1 order by id', [row.name]);
    const edges: { from_id: number; to_id: number; type: string; weight: number; confidence: number; count: number; last_activated_at: Date }[] = await dataSource.query(
      'select from_id, to_id, type, weight, confidence, count, last_activated_at from edges where space = $1',
      [row.name],
    );
    const snapshot = {
      format: 'neurograph.space/1',
      space: row.name,
      tick: Number(row.tick),
      nextTokenId: row.next_token_id,
      parameters: row.parameters,
      tokens: tokens.map((t) => ({ ...t.record, id: t.id, space: row.name, vector: t.vector.map(Number) })),
      edges: edges.map((e) => ({ from: e.from_id, to: e.to_id, type: e.type, weight: e.weight, confidence: e.confidence, count: e.count, lastActivatedAt: new Date(e.last_activated_at).toISOString() })),
      sequences: row.sequences,
    };
    engine.adoptSpace(restoreSpace(snapshot));
  }
  return spaces.length;
}
