// How PySpark spells each catalogue function (DataFrame API and pyspark.sql.functions only). Keyed on
// FnName: a function added to plan/catalogue.ts does not compile until it is spelled here or marked
// unsupported with a reason.
import { ADD_UNIT_MS, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, maxAddAmount, type AddFn, type Call, type ColumnType, type FnName } from '../../plan/index.ts';
import type { ExprEnv } from './expr-env.ts';
import { binop, call, castTo, F, int, method, none, str, unop, type BinOp, type Py } from './py-ast.ts';
import { javaTimePattern, strictTimeRegex } from './time-pattern-spark.ts';
import { literalValue, participation, splitRegex } from './literal-args.ts';

export type Emit = (args: readonly Py[], call: Call, env: ExprEnv) => Py;

export type Spelling =
  | { readonly kind: 'op'; readonly op: BinOp }
  | { readonly kind: 'fn'; readonly fn: string }
  | { readonly kind: 'method'; readonly method: string }
  | { readonly kind: 'emit'; readonly emit: Emit };

export interface Unsupported {
  readonly kind: 'unsupported';
  readonly reason: string;
}

const op = (o: BinOp): Spelling => ({ kind: 'op', op: o });
const fn = (f: string): Spelling => ({ kind: 'fn', fn: f });
const meth = (m: string): Spelling => ({ kind: 'method', method: m });
const emit = (e: Emit): Spelling => ({ kind: 'emit', emit: e });

const isString = (c: Call) => c.args[0].type === 'string';

/** Strings compare as UTF-16 code units (the plan's order); Spark compares UTF-8 bytes, so compare encodings. */
const compare = (o: BinOp): Spelling =>
  emit(([a, b], c, env) => (isString(c) ? binop(o, call(env.helper('utf16'), [a]), call(env.helper('utf16'), [b])) : binop(o, a, b)));

const asType = (p: Py, t: ColumnType) => castTo(p, t);

const millisBetween = (a: Py, b: Py): Py => binop('-', F('unix_millis', b), F('unix_millis', a));

/** `value` where n (epoch seconds or millis) lands in years 0001-9999, else null (F.when without otherwise). */
const inRange = (n: Py, unit: 1 | 1000, value: Py): Py =>
  F('when', method(n, 'between', int(Math.ceil(MIN_TIMESTAMP_MS / unit)), int(Math.floor(MAX_TIMESTAMP_MS / unit))), value);

/** t plus n units through epoch millis; |n| is bounded before it is multiplied, then the result is. */
function addUnits(fn: AddFn, t: Py, n: Py): Py {
  const max = maxAddAmount(fn);
  const ms = binop('+', F('unix_millis', t), binop('*', castTo(n, 'long'), int(ADD_UNIT_MS[fn])));
  const ok = binop('&', method(n, 'between', int(-max), int(max)), method(ms, 'between', int(MIN_TIMESTAMP_MS), int(MAX_TIMESTAMP_MS)));
  return F('when', ok, F('timestamp_millis', ms));
}

