// The text form of every value, as written to CSV (and, for non-numbers, to JSON lines), shared by the
// writers, run previews and casts to string.
import type { ColumnType } from '../../plan/index.ts';
import type { Lane, Scalar } from '../columns/lane.ts';
import { formatIsoDate, formatIsoTimestamp, MS_PER_DAY } from '../expr/civil-time.ts';
import { formatDouble } from './format-double.ts';

/** Formats a lane value (int/double numbers, long bigint, boolean 0/1, timestamp ms, date days). */
export const TEXT_OF: { readonly [T in ColumnType]: (v: Scalar) => string } = {
  string: (v) => v as string,
  int: (v) => String(v),
  long: (v) => String(v),
  double: (v) => formatDouble(v as number),
  boolean: (v) => (v ? 'true' : 'false'),
  timestamp: (v) => formatIsoTimestamp(v as number),
  date: (v) => formatIsoDate(v as number),
};

/** Text of each row of a lane; null rows are null. */
export function formatLane(l: Lane): (string | null)[] {
  const f = TEXT_OF[l.type];
  const values = l.values as ArrayLike<Scalar>;
  const out = new Array<string | null>(l.length);
  for (let i = 0; i < l.length; i++) out[i] = l.valid !== null && l.valid[i] === 0 ? null : f(values[i]);
  return out;
}

/** Arrow JS's value (from `Vector.get`) as a lane value. */
const FROM_ARROW: { readonly [T in ColumnType]: (v: unknown) => Scalar } = {
  string: (v) => String(v),
  int: (v) => Number(v),
  long: (v) => (typeof v === 'bigint' ? v : BigInt(v as number)),
  double: (v) => Number(v),
  boolean: (v) => (v ? 1 : 0),
  timestamp: (v) => Number(v),
  date: (v) => Math.floor(Number(v) / MS_PER_DAY),
};

/**
 * Text of one value as Arrow JS returns it from `Vector.get` (booleans as booleans, longs as bigint,
 * timestamps and dates as epoch milliseconds); null and undefined give null.
 */
export function formatValue(type: ColumnType, v: unknown): string | null {
  return v === null || v === undefined ? null : TEXT_OF[type](FROM_ARROW[type](v));
}
