import { ModuleRegistry, type Plugin, PluginHost } from '@neurograph/modules';
import type { Executor } from '../actions/index.js';
import type { Encoder } from '../gateway/index.js';
import { ActionController, type ActionSettings } from '../actions/index.js';
import { bootstrapSpace, MEANING_ENCODER, type MeaningLexicon, meaningEncoder } from '../bootstrap/index.js';
import { Constitution, toLearningParameters } from '../cdna/index.js';
import { NeuroGraphError } from '../common/errors.js';
import type { EmitResult, Signal } from '../common/types.js';
import { EventTypeRegistry, type HubEvent, type SubscribeOptions, type Subscription, SubscriptionHub } from '../events/index.js';
import { Gateway } from '../gateway/index.js';
import { Guardian } from '../guardian/index.js';
import { Intuition } from '../intuition/index.js';
import { ENGINE_MODULES, type EngineModuleId } from '../modules/engine-modules.js';
import { BoundedMap } from '../space/bounded-map.js';
import { type LearningParameters, resolveLearningParameters } from '../space/learning-parameters.js';
import { Space } from '../space/space.js';

export interface EngineOptions {
  /** The constitution whose scales, thresholds, plasticity and quotas drive learning (default: balanced). */
  constitution?: Constitution;
  /** Overrides on top of the constitution until its next change (index and edge tuning, tests, benchmarks). */
  learning?: Partial<LearningParameters>;
  gateway?: Gateway;
  /** Clock in epoch milliseconds; injectable for deterministic tests. */
  now?: () => number;
  /** How many spaces may exist (each holds its own index). */
  maxSpaces?: number;
  /** How many client-supplied signal ids are remembered for idempotent retries. */
  idempotencyWindow?: number;
}

/** A signal as delivered to subscribers: the signal plus what the engine learned from it. */
export interface SignalEvent extends Signal {
  result: EmitResult;
}

/** Who is emitting: rate quotas apply per principal as well as per space. */
export interface EmitContext {
  principal?: string;
}

export interface BatchEmitResult {
  /** One entry per input, in input order; `null` where that input was refused. */
  results: (EmitResult | null)[];
  errors: { index: number; error: NeuroGraphError }[];
}

/** Version of the engine that plugins declare compatibility with (`requires.core`). */
export const CORE_VERSION = '0.1.0';

/** What a plugin's `setup` receives: the engine's extension points. */
export interface PluginContext {
  registerEncoder(encoder: Encoder): void;
  registerExecutor(executor: Executor): void;
  /** Analyzers watch events and may publish their own. */
  subscribe: Engine['subscribe'];
  publish: Engine['publish'];
}

export const TOKEN_EVICTED_EVENT = 'space.token.evicted';
const METRIC_SAMPLE_SIZE = 1000;
export const PATTERN_MATCH_EVENT = 'signal.activation.pattern_match';
const SPACE_NAME = /^[a-z0-9_-]{1,64}$/;

/**
 * The engine: validates and encodes signals through the gateway, lets each space learn from them,
 * and delivers signal events to subscribers whose pattern and filter match.
 */
export class Engine {
  readonly gateway: Gateway;
  readonly constitution: Constitution;
  readonly guardian: Guardian;
  readonly intuition = new Intuition();
  readonly actions: ActionController;
  /** The engine's modules: enable, disable and configure them live. */
  readonly modules: ModuleRegistry;
  private emitPatternEvents = true;
  private lexicon: MeaningLexicon | null = null;
  /** Learning outcomes since the last sample handed to the constitution (for quarantine comparisons). */
  private readonly window = { signals: 0, novel: 0, created: 0, anomaly: 0 };
  readonly eventTypes = new EventTypeRegistry();
  readonly hub = new SubscriptionHub();
  private readonly spaces = new Map<string, Space>();
  private readonly recent: BoundedMap<string, EmitResult>;
  private readonly now: () => number;
  private readonly maxSpaces: number;
  private learning: Partial<LearningParameters>;
  private readonly observers = new Set<(event: SignalEvent) => void>();

