import { Engine } from '../engine/engine.js';
import { PROFILE_SETTINGS, PROFILES, toLearningParameters, validateCdna } from './cdna.js';
import { Constitution } from './constitution.js';

const T0 = Date.parse('2026-11-24T12:00:00Z');
const clock = () => {
  let t = T0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};
const fields = (issues: { field: string; rule: string }[]) => issues.map((i) => `${i.field}:${i.rule}`);

describe('validateCdna', () => {
  it.each(PROFILES)('accepts the %s profile with no errors', (name) => {
    const result = validateCdna({ ...PROFILE_SETTINGS[name], version: 1, updatedAt: new Date(T0).toISOString() });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('names every broken rule', () => {
    const base = PROFILE_SETTINGS.balanced;
    expect(fields(validateCdna({ ...base, dimensionScales: [1, 1, 1, 11, 1, 1, 1, 0.05] }).errors)).toEqual(['dimensionScales.3:range', 'dimensionScales.7:range']);
    expect(fields(validateCdna({ ...base, dimensionScales: [0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4] }).errors)).toEqual(['dimensionScales:sum']);
    expect(fields(validateCdna({ ...base, dimensionScales: [0.5, 6, 1, 1, 1, 1, 1, 1] }).errors)).toEqual(['dimensionScales:ratio']);
    expect(fields(validateCdna({ ...base, plasticity: 1.5, evolutionRate: -0.1 }).errors)).toEqual(['plasticity:range', 'evolutionRate:range']);
    expect(fields(validateCdna({ ...base, mergeRadius: 0.2 }).errors)).toEqual(['mergeRadius:order']);
    expect(fields(validateCdna({ ...base, quotas: { ...base.quotas, maxEdgesPerToken: 0, extra: 1 } }).errors)).toEqual(['quotas.extra:unknown', 'quotas.maxEdgesPerToken:integer']);
    expect(fields(validateCdna({ ...base, profile: 'wild', mood: 'x' }).errors)).toEqual(['mood:unknown', 'profile:enum']);
    expect(validateCdna(null).valid).toBe(false);
  });

  it('warns about legal but risky settings', () => {
    const base = PROFILE_SETTINGS.balanced;
    const result = validateCdna({ ...base, plasticity: 0.9, noveltyThreshold: 0.02, mergeRadius: 0.01, dimensionScales: [10, 1, 1, 1, 1, 1, 1, 1] });
    expect(result.valid).toBe(true);
    expect(fields(result.warnings)).toEqual(['dimensionScales.0:bound', 'plasticity:high', 'noveltyThreshold:low']);
  });
});

describe('Constitution', () => {
  it('versions every change with author, reason and a field diff', () => {
    const c = new Constitution(undefined, clock());
    const v2 = c.update({ noveltyThreshold: 0.2, dimensionScales: [2, 1, 1, 1, 1, 1, 1, 1] }, 'ada', 'calmer');
    expect(v2).toMatchObject({ version: 2, profile: 'custom', noveltyThreshold: 0.2 });
    const [latest] = c.history({ limit: 1 });
    expect(latest).toMatchObject({ version: 2, author: 'ada', reason: 'calmer' });
    expect(latest.diff).toEqual([
      { field: 'profile', before: 'balanced', after: 'custom' },
      { field: 'dimensionScales.0', before: 1, after: 2 },
      { field: 'noveltyThreshold', before: 0.12, after: 0.2 },
    ]);
    expect(c.history().map((e) => e.version)).toEqual([2, 1]);
  });

  it('changes nothing when an update is invalid', () => {
    const c = new Constitution(undefined, clock());
    expect(() => c.update({ plasticity: 3 }, 'ada')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ field: 'plasticity' })] }));
    expect(() => c.update({ plasticity: 0.2 }, '')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(c.current.version).toBe(1);
    expect(c.history()).toHaveLength(1);
  });

  it('rolls back by re-applying an old version as a new one', () => {
    const c = new Constitution(undefined, clock());
    c.applyProfile('explorer', 'ada');
    c.update({ plasticity: 0.5 }, 'bob');
    const rolled = c.rollback(2, 'ada');
    expect(rolled.version).toBe(4);
    const { version: _a, updatedAt: _b, ...content } = rolled;
    const { version: _c, updatedAt: _d, ...old } = c.get(2)!;
    expect(content).toEqual(old);
    expect(() => c.rollback(99, 'ada')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('quarantines a change, compares metrics recorded before and during, then applies or discards', () => {
    const time = clock();
    const c = new Constitution(undefined, time);
    const events: string[] = [];
    c.onChange((_cdna, e) => events.push(`${e.type}:${e.action ?? ''}`));
    [0.1, 0.3].forEach((v) => c.recordMetric('noveltyRate', v));
    const started = c.startQuarantine({ noveltyThreshold: 0.3 }, 'ada', { durationMs: 60_000 });
    expect(started.candidate.noveltyThreshold).toBe(0.3);
    expect(c.current.noveltyThreshold).toBe(0.3);
    expect(() => c.update({ plasticity: 0.2 }, 'bob')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => c.startQuarantine({ plasticity: 0.2 }, 'bob', { durationMs: 1000 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    [0.05, 0.15].forEach((v) => c.recordMetric('noveltyRate', v));
    time.advance(61_000);
    const status = c.quarantineStatus()!;
    expect(status.expired).toBe(true);
    expect(status.metrics.noveltyRate.before).toBeCloseTo(0.2, 10);
    expect(status.metrics.noveltyRate.during).toBeCloseTo(0.1, 10);
    expect(status.metrics.noveltyRate.change).toBeCloseTo(-0.1, 10);
    c.discardQuarantine('ada');
    expect(c.current.noveltyThreshold).toBe(0.12);
    expect(c.current.version).toBe(1);
    c.startQuarantine({ noveltyThreshold: 0.3 }, 'ada', { durationMs: 1000 });
    const applied = c.applyQuarantine('ada');
    expect(applied).toMatchObject({ version: 2, noveltyThreshold: 0.3 });
    expect(c.quarantineStatus()).toBeNull();
    expect(events).toEqual(['cdna.quarantine:started', 'cdna.quarantine:discarded', 'cdna.quarantine:started', 'cdna.changed:', 'cdna.quarantine:applied']);
  });

  it('exports and imports with history, and refuses a broken document naming the field', () => {
    const c = new Constitution(undefined, clock());
    c.applyProfile('analyst', 'ada');
    const doc = JSON.parse(JSON.stringify(c.export()));
    const copy = Constitution.import(doc);
    expect(copy.current).toEqual(c.current);
    expect(copy.history()).toEqual(c.history());
    doc.history[1].after.plasticity = 7;
    expect(() => Constitution.import(doc)).toThrow(expect.objectContaining({ code: 'SNAPSHOT_INVALID', issues: [expect.objectContaining({ field: 'history.1.after.plasticity' })] }));
    expect(() => Constitution.import({ format: 'x' })).toThrow(expect.objectContaining({ code: 'SNAPSHOT_INVALID' }));
  });
});

describe('the constitution drives the engine', () => {
  it('re-orders neighbours when a dimension scale changes', () => {
    const engine = new Engine();
    const along0 = engine.emit({ vector: [0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5] }).tokenId;
    const along1 = engine.emit({ vector: [0.5, 0.65, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5] }).tokenId;
    const query = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    expect(engine.space('default').nearest(query, 2).map((n) => n.tokenId)).toEqual([along0, along1]);
    const events: string[] = [];
    engine.subscribe({ pattern: 'cdna.*' }, (e) => {
      events.push(e.type);
    });
    engine.constitution.update({ dimensionScales: [8, 1, 1, 1, 1, 1, 1, 1] }, 'ada');
    expect(engine.space('default').nearest(query, 2).map((n) => n.tokenId)).toEqual([along1, along0]);
    expect(events).toEqual(['cdna.changed']);
  });

  it('applies thresholds and quotas to learning', () => {
    const engine = new Engine();
    engine.constitution.update({ noveltyThreshold: 0.5, mergeRadius: 0.3, quotas: { maxTokensPerSpace: 3 } as never }, 'ada');
    const space = engine.createSpace('default');
    expect(space.parameters).toMatchObject(toLearningParameters(engine.constitution.current));
    expect(engine.emit({ vector: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5] }).created).toBe(true);
    expect(engine.emit({ vector: [0.7, 0.7, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5] }).created).toBe(false);
  });
});

describe('quarantine fed by the engine', () => {
  it('compares the novelty rate learned before and during a trial', () => {
    const engine = new Engine();
    const near = (i: number) => [0.5 + (i % 3) * 0.001, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    for (let i = 0; i < 2000; i++) engine.emit({ vector: near(i) });
    engine.constitution.startQuarantine({ noveltyThreshold: 0.002, mergeRadius: 0.001 }, 'ada', { durationMs: 60_000 });
    for (let i = 0; i < 1000; i++) engine.emit({ vector: [((i * 7919) % 1000) / 1000, ((i * 104729) % 1000) / 1000, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5] });
    const { metrics } = engine.constitution.quarantineStatus()!;
    expect(metrics.noveltyRate.before).toBeLessThan(0.01);
    expect(metrics.noveltyRate.during).toBeGreaterThan(0.5);
    expect(metrics.noveltyRate.change).toBeGreaterThan(0.5);
    engine.constitution.discardQuarantine('ada');
    expect(engine.space('default').parameters.noveltyThreshold).toBe(0.12);
  });
});
