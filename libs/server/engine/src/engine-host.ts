import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type BatchEmitResult, type EmitResult, Engine, TOKEN_EVICTED_EVENT } from '@neurograph/core';
import { EVENT_BUS, type EventBus } from '@neurograph/server-bus';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { ApiError } from '@neurograph/server-http';
import { MetricsService, Readiness } from '@neurograph/server-observability';
import type { DataSource } from 'typeorm';
import { BATCH_SLICE, emitInSlices } from './batch-slices.js';
import { bridgeEngineToBus, metricsSnapshot } from './engine-events.js';
import { EngineState } from './engine-state.js';
import { LearningWriter, restoreSpaces } from './learning-writer.js';

/**
 * Owns the process's engine: rebuilds it from the database at start-up, persists what it learns
 * (write-behind) and what operators change (at once), and flushes everything on shutdown.
 */
@Injectable()
export class EngineHost implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Engine');
  private current: Engine | undefined;
  private writer: LearningWriter | undefined;
  private timer: NodeJS.Timeout | undefined;
  private metricsTimer: NodeJS.Timeout | undefined;
  private stopBridge: (() => void) | undefined;
  /** Operator changes are written in the order they happened. */
  private persisting: Promise<void> = Promise.resolve();
  readonly state: EngineState;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly readiness: Readiness,
    private readonly metrics: MetricsService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {
    this.state = new EngineState(dataSource);
  }

  get engine(): Engine {
    if (!this.current) throw new ApiError(503, 'STARTING', 'The engine is still starting', [], 1000);
    return this.current;
  }

  get learning(): LearningWriter {
    if (!this.writer) throw new ApiError(503, 'STARTING', 'The engine is still starting', [], 1000);
    return this.writer;
  }

  async onApplicationBootstrap(): Promise<void> {
    const started = performance.now();
    const constitution = await this.state.loadConstitution();
    const engine = new Engine({ constitution });
    for (const problem of await this.state.restoreInto(engine)) this.logger.warn(`Stored state not applied: ${problem}`);
    const spaces = await restoreSpaces(this.dataSource, engine);
    if (!constitution) await this.state.saveCdnaHistory(engine.constitution.history({ limit: 1000 }).reverse());

    const writer = new LearningWriter(this.dataSource, engine, this.config.writeQueueLimit);
    engine.observeSignals((event) => writer.recordSignal(event));
    engine.subscribe({ pattern: TOKEN_EVICTED_EVENT }, (event) => {
      const { space, tokenIds } = event.payload as { space: string; tokenIds: number[] };
      writer.markTokens(space, tokenIds);
    });
    engine.constitution.onChange(() => this.persist(() => this.state.saveCdnaHistory(engine.constitution.history({ limit: 10 }).reverse())));
    engine.modules.on((event) => {
      if (event.type !== 'module.error') this.persist(() => this.state.saveModule(event.moduleId, event.enabled, event.config));
    });
    this.current = engine;
    this.writer = writer;
    registerEngineMetrics(this.metrics, engine, writer);
    registerPoolMetrics(this.metrics, this.dataSource);
    this.timer = setInterval(() => this.flushQuietly(), this.config.flushIntervalMs);
    this.timer.unref();
    this.readiness.register('database', async () => void (await this.dataSource.query('select 1')));
    this.readiness.register('engine', async () => {
      if (!writer.hasRoomFor(1)) throw new Error('the write queue is full');
    });
    // After the write-behind's observer (registered above), so that each signal's JSON is made once, there.
    this.stopBridge = bridgeEngineToBus(engine, this.bus, (error) => this.logger.warn(`An engine event was not published: ${String(error)}`), (event) => writer.storedEventJson(event));
    this.metricsTimer = setInterval(() => this.announce('metrics', 'system.metrics', metricsSnapshot(engine, writer)), this.config.metricsIntervalMs);
    this.metricsTimer.unref();
    this.announce('status', 'system.startup', { spaces });
    this.readiness.markStarted();
    this.logger.log(`Engine ready: ${spaces} space(s) rebuilt in ${Math.round(performance.now() - started)} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.metricsTimer);
    this.stopBridge?.();
    await this.flush();
  }

  /** Before the bus closes (it does so on application shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.bus.publish('status', 'system.shutdown', {}).catch(() => undefined);
  }

  private announce(channel: 'metrics' | 'status', type: string, data: unknown): void {
    this.bus.publish(channel, type, data).catch((error: unknown) => this.logger.warn(`${type} was not published: ${String(error)}`));
  }

  /** Emits one signal; refused with 503 while the write-behind queue is full, so nothing accepted is dropped. */
  emit(input: unknown, principal: string): EmitResult {
    this.assertRoom(1);
    return this.engine.emit(input, { principal });
  }

  /**
   * Emits in order, a few signals at a time with the event loop served in between (batch-slices.ts
   * says why). Room in the write queue is checked once for the whole batch: it is refused whole or
   * processed whole. Signals of batches posted at the same time interleave between slices.
   */
  async emitBatch(inputs: readonly unknown[], principal: string): Promise<BatchEmitResult> {
    this.assertRoom(inputs.length);
    const engine = this.engine;
    return emitInSlices(inputs, BATCH_SLICE, (slice) => engine.emitBatch(slice, { principal }));
  }

  /** Runs an operator change's write after the ones before it; awaited by flush and by the caller. */
  persist(write: () => Promise<void>): Promise<void> {
    const next = this.persisting.then(write);
    this.persisting = next.catch((error: unknown) => this.logger.error({ err: error }, 'could not persist an engine change'));
    return next;
  }

  /** Writes everything pending: learning, signals and operator changes. */
  async flush(): Promise<void> {
    await this.persisting;
    if (this.writer) await this.writer.flush();
  }

  private assertRoom(count: number): void {
    if (this.learning.hasRoomFor(count)) return;
    void this.flushQuietly();
    throw new ApiError(503, 'WRITE_QUEUE_FULL', 'Accepted signals are waiting to be stored; retry shortly', [], this.config.flushIntervalMs * 2);
  }

  private async flushQuietly(): Promise<void> {
    try {
      const stats = await this.writer?.flush();
      if (stats && stats.signals + stats.tokens > 0) this.logger.debug(stats, 'write-behind flush');
    } catch (error) {
      this.logger.error({ err: error }, 'write-behind flush failed; it will be retried');
    }
  }
}

/** Connections of the `pg` pool (PGlite has one connection and reports none). */
function registerPoolMetrics(metrics: MetricsService, dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
  metrics.gauge('neurograph_db_pool_connections', 'Database pool connections by state', ['state'], (gauge) => {
    if (!pool) return;
    gauge.set({ state: 'total' }, pool.totalCount);
    gauge.set({ state: 'idle' }, pool.idleCount ?? 0);
    gauge.set({ state: 'waiting' }, pool.waitingCount);
  });
}

function registerEngineMetrics(metrics: MetricsService, engine: Engine, writer: LearningWriter): void {
  const processed = metrics.counter('neurograph_signals_processed_total', 'Signals processed by the engine', ['space']);
  const latency = metrics.histogram('neurograph_engine_latency_seconds', 'Engine processing time per signal', [], [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01]);
  engine.observeSignals((event) => {
    processed.inc({ space: event.space });
    latency.observe(event.result.processingTimeUs / 1e6);
  });
  metrics.gauge('neurograph_space_tokens', 'Tokens per space', ['space'], (gauge) => {
    gauge.reset();
    for (const space of engine.listSpaces()) gauge.set({ space: space.name }, space.size);
  });
  metrics.gauge('neurograph_space_edges', 'Edges per space', ['space'], (gauge) => {
    gauge.reset();
    for (const space of engine.listSpaces()) gauge.set({ space: space.name }, space.graph.edgeCount);
  });
  const actions = metrics.counter('neurograph_actions_total', 'Action executions by type and outcome', ['type', 'status']);
  engine.subscribe({ pattern: 'action.*' }, (event) => {
    if (event.type === 'action.started') return;
    const record = event.payload as { type?: string; status?: string };
    actions.inc({ type: record.type ?? 'unknown', status: record.status ?? event.type.slice('action.'.length) });
  });
  // Counters (rate() and increase() apply to them), brought up to the modules' own running totals at each scrape.
  metrics.counter('neurograph_module_operations_total', 'Operations each engine module has counted', ['module'], (counter) => {
    counter.reset();
    for (const record of engine.modules.list()) counter.inc({ module: record.descriptor.id }, record.state.metrics.operations);
  });
  metrics.counter('neurograph_module_errors_total', 'Errors each engine module has counted', ['module'], (counter) => {
    counter.reset();
    for (const record of engine.modules.list()) counter.inc({ module: record.descriptor.id }, record.state.metrics.errors);
  });
  metrics.gauge('neurograph_write_queue_signals', 'Accepted signals not in the database yet (waiting for a write-behind flush, or in the one in progress)', [], (gauge) => gauge.set(writer.backlog));
  metrics.gauge('neurograph_write_lag_seconds', 'How long the oldest accepted signal not in the database yet has waited (0 when none): what a crash would lose', [], (gauge) => gauge.set(writer.lagMs() / 1000));
  metrics.gauge('neurograph_module_enabled', 'Whether each engine module is enabled', ['module'], (gauge) => {
    for (const record of engine.modules.list()) gauge.set({ module: record.descriptor.id }, record.state.enabled ? 1 : 0);
  });
}
