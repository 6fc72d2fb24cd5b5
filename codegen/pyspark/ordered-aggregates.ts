// first and last by order on PySpark: before grouping, each such call gets a column holding its group's
// answer on every row: F.first(value, ignorenulls=True) over a window partitioned by the group keys and
// ordered by the call's keys (the plan's null placement, UTF-16 strings), then the value ascending as the
// tie-break (last: every direction reversed), over the whole partition. The aggregate then takes that
// column's one value per group. Doubles are returned with -0.0 as 0.0.
import type { AggregateNode, ColumnType, Expr } from '../../plan/index.ts';
import type { CompileContext } from './compile-context.ts';
import { compileExpr } from './expr-compiler.ts';
import type { ExprEnv } from './expr-env.ts';
import { attr, binop, bool, call, F, float, lit, method, name, str, type Py } from './py-ast.ts';

const WINDOW = name('Window');

/** The column that holds the answer of aggregate i (`__` then a letter: no plan column is named so). */
export const orderedColumn = (i: number): string => `ordered__${i + 1}`;

/** `input` with one column per first/last call of `n` (unchanged when there is none). */
export function withOrderedColumns(n: AggregateNode, input: Py, env: ExprEnv, ctx: CompileContext): Py {
  if (!n.aggs.some((a) => a.orderBy)) return input;
  ctx.prelude('window', 'from pyspark.sql import Window');
  const sortable = (e: Expr): Py => (e.type === 'string' ? call(ctx.helper('utf16'), [compileExpr(e, env)]) : compileExpr(e, env));
  const direction = (key: Py, desc: boolean): Py => method(key, desc ? 'desc_nulls_last' : 'asc_nulls_first');
  const partitioned = n.keys.length ? method(WINDOW, 'partitionBy', ...n.keys.map((k) => compileExpr(k.expr, env))) : WINDOW;
  return n.aggs.reduce((df, a, i) => {
    if (!a.orderBy) return df;
    const reversed = a.fn === 'last';
    const value = zeroSigned(compileExpr(a.arg!, env), a.arg!.type);
    const keys = [...a.orderBy.map((k) => direction(sortable(k.expr), k.desc !== reversed)), direction(sortable(a.arg!), reversed)];
    const w = method(method(partitioned, 'orderBy', ...keys), 'rowsBetween', attr(WINDOW, 'unboundedPreceding'), attr(WINDOW, 'unboundedFollowing'));
    return method(df, 'withColumn', str(orderedColumn(i)), method(F('first', value, bool(true)), 'over', w));
  }, input);
}

/** -0.0 + 0.0 is 0.0. */
const zeroSigned = (x: Py, type: ColumnType): Py => (type === 'double' ? binop('+', x, lit(float(0))) : x);
