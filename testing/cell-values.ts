// Random values of each plan type, as the text a CSV input holds (null = an empty unquoted field): extremes,
// the spellings the CSV reader accepts (spaces, signs, zones), and pools shared by a case's tables so that
// keys repeat, groups form and joins match.
import fc from 'fast-check';
import type { ColumnType } from '../plan/index.ts';
import type { Draw } from './draw.ts';

export type Cell = string | null;

/**
 * A double column is `tame` when its values are multiples of 1/8 below 2^37 in magnitude: sums of them are
 * exact in any order, so sum/avg/min/max, keys and casts over them are determined on every engine. Wild
 * columns add NaN, ±Infinity, -0.0, subnormals and values near the double range.
 */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly tame: boolean;
}

const INT_EXTREMES = ['-2147483648', '2147483647', '0', '1', '-1', '2147483646', '-2147483647'];
const LONG_EXTREMES = ['-9223372036854775808', '9223372036854775807', '0', '1', '-1', '9007199254740993', '-9007199254740993', '4294967296', '2147483648', '-2147483649'];
const WILD_DOUBLES = [
  'NaN', 'Infinity', '-Infinity', '-0.0', '0.0', '1.7976931348623157E308', '-1.7976931348623157E308', '4.9E-324',
  '2.2250738585072014E-308', '2.675', '0.1', '0.30000000000000004', '1e20', '1.0E-7', '-1.5e-300', '123456789.123',
  '4.35', '0.5', '-2.5', '1.0E7', '9.007199254740993E15', '3.3333333333333335', '-7.0E-10',
];
const TIMESTAMP_BASES = [
  Date.UTC(2015, 4, 17, 10, 5, 3), 0, -1, Date.UTC(2000, 1, 29, 12), Date.UTC(1999, 11, 31, 23, 59, 59, 999),
  Date.UTC(2038, 0, 19, 3, 14, 7), Date.UTC(1900, 0, 1), Date.UTC(1969, 6, 20, 20, 17, 40), Date.UTC(2199, 11, 31, 23, 59, 59),
  Date.UTC(2024, 1, 29, 0, 0, 0, 1), Date.UTC(2015, 4, 17, 23, 59, 59, 500),
];
const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(2199, 11, 31, 23, 59, 59, 999);
const MS_PER_DAY = 86_400_000;

/**
 * Pieces strings are built from: separators, quotes, escapes, line breaks, non-ASCII (BMP and beyond). No
 * capital sigma: where `lower` gives a final ς is a known difference (docs/semantics.md, Strings).
 */
const STRING_PIECES = [
  'a', 'b', 'abc', 'Hello', 'GET', 'x', 'Z', '42', '/', '/index.html', 'foo/bar', 'a/b/c', '?q=1', ',', '.', '|',
  ' ', '  ', '\t', '\n', '\r\n', '"', "'", '\\', '$', '${x}', '%', ';', '-', '_', 'é', 'É', 'ß', 'İ', 'ς', '日本',
  '😀', '𝄞', 'ﬀ', '\u00a0', 'null', 'group', 'NaN',
];
/** Whole strings that look like other types: casts and parseTime must reject or accept them exactly. */
const STRING_WHOLES = [
  '', ' ', '42', ' -7 ', '+3', '007', '2147483648', '-2147483649', '9223372036854775808', '1e5', '1.5', '-0.25', '.5',
  '5.', 'NaN', 'Infinity', '-Infinity', '0x10', '1d', '1f', ' 2.5 ', 'true', 'FALSE', ' True ', 'yes', '2015-05-17 10:05:03',
  '2015-05-17', '2015-05-17T10:05:03', '17/05/2015 10:05', '10:05:03.123', '2015-02-30 10:00:00', '2015-05-17 24:00:00',
  '1999-12-31 23:59:59', '2015-5-7 1:2:3', 'abc', 'ABC', 'a,b,,c', ',,', '/a//b/', 'None', 'null',
];

/** Values a case's tables share per type, so keys repeat across rows and tables. */
export type ValuePools = { readonly [T in ColumnType]: readonly string[] };

