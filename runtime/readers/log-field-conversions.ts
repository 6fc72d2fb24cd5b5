// The log FieldConversions of plan/formats.ts, one function per conversion: captured text -> cell or rejection.
// Each also has a check: the same acceptance without building the value, for fields the plan does not read.
import { URL_ESCAPES_REGEX, type FieldConversion } from '../../plan/index.ts';
import { intInRange, longInRange, Rejection, type Cell } from './cell.ts';
import { parseClfTime, parseIsoLogTime } from './time-parse.ts';

/** `captured` is undefined when the group took no part in the match. */
export type LogConverter = (captured: string | undefined, column: string) => Cell | Rejection;
/** Why the field would reject its line, or null when it would not (the value itself is not built). */
export type LogCheck = (captured: string | undefined, column: string) => Rejection | null;

const DECIMAL = /^-?\d+(?:\.\d+)?$/;
/** Digits that always fit a double exactly (and so a long without a BigInt). */
const SAFE_DIGITS = 15;
/** Digits that always fit a 64-bit long: only 19-digit values need a comparison with its range. */
const LONG_DIGITS = 18;

/** Number of digits of `-?\d+` (the sign excluded), or -1 when the text is not of that form. */
function integerDigits(s: string): number {
  const start = s.charCodeAt(0) === 45 ? 1 : 0;
  if (start === s.length) return -1;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return s.length - start;
}

const quote = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}...` : s);
const badNumber = (column: string, s: string, what: string): Rejection =>
  new Rejection('bad-number', `${column}: ${quote(s)} is not ${what}`);
const badClfTime = (column: string, s: string): Rejection =>
  new Rejection('bad-time', `${column}: ${quote(s)} is not dd/MMM/yyyy:HH:mm:ss ±hhmm`);
const badIsoTime = (column: string, s: string): Rejection =>
  new Rejection('bad-time', `${column}: ${quote(s)} is not yyyy-MM-ddTHH:mm:ss[.fraction]Z`);
const badW3cTime = (column: string, s: string): Rejection =>
  new Rejection('bad-time', `${column}: ${quote(s)} is not yyyy-MM-dd<tab>HH:mm:ss`);

const URL_ESCAPES = new RegExp(URL_ESCAPES_REGEX);
/** W3C date and time (UTC), captured with the tab between them, as the ISO text the iso-time rule reads. */
const W3C_TIME = /^\d{4}-\d{2}-\d{2}\t\d{2}:\d{2}:\d{2}$/;

const int: LogConverter = (s, column) => {
  if (s === undefined || s === '-') return null;
  const n = integerDigits(s) > 0 ? intInRange(s) : null;
  return n ?? badNumber(column, s, 'a 32-bit integer');
};

/** A long cell: a number when the value is exactly representable, else a bigint. */
const long: LogConverter = (s, column) => {
  if (s === undefined || s === '-') return null;
  const digits = integerDigits(s);
  if (digits > 0 && digits <= SAFE_DIGITS) return Number(s);
  const n = digits > 0 ? longInRange(s) : null;
  return n ?? badNumber(column, s, 'a 64-bit integer');
};

export const LOG_CONVERTERS: { readonly [C in FieldConversion]: LogConverter } = {
  text: (s) => s ?? null,
  'dash-null': (s) => (s === undefined || s === '-' ? null : s),
  int,
  long,
  double: (s, column) => {
    if (s === undefined || s === '-') return null;
    return DECIMAL.test(s) ? Number(s) : badNumber(column, s, 'a decimal number');
  },
  'clf-time': (s, column) => {
    if (s === undefined) return null;
    return parseClfTime(s) ?? badClfTime(column, s);
  },
  'iso-time': (s, column) => {
    if (s === undefined || s === '-') return null;
    return parseIsoLogTime(s) ?? badIsoTime(column, s);
  },
  'w3c-time': (s, column) => {
    if (s === undefined) return null;
    return (W3C_TIME.test(s) ? parseIsoLogTime(`${s.replace('\t', 'T')}Z`) : null) ?? badW3cTime(column, s);
  },
  // Valid UTF-8 escapes only, so decodeURIComponent (which leaves `+` alone) cannot throw.
  'url-decoded': (s) => (s === undefined || s === '-' ? null : URL_ESCAPES.test(s) ? decodeURIComponent(s) : s),
};

const rejectionOf = (v: Cell | Rejection): Rejection | null => (v instanceof Rejection ? v : null);

/** Checks per conversion; null for a conversion that never rejects (its field needs no look at all). */
export const LOG_CHECKS: { readonly [C in FieldConversion]: LogCheck | null } = {
  text: null,
  'dash-null': null,
  int: (s, column) => rejectionOf(int(s, column)),
  long: (s, column) => {
    if (s === undefined || s === '-') return null;
    const digits = integerDigits(s);
    return digits > 0 && digits <= LONG_DIGITS ? null : rejectionOf(long(s, column));
  },
  double: (s, column) => rejectionOf(LOG_CONVERTERS.double(s, column)),
  'clf-time': (s, column) => rejectionOf(LOG_CONVERTERS['clf-time'](s, column)),
  'iso-time': (s, column) => rejectionOf(LOG_CONVERTERS['iso-time'](s, column)),
  'w3c-time': (s, column) => rejectionOf(LOG_CONVERTERS['w3c-time'](s, column)),
  'url-decoded': null,
};
