import fc from 'fast-check';
import { NeuroGraphError } from '../common/errors.js';
import type { EmitResult } from '../common/types.js';
import type { HubEvent } from '../events/index.js';
import { clusteredVectors } from '../testing/fixtures.js';
import { Engine, type SignalEvent, TOKEN_EVICTED_EVENT } from './engine.js';

const v = (x: number) => [x, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];

describe('Engine.emit', () => {
  it('returns the result of spec §3 and counts ticks per space', () => {
    const engine = new Engine();
    const first = engine.emit({ vector: v(0.2) });
    expect(first).toMatchObject({ created: true, isNovel: true, tick: 1, neighbors: [], processed: true });
    expect(first.triggeredActions).toEqual([expect.objectContaining({ ruleId: 'novelty-alert', type: 'notify', status: 'completed' })]);
    expect(first.processingTimeUs).toBeGreaterThan(0);
    const second = engine.emit({ vector: v(0.2) });
    expect(second).toMatchObject({ created: false, isNovel: false, tokenId: first.tokenId, tick: 2, triggeredActions: [] });
    expect(second.neighbors[0].tokenId).toBe(first.tokenId);
    expect(engine.emit({ vector: v(0.2), space: 'other' }).tick).toBe(1);
    expect(engine.listSpaces().map((s) => s.name).sort()).toEqual(['default', 'other']);
  });

  it('refuses invalid input with the field named, stores nothing, and keeps working', () => {
    const engine = new Engine();
    engine.emit({ vector: v(0.2) });
    const bad = [
      { vector: [0.1, 0.2, Number.NaN, 0.1, 0.1, 0.1, 0.1, 0.1] },
      { vector: [0.1, 0.2] },
      { vector: v(0.2), priority: 300 },
      { sensorId: 'no-such-sensor', payload: 'hello' },
      { vector: v(0.2), space: 'Bad Space!' },
    ];
    for (const input of bad) {
      expect(() => engine.emit(input)).toThrow(NeuroGraphError);
    }
    expect(engine.space('default').size).toBe(1);
    expect(engine.space('default').tick).toBe(1);
    expect(engine.hasSpace('Bad Space!')).toBe(false);
    expect(engine.emit({ vector: v(0.9) }).tick).toBe(2);
  });

  it('answers a retried client id with the first result and learns nothing twice', () => {
    const engine = new Engine();
    const first = engine.emit({ id: 'client-1', vector: v(0.3) });
    const retry = engine.emit({ id: 'client-1', vector: v(0.3) });
    expect(retry).toEqual(first);
    expect(engine.space('default').tick).toBe(1);
    expect(engine.space('default').token(first.tokenId)!.activationCount).toBe(1);
  });

  it('emitBatch keeps order and makes partial success explicit', () => {
    const engine = new Engine();
    const { results, errors } = engine.emitBatch([{ vector: v(0.1) }, { vector: [2, 0, 0, 0, 0, 0, 0, 0] }, { vector: v(0.1) }]);
    expect(results[0]?.created).toBe(true);
    expect(results[1]).toBeNull();
    expect(results[2]).toMatchObject({ created: false, tokenId: results[0]!.tokenId });
    expect(errors).toHaveLength(1);
    expect(errors[0].index).toBe(1);
    expect(errors[0].error.issues[0]).toMatchObject({ field: 'vector.0', rule: 'range' });
    expect(() => engine.emitBatch('nope' as unknown as unknown[])).toThrow(NeuroGraphError);
  });
});

