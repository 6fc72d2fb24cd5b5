// Aggregate: project the keys and the aggregates' arguments, GROUP BY the keys (Pig groups null keys
// together, as the plan does), then one row per group: the keys, then each aggregate over the group's bag.
import type { AggregateNode, Expr } from '../../plan/index.ts';
import { ref, type GenerateItem, type NestedStatement } from './pig-ast.ts';
import type { PigContext } from './pig-context.ts';
import { pigValue } from './pig-expr-compiler.ts';
import { pigName } from './pig-names.ts';
import { PIG_AGGREGATES } from './pig-aggregates.ts';
import { zeroSigned } from './pig-row-nodes.ts';

const plainColumn = (e: Expr | null): e is Extract<Expr, { kind: 'col' }> => e !== null && e.kind === 'col';

export function compileAggregate(node: AggregateNode, ctx: PigContext): void {
  const input = ctx.node(node.input);
  const env = ctx.env(node, input.schema);
  // Keys and arguments that are columns as they are need no projection first (doubles do: -0.0 is 0.0).
  const direct =
    node.keys.every((k) => plainColumn(k.expr) && k.expr.name === k.name && k.expr.type !== 'double') &&
    node.aggs.every((a) => a.arg === null || (plainColumn(a.arg) && !(a.fn === 'countDistinct' && a.arg.type === 'double')));
  let rows = ctx.alias(input.id);
  const argField = (i: number): string | null => {
    const a = node.aggs[i].arg;
    if (a === null) return null;
    return direct ? pigName((a as Extract<Expr, { kind: 'col' }>).name) : `agg__${i + 1}`;
  };
  if (!direct) {
    rows = ctx.helper(node, 'rows');
    const items: GenerateItem[] = [
      ...node.keys.map((k) => ({ expr: zeroSigned(pigValue(k.expr, env), k.expr.type), as: pigName(k.name) })),
      ...node.aggs.flatMap((a, i) =>
        a.arg === null ? [] : [{ expr: a.fn === 'countDistinct' ? zeroSigned(pigValue(a.arg, env), a.arg.type) : pigValue(a.arg, env), as: argField(i)! }],
      ),
    ];
    ctx.emit(node, 'the group keys and the aggregated values', { kind: 'foreach', alias: rows, input: ctx.alias(input.id), items });
  }
  const groups = ctx.helper(node, 'groups');
  const keys = node.keys.map((k) => ref(pigName(k.name)));
  ctx.emit(node, node.keys.length ? 'group rows by the keys (null keys form one group)' : 'one group of all rows', {
    kind: 'group', alias: groups, input: rows, keys: keys.length ? keys : 'ALL',
  });
  const nested: NestedStatement[] = [];
  const aggItems: GenerateItem[] = node.aggs.map((a, i) => {
    const s = PIG_AGGREGATES[a.fn](rows, argField(i), i + 1, a.arg?.type ?? null);
    nested.push(...s.nested);
    return { expr: s.expr, as: pigName(a.name) };
  });
  const keyItems: GenerateItem[] =
    node.keys.length === 0 ? [] : node.keys.length === 1 ? [{ expr: ref('group'), as: pigName(node.keys[0].name) }] : [{ flatten: ref('group'), as: node.keys.map((k) => pigName(k.name)) }];
  ctx.emit(node, 'one row per group: the keys, then the aggregates', {
    kind: 'foreach', alias: ctx.alias(node.id), input: groups, items: [...keyItems, ...aggItems], nested,
  });
}
