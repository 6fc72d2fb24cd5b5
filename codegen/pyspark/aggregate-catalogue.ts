// How PySpark spells each aggregate, keyed on AggFn so a new aggregate does not compile until handled.
import type { AggFn, ColumnType } from '../../plan/index.ts';
import type { ExprEnv } from './expr-env.ts';
import { binop, call, F, float, int, lit, method, none, str, type Py } from './py-ast.ts';

/** `arg` is null only for count() of rows; `type` is the argument's plan type; `params` the call's literals. */
export type AggEmit = (arg: Py | null, type: ColumnType | null, env: ExprEnv, params: readonly number[]) => Py;

/**
 * Sample forms: null for fewer than two values whatever spark.sql.legacy.statisticalAggregate says (its
 * legacy setting gives NaN for one value).
 */
const sampleOnly = (fn: string): AggEmit => (arg) => method(F('when', binop('>', F('count', arg!), lit(int(1))), F(fn, arg!)), 'otherwise', lit(none));

const orderable = (fn: 'min' | 'max'): AggEmit => (arg, type, env) => {
  // String min/max by UTF-16 code units: aggregate the UTF-16BE encoding (binary orders bytewise), decode back.
  if (type === 'string') return F('decode', F(fn, call(env.helper('utf16'), [arg!])), str('UTF-16BE'));
  return F(fn, arg!);
};

export const PYSPARK_AGGREGATES: { readonly [K in AggFn]: AggEmit } = {
  count: (arg) => (arg === null ? F('count', lit(int(1))) : F('count', arg)),
  countDistinct: (arg) => F('countDistinct', arg!),
  // Spark's sum of int or long is a long that wraps (non-ANSI), and null over no non-null value.
  sum: (arg) => F('sum', arg!),
  avg: (arg) => F('avg', arg!),
  min: orderable('min'),
  max: orderable('max'),
  percentile: (arg, _t, _env, [p]) => F('percentile', arg!, lit(float(p))),
  // Spark's percentile_approx has the argument's type, like the plan's.
  approxPercentile: (arg, _t, _env, [p, accuracy]) => F('percentile_approx', arg!, lit(float(p)), lit(int(accuracy))),
  varSamp: sampleOnly('var_samp'),
  varPop: (arg) => F('var_pop', arg!),
  stddevSamp: sampleOnly('stddev_samp'),
  stddevPop: (arg) => F('stddev_pop', arg!),
  // `arg` is the column ordered-aggregates.ts adds: the group's answer on each of its rows.
  first: (arg) => F('max', arg!),
  last: (arg) => F('max', arg!),
};
