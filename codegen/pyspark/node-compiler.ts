// One handler per plan node kind, each emitting the statements that bind the node's DataFrame variable
// (its inputs' variables are already bound: nodes come in topological order).
import { crossGuardMessage, formatLoc, isSemiJoin, visitNode, type JoinNode, type NodeVisitor, type PlanNode, type SinkFormat, type SinkNode } from '../../plan/index.ts';
import { PYSPARK_AGGREGATES } from './aggregate-catalogue.ts';
import type { CompileContext } from './compile-context.ts';
import { compileExpr } from './expr-compiler.ts';
import { unsupported } from './expr-env.ts';
import {
  alias, binop, bool, call, castTo, col, F, float, int, lambda, method, name, none, str, tuple, type Py, type PyStmt,
} from './py-ast.ts';
import { splitRegex } from './literal-args.ts';
import { compileSource, pathOf } from './source-compiler.ts';
import * as ml from './ml/index.ts';
import { compileWindow, describeWindow } from './window-compiler.ts';
import { globalOrderedAggregate, orderedColumn, withOrderedColumns } from './ordered-aggregates.ts';
import { malformedQuotingNotice } from '../common/csv-quoting-notice.ts';

const assign = (target: string, value: Py): PyStmt[] => [{ kind: 'assign', target, value }];

/** A node's DataFrame with its columns renamed by position (`l0, l1..`), so that no two names clash. */
const byPosition = (id: string, prefix: string, ctx: CompileContext): Py =>
  method(ctx.varOf(id), 'toDF', ...ctx.schemaOf(id).map((_, i) => str(`${prefix}${i}`)));

/** Sort keys, comparisons and string min/max follow UTF-16 code units (the plan's string order). */
const orderKey = (column: string, type: string, ctx: CompileContext): Py =>
  type === 'string' ? call(ctx.helper('utf16'), [col(column)]) : col(column);

/** The node visitor of one compilation: a new node kind does not compile until it has a handler here. */
export const nodeVisitor = (ctx: CompileContext): NodeVisitor<PyStmt[]> => ({
  source: (n) => assign(ctx.target(n.id), compileSource(n, ctx)),

  filter: (n) => assign(ctx.target(n.id), method(ctx.varOf(n.input), 'filter', compileExpr(n.predicate, ctx.env(n)))),

  project: (n) =>
    assign(ctx.target(n.id), method(ctx.varOf(n.input), 'select', ...n.columns.map((c) => alias(compileExpr(c.expr, ctx.env(n)), c.name)))),

  aggregate: (n) => {
    const env = ctx.env(n);
    const keys = n.keys.map((k) => alias(compileExpr(k.expr, env), k.name));
    const argOf = (i: number): Py | null => {
      const a = n.aggs[i];
      return a.orderBy ? col(orderedColumn(i)) : a.arg === null ? null : compileExpr(a.arg, env);
    };
    const aggs = n.aggs.map((a, i) => alias(PYSPARK_AGGREGATES[a.fn](argOf(i), a.arg?.type ?? null, env, a.params ?? []), a.name));
    if (n.keys.length === 0 && n.aggs.some((a) => a.orderBy)) {
      const plain = n.aggs.map((a, i) => (a.orderBy ? null : aggs[i]));
      return assign(ctx.target(n.id), globalOrderedAggregate(n, ctx.varOf(n.input), plain, env, ctx));
    }
    const input = withOrderedColumns(n, ctx.varOf(n.input), env, ctx);
    // PySpark's agg() needs at least one aggregate: groups without aggregates are the distinct keys.
    if (aggs.length === 0 && keys.length > 0) return assign(ctx.target(n.id), method(method(input, 'select', ...keys), 'distinct'));
    if (aggs.length === 0) return assign(ctx.target(n.id), method(method(method(input, 'groupBy'), 'agg', F('count', F('lit', int(1)))), 'select'));
    return assign(ctx.target(n.id), method(method(input, 'groupBy', ...keys), 'agg', ...aggs));
  },

  join: (n) => compileJoin(n, ctx.target(n.id), ctx),

  cross: (n) => {
    const [ls, rs] = [n.left, n.right].map((id) => ctx.schemaOf(id));
    const crossed = call(ctx.helper('cross_join_within'), [byPosition(n.left, 'l', ctx), byPosition(n.right, 'r', ctx), int(n.maxRows), str(crossGuardMessage(n))]);
    return assign(ctx.target(n.id), method(crossed, 'toDF', ...[...ls, ...rs].map((f) => str(f.name))));
  },

  setOp: (n) => {
    // subtract is EXCEPT DISTINCT and intersect INTERSECT DISTINCT; both compare nulls as equal, NaN as
    // equal. Adding 0.0 makes -0.0 into 0.0 before they compare, so the result shows 0.0 as the plan says.
    const side = (id: string) => {
      const cols = n.schema.map((f, i) => alias(f.type === 'double' ? binop('+', col(`c${i}`), F('lit', float(0))) : col(`c${i}`), `c${i}`));
      return method(byPosition(id, 'c', ctx), 'select', ...cols);
    };
    const op = method(side(n.left), n.op === 'except' ? 'subtract' : 'intersect', side(n.right));
    return assign(ctx.target(n.id), method(op, 'toDF', ...n.schema.map((f) => str(f.name))));
  },

  sort: (n) => {
    const types = new Map(n.schema.map((f) => [f.name, f.type]));
    const keys = n.keys.map((k) => method(orderKey(k.column, types.get(k.column)!, ctx), k.desc ? 'desc_nulls_last' : 'asc_nulls_first'));
    return assign(ctx.target(n.id), method(ctx.varOf(n.input), 'orderBy', ...keys));
  },

  limit: (n) => assign(ctx.target(n.id), method(ctx.varOf(n.input), 'limit', int(n.n))),

  distinct: (n) => assign(ctx.target(n.id), method(ctx.varOf(n.input), 'distinct')),

  union: (n) => assign(ctx.target(n.id), n.inputs.slice(1).reduce((acc, id) => method(acc, 'union', ctx.varOf(id)), ctx.varOf(n.inputs[0]))),

  explode: (n) => {
    const parts = F('split', col(n.column), str(splitRegex(n.separator)), int(-1));
    const nonEmpty = F('filter', parts, lambda(['part'], binop('!=', name('part'), str(''))));
    const kept = n.schema.filter((f) => f.name !== n.as).map((f) => col(f.name));
    return assign(ctx.target(n.id), method(ctx.varOf(n.input), 'select', ...kept, alias(F('explode', nonEmpty), n.as)));
  },

  window: (n) => compileWindow(n, ctx),

  sink: (n) => [{ kind: 'expr', value: compileSink(n, ctx) }],

  split: (n) => ml.compileSplit(n, ctx),
  fit: (n) => ml.compileFit(n, ctx),
  predict: (n) => ml.compilePredict(n, ctx),
  evaluate: (n) => ml.compileEvaluate(n, ctx),
  modelParams: (n) => ml.compileModelParams(n, ctx),
  saveModel: (n) => ml.compileSaveModel(n, ctx),
});

