// add, sub, mul, div, mod, neg: int wraps at 32 bits (|0, Math.imul), long at 64 (BigInt.asIntN),
// doubles follow IEEE 754; div is floating and null on a zero divisor, mod is Java's % and null on zero.
import type { NumericType } from '../../plan/index.ts';
import { allocValues, andValid, doubles, lane, type Lane } from '../columns/lane.ts';
import { rowwise } from './rowwise.ts';
import { castLane } from './cast.ts';
import type { FnKernel, FnKernelFactory } from './kernel-types.ts';

interface BinaryOps {
  readonly int: (a: number, b: number) => number | null;
  readonly long: (a: bigint, b: bigint) => bigint | null;
  readonly double: (a: number, b: number) => number | null;
}

interface UnaryOps {
  readonly int: (a: number) => number;
  readonly long: (a: bigint) => bigint;
  readonly double: (a: number) => number;
}

const wrap64 = (v: bigint) => BigInt.asIntN(64, v);

/** Applies `ops` for the result type to both arguments widened to it. */
export function numericBinary(ops: BinaryOps): FnKernelFactory {
  return (call) => {
    const t = call.type as NumericType;
    const f = ops[t] as (a: unknown, b: unknown) => unknown;
    return (args, n) => {
      const a = castLane(args[0], t).values as ArrayLike<unknown>;
      const b = castLane(args[1], t).values as ArrayLike<unknown>;
      const out = allocValues(t, n) as unknown as unknown[];
      let valid = andValid(n, args[0], args[1]);
      for (let i = 0; i < n; i++) {
        if (valid !== null && valid[i] === 0) continue;
        const r = f(a[i], b[i]);
        if (r === null) {
          valid ??= new Uint8Array(n).fill(1);
          valid[i] = 0;
        } else out[i] = r;
      }
      return lane(t, out as unknown as Lane['values'], valid);
    };
  };
}

export function numericUnary(ops: UnaryOps): FnKernelFactory {
  return (call): FnKernel => {
    const t = call.type as NumericType;
    const f = ops[t] as (a: unknown) => unknown;
    return (args, n) => {
      const a = castLane(args[0], t).values as ArrayLike<unknown>;
      const out = allocValues(t, n) as unknown as unknown[];
      const valid = andValid(n, args[0]);
      for (let i = 0; i < n; i++) if (valid === null || valid[i] === 1) out[i] = f(a[i]);
      return lane(t, out as unknown as Lane['values'], valid);
    };
  };
}

export const ARITHMETIC = {
  add: numericBinary({ int: (a, b) => (a + b) | 0, long: (a, b) => wrap64(a + b), double: (a, b) => a + b }),
  sub: numericBinary({ int: (a, b) => (a - b) | 0, long: (a, b) => wrap64(a - b), double: (a, b) => a - b }),
  mul: numericBinary({ int: (a, b) => Math.imul(a, b), long: (a, b) => wrap64(a * b), double: (a, b) => a * b }),
  div: () => (args, n) => {
    const a = doubles(castLane(args[0], 'double'));
    const b = doubles(castLane(args[1], 'double'));
    return rowwise('double', n, args, (i) => (b[i] === 0 ? null : a[i] / b[i]));
  },
  mod: numericBinary({
    int: (a, b) => (b === 0 ? null : (a % b) | 0),
    long: (a, b) => (b === 0n ? null : a % b),
    double: (a, b) => (b === 0 ? null : a % b),
  }),
  neg: numericUnary({ int: (a) => -a | 0, long: (a) => wrap64(-a), double: (a) => -a }),
} satisfies Record<string, FnKernelFactory>;
