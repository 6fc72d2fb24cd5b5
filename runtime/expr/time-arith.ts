// Time arithmetic in UTC on epoch milliseconds: to and from epoch seconds/millis, differences, and adding
// whole seconds, minutes, hours or days. Results outside years 0001-9999 are null (plan/time-range.ts).
import { ADD_UNIT_MS, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, type AddFn } from '../../plan/index.ts';
import { doubles, ints, longs, type Lane } from '../columns/lane.ts';
import { exactFloorDiv } from './civil-time.ts';
import type { FnKernelFactory } from './kernel-types.ts';
import { rowwise } from './rowwise.ts';

/** Row i of an int or long lane as a number (a long past 2^53 rounds, which only matters far out of range). */
const wholeReader = (l: Lane): ((i: number) => number) => {
  if (l.type === 'int') {
    const v = ints(l);
    return (i) => v[i];
  }
  const v = longs(l);
  return (i) => Number(v[i]);
};

const inRange = (ms: number): number | null => (ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS ? ms : null);

const toLong = (f: (ms: number) => number): FnKernelFactory => () => (args, n) => {
  const ms = doubles(args[0]);
  return rowwise('long', n, args, (i) => BigInt(f(ms[i])));
};

const fromEpoch = (unit: number): FnKernelFactory => () => (args, n) => {
  const v = wholeReader(args[0]);
  return rowwise('timestamp', n, args, (i) => inRange(v(i) * unit));
};

const between = (f: (diff: number) => number): FnKernelFactory => () => (args, n) => {
  const [a, b] = [doubles(args[0]), doubles(args[1])];
  return rowwise('long', n, args, (i) => BigInt(f(b[i] - a[i])));
};

const add = (fn: AddFn): FnKernelFactory => () => (args, n) => {
  const ms = doubles(args[0]);
  const amount = wholeReader(args[1]);
  const unit = ADD_UNIT_MS[fn];
  return rowwise('timestamp', n, args, (i) => inRange(ms[i] + amount(i) * unit));
};

export const TIME_ARITH = {
  toEpochSeconds: toLong((ms) => exactFloorDiv(ms, 1000)),
  toEpochMillis: toLong((ms) => ms),
  fromEpochSeconds: fromEpoch(1000),
  fromEpochMillis: fromEpoch(1),
  // Truncated toward zero without rounding: the difference is an integer well within 2^53.
  secondsBetween: between((d) => (d - (d % 1000)) / 1000),
  millisBetween: between((d) => d),
  addSeconds: add('addSeconds'),
  addMinutes: add('addMinutes'),
  addHours: add('addHours'),
  addDays: add('addDays'),
} satisfies Record<string, FnKernelFactory>;
