// Typed aggregate builders for groupBy(...).agg(...): sum over a string is a compile error.
import type { AggFn, ColumnType, Expr, NumericType } from '../plan/index.ts';
import type { Expression } from './expression.ts';

export class Aggregate<T extends ColumnType> {
  declare readonly __type: T;
  constructor(
    readonly fn: AggFn,
    readonly arg: Expr | null,
  ) {}
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