  constructor(options: EngineOptions = {}) {
    this.gateway = options.gateway ?? new Gateway({ now: options.now });
    this.now = options.now ?? Date.now;
    this.maxSpaces = options.maxSpaces ?? 1000;
    this.recent = new BoundedMap(options.idempotencyWindow ?? 10_000);
    this.constitution = options.constitution ?? new Constitution(undefined, { now: this.now });
    this.guardian = new Guardian(this.constitution, this.now, (type, violation) => this.publish(type, violation));
    const learning = { ...toLearningParameters(this.constitution.current), ...options.learning };
    resolveLearningParameters(learning);
    this.learning = learning;
    // A constitution change re-tunes every space at once and is announced to subscribers.
    this.constitution.onChange((cdna, event) => {
      this.configureLearning(toLearningParameters(cdna));
      this.publish(event.type, event);
    });
    this.actions = new ActionController({ publish: (type, payload) => this.publish(type, payload), emit: (input) => this.emit(input), now: this.now });
    this.modules = this.registerModules();
  }

  /** Processes one signal (spec §3); throws NeuroGraphError on invalid input and stores nothing then. */
  emit(input: unknown, context: EmitContext = {}): EmitResult {
    const started = performance.now();
    if (!this.modules.isEnabled('gateway')) throw moduleDisabled('gateway', 'input is refused until it is enabled again');
    const signal = this.gateway.encode(input);
    const clientId = hasClientId(input);
    if (clientId) {
      const previous = this.recent.get(idempotencyKey(signal));
      if (previous) return previous;
    }
    this.guardian.admit(signal, context.principal);
    if (!this.modules.isEnabled('signal_system')) return unprocessed(signal.id, started);
    const space = this.spaceFor(signal.space);
    const outcome = this.learn(space, signal);
    signal.tick = outcome.tick;
    const result: EmitResult = {
      signalId: signal.id,
      tokenId: outcome.tokenId,
      created: outcome.created,
      isNovel: outcome.isNovel,
      anomalyScore: outcome.anomalyScore,
      neighbors: outcome.neighbors,
      triggeredActions: [],
      tick: outcome.tick,
      processingTimeUs: 0,
      delivered: 0,
      processed: true,
    };
    if (clientId) this.recent.set(idempotencyKey(signal), result);
    this.sampleLearning(result);
    if (outcome.evicted.length > 0) {
      for (const id of outcome.evicted) this.intuition.forgetToken(space.name, id);
      this.publish(TOKEN_EVICTED_EVENT, { space: space.name, tokenIds: outcome.evicted });
    }
    if (signal.sequenceId !== undefined && this.modules.isEnabled('intuition_engine')) {
      const match = this.intuition.observe(space.name, signal.sequenceId, outcome.tokenId, signal.type);
      if (match && this.emitPatternEvents) this.publish(PATTERN_MATCH_EVENT, match);
    }
    this.eventTypes.register(signal.type);
    const event = signal as SignalEvent;
    event.result = result;
    // Signals emitted by actions are never matched against the rules again: actions cannot cascade.
    if (this.modules.isEnabled('action_controller') && signal.metadata?.emittedBy === undefined) result.triggeredActions = this.actions.run(event as unknown as Record<string, unknown>);
    result.processingTimeUs = (performance.now() - started) * 1000;
    const signalMetrics = this.signalMetrics;
    signalMetrics.record(result.processingTimeUs);
    if (result.isNovel) signalMetrics.increment('novel');
    if (this.hub.hasSubscribers(signal.type)) result.delivered = this.hub.publish(signal.type, event);
    for (const observer of this.observers) observer(event);
    return result;
  }

  /** Processes inputs in order; a refused input does not stop the others (partial success is explicit). */
  emitBatch(inputs: readonly unknown[], context: EmitContext = {}): BatchEmitResult {
    if (!Array.isArray(inputs)) {
      throw new NeuroGraphError('VALIDATION_FAILED', 'signals must be an array', [{ field: 'signals', rule: 'type', message: 'must be an array' }]);
    }
    const results: (EmitResult | null)[] = new Array(inputs.length);
    const errors: BatchEmitResult['errors'] = [];
    for (let i = 0; i < inputs.length; i++) {
      try {
        results[i] = this.emit(inputs[i], context);
      } catch (error) {
        if (!(error instanceof NeuroGraphError)) throw error;
        results[i] = null;
        errors.push({ index: i, error });
      }
    }
    return { results, errors };
  }