export const PYSPARK_FUNCTIONS: { readonly [K in FnName]: Spelling | Unsupported } = {
  add: op('+'),
  sub: op('-'),
  mul: op('*'),
  // Non-ANSI Spark divides as double and gives null for a zero divisor, as the plan says (the script turns ANSI off).
  div: op('/'),
  mod: op('%'),
  neg: emit(([a]) => unop('-', a)),
  eq: op('=='),
  ne: op('!='),
  lt: compare('<'),
  le: compare('<='),
  gt: compare('>'),
  ge: compare('>='),
  and: op('&'),
  or: op('|'),
  not: emit(([a]) => unop('~', a)),
  isNull: meth('isNull'),
  isNotNull: meth('isNotNull'),
  coalesce: emit((args, c) => F('coalesce', ...args.map((a, i) => (c.args[i].type === c.type ? a : asType(a, c.type))))),
  lower: fn('lower'),
  upper: fn('upper'),
  // F.trim removes U+0020 only, as the plan's trim.
  trim: fn('trim'),
  length: emit(([s], _c, env) => call(env.helper('utf16_length'), [s])),
  substring: emit(([s, start, len], _c, env) => call(env.helper('utf16_substring'), [s, start, len])),
  concat: fn('concat'),
  startsWith: meth('startswith'),
  endsWith: meth('endswith'),
  contains: meth('contains'),
  regexExtract: emit(([s], c, env) => {
    const pattern = literalValue<string>(c, 1, env);
    const group = literalValue<number>(c, 2, env);
    return call(env.helper('regex_group'), [s, str(pattern), int(group), participation(pattern, group, env)]);
  }),
  // rlike finds; anchored at both ends it tests the whole string (\z, as Java's $ also matches before a final line break).
  matches: emit(([s], c, env) => method(s, 'rlike', str(`\\A(?:${literalValue<string>(c, 1, env)})\\z`))),
  splitPart: emit(([s], c, env) => {
    const sep = literalValue<string>(c, 1, env);
    const n = literalValue<number>(c, 2, env);
    // Parts are 1-based: none below 1, getItem past the end is null (non-ANSI); '' does not split.
    if (n < 1 || (sep === '' && n > 1)) return castTo(F('lit', none), 'string');
    if (sep === '') return s;
    return method(F('split', s, str(splitRegex(sep)), int(-1)), 'getItem', int(n - 1));
  }),
  year: fn('year'),
  month: fn('month'),
  day: fn('dayofmonth'),
  hour: fn('hour'),
  minute: fn('minute'),
  second: fn('second'),
  // F.dayofweek is Sunday 1 to Saturday 7; F.weekday is Monday 0 to Sunday 6.
  dayOfWeek: emit(([t]) => binop('+', F('weekday', t), int(1))),
  dayOfYear: fn('dayofyear'),
  // ISO 8601 weeks (Monday first, week 1 has more than three days of the year).
  weekOfYear: fn('weekofyear'),
  truncMinute: emit(([t]) => F('date_trunc', str('minute'), t)),
  truncHour: emit(([t]) => F('date_trunc', str('hour'), t)),
  truncDay: emit(([t]) => F('date_trunc', str('day'), t)),
  // date_trunc's week starts on Monday.
  truncWeek: emit(([t]) => F('date_trunc', str('week'), t)),
  truncMonth: emit(([t]) => F('date_trunc', str('month'), t)),
  truncYear: emit(([t]) => F('date_trunc', str('year'), t)),
  // unix_seconds rounds down (floorDiv of microseconds), as the plan does before 1970.
  toEpochSeconds: fn('unix_seconds'),
  toEpochMillis: fn('unix_millis'),
  fromEpochSeconds: emit(([n]) => inRange(n, 1000, F('timestamp_seconds', n))),
  fromEpochMillis: emit(([n]) => inRange(n, 1, F('timestamp_millis', n))),
  millisBetween: emit(([a, b]) => millisBetween(a, b)),
  // Truncated toward zero exactly: a multiple of 1000 divided as double, then cast.
  secondsBetween: emit(([a, b]) => {
    const d = millisBetween(a, b);
    return castTo(binop('/', binop('-', d, binop('%', d, int(1000))), int(1000)), 'long');
  }),
  addSeconds: emit(([t, n]) => addUnits('addSeconds', t, n)),
  addMinutes: emit(([t, n]) => addUnits('addMinutes', t, n)),
  addHours: emit(([t, n]) => addUnits('addHours', t, n)),
  addDays: emit(([t, n]) => addUnits('addDays', t, n)),
  formatTime: emit(([t], c, env) => F('date_format', t, str(javaTimePattern(literalValue<string>(c, 1, env), env)))),
  parseTime: emit(([s], c, env) => {
    const pattern = literalValue<string>(c, 1, env);
    return call(env.helper('parse_time'), [s, str(strictTimeRegex(pattern, env)), str(javaTimePattern(pattern, env))]);
  }),
  abs: fn('abs'),
  // Spark's round is HALF_UP on the decimal text of a double (2.675 -> 2.68) and keeps integer types.
  // Integers round exactly (as decimals: a Spark int would overflow), then become double.
  round: emit(([x], c, env) =>
    castTo(F('round', c.args[0].type === 'double' ? x : castTo(x, 'decimal(20,0)'), int(literalValue<number>(c, 1, env))), 'double'),
  ),
  floor: emit(([x]) => castTo(F('floor', x), 'long')),
  ceil: emit(([x]) => castTo(F('ceil', x), 'long')),
};

/** Functions PySpark cannot express, with the reason (none today; kept so the docs and tests can list them). */
export const PYSPARK_UNSUPPORTED_FUNCTIONS: readonly FnName[] = (Object.keys(PYSPARK_FUNCTIONS) as FnName[]).filter(
  (k) => PYSPARK_FUNCTIONS[k].kind === 'unsupported',
);