describe('Engine delivery', () => {
  it('shows every processed signal to observers with its final result, not refused ones, until they stop observing', () => {
    const engine = new Engine();
    const seen: SignalEvent[] = [];
    const stop = engine.observeSignals((event) => seen.push(event));
    const result = engine.emit({ vector: v(0.3), space: 'obs' });
    expect(() => engine.emit({ vector: [1] })).toThrow(NeuroGraphError);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ space: 'obs', result: { signalId: result.signalId, tokenId: result.tokenId } });
    engine.subscribe({ pattern: 'signal.input.*' }, () => undefined);
    engine.emit({ vector: v(0.35), space: 'obs' });
    expect(seen[1].result.delivered).toBe(1);
    stop();
    engine.emit({ vector: v(0.4) });
    expect(seen).toHaveLength(2);
  });

  it('delivers the signal with its result only to subscribers whose pattern and filter match', () => {
    const engine = new Engine();
    const novel: SignalEvent[] = [];
    const commands: HubEvent[] = [];
    engine.subscribe({ pattern: 'signal.input.*', filter: { 'result.isNovel': true } }, (e) => {
      novel.push(e.payload as SignalEvent);
    });
    engine.subscribe({ pattern: 'signal.input.external.text.command' }, (e) => {
      commands.push(e);
    });
    const first = engine.emit({ vector: v(0.4) });
    const again = engine.emit({ vector: v(0.4) });
    expect(first.delivered).toBe(1);
    expect(again.delivered).toBe(0);
    expect(novel).toHaveLength(1);
    expect(novel[0].result).toBe(first);
    expect(novel[0].vector).toEqual(v(0.4));
    expect(commands).toHaveLength(0);
  });

  it('announces evicted tokens when a space is full', () => {
    const engine = new Engine({ learning: { maxTokensPerSpace: 50 } });
    const evicted: number[] = [];
    engine.subscribe({ pattern: TOKEN_EVICTED_EVENT }, (e) => {
      evicted.push(...(e.payload as { tokenIds: number[] }).tokenIds);
    });
    const results = engine.emitBatch(clusteredVectors(3, 400).map((vector) => ({ vector }))).results as EmitResult[];
    const created = results.filter((r) => r.created).length;
    expect(created).toBeGreaterThan(50);
    expect(engine.space('default').size).toBeLessThanOrEqual(50);
    expect(evicted.length).toBe(created - engine.space('default').size);
    for (const id of evicted) expect(engine.space('default').hasToken(id)).toBe(false);
  });

  it('lets learning parameters change live for existing spaces and validates them first', () => {
    const engine = new Engine();
    engine.emit({ vector: v(0.5) });
    expect(() => engine.configureLearning({ noveltyThreshold: 2 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(engine.space('default').parameters.noveltyThreshold).toBe(0.12);
    engine.configureLearning({ noveltyThreshold: 0.5, mergeRadius: 0.2 });
    expect(engine.space('default').parameters.noveltyThreshold).toBe(0.5);
    expect(engine.emit({ vector: v(0.5 + 0.1 * Math.sqrt(8)) }).created).toBe(false);
  });
});

describe('Engine under hostile input', () => {
  const hostile = fc.oneof(
    fc.anything(),
    fc.record({
      vector: fc.oneof(fc.array(fc.oneof(fc.double(), fc.constant(Number.NaN), fc.constant(Infinity), fc.string()), { maxLength: 10 }), fc.string(), fc.constant(null)),
      priority: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double(), fc.string()),
      sensorId: fc.oneof(fc.constantFrom('vector', 'text.chat', 'numeric', 'json', 'nope'), fc.string()),
      payload: fc.oneof(fc.string({ maxLength: 200 }), fc.double(), fc.object(), fc.array(fc.double(), { maxLength: 10 })),
      tags: fc.oneof(fc.array(fc.string({ maxLength: 80 }), { maxLength: 40 }), fc.string()),
      energy: fc.oneof(fc.object(), fc.record({ valence: fc.double(), arousal: fc.double() })),
      space: fc.oneof(fc.constantFrom('default', 'b'), fc.string()),
      __proto__: fc.object(),
    }, { requiredKeys: [] }),
  );

  it('answers every input with a result or a NeuroGraphError, stores nothing on refusal, and keeps working', () => {
    const engine = new Engine();
    fc.assert(
      fc.property(hostile, (input) => {
        const before = engine.listSpaces().map((s) => [s.name, s.size, s.tick]);
        try {
          const result = engine.emit(input);
          expect(result.tick).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(NeuroGraphError);
          expect((error as NeuroGraphError).issues.length).toBeGreaterThan(0);
          expect(engine.listSpaces().map((s) => [s.name, s.size, s.tick])).toEqual(before);
        }
      }),
      { numRuns: 1000 },
    );
    expect(engine.emit({ vector: v(0.33) }).tick).toBeGreaterThan(0);
  });

  it('refuses malformed filters and unsafe regexes at subscribe time, naming the path', () => {
    const engine = new Engine();
    expect(() => engine.subscribe({ filter: { 'payload.text': { $regex: '(a+)+$' } } }, () => undefined)).toThrow(
      expect.objectContaining({ code: 'FILTER_INVALID', issues: [expect.objectContaining({ field: 'filter.payload.text.$regex', rule: 'unsafeRegex' })] }),
    );
    expect(() => engine.subscribe({ filter: { $or: 'x' } }, () => undefined)).toThrow(expect.objectContaining({ code: 'FILTER_INVALID' }));
    expect(engine.hub.size).toBe(0);
  });
});
