// The function catalogue: every scalar and aggregate function the plan may use, with its typing rule and
// null behaviour. Target compilers key their spelling tables on these names, so a new entry does not compile
// until each target says how to spell it or that it cannot.
import { isNumeric, widenNumeric, type ColumnType, type NumericType } from './types.ts';

export type NullBehaviour =
  | 'propagates' // null if any argument is null
  | 'never-null' // returns a value for null arguments (isNull, ...)
  | 'special'; // documented per function

export interface FnSpec {
  readonly name: string;
  readonly category: 'arithmetic' | 'comparison' | 'logic' | 'null' | 'string' | 'time' | 'math';
  readonly signature: string;
  readonly nulls: NullBehaviour;
  readonly doc: string;
  /** Result type for the given argument types, or an error message. Literal-only arguments are checked by `literalArgs`. */
  readonly result: (args: readonly ColumnType[]) => ColumnType | string;
  /** Indexes of arguments that must be literals (patterns, separators, group numbers). */
  readonly literalArgs?: readonly number[];
}

type Rule = FnSpec['result'];

const numeric2 = (pick: (a: NumericType, b: NumericType) => ColumnType): Rule => (args) =>
  args.length === 2 && isNumeric(args[0]) && isNumeric(args[1])
    ? pick(args[0], args[1])
    : `expects (number, number), got (${args.join(', ')})`;

const fixed = (params: readonly ColumnType[][], out: ColumnType): Rule => (args) =>
  args.length === params.length && args.every((a, i) => params[i].includes(a))
    ? out
    : `expects (${params.map((p) => p.join('|')).join(', ')}), got (${args.join(', ')})`;

const comparable = (a: ColumnType, b: ColumnType): boolean => a === b || (isNumeric(a) && isNumeric(b));

const compare: Rule = (args) =>
  args.length === 2 && comparable(args[0], args[1]) ? 'boolean' : `cannot compare ${args[0]} with ${args[1]}`;

const S: ColumnType[] = ['string'];
const I: ColumnType[] = ['int'];
const B: ColumnType[] = ['boolean'];
const T: ColumnType[] = ['timestamp'];
const TD: ColumnType[] = ['timestamp', 'date'];
const N: ColumnType[] = ['int', 'long', 'double'];
const IL: ColumnType[] = ['int', 'long'];

function spec(
  name: string,
  category: FnSpec['category'],
  signature: string,
  nulls: NullBehaviour,
  doc: string,
  result: Rule,
  literalArgs?: number[],
): FnSpec {
  return Object.freeze({ name, category, signature, nulls, doc, result, literalArgs });
}

