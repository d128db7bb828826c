import { Constitution, Engine, type SignalInput, type Space } from '@neurograph/core';
import { distribution, memoryHeld, round } from '../stats';
import { type Mixture, sample } from '../workload';

export interface EmitFigures {
  tokensAtStart: number;
  tokensAtEnd: number;
  subscribers: number;
  batchSize: number;
  batchSignals: number;
  signalsPerSecond: number;
  singleEmitUs: ReturnType<typeof distribution>;
  novelShare: number;
  delivered: number;
}

function inputs(points: Mixture, count: number): SignalInput[] {
  const flat = sample(points, count);
  return Array.from({ length: count }, (_, i) => ({
    sensorId: 'vector',
    vector: flat.subarray(i * 8, i * 8 + 8),
    sequenceId: `conversation-${i % 64}`,
  }));
}

/**
 * The full emit path of spec §8: passthrough encoder and validation, kNN k = 10, novelty,
 * learning, association and temporal edges, and 100 subscribers with compiled filters, with the
 * space held at `tokens` tokens (its quota) so the index size stays what the target names.
 */
export function benchEmit(points: Mixture, tokens: number, batchSignals: number, singleSignals: number, subscribers = 100): EmitFigures {
  // The guardian stays on; its rate quota is raised so that it measures its cost, not its refusals.
  const constitution = new Constitution();
  constitution.update({ quotas: { maxSignalsPerSecond: 10_000_000 } as never }, 'benchmark');
  const engine = new Engine({ constitution, learning: { maxTokensPerSpace: tokens } });
  const space = engine.createSpace('default');
  const seed = sample(points, tokens);
  const now = Date.now();
  for (let i = 0; i < tokens; i++) space.addToken({ vector: seed.subarray(i * 8, i * 8 + 8) }, now);

  let delivered = 0;
  for (let s = 0; s < subscribers; s++) {
    engine.subscribe({ pattern: 'signal.input.*', filter: { 'result.isNovel': true, 'vector.3': { $gt: s / subscribers } } }, () => {
      delivered++;
    });
  }

  const warmup = inputs(points, 20_000);
  engine.emitBatch(warmup);

  const batchSize = 1000;
  const batch = inputs(points, batchSignals);
  let novel = 0;
  const t0 = performance.now();
  for (let i = 0; i < batch.length; i += batchSize) {
    const { results } = engine.emitBatch(batch.slice(i, i + batchSize));
    for (const r of results) if (r?.isNovel) novel++;
  }
  const seconds = (performance.now() - t0) / 1000;

  const single = inputs(points, singleSignals);
  const us = new Float64Array(single.length);
  for (let i = 0; i < single.length; i++) {
    const s0 = performance.now();
    engine.emit(single[i]);
    us[i] = (performance.now() - s0) * 1000;
  }
  return {
    tokensAtStart: tokens,
    tokensAtEnd: space.size,
    subscribers,
    batchSize,
    batchSignals,
    signalsPerSecond: Math.round(batchSignals / seconds),
    singleEmitUs: distribution(us),
    novelShare: round(novel / batchSignals, 3),
    delivered,
  };
}

export interface MemoryFigures {
  tokens: number;
  accountedBytesPerToken: number;
  heapBytesPerToken: number;
  learnedSignals: number;
  learnedTokens: number;
  edges: number;
  learnSeconds: number;
  accountedBytesPerEdge: number;
  heapBytesPerEdge: number;
}

/**
 * The memory a space of `tokens` tokens holds, measured while it lives; it is garbage once this
 * returns, so it does not count in what the caller weighs next. Points are drawn one at a time for
 * the same reason (a sample of them all, freed meanwhile, would count against the space).
 */
function weighSpace(points: Mixture, tokens: number): { held: number; bytes: ReturnType<Space['memoryBytes']> } {
  const vector = new Float64Array(8);
  const before = memoryHeld();
  const space = new Engine({ learning: { maxTokensPerSpace: tokens } }).createSpace('default');
  const now = Date.now();
  for (let i = 0; i < tokens; i++) {
    points.next(vector);
    space.addToken({ vector }, now);
  }
  return { held: memoryHeld() - before, bytes: space.memoryBytes() };
}

/**
 * Weighs a space of `tokens` tokens (index + attributes, no edges), then a space learned from
 * `signals` signals of the mixture (its edges are what learning really creates).
 */
export function benchMemory(points: Mixture, tokens: number, signals: number): MemoryFigures {
  const big = weighSpace(points, tokens);
  const heapPerToken = big.held / tokens;
  const bigBytes = big.bytes;

  const before = memoryHeld();
  const engine = new Engine();
  const space = engine.createSpace('default');
  const t0 = performance.now();
  for (let done = 0; done < signals; done += 10_000) engine.emitBatch(inputs(points, 10_000));
  const seconds = (performance.now() - t0) / 1000;
  const edges = space.graph.edgeCount;
  const learnedHeap = memoryHeld() - before;
  const learnedBytes = space.memoryBytes();
  return {
    tokens,
    accountedBytesPerToken: round((bigBytes.tokens + bigBytes.index) / tokens, 1),
    heapBytesPerToken: round(heapPerToken, 1),
    learnedSignals: signals,
    learnedTokens: space.size,
    edges,
    learnSeconds: round(seconds, 1),
    accountedBytesPerEdge: round(learnedBytes.edges / Math.max(1, edges), 1),
    heapBytesPerEdge: round((learnedHeap - space.size * heapPerToken) / Math.max(1, edges), 1),
  };
}
