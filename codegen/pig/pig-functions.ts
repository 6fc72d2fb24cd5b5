// How Pig spells each catalogue function, keyed on FnName: a function added to plan/catalogue.ts does not
// compile until it is spelled here (or marked unsupported). Simple ones name a Pig built-in; the rest emit
// an expression (or a condition, for what Pig can only test) with the plan's null, overflow and UTF-16
// behaviour. Every function is spelled today; only mod of doubles is refused.
import type { FnName } from '../../plan/index.ts';
import { bincond, binop, call, cast, int, isNotNull, isNull, konst, long, not, nullOf, or, type BinOp, type PigExpr } from './pig-ast.ts';
import { compare } from './pig-compare.ts';
import type { PigFnArgs, PigSpelling } from './pig-fn-args.ts';
import { matches, regexExtract, splitPart, substring, trim } from './pig-string-fns.ts';
import {
  addUnits, formatTime, fromEpoch, jodaField, millisBetween, MS_PER_DAY, MS_PER_HOUR, parseTime, secondsBetween, toEpochSeconds, truncMonth,
  truncTo, truncWeek, truncYear,
} from './pig-time-fns.ts';
import { pigType } from './pig-types.ts';

const fn = (name: string): PigSpelling => ({ kind: 'fn', fn: name });
const value = (emit: (a: PigFnArgs) => PigExpr): PigSpelling => ({ kind: 'value', emit });
const cond = (emit: (a: PigFnArgs) => PigExpr): PigSpelling => ({ kind: 'cond', emit });

/** `a op b` in the call's (widened) type; int and long wrap on overflow as Java does. */
const arithmetic = (op: BinOp): PigSpelling => value((a) => binop(op, a.valueAs(0, a.call.type), a.valueAs(1, a.call.type)));

/** True when argument i is zero; for doubles -0.0 too, which Pig's == tells apart from 0.0. */
function isZero(a: PigFnArgs, i: number): PigExpr {
  const t = a.type(i);
  if (t === 'double') {
    const x = a.value(i);
    return or(binop('==', x, konst('0.0')), binop('==', x, konst('-0.0')));
  }
  return binop('==', a.value(i), t === 'long' ? long(0) : int(0));
}

const ZERO = { int: int(0), long: long(0), double: konst('-0.0') } as const;

/** The divisor is a literal other than zero: no guard needed. */
const nonZeroLiteral = (a: PigFnArgs, i: number) => {
  const v = a.literal<number>(i);
  return v !== undefined && v !== 0;
};