export const FUNCTIONS = {
  add: spec('add', 'arithmetic', '(n, n) -> wider n', 'propagates', 'a + b; int and long overflow wraps (two\'s complement, as in Java)', numeric2(widenNumeric)),
  sub: spec('sub', 'arithmetic', '(n, n) -> wider n', 'propagates', 'a - b', numeric2(widenNumeric)),
  mul: spec('mul', 'arithmetic', '(n, n) -> wider n', 'propagates', 'a * b', numeric2(widenNumeric)),
  div: spec('div', 'arithmetic', '(n, n) -> double', 'special', 'a / b as double; null when b is 0 or null', numeric2(() => 'double')),
  mod: spec('mod', 'arithmetic', '(n, n) -> wider n', 'special', 'remainder with the sign of a (Java %); null when b is 0', numeric2(widenNumeric)),
  neg: spec('neg', 'arithmetic', '(n) -> n', 'propagates', '-a', (a) => (a.length === 1 && isNumeric(a[0]) ? a[0] : `expects (number), got (${a.join(', ')})`)),
  eq: spec('eq', 'comparison', '(t, t) -> boolean', 'propagates', 'a = b', compare),
  ne: spec('ne', 'comparison', '(t, t) -> boolean', 'propagates', 'a <> b', compare),
  lt: spec('lt', 'comparison', '(t, t) -> boolean', 'propagates', 'a < b', compare),
  le: spec('le', 'comparison', '(t, t) -> boolean', 'propagates', 'a <= b', compare),
  gt: spec('gt', 'comparison', '(t, t) -> boolean', 'propagates', 'a > b', compare),
  ge: spec('ge', 'comparison', '(t, t) -> boolean', 'propagates', 'a >= b', compare),
  and: spec('and', 'logic', '(boolean, boolean) -> boolean', 'special', 'three-valued AND: false wins over null', fixed([B, B], 'boolean')),
  or: spec('or', 'logic', '(boolean, boolean) -> boolean', 'special', 'three-valued OR: true wins over null', fixed([B, B], 'boolean')),
  not: spec('not', 'logic', '(boolean) -> boolean', 'propagates', 'NOT a', fixed([B], 'boolean')),
  isNull: spec('isNull', 'null', '(t) -> boolean', 'never-null', 'a IS NULL', (a) => (a.length === 1 ? 'boolean' : 'expects one argument')),
  isNotNull: spec('isNotNull', 'null', '(t) -> boolean', 'never-null', 'a IS NOT NULL', (a) => (a.length === 1 ? 'boolean' : 'expects one argument')),
  coalesce: spec('coalesce', 'null', '(t, t, ...) -> t', 'special', 'first non-null argument', (a) => {
    if (a.length < 2) return 'expects at least two arguments';
    if (a.every(isNumeric)) return a.reduce((x, y) => widenNumeric(x as NumericType, y as NumericType));
    return a.every((t) => t === a[0]) ? a[0] : `arguments must share one type, got (${a.join(', ')})`;
  }),
  lower: spec('lower', 'string', '(string) -> string', 'propagates', 'lower case (locale-independent)', fixed([S], 'string')),
  upper: spec('upper', 'string', '(string) -> string', 'propagates', 'upper case (locale-independent)', fixed([S], 'string')),
  trim: spec('trim', 'string', '(string) -> string', 'propagates', 'strips leading and trailing spaces (U+0020)', fixed([S], 'string')),
  length: spec('length', 'string', '(string) -> int', 'propagates', 'length in UTF-16 code units', fixed([S], 'int')),
  substring: spec('substring', 'string', '(string, int, int) -> string', 'propagates', 'substring(s, start, len): start is 0-based, in UTF-16 code units; clipped to the string', fixed([S, I, I], 'string')),
  concat: spec('concat', 'string', '(string, ...) -> string', 'propagates', 'concatenation; null if any part is null', (a) =>
    a.length >= 2 && a.every((t) => t === 'string') ? 'string' : `expects two or more strings, got (${a.join(', ')})`),
  startsWith: spec('startsWith', 'string', '(string, string) -> boolean', 'propagates', 's starts with prefix', fixed([S, S], 'boolean')),
  endsWith: spec('endsWith', 'string', '(string, string) -> boolean', 'propagates', 's ends with suffix', fixed([S, S], 'boolean')),
  contains: spec('contains', 'string', '(string, string) -> boolean', 'propagates', 's contains part', fixed([S, S], 'boolean')),
  regexExtract: spec('regexExtract', 'string', '(string, pattern, int) -> string', 'special', 'group n of the first match of a literal pattern; null when there is no match', fixed([S, S, I], 'string'), [1, 2]),
  matches: spec('matches', 'string', '(string, pattern) -> boolean', 'propagates', 'true when a literal pattern matches the whole string (Pig MATCHES); the pattern must use the syntax Java and JavaScript share', fixed([S, S], 'boolean'), [1]),
  splitPart: spec('splitPart', 'string', '(string, sep, int) -> string', 'special', 'part n (1-based) of s split on a literal separator; null when there is no such part', fixed([S, S, I], 'string'), [1, 2]),
  year: spec('year', 'time', '(timestamp|date) -> int', 'propagates', 'UTC year', fixed([TD], 'int')),
  month: spec('month', 'time', '(timestamp|date) -> int', 'propagates', 'UTC month, 1-12', fixed([TD], 'int')),
  day: spec('day', 'time', '(timestamp|date) -> int', 'propagates', 'UTC day of month, 1-31', fixed([TD], 'int')),
  hour: spec('hour', 'time', '(timestamp) -> int', 'propagates', 'UTC hour, 0-23', fixed([T], 'int')),
  truncHour: spec('truncHour', 'time', '(timestamp) -> timestamp', 'propagates', 'start of the UTC hour', fixed([T], 'timestamp')),
  truncDay: spec('truncDay', 'time', '(timestamp) -> timestamp', 'propagates', 'start of the UTC day', fixed([T], 'timestamp')),
  minute: spec('minute', 'time', '(timestamp) -> int', 'propagates', 'UTC minute, 0-59', fixed([T], 'int')),
  second: spec('second', 'time', '(timestamp) -> int', 'propagates', 'second of the minute, 0-59', fixed([T], 'int')),
  dayOfWeek: spec('dayOfWeek', 'time', '(timestamp|date) -> int', 'propagates', 'ISO day of the week in UTC: Monday 1 to Sunday 7', fixed([TD], 'int')),
  dayOfYear: spec('dayOfYear', 'time', '(timestamp|date) -> int', 'propagates', 'UTC day of the year, 1-366', fixed([TD], 'int')),
  weekOfYear: spec('weekOfYear', 'time', '(timestamp|date) -> int', 'propagates', 'ISO 8601 week of the week-based year, 1-53 (weeks start on Monday; week 1 holds the year\'s first Thursday)', fixed([TD], 'int')),
  truncMinute: spec('truncMinute', 'time', '(timestamp) -> timestamp', 'propagates', 'start of the UTC minute', fixed([T], 'timestamp')),
  truncWeek: spec('truncWeek', 'time', '(timestamp) -> timestamp', 'propagates', 'start of the ISO week: Monday 00:00 UTC', fixed([T], 'timestamp')),
  truncMonth: spec('truncMonth', 'time', '(timestamp) -> timestamp', 'propagates', 'start of the UTC month', fixed([T], 'timestamp')),
  truncYear: spec('truncYear', 'time', '(timestamp) -> timestamp', 'propagates', 'start of the UTC year', fixed([T], 'timestamp')),
  toEpochSeconds: spec('toEpochSeconds', 'time', '(timestamp) -> long', 'propagates', 'whole seconds since 1970-01-01T00:00Z, rounded down (floor), so before 1970 too', fixed([T], 'long')),
  toEpochMillis: spec('toEpochMillis', 'time', '(timestamp) -> long', 'propagates', 'milliseconds since 1970-01-01T00:00Z', fixed([T], 'long')),
  fromEpochSeconds: spec('fromEpochSeconds', 'time', '(int|long) -> timestamp', 'special', 'the instant n seconds after 1970-01-01T00:00Z; null when it falls outside years 0001-9999', fixed([IL], 'timestamp')),
  fromEpochMillis: spec('fromEpochMillis', 'time', '(int|long) -> timestamp', 'special', 'the instant n milliseconds after 1970-01-01T00:00Z; null when it falls outside years 0001-9999', fixed([IL], 'timestamp')),
  secondsBetween: spec('secondsBetween', 'time', '(timestamp, timestamp) -> long', 'propagates', 'secondsBetween(a, b) = b - a in whole seconds, truncated toward zero', fixed([T, T], 'long')),
  millisBetween: spec('millisBetween', 'time', '(timestamp, timestamp) -> long', 'propagates', 'millisBetween(a, b) = b - a in milliseconds', fixed([T, T], 'long')),
  addSeconds: spec('addSeconds', 'time', '(timestamp, int|long) -> timestamp', 'special', 't + n seconds (n may be negative); null when the result falls outside years 0001-9999', fixed([T, IL], 'timestamp')),
  addMinutes: spec('addMinutes', 'time', '(timestamp, int|long) -> timestamp', 'special', 't + n minutes; null outside years 0001-9999', fixed([T, IL], 'timestamp')),
  addHours: spec('addHours', 'time', '(timestamp, int|long) -> timestamp', 'special', 't + n hours; null outside years 0001-9999', fixed([T, IL], 'timestamp')),
  addDays: spec('addDays', 'time', '(timestamp, int|long) -> timestamp', 'special', 't + n days of 24 hours (UTC has no daylight saving); null outside years 0001-9999', fixed([T, IL], 'timestamp')),
  formatTime: spec('formatTime', 'time', '(timestamp, pattern) -> string', 'propagates', 'formats in UTC with a pattern of yyyy MM dd HH mm ss SSS and literal text', fixed([T, S], 'string'), [1]),
  parseTime: spec('parseTime', 'time', '(string, pattern) -> timestamp', 'special', 'parses as UTC with the same patterns; null when the text does not match', fixed([S, S], 'timestamp'), [1]),
  abs: spec('abs', 'math', '(n) -> n', 'propagates', '|a|', (a) => (a.length === 1 && isNumeric(a[0]) ? a[0] : `expects (number), got (${a.join(', ')})`)),
  round: spec('round', 'math', '(n, int) -> double', 'propagates', 'rounds to d decimal places, half away from zero', fixed([N, I], 'double'), [1]),
  floor: spec('floor', 'math', '(n) -> long', 'propagates', 'largest integer <= a', fixed([N], 'long')),
  ceil: spec('ceil', 'math', '(n) -> long', 'propagates', 'smallest integer >= a', fixed([N], 'long')),
} as const satisfies Record<string, FnSpec>;

