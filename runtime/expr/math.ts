// abs, round, floor, ceil. abs wraps like Java (|MIN_VALUE| is MIN_VALUE); floor and ceil return long,
// converting doubles as Java's (long) does (saturating, NaN to 0).
import type { NumericType } from '../../plan/index.ts';
import { doubles, ints, longs, type Lane } from '../columns/lane.ts';
import { castLane, doubleToLong } from './cast.ts';
import { numericUnary } from './arithmetic.ts';
import { literalArg, type FnKernelFactory } from './kernel-types.ts';
import { roundDouble, roundIntegral } from './round-half-away.ts';
import { rowwise } from './rowwise.ts';

const ROUND_FROM: { readonly [T in NumericType]: (l: Lane, d: number) => (i: number) => number } = {
  int: (l, d) => {
    const v = ints(l);
    return (i) => roundIntegral(BigInt(v[i]), d);
  },
  long: (l, d) => {
    const v = longs(l);
    return (i) => roundIntegral(v[i], d);
  },
  double: (l, d) => {
    const v = doubles(l);
    return (i) => roundDouble(v[i], d);
  },
};

const toLong = (f: (x: number) => number): FnKernelFactory => () => (args, n) => {
  if (args[0].type !== 'double') return castLane(args[0], 'long');
  const v = doubles(args[0]);
  return rowwise('long', n, args, (i) => doubleToLong(f(v[i])));
};

export const MATH = {
  abs: numericUnary({ int: (a) => Math.abs(a) | 0, long: (a) => BigInt.asIntN(64, a < 0n ? -a : a), double: Math.abs }),
  round: (call, site) => {
    const d = literalArg<number>(call, 1, site);
    return (args, n) => {
      const at = ROUND_FROM[args[0].type as NumericType](args[0], d);
      return rowwise('double', n, [args[0]], at);
    };
  },
  floor: toLong(Math.floor),
  ceil: toLong(Math.ceil),
} satisfies Record<string, FnKernelFactory>;
