// Per-group accumulators of the aggregate functions: count, countDistinct, sum (long with 64-bit wrap,
// or double), avg, min, max, (distribution-accumulators.ts) percentiles and variances, and
// (ordered-accumulators.ts) first and last by order. All skip null
// arguments; every aggregate but count of no value is null.
import type { AggFn, AggOrderKey, ColumnType } from '../../plan/index.ts';
import { lane, laneOfScalars, type Lane, type Scalar } from '../columns/lane.ts';
import { compareScalars } from './sort-order.ts';
import { approxPercentileAcc, percentileAcc, varianceAcc } from './distribution-accumulators.ts';
import { orderedAcc } from './ordered-accumulators.ts';

export interface Accumulator {
  /** Adds n rows; row i belongs to group `groups[i]`. `arg` is null only for count(); `order` are first/last's keys. */
  add(groups: Int32Array, arg: Lane | null, n: number, order?: readonly Lane[]): void;
  /** One value per group 0..count-1. */
  finish(count: number): Lane;
}

/** `params` are the call's literal parameters (percentile's p, ...), empty for most; `order` first/last's order. */
type Factory = (argType: ColumnType | null, params: readonly number[], order?: readonly AggOrderKey[]) => Accumulator;

/** A typed array that doubles its capacity as groups appear. */
class Grown<A extends Float64Array | BigInt64Array | Uint8Array> {
  constructor(public a: A) {}
  at(g: number): A {
    if (g >= this.a.length) {
      const bigger = new (this.a.constructor as new (n: number) => A)(Math.max(g + 1, this.a.length * 2));
      bigger.set(this.a as never);
      this.a = bigger;
    }
    return this.a;
  }
}

const isNullAt = (l: Lane, i: number) => l.valid !== null && l.valid[i] === 0;

const count: Factory = () => {
  const n = new Grown(new Float64Array(16));
  return {
    add(groups, arg, rows) {
      for (let i = 0; i < rows; i++) if (arg === null || !isNullAt(arg, i)) n.at(groups[i])[groups[i]]++;
    },
    finish: (k) => lane('long', BigInt64Array.from(n.at(k).subarray(0, k), (c) => BigInt(c)), null),
  };
};

const countDistinct: Factory = () => {
  const sets: Set<Scalar>[] = [];
  return {
    add(groups, arg, rows) {
      const v = arg!.values as ArrayLike<Scalar>;
      for (let i = 0; i < rows; i++) {
        const g = groups[i];
        sets[g] ??= new Set();
        if (!isNullAt(arg!, i)) sets[g].add(v[i]);
      }
    },
    finish: (k) => lane('long', BigInt64Array.from({ length: k }, (_, g) => BigInt(sets[g]?.size ?? 0)), null),
  };
};

/**
 * Sum of ints and longs: exact in a double until 2^52, then carried into a 64-bit long (which wraps like
 * Java's). Longs are read as 32-bit halves, so a value within ±2^52 adds without a BigInt.
 */
const sumLong = (argType: ColumnType | null): Accumulator => {
  const small = new Grown(new Float64Array(16));
  const big = new Grown(new BigInt64Array(16));
  const seen = new Grown(new Uint8Array(16));
  const addSmall = (g: number, x: number): void => {
    const s = (small.at(g)[g] += x);
    if (Math.abs(s) > 2 ** 52) {
      big.at(g)[g] += BigInt(s);
      small.a[g] = 0;
    }
  };
  return {
    add(groups, arg, rows) {
      const v = arg!.values as ArrayLike<number | bigint>;
      const longs = argType === 'long' ? (arg!.values as BigInt64Array) : null;
      const halves = longs && new Int32Array(longs.buffer, longs.byteOffset, longs.length * 2);
      for (let i = 0; i < rows; i++) {
        if (isNullAt(arg!, i)) continue;
        const g = groups[i];
        seen.at(g)[g] = 1;
        if (halves === null) addSmall(g, v[i] as number);
        else {
          const hi = halves[2 * i + 1];
          if (hi > -0x100000 && hi < 0x100000) addSmall(g, hi * 0x100000000 + (halves[2 * i] >>> 0));
          else big.at(g)[g] += longs![i];
        }
      }
    },
    finish(k) {
      const out = new BigInt64Array(k);
      const valid = new Uint8Array(k);
      for (let g = 0; g < k; g++) {
        out[g] = big.at(g)[g] + BigInt(small.at(g)[g]);
        valid[g] = seen.at(g)[g];
      }
      return lane('long', out, valid);
    },
  };
};

/** Sum and count as doubles: sum(double) and avg of any number. */
const doubleTotals = (result: (sum: number, n: number) => number): Factory => () => {
  const sum = new Grown(new Float64Array(16));
  const n = new Grown(new Float64Array(16));
  return {
    add(groups, arg, rows) {
      const v = arg!.values as ArrayLike<number | bigint>;
      for (let i = 0; i < rows; i++) {
        if (isNullAt(arg!, i)) continue;
        const g = groups[i];
        sum.at(g)[g] += Number(v[i]);
        n.at(g)[g]++;
      }
    },
    finish(k) {
      const out = new Float64Array(k);
      const valid = new Uint8Array(k);
      for (let g = 0; g < k; g++) {
        const c = n.at(g)[g];
        if (c > 0) {
          out[g] = result(sum.a[g], c);
          valid[g] = 1;
        }
      }
      return lane('double', out, valid);
    },
  };
};

const extreme = (sign: 1 | -1): Factory => (argType) => {
  const best: (Scalar | null)[] = [];
  return {
    add(groups, arg, rows) {
      const v = arg!.values as ArrayLike<Scalar>;
      for (let i = 0; i < rows; i++) {
        if (isNullAt(arg!, i)) continue;
        const g = groups[i];
        const b = best[g];
        if (b === undefined || b === null || sign * compareScalars(v[i], b) > 0) best[g] = v[i];
      }
    },
    finish: (k) => laneOfScalars(argType!, Array.from({ length: k }, (_, g) => best[g] ?? null)),
  };
};

export const ACCUMULATORS: { readonly [A in AggFn]: Factory } = {
  count,
  countDistinct,
  sum: (t, p) => (t === 'double' ? doubleTotals((s) => s)(t, p) : sumLong(t)),
  avg: doubleTotals((s, n) => s / n),
  min: extreme(-1),
  max: extreme(1),
  percentile: percentileAcc,
  approxPercentile: approxPercentileAcc,
  varSamp: varianceAcc(1, false),
  varPop: varianceAcc(0, false),
  stddevSamp: varianceAcc(1, true),
  stddevPop: varianceAcc(0, true),
  first: orderedAcc(false),
  last: orderedAcc(true),
};
