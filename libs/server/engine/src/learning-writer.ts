import { type Engine, restoreSpace, type SignalEvent, type Space } from '@neurograph/core';
import type { DataSource, EntityManager } from 'typeorm';

/** One accepted signal waiting to be appended to the `signals` log. */
interface PendingSignal {
  id: string;
  space: string;
  type: string;
  tokenId: number | null;
  isNovel: boolean;
  createdAt: string;
  signal: string;
  result: string;
}

export interface FlushStats {
  signals: number;
  tokens: number;
  spaces: number;
  durationMs: number;
}

/**
 * Write-behind of what the engine learns: accepted signals are queued (bounded), touched tokens
 * are marked, and a flush writes both in one transaction. An accepted signal is in the database
 * after the next flush; a clean shutdown flushes everything, a crash loses at most one interval.
 */
export class LearningWriter {
  private signals: PendingSignal[] = [];
  private dirty = new Map<string, Set<number>>();
  private flushing: Promise<FlushStats> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: Engine,
    readonly queueLimit: number,
  ) {}

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
      tokenId: result.processed ? result.tokenId : null,
      isNovel: result.isNovel,
      createdAt: event.timestamp,
      signal: JSON.stringify(signal),
      result: JSON.stringify(result),
    });
    if (!result.processed) return;
    const marked = this.tokensOf(event.space);
    marked.add(result.tokenId);
    // Learning strengthened the edges between the token and its neighbours, on both ends.
    for (const neighbor of result.neighbors) marked.add(neighbor.tokenId);
  }

  /** Tokens changed outside the signal path (created, patched, linked or removed through the API). */
  markTokens(space: string, ids: Iterable<number>): void {
    const marked = this.tokensOf(space);
    for (const id of ids) marked.add(id);
  }

  /** A space whose row (parameters, tick) must be written even if no token changed. */
  markSpace(space: string): void {
    this.tokensOf(space);
  }

  forgetSpace(space: string): void {
    this.dirty.delete(space);
  }

  /** Writes everything pending; concurrent callers share the flush in progress, then flush again if needed. */
  async flush(): Promise<FlushStats> {
    while (this.flushing) await this.flushing;
    if (this.signals.length === 0 && this.dirty.size === 0) return { signals: 0, tokens: 0, spaces: 0, durationMs: 0 };
    this.flushing = this.writeOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async writeOnce(): Promise<FlushStats> {
    const started = performance.now();
    const signals = this.signals;
    const dirty = this.dirty;
    this.signals = [];
    this.dirty = new Map();
    try {
      let tokens = 0;
      await this.dataSource.transaction(async (tx) => {
        for (const [name, ids] of dirty) tokens += await this.writeSpace(tx, name, ids);
        await insertSignals(tx, signals);
      });
      return { signals: signals.length, tokens, spaces: dirty.size, durationMs: performance.now() - started };
    } catch (error) {
      // Nothing was written: put it all back in front of what arrived meanwhile and retry next time.
      this.signals = signals.concat(this.signals);
      for (const [name, ids] of dirty) this.markTokens(name, ids);
      throw error;
    }
  }

  private async writeSpace(tx: EntityManager, name: string, ids: Set<number>): Promise<number> {
    if (!this.engine.hasSpace(name)) {
      await deleteSpaceRows(tx, name);
      return 0;
    }
    const space = this.engine.space(name);
    await upsertSpaceRow(tx, space);
    if (ids.size === 0) return 0;
    const present: number[] = [];
    const gone: number[] = [];
    for (const id of ids) (space.hasToken(id) ? present : gone).push(id);
    if (gone.length > 0) await tx.query('delete from tokens where space = $1 and id = any($2::int[])', [name, gone]);
    if (present.length > 0) await upsertTokens(tx, space, present);
    await rewriteEdges(tx, space, [...ids]);
    return ids.size;
  }

  private tokensOf(space: string): Set<number> {
    let set = this.dirty.get(space);
    if (!set) this.dirty.set(space, (set = new Set()));
    return set;
  }
}

async function insertSignals(tx: EntityManager, rows: PendingSignal[]): Promise<void> {
  // Chunks keep each statement's parameters a reasonable size.
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await tx.query(
      `insert into signals (id, space, type, token_id, is_novel, created_at, signal, result)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bool[], $6::timestamptz[], $7::jsonb[], $8::jsonb[])
       on conflict (id) do nothing`,
      [chunk.map((r) => r.id), chunk.map((r) => r.space), chunk.map((r) => r.type), chunk.map((r) => r.tokenId), chunk.map((r) => r.isNovel), chunk.map((r) => r.createdAt), chunk.map((r) => r.signal), chunk.map((r) => r.result)],
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
  const kept: number[] = [];
  const vectors: string[] = [];
  const records: string[] = [];
  for (const id of ids) {
    const token = space.token(id);
    if (!token) continue;
    const { id: _id, space: _space, vector, ...record } = token;
    kept.push(id);
    vectors.push(`{${vector.join(',')}}`);
    records.push(JSON.stringify({ ...record, localScale: space.localScaleOf(id) }));
  }
  await tx.query(
    `insert into tokens (space, id, vector, record)
     select $1, t.id, t.vector::real[], t.record from unnest($2::int[], $3::text[], $4::jsonb[]) as t(id, vector, record)
     on conflict (space, id) do update set vector = excluded.vector, record = excluded.record`,
    [space.name, kept, vectors, records],
  );
}

/** Replaces every stored edge that starts or ends at one of `ids` with the graph's current ones. */
async function rewriteEdges(tx: EntityManager, space: Space, ids: number[]): Promise<void> {
  await tx.query('delete from edges where space = $1 and (from_id = any($2::int[]) or to_id = any($2::int[]))', [space.name, ids]);
  const seen = new Set<string>();
  const from: number[] = [];
  const to: number[] = [];
  const type: string[] = [];
  const weight: number[] = [];
  const confidence: number[] = [];
  const count: number[] = [];
  const last: string[] = [];
  for (const id of ids) {
    if (!space.hasToken(id)) continue;
    for (const edge of [...space.graph.outEdges(id), ...space.graph.inEdges(id)]) {
      const key = `${edge.from}:${edge.to}:${edge.type}`;
      if (seen.has(key)) continue;
      seen.add(key);
      from.push(edge.from);
      to.push(edge.to);
      type.push(edge.type);
      weight.push(edge.weight);
      confidence.push(edge.confidence);
      count.push(edge.count);
      last.push(edge.lastActivatedAt);
    }
  }
  if (from.length === 0) return;
  await tx.query(
    `insert into edges (space, from_id, to_id, type, weight, confidence, count, last_activated_at)
     select $1, * from unnest($2::int[], $3::int[], $4::text[], $5::real[], $6::real[], $7::int[], $8::timestamptz[])`,
    [space.name, from, to, type, weight, confidence, count, last],
  );
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
