import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type BatchEmitResult, type EmitResult, NeuroGraphError } from '@neurograph/core';
import { batchResponse } from '@neurograph/contracts';
import { ApiError, type Page, pageOf, toApiError } from '@neurograph/server-http';
import { inSpan, MetricsService } from '@neurograph/server-observability';
import type { Counter } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EngineHost } from './engine-host.js';
import { batchItems, engineInput, inApiNames } from './signal-request.js';

export interface SignalQuery {
  space?: string;
  type?: string;
  since?: Date;
  until?: Date;
  novel?: boolean;
  limit: number;
  /** Opaque: the `createdAt|id` of the last signal of the previous page. */
  cursor?: string;
}

export interface StoredSignal {
  id: string;
  space: string;
  type: string;
  tokenId: number | null;
  isNovel: boolean;
  createdAt: string;
  signal: Record<string, unknown>;
  result: EmitResult;
}

/** Ingest (one, batch, text) and the signal log. */
@Injectable()
export class SignalsService {
  private readonly received: Counter;
  private readonly rejected: Counter<'code'>;

  constructor(
    private readonly host: EngineHost,
    @InjectDataSource() private readonly dataSource: DataSource,
    metrics: MetricsService,
  ) {
    this.received = metrics.counter('neurograph_signals_received_total', 'Signals received for processing (accepted or not)');
    this.rejected = metrics.counter('neurograph_signals_rejected_total', 'Signals refused, by problem code', ['code']);
  }

  /** One signal as the API takes it (`SignalRequest`: a body, or a socket `signal`). */
  emit(request: unknown, principal: string): EmitResult {
    this.received.inc();
    try {
      return inSpan('engine.emit', {}, () => this.process(engineInput(request), principal));
    } catch (error) {
      this.rejected.inc({ code: toApiError(error)?.code ?? 'INTERNAL_ERROR' });
      throw error;
    }
  }

  /** `emit`, answered as JSON: the text the write-behind stored, so the result is serialized once. */
  emitJson(request: unknown, principal: string): string {
    return this.json(this.emit(request, principal));
  }

  /** The engine's refusals name its `sensorId`, which the API calls `sensor`. */
  private process(input: Record<string, unknown>, principal: string): EmitResult {
    try {
      return this.host.emit(input, principal);
    } catch (error) {
      throw inApiNames(error);
    }
  }

  /**
   * Results in input order, as the response's JSON (`BatchResponse`); an invalid item gets its own
   * problem and the others are still processed.
   */
  async emitBatch(body: unknown, principal: string): Promise<string> {
    const items = batchItems(body);
    this.received.inc(items.length);
    const errors: BatchEmitResult['errors'] = [];
    const inputs: Record<string, unknown>[] = [];
    const positions: number[] = [];
    items.forEach((item, index) => {
      try {
        inputs.push(engineInput(item, ''));
        positions.push(index);
      } catch (error) {
        if (!(error instanceof NeuroGraphError)) throw error;
        errors.push({ index, error });
      }
    });
    const outcome = await inSpan('engine.emit_batch', { attributes: () => ({ 'neurograph.signals': items.length }) }, () => this.host.emitBatch(inputs, principal));
    const results: BatchEmitResult['results'] = new Array(items.length).fill(null);
    outcome.results.forEach((result, i) => (results[positions[i]] = result));
    for (const { index, error } of outcome.errors) errors.push({ index: positions[index], error: inApiNames(error) as NeuroGraphError });
    for (const { error } of errors) this.rejected.inc({ code: error.code });
    const response = batchResponse({ results, errors });
    return `{"results":[${response.results.map((item) => this.json(item)).join(',')}],"accepted":${response.accepted},"rejected":${response.rejected}}`;
  }

  /**
   * A result as the write-behind stored it, while it is still referenced (a response that carries it
   * reuses that JSON: serializing a batch's results again was about 6 % of the api's CPU), else
   * serialized now (a refused item's problem, a result not stored).
   */
  private json(item: object): string {
    return this.host.learning.storedJson(item) ?? JSON.stringify(item);
  }

  async list(query: SignalQuery): Promise<Page<StoredSignal>> {
    // The log is written behind; flushing first makes a read see every signal accepted before it.
    await this.host.learning.flush();
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (query.space) add('space = ?', query.space);
    if (query.type) add('type = ?', query.type);
    if (query.since) add('created_at >= ?', query.since);
    if (query.until) add('created_at < ?', query.until);
    if (query.novel !== undefined) add('is_novel = ?', query.novel);
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      params.push(at, id);
      where.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(query.limit + 1);
    const rows: SignalRow[] = await this.dataSource.query(
      `select id, space, type, token_id, is_novel, created_at, signal, result from signals ${where.length ? `where ${where.join(' and ')}` : ''} order by created_at desc, id desc limit $${params.length}`,
      params,
    );
    return pageOf(rows, query.limit, toStored, (last) => encodeCursor(last.createdAt, last.id));
  }

  async get(id: string): Promise<StoredSignal | null> {
    await this.host.learning.flush();
    const rows: SignalRow[] = await this.dataSource.query('select id, space, type, token_id, is_novel, created_at, signal, result from signals where id = $1', [id]);
    return rows[0] ? toStored(rows[0]) : null;
  }
}

interface SignalRow {
  id: string;
  space: string;
  type: string;
  token_id: number | null;
  is_novel: boolean;
  created_at: Date;
  signal: Record<string, unknown>;
  result: EmitResult;
}

function toStored(row: SignalRow): StoredSignal {
  return { id: row.id, space: row.space, type: row.type, tokenId: row.token_id, isNovel: row.is_novel, createdAt: new Date(row.created_at).toISOString(), signal: row.signal, result: row.result };
}

export function encodeCursor(...parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string): string[] {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === 2 && parts.every((p) => typeof p === 'string') && !Number.isNaN(Date.parse(parts[0]))) return parts;
  } catch {
    // reported below, the same as any other malformed cursor
  }
  throw ApiError.validation('cursor', 'format', 'is not a cursor this server issued');
}