const WRITERS = {
  csv: 'write_csv', 'csv-noheader': 'write_csv', tsv: 'write_tsv', jsonl: 'write_json_lines', parquet: 'write_parquet',
} as const satisfies Record<SinkFormat, string>;

function compileSink(n: SinkNode, ctx: CompileContext): Py {
  // An ordered output is written as the sort left it: range partitions, each sorted, so part-00000,
  // part-00001, ... in name order hold the rows in the plan's order (gathering concatenates them so), and
  // no single task sorts or writes everything.
  const df = ctx.varOf(n.input);
  const type = n.partitionBy === null ? null : n.schema.find((f) => f.name === n.partitionBy)!.type;
  const partition = type === null ? none : tuple([str(n.partitionBy!), str(type)]);
  const keepOrder = type !== null && ctx.isOrdered(n.input);
  if (n.format === 'parquet') return call(ctx.helper('write_parquet'), [df, pathOf(n.output)]);
  const args = [df, pathOf(n.output), partition];
  if (n.format === 'csv-noheader') return call(ctx.helper('write_csv'), [...args, bool(keepOrder), bool(false)]);
  return call(ctx.helper(WRITERS[n.format]), [...args, ...(keepOrder ? [bool(true)] : [])]);
}

/**
 * Both sides are first renamed by position (l0.., r0..): same-named columns and self-joins then cannot
 * clash. Keys sharing their name appear once, as coalesce(left, right) of the left key's type.
 */
