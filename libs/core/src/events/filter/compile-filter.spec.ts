import fc from 'fast-check';
import { NeuroGraphError } from '../../common/errors.js';
import { compileFilter, validateFilter } from './compile-filter.js';
import { unsafeRegexReason } from './regex-safety.js';

const doc = {
  type: 'signal.input.external.text.chat',
  vector: [0.1, 0.2, 0.3, 0.9, 0.5, 0.6, 0.7, 0.8],
  source: { sensorType: 'chat', confidence: 0.75 },
  tags: ['urgent', 'billing'],
  payload: { text: 'Invoice 42 is overdue' },
  timestamp: '2026-11-24T10:00:00.000Z',
  result: { isNovel: true, anomalyScore: 0.4 },
};

describe('compileFilter operators', () => {
  it.each([
    [{ 'result.isNovel': true }, true],
    [{ 'result.isNovel': false }, false],
    [{ 'source.sensorType': { $eq: 'chat' } }, true],
    [{ 'source.sensorType': { $ne: 'chat' } }, false],
    [{ 'vector.3': { $gt: 0.5 } }, true],
    [{ 'vector.3': { $gte: 0.9, $lte: 0.9 } }, true],
    [{ 'vector.3': { $gt: 0.5, $lt: 0.8 } }, false],
    [{ 'vector.0': { $lt: '1' } }, false],
    [{ timestamp: { $gte: '2026-11-24T00:00:00Z' } }, true],
    [{ 'source.sensorType': { $in: ['chat', 'command'] } }, true],
    [{ 'source.sensorType': { $nin: ['chat'] } }, false],
    [{ 'payload.text': { $exists: true } }, true],
    [{ 'payload.missing': { $exists: false } }, true],
    [{ tags: { $contains: 'urgent' } }, true],
    [{ 'payload.text': { $contains: 'overdue' } }, true],
    [{ 'payload.text': { $regex: '^invoice \\d+', } }, false],
    [{ 'payload.text': { $regex: { pattern: '^invoice \\d+', flags: 'i' } } }, true],
    [{ 'payload.text': { $wildcard: 'Invoice * overdue' } }, true],
    [{ 'tags.1': 'billing' }, true],
    [{ tags: ['urgent', 'billing'] }, true],
    [{ $or: [{ 'result.isNovel': false }, { 'tags.0': 'urgent' }] }, true],
    [{ $and: [{ 'result.isNovel': true }, { $not: { 'tags.0': 'urgent' } }] }, false],
    [{ 'vector.3': { $not: { $gt: 0.5 } } }, false],
    [{}, true],
  ])('%j → %s', (filter, expected) => {
    expect(compileFilter(filter)(doc)).toBe(expected);
  });

  it('names the path and problem of every mistake', () => {
    const issues = validateFilter({ a: { $gt: [1] }, $or: [], b: { $foo: 1 }, c: { $in: 'x' }, '__proto__.x': 1, 'd..e': 1 });
    expect(issues.map((i) => [i.field, i.rule])).toEqual([
      ['filter.a.$gt', 'type'],
      ['filter.$or', 'type'],
      ['filter.b.$foo', 'operator'],
      ['filter.c.$in', 'type'],
      ['filter.__proto__.x', 'path'],
      ['filter.d..e', 'path'],
    ]);
    expect(() => compileFilter('nope')).toThrow(NeuroGraphError);
    expect(() => compileFilter({ $where: 'x' })).toThrow(expect.objectContaining({ code: 'FILTER_INVALID' }));
  });

  it('bounds nesting and size', () => {
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 40; i++) deep = { $not: deep };
    expect(validateFilter(deep)[0].rule).toBe('maxDepth');
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, i]));
    expect(validateFilter(wide).some((i) => i.rule === 'maxNodes')).toBe(true);
  });

  it('reads own properties only', () => {
    const predicate = compileFilter({ 'payload.toString': { $exists: true } });
    expect(predicate({ payload: {} })).toBe(false);
  });
});

describe('regex safety', () => {
  it.each(['(a+)+$', '(a|a)*', '(.*a){20}', '(\\w+\\s?)*$', '(a)\\1', '(?<=x)y', 'x'.repeat(300)])('refuses %s', (pattern) => {
    expect(unsafeRegexReason(pattern)).not.toBeNull();
    expect(validateFilter({ f: { $regex: pattern } })[0].rule).toBe('unsafeRegex');
  });

  it.each(['^invoice \\d+$', '[a-z]+@[a-z]+\\.com', '(foo|bar)?baz', '(ab)+', 'colou?r', '^\\d{2,4}-\\d{2}$'])('accepts %s', (pattern) => {
    expect(unsafeRegexReason(pattern)).toBeNull();
  });
});

describe('compiled filters agree with a reference interpreter', () => {
  type Cond = { path: string; op: '$eq' | '$gt' | '$lt' | '$in'; value: number | number[] };
  type F = { cond: Cond } | { and: F[] } | { or: F[] } | { not: F };
  const paths = ['a', 'b.c', 'list.1'];
  const cond: fc.Arbitrary<Cond> = fc.oneof(
    fc.record({ path: fc.constantFrom(...paths), op: fc.constantFrom('$eq' as const, '$gt' as const, '$lt' as const), value: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ path: fc.constantFrom(...paths), op: fc.constant('$in' as const), value: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }) }),
  );
  const { tree } = fc.letrec<{ tree: F }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ cond }),
      fc.record({ and: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ or: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ not: tie('tree') }),
    ),
  }));
  const toFilter = (f: F): Record<string, unknown> =>
    'cond' in f ? { [f.cond.path]: { [f.cond.op]: f.cond.value } } : 'and' in f ? { $and: f.and.map(toFilter) } : 'or' in f ? { $or: f.or.map(toFilter) } : { $not: toFilter(f.not) };
  const read = (d: Record<string, unknown>, path: string): unknown => path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)?.[k], d);
  const reference = (f: F, d: Record<string, unknown>): boolean => {
    if ('and' in f) return f.and.every((g) => reference(g, d));
    if ('or' in f) return f.or.some((g) => reference(g, d));
    if ('not' in f) return !reference(f.not, d);
    const v = read(d, f.cond.path);
    switch (f.cond.op) {
      case '$eq':
        return v === f.cond.value;
      case '$gt':
        return typeof v === 'number' && v > (f.cond.value as number);
      case '$lt':
        return typeof v === 'number' && v < (f.cond.value as number);
      default:
        return (f.cond.value as number[]).includes(v as number);
    }
  };
  const docs = fc.record({ a: fc.integer({ min: 0, max: 5 }), b: fc.record({ c: fc.integer({ min: 0, max: 5 }) }), list: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }) });

  it('on random filters and documents', () => {
    fc.assert(
      fc.property(tree, docs, (f, d) => {
        expect(compileFilter(toFilter(f))(d)).toBe(reference(f, d));
      }),
      { numRuns: 500 },
    );
  });
});