export function drawPools(d: Draw): ValuePools {
  const pool = (t: ColumnType, tame: boolean) => Array.from({ length: d.int(2, 4) }, () => freshValue(d, t, tame));
  return {
    string: pool('string', true),
    int: pool('int', true),
    long: pool('long', true),
    double: pool('double', true),
    boolean: ['true', 'false'],
    timestamp: pool('timestamp', true),
    date: pool('date', true),
  };
}

/** One value's canonical text (what the reader reads back unchanged in meaning). */
export function freshValue(d: Draw, t: ColumnType, tame: boolean): string {
  switch (t) {
    case 'int':
      return d.weighted([[3, () => d.pick(INT_EXTREMES)], [5, () => String(d.int(-20, 20))], [2, () => String(d.int(-2147483648, 2147483647))]])();
    case 'long':
      return d.weighted([[3, () => d.pick(LONG_EXTREMES)], [4, () => String(d.int(-20, 20))], [3, () => String(d.from(bigInt64))]])();
    case 'double':
      if (!tame && d.chance(0.4)) return d.pick(WILD_DOUBLES);
      return String(d.chance(0.7) ? d.int(-800, 800) / 8 : d.int(-(2 ** 40), 2 ** 40) / 8);
    case 'boolean':
      return d.chance(0.5) ? 'true' : 'false';
    case 'timestamp':
      return isoMillis(d.chance(0.5) ? clamp(d.pick(TIMESTAMP_BASES) + d.pick([0, 0, 1, 999, 3_600_000, -MS_PER_DAY])) : d.int(MIN_MS, MAX_MS));
    case 'date':
      return isoMillis(Math.floor(d.int(MIN_MS, MAX_MS) / MS_PER_DAY) * MS_PER_DAY).slice(0, 10);
    case 'string':
      if (d.chance(0.35)) return d.pick(STRING_WHOLES);
      return Array.from({ length: d.int(1, 4) }, () => d.pick(STRING_PIECES)).join('');
  }
}

const bigInt64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

const clamp = (ms: number) => Math.min(MAX_MS, Math.max(MIN_MS, ms));

export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Another spelling of the same value that the CSV reader must accept (docs/semantics.md, Data inputs):
 * surrounding spaces and signs on numbers, any case on booleans, other timestamp layouts and zones.
 */
export function respell(d: Draw, t: ColumnType, text: string): string {
  switch (t) {
    case 'int':
    case 'long':
      return d.pick([` ${text}`, `${text} `, text.startsWith('-') ? text : `+${text}`, text.replace(/^(-?)/, (sign) => `${sign}00`)]);
    case 'double':
      return /^-?\d/.test(text) ? d.pick([` ${text} `, text.startsWith('-') ? text : `+${text}`, /[.eE]/.test(text) ? text : `${text}.0`]) : text;
    case 'boolean':
      return d.pick([text.toUpperCase(), ` ${text} `, text[0].toUpperCase() + text.slice(1)]);
    case 'timestamp':
      return respellTimestamp(d, Date.parse(text));
    default:
      return text;
  }
}

function respellTimestamp(d: Draw, ms: number): string {
  const iso = isoMillis(ms);
  const [date, time] = [iso.slice(0, 10), iso.slice(11, 23)];
  const forms = [`${date} ${time}`, `${date}T${time}+00:00`, `${date}T${time}000Z`];
  if (ms % 1000 === 0) forms.push(`${date} ${time.slice(0, 8)}`, `${date}T${time.slice(0, 8)}Z`);
  if (ms % 60_000 === 0) forms.push(`${date}T${time.slice(0, 5)}`);
  if (ms % MS_PER_DAY === 0) forms.push(date);
  // The same instant written in another zone.
  const offsetMin = d.pick([120, -330, 60, -600, 45]);
  const local = isoMillis(ms + offsetMin * 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offsetMin) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offsetMin) % 60).padStart(2, '0');
  if (Date.parse(local) >= MIN_MS && Date.parse(local) <= MAX_MS) {
    forms.push(`${local.slice(0, 23)}${sign}${hh}:${mm}`, `${local.slice(0, 23)}${sign}${hh}${mm}`);
    if (mm === '00') forms.push(`${local.slice(0, 23)}${sign}${hh}`);
  }
  return d.pick(forms);
}