export const PIG_FUNCTIONS: { readonly [F in FnName]: PigSpelling } = {
  add: arithmetic('+'),
  sub: arithmetic('-'),
  mul: arithmetic('*'),
  // Floating division, null for a zero divisor (Pig gives null for 0.0 but -Infinity for -0.0).
  div: value((a) => {
    const q = binop('/', a.valueAs(0, 'double'), a.valueAs(1, 'double'));
    return nonZeroLiteral(a, 1) ? q : bincond(isZero(a, 1), nullOf('double'), q);
  }),
  // Java's % (sign of the dividend); Pig throws on a zero divisor, so it is guarded to null.
  mod: value((a) => {
    if (a.call.type === 'double') a.unsupported('mod-double');
    const r = binop('%', a.valueAs(0, a.call.type), a.valueAs(1, a.call.type));
    return nonZeroLiteral(a, 1) ? r : bincond(isZero(a, 1), nullOf(pigType(a.call.type)), r);
  }),
  // 0 - a (-0.0 - a for doubles) is exact negation, wrapping like Java; `-(10)` would be NEG of a tuple.
  neg: value((a) => binop('-', ZERO[a.call.type as 'int' | 'long' | 'double'], a.value(0))),
  eq: cond((a) => compare('==', a)),
  ne: cond((a) => compare('!=', a)),
  lt: cond((a) => compare('<', a)),
  le: cond((a) => compare('<=', a)),
  gt: cond((a) => compare('>', a)),
  ge: cond((a) => compare('>=', a)),
  // Pig's AND, OR and NOT are three-valued as the plan's are (false AND null is false, NOT null is null).
  and: cond((a) => binop('AND', a.cond(0), a.cond(1))),
  or: cond((a) => binop('OR', a.cond(0), a.cond(1))),
  not: cond((a) => not(a.cond(0))),
  isNull: cond((a) => isNull(a.value(0))),
  isNotNull: cond((a) => isNotNull(a.value(0))),
  coalesce: value((a) => {
    const t = a.call.type;
    const args = a.call.args.map((_, i) => a.valueAs(i, t));
    return args.slice(0, -1).reduceRight((rest, x) => bincond(isNotNull(x), x, rest), args[args.length - 1]);
  }),
  lower: fn('LOWER'),
  upper: fn('UPPER'),
  trim: value(trim),
  // SIZE counts UTF-16 units, as the plan does, but returns a long.
  length: value((a) => cast('int', call('SIZE', a.value(0)))),
  substring: value(substring),
  // CONCAT is null when any part is null.
  concat: fn('CONCAT'),
  startsWith: fn('STARTSWITH'),
  endsWith: fn('ENDSWITH'),
  contains: cond((a) => binop('>=', call('INDEXOF', a.value(0), a.value(1), int(0)), int(0))),
  regexExtract: value(regexExtract),
  matches: value(matches),
  splitPart: value(splitPart),
  year: fn('GetYear'),
  month: fn('GetMonth'),
  day: fn('GetDay'),
  hour: fn('GetHour'),
  minute: fn('GetMinute'),
  second: fn('GetSecond'),
  dayOfWeek: value((a) => jodaField(a.value(0), 'e')),
  dayOfYear: value((a) => jodaField(a.value(0), 'D')),
  // Joda's week of the week-based year: ISO 8601.
  weekOfYear: fn('GetWeek'),
  truncMinute: value((a) => truncTo(a.value(0), 60_000)),
  truncHour: value((a) => truncTo(a.value(0), MS_PER_HOUR)),
  truncDay: value((a) => truncTo(a.value(0), MS_PER_DAY)),
  truncWeek: value((a) => truncWeek(a.value(0))),
  truncMonth: value((a) => truncMonth(a.value(0))),
  truncYear: value((a) => truncYear(a.value(0))),
  toEpochSeconds: value((a) => toEpochSeconds(a.value(0))),
  toEpochMillis: fn('ToMilliSeconds'),
  fromEpochSeconds: value((a) => fromEpoch(a.valueAs(0, 'long'), 1000)),
  fromEpochMillis: value((a) => fromEpoch(a.valueAs(0, 'long'), 1)),
  secondsBetween: value((a) => secondsBetween(a.value(0), a.value(1))),
  millisBetween: value((a) => millisBetween(a.value(0), a.value(1))),
  addSeconds: value((a) => addUnits('addSeconds', a.value(0), a.valueAs(1, 'long'))),
  addMinutes: value((a) => addUnits('addMinutes', a.value(0), a.valueAs(1, 'long'))),
  addHours: value((a) => addUnits('addHours', a.value(0), a.valueAs(1, 'long'))),
  addDays: value((a) => addUnits('addDays', a.value(0), a.valueAs(1, 'long'))),
  formatTime: value(formatTime),
  parseTime: value(parseTime),
  // ABS of the smallest int or long is itself, as in Java; Pig's int and long ABS throw on null.
  abs: value((a) => {
    const x = a.value(0);
    return a.type(0) === 'double' ? call('ABS', x) : bincond(isNull(x), nullOf(pigType(a.type(0))), call('ABS', x));
  }),
  // ROUND_TO rounds BigDecimal.valueOf(x) (the Double.toString digits) with mode 4, HALF_UP: away from zero
  // on ties of the decimal text, as the plan says. It throws on NaN and infinities, which round to themselves.
  round: value((a) => {
    const x = a.valueAs(0, 'double');
    const rounded = call('ROUND_TO', x, a.value(1), int(4));
    if (a.type(0) !== 'double') return rounded;
    const finite = binop('==', binop('-', x, x), konst('0.0'));
    return bincond(finite, rounded, x);
  }),
  floor: value((a) => (a.type(0) === 'double' ? cast('long', call('FLOOR', a.value(0))) : a.valueAs(0, 'long'))),
  ceil: value((a) => (a.type(0) === 'double' ? cast('long', call('CEIL', a.value(0))) : a.valueAs(0, 'long'))),
};

