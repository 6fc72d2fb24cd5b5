// first and last by order on PySpark: before grouping, each such call gets a column holding its group's
// answer on every row: F.first(value, ignorenulls=True) over a window partitioned by the group keys and
// ordered by the call's keys (the plan's null placement, UTF-16 strings), then the value ascending as the
// tie-break (last: every direction reversed), over the whole partition. The aggregate then takes that
// column's one value per group. Doubles are returned with -0.0 as 0.0.
// A global aggregate (no keys) has no key to partition such a window by, and an unpartitioned window
// gathers every row into one task; so there each call is instead the first row of its non-null values
// sorted the same way (`orderBy(...).limit(1)`: a bounded top-1 in every partition), joined to the one row
// of the other aggregates.
import type { AggregateNode, ColumnType, Expr } from '../../plan/index.ts';
import type { CompileContext } from './compile-context.ts';
import { compileExpr } from './expr-compiler.ts';
import type { ExprEnv } from './expr-env.ts';
import { attr, binop, bool, call, col, F, float, int, lit, method, name, str, type Py } from './py-ast.ts';

const WINDOW = name('Window');

/** The column that holds the answer of aggregate i (`__` then a letter: no plan column is named so). */
export const orderedColumn = (i: number): string => `ordered__${i + 1}`;

/** `input` with one column per first/last call of `n` (unchanged when there is none). */
export function withOrderedColumns(n: AggregateNode, input: Py, env: ExprEnv, ctx: CompileContext): Py {
  if (!n.aggs.some((a) => a.orderBy)) return input;
  ctx.prelude('window', 'from pyspark.sql import Window');
  const partitioned = method(WINDOW, 'partitionBy', ...n.keys.map((k) => compileExpr(k.expr, env)));
  return n.aggs.reduce((df, a, i) => {
    if (!a.orderBy) return df;
    const { value, keys } = orderedCall(a, env, ctx);
    const w = method(method(partitioned, 'orderBy', ...keys), 'rowsBetween', attr(WINDOW, 'unboundedPreceding'), attr(WINDOW, 'unboundedFollowing'));
    return method(df, 'withColumn', str(orderedColumn(i)), method(F('first', value, bool(true)), 'over', w));
  }, input);
}

/**
 * The DataFrame of a global aggregate with first/last by order: `plain[i]` is the aliased aggregate of
 * each call that is not ordered (null for the ordered ones); the columns come out in the plan's order.
 */
export function globalOrderedAggregate(n: AggregateNode, input: Py, plain: readonly (Py | null)[], env: ExprEnv, ctx: CompileContext): Py {
  const others = plain.filter((p): p is Py => p !== null);
  const base = method(method(input, 'groupBy'), 'agg', ...(others.length ? others : [method(F('count', F('lit', int(1))), 'alias', str('ordered__rows'))]));
  const joined = n.aggs.reduce((df, a, i) => {
    if (!a.orderBy) return df;
    const { value, keys } = orderedCall(a, env, ctx);
    const top = method(method(method(method(input, 'where', method(value, 'isNotNull')), 'orderBy', ...keys), 'limit', int(1)), 'select', method(value, 'alias', str(orderedColumn(i))));
    return call(attr(df, 'join'), [top], [['how', str('left')]]);
  }, base);
  return method(joined, 'select', ...n.aggs.map((a, i) => (a.orderBy ? method(col(orderedColumn(i)), 'alias', str(a.name)) : col(a.name))));
}

/** A first/last call's value and its sort keys (the plan's keys, then the value; last reverses each). */
function orderedCall(a: AggregateNode['aggs'][number], env: ExprEnv, ctx: CompileContext): { value: Py; keys: Py[] } {
  const sortable = (e: Expr): Py => (e.type === 'string' ? call(ctx.helper('utf16'), [compileExpr(e, env)]) : compileExpr(e, env));
  const direction = (key: Py, desc: boolean): Py => method(key, desc ? 'desc_nulls_last' : 'asc_nulls_first');
  const reversed = a.fn === 'last';
  const value = zeroSigned(compileExpr(a.arg!, env), a.arg!.type);
  return { value, keys: [...a.orderBy!.map((k) => direction(sortable(k.expr), k.desc !== reversed)), direction(sortable(a.arg!), reversed)] };
}

/** -0.0 + 0.0 is 0.0. */
const zeroSigned = (x: Py, type: ColumnType): Py => (type === 'double' ? binop('+', x, lit(float(0))) : x);
