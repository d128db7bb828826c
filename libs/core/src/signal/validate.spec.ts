import { runInNewContext } from 'node:vm';
import { isPlainObject } from './validate';

describe('isPlainObject', () => {
  it('accepts object literals of any realm and objects without a prototype, nothing else', () => {
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(runInNewContext('({ a: 1 })'))).toBe(true);
    expect(isPlainObject(structuredClone({ nested: { a: 1 } }).nested)).toBe(true);
    class Point {
      x = 1;
    }
    for (const value of [new Point(), new Date(), runInNewContext('new Date()'), new Map(), [], runInNewContext('[]'), null, 'text', 1]) {
      expect(isPlainObject(value)).toBe(false);
    }
  });
});