  /**
   * Sees every processed signal synchronously, with its final result (after it was handed to
   * subscribers): for what must not miss one (persistence, metrics), unlike subscriptions, whose
   * queues may drop under load.
   */
  observeSignals(observer: (event: SignalEvent) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  subscribe(options: SubscribeOptions, callback: (event: HubEvent) => void | Promise<void>): Subscription {
    return this.hub.subscribe(options, callback);
  }

  stream(options: SubscribeOptions): ReturnType<SubscriptionHub['stream']> {
    return this.hub.stream(options);
  }

  /** Publishes an engine event (not a signal) to subscribers, registering its type. */
  publish(type: string, payload: unknown): number {
    this.eventTypes.register(type);
    return this.hub.publish(type, payload);
  }

  space(name: string): Space {
    const space = this.spaces.get(name);
    if (!space) throw new NeuroGraphError('SPACE_NOT_FOUND', `Space "${name}" does not exist`, [{ field: 'space', rule: 'exists', message: 'unknown space' }]);
    return space;
  }

  hasSpace(name: string): boolean {
    return this.spaces.has(name);
  }

  listSpaces(): Space[] {
    return [...this.spaces.values()];
  }

  /** Creates a space (or returns the existing one) with the engine's learning parameters plus `overrides`. */
  createSpace(name: string, overrides?: Partial<LearningParameters>): Space {
    const existing = this.spaces.get(name);
    if (existing) return existing;
    if (typeof name !== 'string' || !SPACE_NAME.test(name)) {
      throw new NeuroGraphError('VALIDATION_FAILED', `Invalid space name "${String(name)}"`, [{ field: 'space', rule: 'pattern', message: 'must match [a-z0-9_-]{1,64}' }]);
    }
    this.assertSpaceQuota();
    const space = new Space(name, { ...this.learning, ...overrides });
    this.spaces.set(name, space);
    return space;
  }

  /** Adopts a fully built space (from a snapshot), replacing one of the same name. */
  adoptSpace(space: Space): void {
    if (!this.spaces.has(space.name)) this.assertSpaceQuota();
    this.spaces.set(space.name, space);
  }

  deleteSpace(name: string): boolean {
    return this.spaces.delete(name);
  }

  /** Changes learning parameters of every existing space and of spaces created later. */
  configureLearning(patch: Partial<LearningParameters>): void {
    const next = { ...this.learning, ...patch };
    resolveLearningParameters(next);
    for (const space of this.spaces.values()) space.configure(patch);
    this.learning = next;
  }

  /**
   * Seeds a space from a GloVe text file (one labelled token per word, PCA to 8-D) and lets the
   * text sensors place known words by meaning from then on.
   */
  bootstrap(gloveText: string, space = 'default') {
    if (!this.modules.isEnabled('bootstrap')) throw moduleDisabled('bootstrap', 'seeding is off');
    const config = this.modules.config<{ maxWords: number; persistent: boolean }>('bootstrap');
    const report = bootstrapSpace(this.spaceFor(space), gloveText, this.now(), config);
    this.lexicon = report.lexicon;
    if (!this.gateway.encoders.has(MEANING_ENCODER)) this.gateway.encoders.register(meaningEncoder(() => this.lexicon));
    this.useTextEncoder(MEANING_ENCODER);
    this.modules.metrics('bootstrap').increment('wordsSeeded', report.tokensAdded);
    const { lexicon: _lexicon, ...summary } = report;
    return summary;
  }

  /** Every 1,000 signals, the novelty rate, creation rate and mean anomaly go to the constitution. */
  private sampleLearning(result: EmitResult): void {
    const w = this.window;
    w.signals++;
    if (result.isNovel) w.novel++;
    if (result.created) w.created++;
    w.anomaly += result.anomalyScore;
    if (w.signals < METRIC_SAMPLE_SIZE) return;
    this.constitution.recordMetric('noveltyRate', w.novel / w.signals);
    this.constitution.recordMetric('creationRate', w.created / w.signals);
    this.constitution.recordMetric('anomalyMean', w.anomaly / w.signals);
    w.signals = w.novel = w.created = w.anomaly = 0;
  }

  private useTextEncoder(encoder: string): void {
    for (const sensorId of ['text.chat', 'text.command']) this.gateway.sensors.update(sensorId, { encoder });
  }

  /** Installs a third-party module after checking its core range and module requirements. */
  installPlugin(plugin: Plugin<PluginContext>): void {
    const context: PluginContext = {
      registerEncoder: (encoder) => this.gateway.encoders.register(encoder),
      registerExecutor: (executor) => this.actions.registerExecutor(executor),
      subscribe: (options, callback) => this.subscribe(options, callback),
      publish: (type, payload) => this.publish(type, payload),
    };
    new PluginHost(this.modules, CORE_VERSION, context).install(plugin);
  }

  /** Next tokens the intuition engine expects after `tokenId` in a space. */
  predictNext(space: string, tokenId: number, k = 3) {
    if (!this.modules.isEnabled('intuition_engine')) throw moduleDisabled('intuition_engine', 'predictions are off');
    return this.intuition.predictToken(space, tokenId, k);
  }

  private get signalMetrics() {
    return this.modules.metrics('signal_system');
  }

  /** Registers the engine's modules; their hooks apply each setting where it lives. */
  private registerModules(): ModuleRegistry {
    const registry = new ModuleRegistry(this.now);
    const hooks: Record<EngineModuleId, Parameters<ModuleRegistry['register']>[1]> = {
      token_manager: {},
      connection_manager: { onConfigure: (c) => this.configureLearning({ edgeLearningRate: c.learningRate as number, edgeHalfLifeMs: c.decayHalfLifeMs as number }) },
      grid: { onConfigure: (c) => this.configureLearning({ maxNeighbors: c.maxNeighbors as number, neighborRadius: c.neighborRadius as number }) },
      intuition_engine: { onConfigure: (c) => void (this.emitPatternEvents = c.emitPatternEvents as boolean) },
      signal_system: { onConfigure: (c) => void (this.hub.defaultQueueSize = c.defaultQueueSize as number) },
      gateway: { onConfigure: (c) => void (this.gateway.defaultSpace = c.defaultSpace as string) },
      action_controller: { onConfigure: (c) => void (this.actions.settings = c as unknown as ActionSettings) },
      guardian: { onConfigure: (c) => void (this.guardian.principalRateShare = c.principalRateShare as number) },
      cdna: { onConfigure: (c) => void (this.constitution.maxHistory = c.historyLimit as number) },
      bootstrap: {
        // Without the bootstrap module, text goes back to being placed by its words' hashes.
        onDisable: () => {
          if (this.lexicon) this.useTextEncoder('text-hash');
        },
        onEnable: () => {
          if (this.lexicon) this.useTextEncoder(MEANING_ENCODER);
        },
      },
    };
    for (const descriptor of ENGINE_MODULES) registry.register(descriptor, hooks[descriptor.id as EngineModuleId]);
    registry.on((event) => this.publish(event.type, event));
    return registry;
  }

  /** A space that cannot make room is a constitution quota at work: the guardian records it. */
  private learn(space: Space, signal: Signal) {
    try {
      return space.learn(signal, this.now());
    } catch (error) {
      if (error instanceof NeuroGraphError && error.code === 'QUOTA_EXCEEDED') this.guardian.quota(space.name, error.message, signal);
      throw error;
    }
  }

  private assertSpaceQuota(): void {
    if (this.spaces.size >= this.maxSpaces) {
      throw new NeuroGraphError('QUOTA_EXCEEDED', `At most ${this.maxSpaces} spaces may exist`, [
        { field: 'space', rule: 'maxSpaces', message: `limit of ${this.maxSpaces} spaces reached` },
      ]);
    }
  }

  private spaceFor(name: string): Space {
    return this.spaces.get(name) ?? this.createSpace(name);
  }
}

function moduleDisabled(id: EngineModuleId, consequence: string): NeuroGraphError {
  return new NeuroGraphError('MODULE_DISABLED', `The ${id} module is disabled: ${consequence}`, [{ field: id, rule: 'enabled', message: `module "${id}" is disabled` }]);
}

/** The answer while the signal system is off: validated and admitted, but neither learned nor delivered. */
function unprocessed(signalId: string, started: number): EmitResult {
  return {
    signalId,
    tokenId: -1,
    created: false,
    isNovel: false,
    anomalyScore: 0,
    neighbors: [],
    triggeredActions: [],
    tick: 0,
    processingTimeUs: (performance.now() - started) * 1000,
    delivered: 0,
    processed: false,
  };
}

function hasClientId(input: unknown): boolean {
  return typeof input === 'object' && input !== null && (input as { id?: unknown }).id !== undefined;
}

function idempotencyKey(signal: Signal): string {
  return `${signal.space}\u0000${signal.id}`;
}
