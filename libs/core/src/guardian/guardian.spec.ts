import { Constitution } from '../cdna/index.js';
import { NeuroGraphError } from '../common/errors.js';
import { Engine } from '../engine/engine.js';
import { TokenBucket } from './token-bucket.js';

const v = (x: number) => [x, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];

function engineAt(rate: number) {
  let t = Date.parse('2026-11-24T12:00:00Z');
  const constitution = new Constitution(undefined, { now: () => t });
  constitution.update({ quotas: { maxSignalsPerSecond: rate, maxPayloadBytes: 2048 } as never }, 'test');
  const engine = new Engine({ constitution, now: () => t });
  const events: { type: string; payload: unknown }[] = [];
  engine.subscribe({ pattern: 'guardian.*' }, (e) => {
    events.push(e);
  });
  return { engine, events, advance: (ms: number) => (t += ms) };
}

function refusal(fn: () => unknown): NeuroGraphError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NeuroGraphError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('Guardian', () => {
  it('limits each space to the constitution rate, with a retry hint, and records the violation', () => {
    const { engine, events, advance } = engineAt(5);
    for (let i = 0; i < 5; i++) engine.emit({ vector: v(i / 10) });
    const error = refusal(() => engine.emit({ vector: v(0.9) }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(200);
    expect(error.issues[0]).toMatchObject({ field: 'space', rule: 'maxSignalsPerSecond' });
    expect(engine.space('default').tick).toBe(5);
    expect(events).toEqual([{ type: 'guardian.violation', payload: expect.objectContaining({ kind: 'rate.space', space: 'default' }) }]);
    expect(engine.emit({ vector: v(0.9), space: 'other' }).tick).toBe(1);
    advance(200);
    expect(engine.emit({ vector: v(0.9) }).tick).toBe(6);
  });

  it('limits a principal across spaces', () => {
    const { engine } = engineAt(3);
    engine.emit({ vector: v(0.1), space: 'a' }, { principal: 'bot-1' });
    engine.emit({ vector: v(0.1), space: 'b' }, { principal: 'bot-1' });
    engine.emit({ vector: v(0.1), space: 'c' }, { principal: 'bot-1' });
    expect(refusal(() => engine.emit({ vector: v(0.1), space: 'd' }, { principal: 'bot-1' })).issues[0].field).toBe('principal');
    expect(engine.emit({ vector: v(0.1), space: 'd' }, { principal: 'bot-2' }).tick).toBe(1);
    expect(engine.guardian.stats()).toEqual({ checked: 5, refused: 1 });
  });

  it('enforces the constitution payload size, read live', () => {
    const { engine, events } = engineAt(100);
    const error = refusal(() => engine.emit({ payload: 'x'.repeat(3000) }));
    expect(error.issues[0]).toMatchObject({ field: 'payload', rule: 'maxBytes' });
    expect(events[0].payload).toMatchObject({ kind: 'payload.size' });
    engine.constitution.update({ quotas: { maxPayloadBytes: 8192 } as never }, 'ops');
    expect(engine.emit({ payload: 'x'.repeat(3000) }).tick).toBe(1);
  });

  it('announces a full space as a quota event', () => {
    const { engine, events } = engineAt(100);
    engine.constitution.update({ quotas: { maxTokensPerSpace: 1 } as never }, 'ops');
    const space = engine.createSpace('default');
    space.addToken({ vector: v(0.1), persistent: true }, Date.now());
    expect(refusal(() => engine.emit({ vector: v(0.9) })).code).toBe('QUOTA_EXCEEDED');
    expect(events.map((e) => e.type)).toEqual(['guardian.quota']);
    expect(engine.guardian.violations()[0]).toMatchObject({ kind: 'quota.tokens', space: 'default' });
  });
});

describe('TokenBucket', () => {
  it('refills continuously and follows a new rate', () => {
    const bucket = new TokenBucket(2, 0);
    expect([bucket.take(0, 2), bucket.take(0, 2), bucket.take(0, 2)]).toEqual([0, 0, 500]);
    expect(bucket.take(500, 2)).toBe(0);
    expect(bucket.take(500, 10)).toBe(100);
  });
});
