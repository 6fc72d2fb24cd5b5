// Plan types as Pig types, and plan literals as Pig literals of exactly the plan's type.
import type { ColumnType, Literal } from '../../plan/index.ts';
import { call, konst, long, nullOf, str, type PigExpr, type PigType } from './pig-ast.ts';

export const PIG_TYPES: { readonly [T in ColumnType]: PigType } = {
  string: 'chararray',
  int: 'int',
  long: 'long',
  double: 'double',
  boolean: 'boolean',
  // Dates are datetimes at 00:00 UTC (docs/semantics.md).
  timestamp: 'datetime',
  date: 'datetime',
};

export const pigType = (t: ColumnType): PigType => PIG_TYPES[t];

/** A Java double literal for a finite JS number: always with a `.` (Pig reads `1E5` as an error), `-0.0` kept. */
export function doubleText(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`double literal ${x} is not finite`);
  if (Object.is(x, -0)) return '-0.0';
  const [mant, exp] = String(x).split('e');
  const m = mant.includes('.') ? mant : `${mant}.0`;
  return exp === undefined ? m : `${m}E${Number(exp)}`;
}

const INT_MIN = -2147483648;

const LITERALS: { readonly [T in ColumnType]: (v: string | number | boolean) => PigExpr } = {
  string: (v) => str(String(v)),
  // 2147483648 is no int literal, so the smallest int is written as a cast long.
  int: (v) => (v === INT_MIN ? konst(`(int)${INT_MIN}L`) : konst(String(v))),
  long: (v) => long(v as number),
  double: (v) => konst(doubleText(v as number)),
  boolean: (v) => konst(v ? 'true' : 'false'),
  // ISO text with `Z` parses into a UTC datetime; years outside 0000-9999 go by epoch milliseconds.
  timestamp: (v) => (/^\d{4}-/.test(String(v)) ? call('ToDate', str(String(v))) : call('ToDate', long(Date.parse(String(v))))),
  date: (v) => call('ToDate', str(String(v)), str('yyyy-MM-dd')),
};

export function pigLiteral(l: Literal): PigExpr {
  return l.value === null ? nullOf(pigType(l.type)) : LITERALS[l.type](l.value);
}
