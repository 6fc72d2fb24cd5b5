// Typed aggregate builders for groupBy(...).agg(...): sum over a string is a compile error. An aggregate is
// also an expression, so `sum(r.bytes).div(count())` or `max(r.t).minus(min(r.t))` is an agg output; it
// stands for a column of the aggregate's result (see agg-outputs.ts), and means nothing outside agg().
import * as P from '../plan/index.ts';
import type { AggFn, AggOrderKey, ColumnType, Expr, NumericType } from '../plan/index.ts';
import { Expression } from './expression.ts';
import { callerLocation } from './location.ts';

/** Placeholder column names start with this; the JobBuilder names the aggregate when one leaks out of agg(). */
export const AGGREGATE_MARK = 'aggregate outside agg(): ';

const made = new Map<string, Aggregate<ColumnType>>();

export class Aggregate<T extends ColumnType> extends Expression<T> {
  constructor(
    readonly fn: AggFn,
    readonly arg: Expr | null,
    readonly params: readonly number[] = [],
    /** first/last's order (see `first`); empty for the others. */
    readonly orderBy: readonly P.AggOrderKey[] = [],
  ) {
    const r = P.AGGREGATES[fn].result(arg === null ? null : arg.type);
    super(P.col(`${AGGREGATE_MARK}${fn}#${made.size + 1}`, P.isColumnType(r) ? r : 'double'));
    made.set((this.node as P.ColRef).name, this);
  }
}

/** The aggregate a placeholder column stands for, if it is one. */
export function aggregateOf(e: Expr): Aggregate<ColumnType> | undefined {
  return e.kind === 'col' ? made.get(e.name) : undefined;
}

export type SumType<T extends NumericType> = T extends 'double' ? 'double' : 'long';
type Orderable = Exclude<ColumnType, 'boolean'>;

/** count() counts rows; count(x) counts rows where x is not null. */
export function count(e?: Expression<ColumnType>): Aggregate<'long'> {
  return new Aggregate('count', e ? e.node : null);
}
export function countDistinct(e: Expression<ColumnType>): Aggregate<'long'> {
  return new Aggregate('countDistinct', e.node);
}
/** Sum of non-null values (long for integers, double for doubles); null when there are none. */
export function sum<T extends NumericType>(e: Expression<T>): Aggregate<SumType<T>> {
  return new Aggregate('sum', e.node);
}
export function avg(e: Expression<NumericType>): Aggregate<'double'> {
  return new Aggregate('avg', e.node);
}
export function min<T extends Orderable>(e: Expression<T>): Aggregate<T> {
  return new Aggregate('min', e.node);
}
export function max<T extends Orderable>(e: Expression<T>): Aggregate<T> {
  return new Aggregate('max', e.node);
}

/**
 * Exact percentile of the non-null values, as Spark's `percentile`: the values sorted ascending, position
 * (n - 1) * p between the two nearest, linearly interpolated. `p` is a literal in [0, 1].
 * ```ts
 * logs.groupBy('host').agg((r) => ({ p95: percentile(r.bytes, 0.95) }))
 * // Pig:     nested ORDER, piggybank Over row numbers, then the two values around the position
 * // PySpark: F.percentile(F.col("bytes"), F.lit(0.95))
 * ```
 */
export function percentile(e: Expression<NumericType>, p: number): Aggregate<'double'> {
  return new Aggregate('percentile', e.node, [p]);
}
/** percentile(x, 0.5). */
export function median(e: Expression<NumericType>): Aggregate<'double'> {
  return percentile(e, 0.5);
}
/**
 * A value of the input at rank ceil(p * n) (nearest rank), of the argument's type: exactly that one on the
 * runtime and Pig; on Spark `percentile_approx`, within n / accuracy ranks of it (the same below `accuracy`
 * values per group).
 * ```ts
 * logs.groupBy('host').agg((r) => ({ p99: approxPercentile(r.bytes, 0.99, 10000) }))
 * // PySpark: F.percentile_approx(F.col("bytes"), F.lit(0.99), F.lit(10000))
 * ```
 */
