// Window nodes: one pyspark.sql.Window per node (partitionBy, then orderBy with the plan's null placement
// and UTF-16 string order), each call `.over` it; aggregates over an explicit ROWS frame, never Spark's
// default RANGE frame (which would count a row's ties as already seen).
import type { WindowCall, WindowNode } from '../../plan/index.ts';
import { PYSPARK_AGGREGATES } from './aggregate-catalogue.ts';
import type { CompileContext } from './compile-context.ts';
import { compileExpr } from './expr-compiler.ts';
import type { ExprEnv } from './expr-env.ts';
import { alias, attr, call, col, F, int, lit, method, name, str, type Py, type PyStmt } from './py-ast.ts';

const WINDOW = name('Window');
const PRELUDE = 'from pyspark.sql import Window';

const bound = (x: number | null, unbounded: 'unboundedPreceding' | 'unboundedFollowing'): Py => (x === null ? attr(WINDOW, unbounded) : int(x));

function callOver(c: WindowCall, w: Py, env: ExprEnv, ctx: CompileContext): Py {
  const arg = c.arg === null ? null : compileExpr(c.arg, env);
  switch (c.fn) {
    case 'rowNumber':
      return method(F('row_number'), 'over', w);
    case 'rank':
      return method(F('rank'), 'over', w);
    case 'denseRank':
      return method(F('dense_rank'), 'over', w);
    case 'lag':
    case 'lead': {
      const shifted = method(F(c.fn, arg!, int(c.offset!)), 'over', w);
      if (c.default === null) return shifted;
      // The shifted constant 1 is null exactly where the row is outside the partition.
      const outside = method(method(F(c.fn, lit(int(1)), int(c.offset!)), 'over', w), 'isNull');
      return method(F('when', outside, compileExpr(c.default, env)), 'otherwise', shifted);
    }
    default: {
      const frame = method(w, 'rowsBetween', bound(c.frame!.start, 'unboundedPreceding'), bound(c.frame!.end, 'unboundedFollowing'));
      // String min/max by UTF-16 code units: over the UTF-16BE bytes, decoded back.
      if ((c.fn === 'min' || c.fn === 'max') && c.arg!.type === 'string') {
        return F('decode', method(F(c.fn, call(ctx.helper('utf16'), [arg!])), 'over', frame), str('UTF-16BE'));
      }
      return method(PYSPARK_AGGREGATES[c.fn](arg, c.arg?.type ?? null, env, []), 'over', frame);
    }
  }
}

export function compileWindow(n: WindowNode, ctx: CompileContext): PyStmt[] {
  ctx.prelude('window', PRELUDE);
  const env = ctx.env(n);
  const types = new Map(ctx.schemaOf(n.input).map((f) => [f.name, f.type]));
  const keys = n.orderBy.map((k) => {
    const key = types.get(k.column) === 'string' ? call(ctx.helper('utf16'), [col(k.column)]) : col(k.column);
    return method(key, k.desc ? 'desc_nulls_last' : 'asc_nulls_first');
  });
  const spec = ctx.fresh(`${ctx.target(n.id)}_window`);
  const partitioned = n.partitionBy.length ? method(WINDOW, 'partitionBy', ...n.partitionBy.map(col)) : WINDOW;
  const input = ctx.schemaOf(n.input).map((f) => col(f.name));
  const added = n.calls.map((c) => alias(callOver(c, name(spec), env, ctx), c.name));
  return [
    { kind: 'assign', target: spec, value: method(partitioned, 'orderBy', ...keys) },
    { kind: 'assign', target: ctx.target(n.id), value: method(ctx.varOf(n.input), 'select', ...input, ...added) },
  ];
}

export const describeWindow = (n: WindowNode): string =>
  `window${n.partitionBy.length ? ` by ${n.partitionBy.join(', ')}` : ''} ordered by ${n.orderBy.map((k) => `${k.column}${k.desc ? ' desc' : ''}`).join(', ')}: ${n.calls.map((c) => `${c.name} = ${c.fn}`).join(', ')}`;