export type FnName = keyof typeof FUNCTIONS;
export const FN_NAMES = Object.keys(FUNCTIONS) as FnName[];

export interface AggSpec {
  readonly name: string;
  readonly doc: string;
  readonly result: (arg: ColumnType | null) => ColumnType | string;
  /** Names of the literal number parameters the call carries in `params`, in order (none for most). */
  readonly params?: readonly AggParam[];
  /** True for first/last: the call carries a non-empty `orderBy`. */
  readonly ordered?: boolean;
}

/** A literal parameter of an aggregate: a fraction p in [0, 1], or an accuracy (a positive 32-bit integer). */
export type AggParam = 'p' | 'accuracy';

/** What is wrong with a parameter's value, or null. */
export function aggParamProblem(param: AggParam, v: unknown): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${param} must be a finite number literal, got ${JSON.stringify(v)}`;
  if (param === 'p') return v >= 0 && v <= 1 ? null : `p must be in [0, 1], got ${v}`;
  return Number.isInteger(v) && v >= 1 && v <= 2 ** 31 - 1 ? null : `accuracy must be an integer from 1 to 2147483647, got ${v}`;
}

const numberAgg = (fn: string, result: (t: NumericType) => ColumnType) => (t: ColumnType | null): ColumnType | string =>
  t === null || !isNumeric(t) ? `${fn} needs a number, got ${t}` : result(t);

const orderable = (t: ColumnType | null): ColumnType | string => (t === null ? 'needs a column' : t === 'boolean' ? 'cannot order booleans' : t);

export const AGGREGATES = {
  count: { name: 'count', doc: 'count() counts rows; count(x) counts non-null x', result: () => 'long' },
  countDistinct: { name: 'countDistinct', doc: 'distinct non-null values of x', result: (t) => (t === null ? 'needs a column' : 'long') },
  sum: { name: 'sum', doc: 'sum of non-null values; null when there are none', result: (t) => (t === null || !isNumeric(t) ? `sum needs a number, got ${t}` : t === 'double' ? 'double' : 'long') },
  avg: { name: 'avg', doc: 'mean of non-null values; null when there are none', result: (t) => (t === null || !isNumeric(t) ? `avg needs a number, got ${t}` : 'double') },
  min: { name: 'min', doc: 'least non-null value', result: orderable },
  max: { name: 'max', doc: 'greatest non-null value', result: orderable },
  percentile: {
    name: 'percentile', params: ['p'], result: numberAgg('percentile', () => 'double'),
    doc: 'exact percentile of the non-null values: linear interpolation between the values at ranks floor and ceil of (n - 1) * p (0-based, ascending); null when there are none',
  },
  approxPercentile: {
    name: 'approxPercentile', params: ['p', 'accuracy'], result: numberAgg('approxPercentile', (t) => t),
    doc: 'a non-null value at rank ceil(p * n) (at least 1) of the ascending values: exactly that one on the runtime and Pig, within n / accuracy ranks of it on Spark; null when there are none',
  },
  varSamp: { name: 'varSamp', result: numberAgg('varSamp', () => 'double'), doc: 'sample variance (n - 1 divisor) of the non-null values; null for fewer than two' },
  varPop: { name: 'varPop', result: numberAgg('varPop', () => 'double'), doc: 'population variance (n divisor) of the non-null values; null when there are none' },
  stddevSamp: { name: 'stddevSamp', result: numberAgg('stddevSamp', () => 'double'), doc: 'square root of varSamp; null for fewer than two values' },
  first: {
    name: 'first', ordered: true, result: (t) => t ?? 'needs an argument',
    doc: 'the non-null value of the argument at the first row in orderBy order (nulls first ascending, last descending); rows tied on the order keys are ordered by the value, ascending; -0.0 is returned as 0.0; null when there is none',
  },
  last: {
    name: 'last', ordered: true, result: (t) => t ?? 'needs an argument',
    doc: 'the non-null value of the argument at the last row in orderBy order: first with every direction reversed (so among rows tied on the order keys, the greatest value); null when there is none',
  },
  stddevPop: { name: 'stddevPop', result: numberAgg('stddevPop', () => 'double'), doc: 'square root of varPop; null when there are none' },
} as const satisfies Record<string, AggSpec>;

export type AggFn = keyof typeof AGGREGATES;
export const AGG_NAMES = Object.keys(AGGREGATES) as AggFn[];

export function fnResult(fn: string, args: readonly ColumnType[]): ColumnType | string {
  const f = (FUNCTIONS as Record<string, FnSpec>)[fn];
  return f ? f.result(args) : `unknown function '${fn}'`;
}
