// The log FieldConversions of plan/formats.ts, one function per conversion: captured text -> cell or rejection.
import type { FieldConversion } from '../../plan/index.ts';
import { intInRange, longInRange, Rejection, type Cell } from './cell.ts';
import { parseClfTime, parseIsoLogTime } from './time-parse.ts';

/** `captured` is undefined when the group took no part in the match. */
export type LogConverter = (captured: string | undefined, column: string) => Cell | Rejection;

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

const quote = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}...` : s);
const badNumber = (column: string, s: string, what: string): Rejection =>
  new Rejection('bad-number', `${column}: ${quote(s)} is not ${what}`);

export const LOG_CONVERTERS: { readonly [C in FieldConversion]: LogConverter } = {
  text: (s) => s ?? null,
  'dash-null': (s) => (s === undefined || s === '-' ? null : s),
  int: (s, column) => {
    if (s === undefined || s === '-') return null;
    const n = INTEGER.test(s) ? intInRange(s) : null;
    return n ?? badNumber(column, s, 'a 32-bit integer');
  },
  long: (s, column) => {
    if (s === undefined || s === '-') return null;
    const n = INTEGER.test(s) ? longInRange(s) : null;
    return n ?? badNumber(column, s, 'a 64-bit integer');
  },
  double: (s, column) => {
    if (s === undefined || s === '-') return null;
    return DECIMAL.test(s) ? Number(s) : badNumber(column, s, 'a decimal number');
  },
  'clf-time': (s, column) => {
    if (s === undefined) return null;
    return parseClfTime(s) ?? new Rejection('bad-time', `${column}: ${quote(s)} is not dd/MMM/yyyy:HH:mm:ss ±hhmm`);
  },
  'iso-time': (s, column) => {
    if (s === undefined || s === '-') return null;
    return parseIsoLogTime(s) ?? new Rejection('bad-time', `${column}: ${quote(s)} is not yyyy-MM-ddTHH:mm:ss[.fraction]Z`);
  },
};
