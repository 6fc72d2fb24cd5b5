// How Pig spells each aggregate over a group's bag, keyed on AggFn: an aggregate added to the catalogue
// does not compile until it is spelled here. Pig's COUNT skips tuples whose first field is null and
// COUNT_STAR does not; SUM/AVG/MIN/MAX skip nulls and give null for none, as the plan does.
import type { AggFn, ColumnType } from '../../plan/index.ts';
import { and, bincond, binop, call, int, isNull, long, ref, type NestedStatement, type PigExpr } from './pig-ast.ts';
import { NAN } from './pig-compare.ts';
import { orderedSpelling, type NestedOrderKey } from './pig-ordered-aggregates.ts';
import { nearestRankSpelling, percentileSpelling, varianceSpelling, type TwoPassSpelling } from './pig-distribution-aggregates.ts';

export interface AggregateSpelling {
  readonly expr: PigExpr;
  /** Statements of the nested FOREACH block the expression needs. */
  readonly nested: readonly NestedStatement[];
  /** For aggregates finished in a second FOREACH: `expr` is then a helper bag, and this the final value. */
  readonly finish?: TwoPassSpelling['finish'];
}

/**
 * `bag` is the grouped relation's bag, `field` the argument's field in it (null for count()), `i` the
 * aggregate's number, `params` the call's literal parameters, `order` first/last's nested ORDER keys.
 */
export type AggregateEmit = (
  bag: string, field: string | null, i: number, argType: ColumnType | null, params: readonly number[], order: readonly NestedOrderKey[],
) => AggregateSpelling;

/** min of doubles: the first projection holds the value with NaN as null, and its NaN flag (1/0) beside it. */
export const nanFlagged = (fn: AggFn, argType: ColumnType | null): boolean => fn === 'min' && argType === 'double';
export const nanFlag = (field: string): string => `${field}n`;

/** Aggregates whose argument the first projection casts to double (variances are computed in doubles). */
export const DOUBLE_ARGUMENT: ReadonlySet<AggFn> = new Set(['varSamp', 'varPop', 'stddevSamp', 'stddevPop']);

const over = (fn: string): AggregateEmit => (bag, field) => ({ expr: call(fn, ref(`${bag}.${field}`)), nested: [] });

export const PIG_AGGREGATES: { readonly [A in AggFn]: AggregateEmit } = {
  count: (bag, field) => ({ expr: field === null ? call('COUNT_STAR', ref(bag)) : call('COUNT', ref(`${bag}.${field}`)), nested: [] }),
  countDistinct: (bag, field, i) => {
    const d = `distinct__${i}`;
    return { expr: call('COUNT', ref(d)), nested: [{ alias: d, op: 'DISTINCT', input: `${bag}.${field}` }] };
  },
  // SUM of ints is a long, as the plan says; long sums wrap as Java does.
  sum: over('SUM'),
  avg: over('AVG'),
  // Pig's MIN of doubles is NaN when any value is; the plan orders NaN above every number, so it is the
  // minimum only of a group with nothing else. The projection holds the value with NaN as null and a NaN
  // flag (nanFlagged), so MIN and MAX stay algebraic (a nested FILTER would cost the combiner).
  min: (bag, field, i, t) => {
    if (!nanFlagged('min', t)) return over('MIN')(bag, field, i, t, [], []);
    const least = call('MIN', ref(`${bag}.${field}`));
    const sawNaN = binop('==', call('MAX', ref(`${bag}.${nanFlag(field!)}`)), int(1));
    return { expr: bincond(and(isNull(least), sawNaN), NAN, least), nested: [] };
  },
  max: over('MAX'),
  percentile: (bag, field, i, _t, [p]) => percentileSpelling(bag, field!, i, p),
  approxPercentile: (bag, field, i, _t, [p]) => nearestRankSpelling(bag, field!, i, p),
  varSamp: (bag, field, i) => varianceSpelling(bag, field!, i, 1, false),
  varPop: (bag, field, i) => varianceSpelling(bag, field!, i, 0, false),
  stddevSamp: (bag, field, i) => varianceSpelling(bag, field!, i, 1, true),
  stddevPop: (bag, field, i) => varianceSpelling(bag, field!, i, 0, true),
  first: (bag, field, i, t, _p, order) => orderedSpelling(bag, field!, i, t!, order, false),
  last: (bag, field, i, t, _p, order) => orderedSpelling(bag, field!, i, t!, order, true),
};
