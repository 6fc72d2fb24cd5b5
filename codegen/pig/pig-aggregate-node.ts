// Aggregate: project the keys and the aggregates' arguments, GROUP BY the keys (Pig groups null keys
// together, as the plan does), then one row per group: the keys, then each aggregate over the group's bag.
// Percentiles and variances keep a helper bag there and are finished by a second FOREACH; first and last
// project their order keys too and take one tuple of a nested ORDER (pig-ordered-aggregates.ts). Without
// keys, variances and first/last read the rows instead (pig-global-aggregates.ts), so the one group keeps
// its combiner.
import type { AggCall, AggFn, AggregateNode, ColumnType, Expr } from '../../plan/index.ts';
import { bincond, call, cast, int, nullOf, ref, type GenerateItem, type NestedStatement, type PigExpr } from './pig-ast.ts';
import type { PigContext } from './pig-context.ts';
import { pigValue } from './pig-expr-compiler.ts';
import { pigName } from './pig-names.ts';
import { DOUBLE_ARGUMENT, nanFlag, nanFlagged, PIG_AGGREGATES } from './pig-aggregates.ts';
import { isNaN } from './pig-compare.ts';
import { zeroSigned } from './pig-row-nodes.ts';
import { orderedFields, orderedValue } from './pig-ordered-aggregates.ts';
import { fromRows, globalPasses } from './pig-global-aggregates.ts';

const plainColumn = (e: Expr | null): e is Extract<Expr, { kind: 'col' }> => e !== null && e.kind === 'col';

