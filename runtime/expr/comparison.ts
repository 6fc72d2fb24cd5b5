// eq, ne, lt, le, gt, ge: numbers compare after widening to the wider type (Java's rules), strings by
// UTF-16 code units, booleans false < true, times by instant. NaN is unordered: only ne holds.
import { isNumeric, widenNumeric, type ColumnType, type NumericType } from '../../plan/index.ts';
import { allocValues, andValid, lane, type Lane } from '../columns/lane.ts';
import { castLane } from './cast.ts';
import type { FnKernelFactory } from './kernel-types.ts';

/** -1, 0, 1, or NaN when unordered. */
const order = (a: number | bigint | string, b: number | bigint | string): number => (a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN);

function commonType(a: ColumnType, b: ColumnType): ColumnType {
  return isNumeric(a) && isNumeric(b) ? widenNumeric(a as NumericType, b as NumericType) : a;
}

function comparison(test: (c: number) => boolean): FnKernelFactory {
  return () => (args, n) => {
    const t = commonType(args[0].type, args[1].type);
    const a = castLane(args[0], t).values as ArrayLike<number | bigint | string>;
    const b = castLane(args[1], t).values as ArrayLike<number | bigint | string>;
    const out = allocValues('boolean', n) as Uint8Array;
    const valid = andValid(n, args[0], args[1]);
    for (let i = 0; i < n; i++) out[i] = test(order(a[i], b[i])) ? 1 : 0;
    return lane('boolean', out, valid) as Lane;
  };
}

export const COMPARISON = {
  eq: comparison((c) => c === 0),
  ne: comparison((c) => c !== 0),
  lt: comparison((c) => c < 0),
  le: comparison((c) => c <= 0),
  gt: comparison((c) => c > 0),
  ge: comparison((c) => c >= 0),
} satisfies Record<string, FnKernelFactory>;
