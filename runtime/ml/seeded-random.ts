// A small seeded generator (SplitMix32 over the seed's 64 bits): the runtime's random choices (k-means++
// centres, bootstrap samples, feature subsets) depend only on the seed.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform whole number in [0, n). */
  int(n: number): number;
}

export function seededRandom(seed: number): Random {
  const big = BigInt.asUintN(64, BigInt(Math.trunc(seed)));
  let state = Number((big ^ (big >> 32n)) & 0xffffffffn) >>> 0;
  const next32 = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const next = () => (next32() * 2 ** 21 + (next32() >>> 11)) / 2 ** 53;
  return { next, int: (n) => Math.floor(next() * n) };
}

/** A Poisson(1) draw (bootstrap weights), by inversion. */
export function poissonOne(r: Random): number {
  let k = 0;
  let p = Math.exp(-1);
  let cdf = p;
  const u = r.next();
  while (u > cdf && k < 100) {
    k++;
    p /= k;
    cdf += p;
  }
  return k;
}
