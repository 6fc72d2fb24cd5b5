// Casts with the plan's meaning (docs/semantics.md). Pig's own casts from text are lenient ((int)'1.5' is
// 1, (long)' 12' is 12) or throw inside Joda, so text is validated with the plan's exact grammar first and
// only then cast; everything else maps to a Pig cast or a bincond.
import type { ColumnType } from '../../plan/index.ts';
import { ISO_DATE_REGEX, TIME_OF_DAY_REGEX } from '../common/java-regex-text.ts';
import { and, bincond, binop, call, cast, FALSE, int, konst, long, matches, nullOf, or, str, TRUE, type PigExpr } from './pig-ast.ts';
import { truncTo, MS_PER_DAY } from './pig-time-fns.ts';

/** Joda pattern of the plan's timestamp text: `2015-05-17T10:05:03.000Z` (datetimes here are UTC). */
export const ISO_TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
export const ISO_DATE_PATTERN = 'yyyy-MM-dd';

/** Text with leading and trailing spaces (U+0020 only) removed, as the plan's casts from text do. */
export const trimSpaces = (x: PigExpr): PigExpr => call('REPLACE', x, str('^ +| +\\z'), str(''));

/**
 * Decimal text (already trimmed) of an integer within 32 or 64 bits. `sign` is the plan's sign grammar:
 * `[+-]?` for casts, `-?` for log fields. Up to 18 significant digits always fit a long, which is then
 * range-checked for ints; 19 are compared as text with the bounds.
 */
export function integerText(t: PigExpr, bits: 32 | 64, sign: '[+-]?' | '-?'): PigExpr {
  const small = matches(t, `${sign}0*\\d{1,18}`);
  if (bits === 32) return and(small, binop('>=', cast('long', t), long(-2147483648)), binop('<=', cast('long', t), long(2147483647)));
  const last19 = call('REGEX_EXTRACT', t, str('(\\d{19})\\z'), int(1));
  return or(
    small,
    and(matches(t, `${sign === '-?' ? '' : '\\+?'}0*\\d{19}`), binop('<=', last19, str('9223372036854775807'))),
    and(matches(t, '-0*\\d{19}'), binop('<=', last19, str('9223372036854775808'))),
  );
}

export const textToInt = (t: PigExpr): PigExpr => bincond(integerText(t, 32, '[+-]?'), cast('int', t), nullOf('int'));

export const textToLong = (t: PigExpr): PigExpr => bincond(integerText(t, 64, '[+-]?'), cast('long', t), nullOf('long'));

export const DOUBLE_TEXT = '[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|NaN|[+-]?Infinity';

export const textToDouble = (t: PigExpr): PigExpr => bincond(matches(t, DOUBLE_TEXT), cast('double', t), nullOf('double'));

/** `yyyy-MM-dd[(T| )HH:mm:ss[.fraction]][Z]`, read as UTC with the fraction cut to milliseconds. */
export function textToTimestamp(x: PigExpr): PigExpr {
  const ok = matches(x, `${ISO_DATE_REGEX}(?:[T ]${TIME_OF_DAY_REGEX}(?:\\.\\d{1,9})?)?Z?`);
  // Joda's ISO parser wants `T`, at most millisecond digits, and no zone after a bare date (UTC is the default).
  const iso = call('REPLACE', call('REPLACE', call('REPLACE', x, str('Z\\z'), str('')), str('^(.{10}) '), str('$1T')), str('(\\.\\d{3})\\d+'), str('$1'));
  return bincond(ok, call('ToDate', iso), nullOf('datetime'));
}

export const textToDate = (x: PigExpr): PigExpr =>
  bincond(matches(x, ISO_DATE_REGEX), call('ToDate', x, str(ISO_DATE_PATTERN)), nullOf('datetime'));

const bit = (x: PigExpr, one: string, zero: string) => bincond(x, konst(one), konst(zero));

type Convert = (x: PigExpr) => PigExpr;

const CASTS: { readonly [To in ColumnType]: { readonly [From in ColumnType]?: Convert } } = {
  string: {
    int: (x) => cast('chararray', x),
    long: (x) => cast('chararray', x),
    // Pig writes a double with Java's Double.toString, the plan's text for doubles.
    double: (x) => cast('chararray', x),
    boolean: (x) => cast('chararray', x),
    timestamp: (x) => call('ToString', x, str(ISO_TIMESTAMP_PATTERN)),
    date: (x) => call('ToString', x, str(ISO_DATE_PATTERN)),
  },
  int: {
    string: (x) => textToInt(trimSpaces(x)),
    long: (x) => cast('int', x),
    double: (x) => cast('int', x),
    boolean: (x) => bit(x, '1', '0'),
  },
  long: {
    string: (x) => textToLong(trimSpaces(x)),
    int: (x) => cast('long', x),
    double: (x) => cast('long', x),
    boolean: (x) => bit(x, '1L', '0L'),
  },
  double: {
    string: (x) => textToDouble(trimSpaces(x)),
    int: (x) => cast('double', x),
    long: (x) => cast('double', x),
    boolean: (x) => bit(x, '1.0', '0.0'),
  },
  boolean: {
    // Pig's cast accepts exactly true/false in any case, else null: the plan's rule.
    string: (x) => cast('boolean', x),
    int: (x) => bincond(binop('!=', x, int(0)), TRUE, FALSE),
    long: (x) => bincond(binop('!=', x, long(0)), TRUE, FALSE),
    // + 0.0 turns -0.0 into 0.0, which Pig's != (Double.compareTo) would call different from 0.0.
    double: (x) => bincond(binop('!=', binop('+', x, konst('0.0')), konst('0.0')), TRUE, FALSE),
  },
  timestamp: {
    string: textToTimestamp,
    date: (x) => x,
  },
  date: {
    string: textToDate,
    timestamp: (x) => truncTo(x, MS_PER_DAY),
  },
};

/** `x` (a Pig value of plan type `from`) as plan type `to`. */
export function castValue(x: PigExpr, from: ColumnType, to: ColumnType): PigExpr {
  if (from === to) return x;
  const convert = CASTS[to][from];
  if (!convert) throw new Error(`internal: no cast from ${from} to ${to} (validation refuses it)`);
  return convert(x);
}