export function compileAggregate(node: AggregateNode, ctx: PigContext): void {
  const input = ctx.node(node.input);
  const env = ctx.env(node, input.schema);
  // Keys and arguments that are columns as they are need no projection first (doubles do: -0.0 is 0.0).
  const direct =
    node.keys.every((k) => plainColumn(k.expr) && k.expr.name === k.name && k.expr.type !== 'double') &&
    node.aggs.every((a) => a.arg === null || (a.orderBy === undefined && plainColumn(a.arg) && !(a.fn === 'countDistinct' && a.arg.type === 'double') && !(DOUBLE_ARGUMENT.has(a.fn) && a.arg.type !== 'double') && !nanFlagged(a.fn, a.arg.type)));
  let rows = ctx.alias(input.id);
  const argField = (i: number): string | null => {
    const a = node.aggs[i].arg;
    if (a === null) return null;
    return direct ? pigName((a as Extract<Expr, { kind: 'col' }>).name) : `agg__${i + 1}`;
  };
  const ordered = node.aggs.map((a, i) => (a.orderBy ? orderedFields(a, i + 1, argField(i)!, (e) => pigValue(e, env)) : null));
  if (!direct) {
    rows = ctx.helper(node, 'rows');
    const items: GenerateItem[] = [
      ...node.keys.map((k) => ({ expr: zeroSigned(pigValue(k.expr, env), k.expr.type), as: pigName(k.name) })),
      ...node.aggs.flatMap((a, i) =>
        a.arg === null ? [] : [{ expr: argumentValue(a.fn, pigValue(a.arg, env), a.arg.type), as: argField(i)! }, ...(ordered[i]?.items ?? []), ...nanFlagItems(a, pigValue(a.arg, env), argField(i)!)],
      ),
    ];
    ctx.emit(node, 'the group keys and the aggregated values', { kind: 'foreach', alias: rows, input: ctx.alias(input.id), items });
  }
  const groups = ctx.helper(node, 'groups');
  const keys = node.keys.map((k) => ref(pigName(k.name)));
  ctx.emit(node, node.keys.length ? 'group rows by the keys (null keys form one group)' : 'one group of all rows', {
    kind: 'group', alias: groups, input: rows, keys: keys.length ? keys : 'ALL',
  });
  // Without keys, variances and first/last read the rows themselves, so the one group stays combined.
  const global = node.keys.length === 0 ? globalPasses(node, ctx, { alias: rows, field: (i) => argField(i)!, order: (i) => ordered[i]!.keys }) : null;
  const inGroup = (i: number) => global === null || !fromRows(node.aggs[i].fn);
  const nested: NestedStatement[] = [];
  const spellings = node.aggs.map((a, i) => (inGroup(i) ? PIG_AGGREGATES[a.fn](rows, argField(i), i + 1, a.arg?.type ?? null, a.params ?? [], ordered[i]?.keys ?? []) : null));
  // A helper bag's field: `bag__<n>` (a helper name holds `__` then a letter, which no column name does).
  const fieldOf = (i: number) => (spellings[i]?.finish ? `bag__${i + 1}` : pigName(node.aggs[i].name));
  const aggItems: GenerateItem[] = spellings.flatMap((s, i) => {
    if (s === null) return [];
    nested.push(...s.nested);
    return [{ expr: s.expr, as: fieldOf(i) }];
  });
  const groupItems = [...aggItems, ...(global?.groupItems ?? [])];
  // A FOREACH generates something: the row count stands in when every call reads the rows.
  if (groupItems.length === 0) groupItems.push({ expr: call('COUNT_STAR', ref(rows)), as: 'rows__all' });
  const keyItems: GenerateItem[] =
    node.keys.length === 0 ? [] : node.keys.length === 1 ? [{ expr: ref('group'), as: pigName(node.keys[0].name) }] : [{ flatten: ref('group'), as: node.keys.map((k) => pigName(k.name)) }];
  const twoPass = spellings.some((s) => s?.finish) || spellings.includes(null);
  const perGroup = twoPass ? ctx.helper(node, 'pergroup') : ctx.alias(node.id);
  ctx.emit(node, !twoPass ? 'one row per group: the keys, then the aggregates' : global ? 'the one row: the aggregates, and the bags and means the others need' : 'one row per group: the keys, the aggregates and the bags the others need', {
    kind: 'foreach', alias: perGroup, input: groups, items: [...keyItems, ...groupItems], nested,
  });
  if (!twoPass) return;
  const fromRowValues = global?.emit(perGroup) ?? new Map<number, PigExpr>();
  const finishNested: NestedStatement[] = [];
  const finals: GenerateItem[] = spellings.map((s, i) => {
    const name = pigName(node.aggs[i].name);
    if (s === null) return { expr: fromRowValues.get(i)!, as: name };
    if (!s.finish) return { expr: ref(fieldOf(i)), as: fieldOf(i) };
    const f = s.finish(fieldOf(i), i + 1);
    finishNested.push(...f.nested);
    return { expr: f.expr, as: name };
  });
  ctx.emit(node, global ? 'the aggregates: percentiles from the bags, the others read from the passes over the rows' : 'percentiles and variances from the bags', {
    kind: 'foreach', alias: ctx.alias(node.id), input: perGroup,
    items: [...node.keys.map((k) => ({ expr: ref(pigName(k.name)), as: pigName(k.name) })), ...finals], nested: finishNested,
  });
}

/** An aggregate's argument as the group's bag holds it: distinct doubles without -0.0, variances in doubles, first/last's values as orderedValue says, NaN as null for nanFlagged. */
function argumentValue(fn: AggFn, value: PigExpr, type: ColumnType): PigExpr {
  if (fn === 'countDistinct') return zeroSigned(value, type);
  if (nanFlagged(fn, type)) return bincond(isNaN(value), nullOf('double'), value);
  if (fn === 'first' || fn === 'last') return orderedValue(value, type);
  return DOUBLE_ARGUMENT.has(fn) && type !== 'double' ? cast('double', value) : value;
}

/** The NaN flag of a nanFlagged argument (null for null). */
function nanFlagItems(a: AggCall, value: PigExpr, field: string): GenerateItem[] {
  return nanFlagged(a.fn, a.arg!.type) ? [{ expr: bincond(isNaN(value), int(1), int(0)), as: nanFlag(field) }] : [];
}
