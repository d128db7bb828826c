import { DEFAULT_LEARNING_PARAMETERS, resolveLearningParameters } from './learning-parameters.js';

describe('resolveLearningParameters', () => {
  it('merges onto the defaults', () => {
    const p = resolveLearningParameters({ noveltyThreshold: 0.2 });
    expect(p).toEqual({ ...DEFAULT_LEARNING_PARAMETERS, noveltyThreshold: 0.2 });
    expect(p.dimensionScales).not.toBe(DEFAULT_LEARNING_PARAMETERS.dimensionScales);
  });

  it('names every bad field and rule', () => {
    try {
      resolveLearningParameters({ dimensionScales: [1, 1, 1, 0, 1, 1, 1, Number.NaN], plasticity: 2, maxNeighbors: 0.5, bogus: 1 } as never);
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as { issues: { field: string; rule: string }[] }).issues.map((i) => `${i.field}:${i.rule}`)).toEqual([
        'bogus:unknown',
        'dimensionScales.3:range',
        'dimensionScales.7:range',
        'plasticity:range',
        'maxNeighbors:integer',
      ]);
    }
    expect(() => resolveLearningParameters('fast')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