export function approxPercentile<T extends NumericType>(e: Expression<T>, p: number, accuracy = 10000): Aggregate<T> {
  return new Aggregate('approxPercentile', e.node, [p, accuracy]);
}
/** Sample variance (divisor n - 1); null for fewer than two non-null values. Spark: var_samp. */
export function varSamp(e: Expression<NumericType>): Aggregate<'double'> {
  return new Aggregate('varSamp', e.node);
}
/** Population variance (divisor n); null when there is no non-null value. Spark: var_pop. */
export function varPop(e: Expression<NumericType>): Aggregate<'double'> {
  return new Aggregate('varPop', e.node);
}
/** Sample standard deviation, the square root of varSamp. Spark: stddev_samp. */
export function stddevSamp(e: Expression<NumericType>): Aggregate<'double'> {
  return new Aggregate('stddevSamp', e.node);
}
/** Population standard deviation, the square root of varPop. Spark: stddev_pop. */
export function stddevPop(e: Expression<NumericType>): Aggregate<'double'> {
  return new Aggregate('stddevPop', e.node);
}

/** One key of first/last's order, as in `orderBy()` but an expression over the row: `r.ts` or `[r.ts, 'desc']`. */
export type AggSortSpec = Expression<ColumnType> | readonly [Expression<ColumnType>, 'asc' | 'desc'];

export interface OrderedOptions {
  /** One key, or a list of keys (the first decides, the next break its ties, ...). */
  readonly orderBy: AggSortSpec | readonly AggSortSpec[];
}

function orderKeys(fn: string, o: OrderedOptions | undefined): AggOrderKey[] {
  const spec = o?.orderBy;
  const key = (k: unknown): AggOrderKey | null => {
    if (k instanceof Expression) return { expr: k.node, desc: false };
    if (Array.isArray(k) && k.length === 2 && k[0] instanceof Expression && (k[1] === 'asc' || k[1] === 'desc')) return { expr: k[0].node, desc: k[1] === 'desc' };
    return null;
  };
  const single = key(spec);
  const keys = single ? [single] : Array.isArray(spec) ? spec.map(key) : [];
  if (keys.length === 0 || keys.some((k) => k === null)) {
    throw new P.JobError('job', `${fn}: orderBy must be a column expression, [expression, 'asc' | 'desc'], or a non-empty list of them`, callerLocation());
  }
  return keys as AggOrderKey[];
}

/**
 * The non-null value of `e` at the first row of the group in `orderBy` order (nulls first ascending, last
 * descending, as `orderBy()`); rows tied on every key are ordered by the value ascending, so the result is
 * the same on every engine. Rows where `e` is null are skipped; null when every value is. Keys are
 * expressions over the row (`r.ts`, `[r.ts, 'desc']`, or a list of them).
 * ```ts
 * logs.groupBy('session').agg((r) => ({ entry: first(r.path, { orderBy: [r.ts] }) }))
 * // Pig:     nested FILTER (non-null path), ORDER BY ts ASC, path ASC, LIMIT 1
 * // PySpark: F.first(path, True) over a window by the keys ordered by ts, path; then per group
 * //          (a global aggregate: the first non-null row of orderBy(ts, path).limit(1))
 * ```
 */
export function first<T extends ColumnType>(e: Expression<T>, options: OrderedOptions): Aggregate<T> {
  return new Aggregate('first', e.node, [], orderKeys('first', options));
}
/** The non-null value of `e` at the last row in `orderBy` order: `first` with every direction reversed (ties: the greatest value). */
export function last<T extends ColumnType>(e: Expression<T>, options: OrderedOptions): Aggregate<T> {
  return new Aggregate('last', e.node, [], orderKeys('last', options));
}
