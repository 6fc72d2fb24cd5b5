// Time functions in UTC. Every datetime the script makes is in UTC, so Pig's Get*/ToString read UTC fields;
// truncation and time arithmetic are arithmetic on epoch milliseconds (ToMilliSeconds, ToDate(long)), and parsing is guarded so that Joda never sees text it
// would throw on (Pig has no try): the plan's parseTime is strict and gives null instead.
import { and, bincond, binop, call, cast, int, long, matches, nullOf, or, str, type PigExpr } from './pig-ast.ts';
import type { PigFnArgs } from './pig-fn-args.ts';
import { timePatternTokens, TIME_FIELDS, type TimeField, type TimeToken } from '../../plan/time-pattern.ts';
import { ADD_UNIT_MS, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, maxAddAmount, type AddFn } from '../../plan/time-range.ts';
import { javaRegexLiteral } from '../common/java-regex-text.ts';

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** The start of the UTC hour or day: ms - floorMod(ms, unit), so instants before 1970 round down too. */
export function truncTo(t: PigExpr, unit: number): PigExpr {
  const ms = call('ToMilliSeconds', t);
  const u = long(unit);
  const floorMod = binop('%', binop('+', binop('%', ms, u), u), u);
  return call('ToDate', binop('-', ms, floorMod));
}

function tokens(a: PigFnArgs, fn: string): TimeToken[] {
  const t = timePatternTokens(a.literal<string>(1)!);
  if (typeof t === 'string') a.invalid(`${fn}: ${t}`);
  return t;
}

/** The Joda-Time pattern of the plan's tokens: the same field letters, all text quoted. */
export function jodaPattern(toks: readonly TimeToken[]): string {
  return toks.map((t) => ('field' in t ? t.field : `'${t.text.replace(/'/g, "''")}'`)).join('');
}

export const formatTime = (a: PigFnArgs): PigExpr => call('ToString', a.value(0), str(jodaPattern(tokens(a, 'formatTime'))));

const FIELD_REGEX: { readonly [F in TimeField]: string } = {
  yyyy: '\\d{4}',
  MM: '(?:0[1-9]|1[0-2])',
  dd: '(?:0[1-9]|[12]\\d|3[01])',
  HH: '(?:[01]\\d|2[0-3])',
  mm: '[0-5]\\d',
  ss: '[0-5]\\d',
  SSS: '\\d{3}',
};

/** Days in month m of year y, as a Pig int expression. */
function daysInMonth(y: PigExpr, m: PigExpr): PigExpr {
  const leap = and(binop('==', binop('%', y, int(4)), int(0)), or(binop('!=', binop('%', y, int(100)), int(0)), binop('==', binop('%', y, int(400)), int(0))));
  const thirty = or(...[4, 6, 9, 11].map((k) => binop('==', m, int(k))));
  return bincond(binop('==', m, int(2)), bincond(leap, int(29), int(28)), bincond(thirty, int(30), int(31)));
}

/**
 * Strict parse: the text must match the pattern's fixed-width shape with fields in range (a regex), and
 * its day must exist in its month (checked on the digits at their fixed offsets); only then ToDate.
 */
export function parseTime(a: PigFnArgs): PigExpr {
  const toks = tokens(a, 'parseTime');
  const s = a.value(0);
  const offsets = new Map<TimeField, number>();
  let at = 0;
  for (const t of toks) {
    if ('field' in t) {
      offsets.set(t.field, at);
      at += TIME_FIELDS[t.field];
    } else at += t.text.length;
  }
  // A repeated field keeps its last value (as the runtime's parser does): only that one is range-checked.
  at = 0;
  let regex = '';
  for (const t of toks) {
    if ('field' in t) {
      regex += offsets.get(t.field) === at ? FIELD_REGEX[t.field] : `\\d{${TIME_FIELDS[t.field]}}`;
      at += TIME_FIELDS[t.field];
    } else {
      regex += javaRegexLiteral(t.text);
      at += t.text.length;
    }
  }
  const digits = (f: TimeField): PigExpr => {
    const o = offsets.get(f)!;
    return cast('int', call('SUBSTRING', s, int(o), int(o + TIME_FIELDS[f])));
  };
  const shape = matches(s, regex);
  const ok = offsets.has('dd') && offsets.has('MM')
    ? and(shape, binop('<=', digits('dd'), daysInMonth(offsets.has('yyyy') ? digits('yyyy') : int(1970), digits('MM'))))
    : shape;
  // Joda-Time takes a missing year as 2000; the plan's default is 1970 (docs/semantics.md), so a pattern
  // without a year parses the text behind a fixed one (`|` unquoted: `' ''…'` would read as a quote).
  const parsed = offsets.has('yyyy')
    ? call('ToDate', s, str(jodaPattern(toks)))
    : call('ToDate', call('CONCAT', str('1970|'), s), str(`yyyy|${jodaPattern(toks)}`));
  return bincond(ok, parsed, nullOf('datetime'));
}

