// A small imperative face over fast-check's `gen`: type-directed generators (expressions over a schema,
// plans over tables) read better as code that draws choices than as nested chains of arbitraries.
import fc from 'fast-check';

export interface Draw {
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  /** One item, chosen with the given weights. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T;
  /** A value of any arbitrary. */
  from<T>(arb: fc.Arbitrary<T>): T;
}

export function drawOf(g: fc.GeneratorValue): Draw {
  const small = (x: number) => x >= -0x80000000 && x <= 0x7fffffff;
  // fc.integer covers 32 bits; wider ranges (epoch milliseconds) go through bigInt.
  const int = (min: number, max: number) =>
    // noBias: the weights and rates below mean what they say (fast-check favours small values otherwise).
    small(min) && small(max) ? g(() => fc.noBias(fc.integer({ min, max }))) : Number(g(() => fc.noBias(fc.bigInt({ min: BigInt(min), max: BigInt(max) }))));
  return {
    int,
    chance: (p) => int(0, 9_999) < p * 10_000,
    pick: (xs) => {
      if (xs.length === 0) throw new Error('pick from an empty list');
      return xs[int(0, xs.length - 1)];
    },
    weighted: (choices) => {
      const total = choices.reduce((s, [w]) => s + w, 0);
      let r = int(0, Math.max(0, Math.ceil(total * 1000) - 1)) / 1000;
      for (const [w, v] of choices) {
        if (r < w) return v;
        r -= w;
      }
      return choices[choices.length - 1][1];
    },
    from: (arb) => g(() => arb),
  };
}

/** An arbitrary built by imperative drawing. */
export function drawn<T>(build: (d: Draw) => T): fc.Arbitrary<T> {
  return fc.gen().map((g) => build(drawOf(g)));
}
