import { compilePattern } from './pattern.js';

describe('compilePattern', () => {
  it.each([
    ['*', 'anything.at.all', true],
    ['signal.input.*', 'signal.input.external.text.chat', true],
    ['signal.input.*', 'signal.input.x', true],
    ['signal.input.*', 'signal.inputs.x', false],
    ['signal.input.*', 'signal.input', false],
    ['signal.*.novelty', 'signal.anomaly.novelty', true],
    ['signal.*.novelty', 'signal.anomaly.deep.novelty', false],
    ['module.?nabled', 'module.enabled', true],
    ['module.?nabled', 'module.disabled', false],
    ['module.*abled', 'module.disabled', true],
    ['action.completed', 'action.completed', true],
    ['action.completed', 'action.completed.late', false],
  ])('%s against %s → %s', (pattern, type, expected) => {
    expect(compilePattern(pattern)(type)).toBe(expected);
  });

  it('keeps matching types that appear after compilation', () => {
    const match = compilePattern('sensor.*');
    const later = ['sensor.a', 'sensor.b.c', 'sensors.a'].map((t) => match(t));
    expect(later).toEqual([true, true, false]);
  });

  it.each(['', 'a..b', 'Signal.Input', 'a.b$', 'x'.repeat(129), 42])('refuses %p', (pattern) => {
    expect(() => compilePattern(pattern)).toThrow(expect.objectContaining({ code: 'PATTERN_INVALID' }));
  });
});
