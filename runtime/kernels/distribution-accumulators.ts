// Accumulators that need every non-null value of a group: exact and approximate percentiles (over the
// values sorted ascending, NaN last) and variances (two passes: the mean, then squared deviations, which
// stays accurate where a sum of squares cancels).
import type { ColumnType } from '../../plan/index.ts';
import { laneOfScalars, type Lane, type Scalar } from '../columns/lane.ts';
import { compareScalars } from './sort-order.ts';
import type { Accumulator } from './accumulators.ts';

/** Keeps each group's non-null values; `finish` turns one group's values into its result. */
function collecting(finishGroup: (values: Scalar[]) => Scalar | null, resultType: ColumnType): Accumulator {
  const groups: Scalar[][] = [];
  return {
    add(gid, arg, rows) {
      const v = arg!.values as ArrayLike<Scalar>;
      const valid = arg!.valid;
      for (let i = 0; i < rows; i++) {
        if (valid !== null && valid[i] === 0) continue;
        (groups[gid[i]] ??= []).push(v[i]);
      }
    },
    finish: (k): Lane => laneOfScalars(resultType, Array.from({ length: k }, (_, g) => (groups[g]?.length ? finishGroup(groups[g]) : null))),
  };
}

const sorted = (values: Scalar[]): Scalar[] => values.sort(compareScalars);

/**
 * Spark's `percentile`: position (n - 1) * p between the values at its floor and ceiling, weighted by
 * distance; no interpolation when the position is whole or both values are equal.
 */
export function exactPercentile(values: Scalar[], p: number): number {
  const s = sorted(values);
  const position = (s.length - 1) * p;
  const lower = Math.floor(position);
  const higher = Math.ceil(position);
  const lo = Number(s[lower]);
  if (higher === lower) return lo;
  const hi = Number(s[higher]);
  if (compareScalars(s[lower], s[higher]) === 0) return lo;
  return (higher - position) * lo + (position - lower) * hi;
}

/** The value at rank ceil(p * n) (1-based, at least 1) of the ascending values: an element of the input. */
export function nearestRank(values: Scalar[], p: number): Scalar {
  const s = sorted(values);
  return s[Math.max(1, Math.ceil(p * s.length)) - 1];
}

/** Sum of squared deviations from the mean, computed in two passes. */
function squaredDeviations(values: Scalar[]): number {
  let sum = 0;
  for (const v of values) sum += Number(v);
  const mean = sum / values.length;
  let m2 = 0;
  for (const v of values) {
    const d = Number(v) - mean;
    m2 += d * d;
  }
  return m2;
}

/** Variance with divisor n - `ddof` (1: sample, 0: population); null when n <= ddof. */
export function variance(values: Scalar[], ddof: 0 | 1): number | null {
  return values.length > ddof ? squaredDeviations(values) / (values.length - ddof) : null;
}

type Params = readonly number[];

export const percentileAcc = (_t: ColumnType | null, params: Params): Accumulator => collecting((v) => exactPercentile(v, params[0]), 'double');
export const approxPercentileAcc = (t: ColumnType | null, params: Params): Accumulator => collecting((v) => nearestRank(v, params[0]), t!);
export const varianceAcc = (ddof: 0 | 1, root: boolean) => (): Accumulator =>
  collecting((v) => {
    const x = variance(v, ddof);
    return x === null ? null : root ? Math.sqrt(x) : x;
  }, 'double');

