import { describe, expect, it } from 'vitest';
import { buildFilter } from './filter-builder.js';

describe('the filter builder', () => {
  it('turns conditions into one filter, typing values and merging operators on a field', () => {
    expect(
      buildFilter([
        { field: 'tags', operator: '$contains', value: 'alarm' },
        { field: 'priority', operator: '$gt', value: '10' },
        { field: 'priority', operator: '$lt', value: '200' },
        { field: 'result.isNovel', operator: '$eq', value: 'true' },
        { field: 'space', operator: '$in', value: 'a, b' },
        { field: 'type', operator: '$regex', value: '^signal\\.' },
        { field: ' ', operator: '$eq', value: 'ignored' },
      ]),
    ).toEqual({
      tags: { $contains: 'alarm' },
      priority: { $gt: 10, $lt: 200 },
      'result.isNovel': { $eq: true },
      space: { $in: ['a', 'b'] },
      type: { $regex: '^signal\\.' },
    });
  });

  it('is no filter at all without a condition', () => {
    expect(buildFilter([])).toBeUndefined();
  });
});
