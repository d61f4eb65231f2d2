/**
 * A small seeded generator (32-bit state, Weyl sequence with an xorshift-multiply finaliser): the same
 * seed gives the same draws, so a random fault plan that found a bug can be replayed from its seed.
 * Not for anything but tests.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 2 ** 32;
  };
}