function compileJoin(n: JoinNode, target: string, ctx: CompileContext): PyStmt[] {
  const left = ctx.fresh(`${target}_left`);
  const right = ctx.fresh(`${target}_right`);
  const [ls, rs] = [n.left, n.right].map((id) => ctx.schemaOf(id));
  const li = (c: string) => col(`l${ls.findIndex((f) => f.name === c)}`);
  const ri = (c: string) => col(`r${rs.findIndex((f) => f.name === c)}`);
  const cond = n.on.map((k) => binop('==', li(k.left), ri(k.right))).reduce((a, b) => binop('&', a, b));
  if (isSemiJoin(n.how)) {
    // left_semi keeps each left row once when some right row matches, left_anti when none does; a null key
    // makes the condition null, which matches nothing (SQL's EXISTS and NOT EXISTS).
    return [
      ...assign(left, byPosition(n.left, 'l', ctx)),
      ...assign(right, byPosition(n.right, 'r', ctx)),
      ...assign(ctx.target(n.id), method(method(name(left), 'join', name(right), cond, str(`left_${n.how}`)), 'select', ...ls.map((f) => alias(li(f.name), f.name)))),
    ];
  }
  const merged = new Map(n.on.filter((k) => k.left === k.right).map((k) => [k.left, k.right]));
  const columns = [
    ...ls.map((f) => {
      if (!merged.has(f.name)) return alias(li(f.name), f.name);
      const r = rs.find((x) => x.name === f.name)!;
      const both = F('coalesce', li(f.name), ri(f.name));
      return alias(r.type === f.type ? both : castTo(both, f.type), f.name);
    }),
    ...rs.filter((f) => !merged.has(f.name)).map((f) => alias(ri(f.name), f.name)),
  ];
  if (!['inner', 'left', 'right', 'full'].includes(n.how)) throw unsupported(`a ${n.how} join`, n);
  return [
    ...assign(left, byPosition(n.left, 'l', ctx)),
    ...assign(right, byPosition(n.right, 'r', ctx)),
    // A small right side is broadcast: every task joins its rows of the left without a shuffle. A skewed one
    // is left to AQE, which splits a skewed partition of the sort-merge join (on by default in Spark 3.5).
    ...assign(ctx.target(n.id), method(method(name(left), 'join', n.small ? F('broadcast', name(right)) : name(right), cond, str(n.how)), 'select', ...columns)),
  ];
}

/** Whether a node's rows come out in the order of a sort upstream (which the write must then keep). */
export function keepsOrder(n: PlanNode, ctx: CompileContext): boolean {
  switch (n.kind) {
    case 'sort':
      return true;
    case 'filter':
    case 'project':
    case 'limit':
    case 'explode':
    case 'sink':
      return ctx.isOrdered(n.input);
    default:
      return false;
  }
}

/** One comment line per node: where the job made it and what it does. */
export function nodeComment(n: PlanNode): string {
  return `${formatLoc(n.loc)} ${n.id}: ${visitNode(n, DESCRIBE)}`;
}

const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name).join(', ');

const noteOf = (notice: string | null) => (notice === null ? '' : `. Note: ${notice}`);

const DESCRIBE: NodeVisitor<string> = {
  source: (n) => `read input '${n.input}' (${n.format.kind})${noteOf(malformedQuotingNotice(n, 'pyspark'))}`,
  filter: () => 'filter',
  project: (n) => `select ${names(n.columns)}`,
  aggregate: (n) => (n.keys.length ? `group by ${names(n.keys)}; ` : '') + `aggregate ${names(n.aggs) || 'nothing'}`,
  join: (n) => `${n.how} join on ${n.on.map((k) => `${k.left} = ${k.right}`).join(', ')}${n.skew ? ' (skewed left side: AQE splits its large partitions)' : ''}`,
  cross: (n) => `cross join (at most ${n.maxRows} rows)`,
  setOp: (n) => `${n.op} (distinct rows)`,
  sort: (n) => `order by ${n.keys.map((k) => `${k.column}${k.desc ? ' desc' : ''}`).join(', ')}`,
  limit: (n) => `limit ${n.n}`,
  distinct: () => 'distinct',
  union: (n) => `union all of ${n.inputs.join(', ')}`,
  explode: (n) => `explode ${n.column} on ${JSON.stringify(n.separator)} as ${n.as}`,
  window: describeWindow,
  sink: (n) => `write output '${n.output}' (${n.format}${n.partitionBy === null ? '' : `, partitioned by ${n.partitionBy}`})`,
  split: (n) => `${n.side} side of a split (fraction ${n.fraction}, seed ${n.seed})`,
  fit: (n) => `fit ${[...n.stages.map((s) => s.kind), n.estimator.kind].join(' -> ')}`,
  predict: (n) => `predict with model ${n.model}`,
  evaluate: (n) => `evaluate model ${n.model}: ${n.metrics.join(', ')}`,
  modelParams: (n) => `params of model ${n.model}`,
  saveModel: (n) => `save model ${n.model} under output '${n.output}'`,
};
