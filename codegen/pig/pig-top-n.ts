// Top-n (a limit right after a sort) through the package's algebraic TopN (pig-udf/, shipped as
// dist/pig/emr-jobs-udf.jar): one GROUP ALL whose combiner keeps n rows per map, so its one reducer merges
// n rows per map where Pig's ORDER would sample, shuffle and sort every row. TopN compares as the plan
// orders (docs/semantics.md "Ordering"), and hands its n rows over in that order.
import { inputsOf, planChecks, sampleOnlyNodes, type LimitNode, type Plan, type SortNode } from '../../plan/index.ts';
import { call, ref } from './pig-ast.ts';
import type { PigContext } from './pig-context.ts';
import { PIG_LIB_PARAM } from './pig-lib.ts';
import { pigName } from './pig-names.ts';
import { pigType } from './pig-types.ts';

/** The jar `$emr_jobs_pig_lib` holds for TopN: built by scripts/build-pig-udf.sh, shipped in the package. */
export const UDF_JAR = 'emr-jobs-udf.jar';
export const TOP_N_CLASS = 'emrjobs.pig.TopN';

/** The limits the Pig compiler writes as a TopN: each right after a sort, on the way to an output. */
export function topNLimits(plan: Plan): LimitNode[] {
  const sorts = new Set(plan.nodes.filter((n) => n.kind === 'sort').map((n) => n.id));
  const skipped = sampleOnlyNodes(plan);
  return plan.nodes.filter((n): n is LimitNode => n.kind === 'limit' && sorts.has(n.input) && !skipped.has(n.id));
}

/** Sorts that nothing but limits (each a TopN now) and no check reads: their ORDER would be dead code. */
export function sortsOnlyUnderTopN(plan: Plan): Set<string> {
  const checked = new Set(planChecks(plan).flatMap((c) => [c.input, ...(c.selected !== undefined ? [c.selected] : [])]));
  return new Set(
    plan.nodes
      .filter((s) => s.kind === 'sort' && !checked.has(s.id))
      .filter((s) => plan.nodes.filter((n) => inputsOf(n).includes(s.id)).every((n) => n.kind === 'limit'))
      .map((s) => s.id),
  );
}

/** `field index:asc|desc:pig type` per key, as TopN's constructor reads them. */
function keyArgs(sort: SortNode): string[] {
  return sort.keys.map((k) => {
    const i = sort.schema.findIndex((f) => f.name === k.column);
    return `${i}:${k.desc ? 'desc' : 'asc'}:${pigType(sort.schema[i].type)}`;
  });
}

export function compileTopN(node: LimitNode, sort: SortNode, ctx: PigContext): void {
  if (ctx.firstTime('udf-jar')) {
    ctx.emit(node, "the package's Pig functions (TopN): staged beside the script", { kind: 'register', param: PIG_LIB_PARAM, jars: [UDF_JAR] });
  }
  const fn = ctx.helper(node, 'top');
  const groups = ctx.helper(node, 'whole');
  const input = ctx.alias(sort.input);
  ctx.emit(node, `the first ${node.n} rows in the sort's order (nulls first ascending, last descending; NaN above every number)`, {
    kind: 'define', alias: fn, fn: TOP_N_CLASS, args: [String(node.n), ...keyArgs(sort)],
  });
  ctx.emit(node, 'one group of all rows: each map and combiner keeps its top rows only', { kind: 'group', alias: groups, input, keys: 'ALL' });
  ctx.emit(node, 'the top rows of all, in order (one reducer, which writes them as TopN returns them)', {
    kind: 'foreach',
    alias: ctx.alias(node.id),
    input: groups,
    items: [{ flatten: call(fn, ref(input)), as: sort.schema.map((f) => pigName(f.name)), types: sort.schema.map((f) => pigType(f.type)) }],
  });
}
