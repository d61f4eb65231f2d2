import { estimatedBytes, Lru } from '../../../src/commands/lru';

describe('the aggregate cache', () => {
  it('forgets the least recently used entry beyond its count', () => {
    const cache = new Lru<string, string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.get('a');
    cache.set('c', 'C');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
  });

  it('forgets entries beyond its size in bytes, however few they are', () => {
    const big = { seqs: new Array(1000).fill(0) };
    const cache = new Lru<string, object>(100, estimatedBytes(big) * 2 + 1);
    for (const key of ['a', 'b', 'c']) cache.set(key, { seqs: new Array(1000).fill(0) });
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((v) => v !== undefined)).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('estimates a state by its collections', () => {
    const small = { items: new Map([['k', 1]]) };
    const large = { items: new Map(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])) };
    expect(estimatedBytes(large)).toBeGreaterThan(estimatedBytes(small) * 100);
  });
});
