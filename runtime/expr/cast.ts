// Casts between column types as docs/semantics.md defines them, one converter per (to, from) pair;
// also the numeric widening that kernels apply to mixed int/long/double arguments.
import type { ColumnType } from '../../plan/index.ts';
import type { Lane, Scalar } from '../columns/lane.ts';
import { TEXT_OF } from '../writers/format-value.ts';
import { floorDiv, MS_PER_DAY, parseIsoDate, parseIsoTimestamp } from './civil-time.ts';
import { rowwise } from './rowwise.ts';

type Convert = (v: Scalar) => Scalar | null;

const trimSpaces = (s: string) => s.replace(/^ +| +$/g, '');
const INTEGRAL = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '+Infinity': Infinity, '-Infinity': -Infinity };
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function parseInt32(s: string): number | null {
  const t = trimSpaces(s);
  if (!INTEGRAL.test(t)) return null;
  const n = Number(t);
  return n >= INT_MIN && n <= INT_MAX ? n : null;
}

function parseInt64(s: string): bigint | null {
  const t = trimSpaces(s);
  if (!INTEGRAL.test(t)) return null;
  const n = BigInt(t);
  return n >= LONG_MIN && n <= LONG_MAX ? n : null;
}

function parseDouble(s: string): number | null {
  const t = trimSpaces(s);
  if (t in SPECIAL) return SPECIAL[t];
  return DECIMAL.test(t) ? Number(t) : null;
}

/** Java's (int)/(long) of a double: toward zero, saturating, NaN to 0. */
export const doubleToInt = (d: number): number => (Number.isNaN(d) ? 0 : d >= INT_MAX ? INT_MAX : d <= INT_MIN ? INT_MIN : Math.trunc(d));
export const doubleToLong = (d: number): bigint =>
  Number.isNaN(d) ? 0n : d >= 2 ** 63 ? LONG_MAX : d <= -(2 ** 63) ? LONG_MIN : BigInt(Math.trunc(d));

const lowerBool = (s: string) => {
  const l = s.toLowerCase();
  return l === 'true' ? 1 : l === 'false' ? 0 : null;
};

const CASTS: { readonly [To in ColumnType]: { readonly [From in ColumnType]?: Convert } } = {
  string: {
    int: TEXT_OF.int, long: TEXT_OF.long, double: TEXT_OF.double, boolean: TEXT_OF.boolean,
    timestamp: TEXT_OF.timestamp, date: TEXT_OF.date,
  },
  int: {
    string: (v) => parseInt32(v as string),
    long: (v) => Number(BigInt.asIntN(32, v as bigint)),
    double: (v) => doubleToInt(v as number),
    boolean: (v) => v,
  },
  long: {
    string: (v) => parseInt64(v as string),
    int: (v) => BigInt(v as number),
    double: (v) => doubleToLong(v as number),
    boolean: (v) => BigInt(v as number),
  },
  double: {
    string: (v) => parseDouble(v as string),
    int: (v) => v,
    long: (v) => Number(v as bigint),
    boolean: (v) => v,
  },
  boolean: {
    string: (v) => lowerBool(v as string),
    int: (v) => (v !== 0 ? 1 : 0),
    long: (v) => (v !== 0n ? 1 : 0),
    double: (v) => (v !== 0 ? 1 : 0),
  },
  timestamp: {
    string: (v) => parseIsoTimestamp(v as string),
    date: (v) => (v as number) * MS_PER_DAY,
  },
  date: {
    string: (v) => parseIsoDate(v as string),
    timestamp: (v) => floorDiv(v as number, MS_PER_DAY),
  },
};

/** The lane converted to `to` (itself when the type already matches). */
export function castLane(l: Lane, to: ColumnType): Lane {
  if (l.type === to) return l;
  const convert = CASTS[to][l.type];
  if (!convert) throw new Error(`internal: no cast from ${l.type} to ${to} (validation should have refused it)`);
  const values = l.values as ArrayLike<Scalar>;
  return rowwise(to, l.length, [l], (i) => convert(values[i]));
}
