import { BoundedMap } from './bounded-map.js';

describe('BoundedMap', () => {
  it('forgets the oldest keys beyond its capacity; updates keep their place', () => {
    const map = new BoundedMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    map.set('a', 10);
    map.set('d', 4);
    expect([...map].map(([k]) => k).sort()).toEqual(['b', 'c', 'd']);
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(3);
  });

  it('stays bounded and correct over many insertions and deletions', () => {
    const map = new BoundedMap<number, number>(100);
    for (let i = 0; i < 100_000; i++) {
      map.set(i, i);
      if (i % 3 === 0) map.delete(i - 1);
      expect(map.size).toBeLessThanOrEqual(100);
    }
    expect(map.get(99_999)).toBe(99_999);
    expect(map.get(0)).toBeUndefined();
  });
});