/** floorMod(x, m) for a Pig long and a positive modulus: Java's % keeps the dividend's sign. */
const floorModLong = (x: PigExpr, m: number): PigExpr => binop('%', binop('+', binop('%', x, long(m)), long(m)), long(m));

/** The start of the ISO week (Monday 00:00 UTC): 1969-12-29, three days before the epoch, was a Monday. */
export function truncWeek(t: PigExpr): PigExpr {
  const ms = call('ToMilliSeconds', t);
  return call('ToDate', binop('-', ms, floorModLong(binop('+', ms, long(3 * MS_PER_DAY)), 7 * MS_PER_DAY)));
}

/** `day` (1-based: of the month, of the year) back to day 1, from the start of the UTC day. */
function backToFirstDay(t: PigExpr, day: PigExpr): PigExpr {
  const ms = call('ToMilliSeconds', t);
  const dayStart = binop('-', ms, floorModLong(ms, MS_PER_DAY));
  return call('ToDate', binop('-', dayStart, binop('*', cast('long', binop('-', day, int(1))), long(MS_PER_DAY))));
}

/** Joda's ISO day of the week (`e`: Monday 1 to Sunday 7) and day of the year (`D`), read as ints. */
export const jodaField = (t: PigExpr, letter: 'e' | 'D'): PigExpr => cast('int', call('ToString', t, str(letter)));

export const truncMonth = (t: PigExpr): PigExpr => backToFirstDay(t, call('GetDay', t));
export const truncYear = (t: PigExpr): PigExpr => backToFirstDay(t, jodaField(t, 'D'));

/** Whole seconds since the epoch, rounded down (ToUnixTime truncates toward zero, wrong before 1970). */
export function toEpochSeconds(t: PigExpr): PigExpr {
  const ms = call('ToMilliSeconds', t);
  return binop('/', binop('-', ms, floorModLong(ms, 1000)), long(1000));
}

/** A datetime from epoch milliseconds, null outside years 0001-9999 (checked in `guard`). */
const guardedDate = (guard: PigExpr, ms: PigExpr): PigExpr => bincond(guard, call('ToDate', ms), nullOf('datetime'));
const within = (x: PigExpr, lo: number, hi: number): PigExpr => and(binop('>=', x, long(lo)), binop('<=', x, long(hi)));

/** n seconds or milliseconds after the epoch; n is bounded before it is multiplied, so nothing wraps. */
export function fromEpoch(n: PigExpr, unit: 1 | 1000): PigExpr {
  const lo = Math.ceil(MIN_TIMESTAMP_MS / unit);
  const hi = Math.floor(MAX_TIMESTAMP_MS / unit);
  return guardedDate(within(n, lo, hi), unit === 1 ? n : binop('*', n, long(unit)));
}

/** t plus n units; |n| is bounded first (so n * unit cannot wrap), then the result. */
export function addUnits(fn: AddFn, t: PigExpr, n: PigExpr): PigExpr {
  const max = maxAddAmount(fn);
  const ms = binop('+', call('ToMilliSeconds', t), binop('*', n, long(ADD_UNIT_MS[fn])));
  return guardedDate(and(within(n, -max, max), within(ms, MIN_TIMESTAMP_MS, MAX_TIMESTAMP_MS)), ms);
}

/** b - a in milliseconds (Joda's SecondsBetween is an int and throws past 68 years, so no builtin here). */
export const millisBetween = (a: PigExpr, b: PigExpr): PigExpr => binop('-', call('ToMilliSeconds', b), call('ToMilliSeconds', a));
/** Java's long division truncates toward zero, as the plan's secondsBetween does. */
export const secondsBetween = (a: PigExpr, b: PigExpr): PigExpr => binop('/', millisBetween(a, b), long(1000));
