// Text -> typed value for CSV fields: the casts of docs/semantics.md, but strict: text that does not convert
// is an error (the record is rejected) instead of null. Surrounding spaces are trimmed for every non-string type.
import type { ColumnType } from '../../plan/index.ts';
import { intInRange, longInRange, type Cell } from './cell.ts';
import { parseIsoDate, parseIsoTimestamp } from './time-parse.ts';

/** The value, or undefined when the text is not a value of the type. */
export type StrictCast = (text: string) => Exclude<Cell, null> | undefined;

const INTEGER = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** How outputs write doubles that are not finite (docs/semantics.md, Outputs), so outputs read back. */
const SPECIAL_DOUBLES: Record<string, number> = { NaN: NaN, Infinity: Infinity, '+Infinity': Infinity, '-Infinity': -Infinity };

const trimSpaces = (s: string): string => {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
};

export const STRICT_CASTS: { readonly [T in ColumnType]: StrictCast } = {
  string: (s) => s,
  int: (s) => {
    const t = trimSpaces(s);
    return INTEGER.test(t) ? (intInRange(t) ?? undefined) : undefined;
  },
  long: (s) => {
    const t = trimSpaces(s);
    return INTEGER.test(t) ? (longInRange(t) ?? undefined) : undefined;
  },
  double: (s) => {
    const t = trimSpaces(s);
    if (DOUBLE.test(t)) return Number(t);
    return Object.hasOwn(SPECIAL_DOUBLES, t) ? SPECIAL_DOUBLES[t] : undefined;
  },
  boolean: (s) => {
    const t = trimSpaces(s).toLowerCase();
    return t === 'true' ? true : t === 'false' ? false : undefined;
  },
  timestamp: (s) => parseIsoTimestamp(trimSpaces(s)) ?? undefined,
  date: (s) => parseIsoDate(trimSpaces(s)) ?? undefined,
};

/** How a type's text should look, for reject messages. */
export const EXPECTED_TEXT: { readonly [T in ColumnType]: string } = {
  string: 'text',
  int: 'a 32-bit integer',
  long: 'a 64-bit integer',
  double: 'a number',
  boolean: 'true or false',
  timestamp: 'an ISO-8601 timestamp (yyyy-MM-dd[THH:mm[:ss[.SSS]]][Z|±hh:mm])',
  date: 'a date (yyyy-MM-dd)',
};
