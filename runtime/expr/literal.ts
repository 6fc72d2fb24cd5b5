// Plan literals as lane values: longs become bigint, booleans 0/1, timestamps epoch ms, dates epoch days.
import type { ColumnType, Literal } from '../../plan/index.ts';
import type { Scalar } from '../columns/lane.ts';
import { parseIsoDate, parseIsoTimestamp } from './civil-time.ts';
import { planError, type ExprSite } from './kernel-types.ts';

const FROM_JSON: { readonly [T in ColumnType]: (v: string | number | boolean) => Scalar | null } = {
  string: (v) => (typeof v === 'string' ? v : null),
  int: (v) => (typeof v === 'number' && Number.isInteger(v) && v === (v | 0) ? v : null),
  long: (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt.asIntN(64, BigInt(v)) : null),
  double: (v) => (typeof v === 'number' ? v : null),
  boolean: (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : null),
  timestamp: (v) => (typeof v === 'string' ? parseIsoTimestamp(v) : null),
  date: (v) => (typeof v === 'string' ? parseIsoDate(v) : null),
};

/** The lane value of a literal (null for a null literal); a malformed value is a plan error at its node. */
export function literalValue(e: Literal, site: ExprSite): Scalar | null {
  if (e.value === null) return null;
  const v = FROM_JSON[e.type](e.value);
  if (v === null) throw planError(site, `literal ${JSON.stringify(e.value)} is not a valid ${e.type}`);
  return v;
}
