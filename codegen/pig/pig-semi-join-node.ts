// Semi and anti joins: COGROUP both sides by the keys, keep the groups whose right bag is (or is not) empty,
// and FLATTEN their left bag. COGROUP groups null keys together, so the right side loses its null-keyed
// rows first: a left row with a null key then always meets an empty bag (dropped by semi, kept by anti).
import type { JoinNode } from '../../plan/index.ts';
import { and, call, isNotNull, not, ref } from './pig-ast.ts';
import type { PigContext } from './pig-context.ts';
import { joinKeys } from './pig-join-node.ts';
import { pigName } from './pig-names.ts';
import { sameColumns } from './pig-row-nodes.ts';

export function compileSemiJoin(node: JoinNode, ctx: PigContext): void {
  const left = ctx.node(node.left);
  const keyed = joinKeys(node, ctx, ctx.alias(left.id), ctx.alias(node.right));
  const on = node.on.map((k) => (k.left === k.right ? k.left : `${k.left} = ${k.right}`)).join(', ');
  const rightKeyed = ctx.helper(node, 'rightkeys');
  ctx.emit(node, 'right rows whose keys are all present (null keys never match)', {
    kind: 'filter', alias: rightKeyed, input: keyed.r, cond: and(...keyed.rightKeys.map((k) => isNotNull(k))),
  });
  const grouped = ctx.helper(node, 'cogrouped');
  ctx.emit(node, `both sides by ${on}`, {
    kind: 'cogroup', alias: grouped, left: keyed.l, leftKeys: keyed.leftKeys, right: rightKeyed, rightKeys: keyed.rightKeys,
  });
  const empty = call('IsEmpty', ref(rightKeyed));
  const kept = ctx.helper(node, node.how === 'semi' ? 'matched' : 'unmatched');
  ctx.emit(node, node.how === 'semi' ? 'keys with at least one right row' : 'keys without a right row', {
    kind: 'filter', alias: kept, input: grouped, cond: node.how === 'semi' ? not(empty) : empty,
  });
  // The left bag holds the left fields, and the key__N fields when the keys were re-typed.
  const fields = [...left.schema.map((f) => pigName(f.name)), ...(keyed.l === ctx.alias(left.id) ? [] : node.on.map((_, i) => `key__${i + 1}`))];
  const rows = fields.length === left.schema.length ? ctx.alias(node.id) : ctx.helper(node, 'rows');
  ctx.emit(node, `${node.how} join: the left rows of those groups, each once`, {
    kind: 'foreach', alias: rows, input: kept, items: [{ flatten: ref(keyed.l), as: fields }],
  });
  if (rows !== ctx.alias(node.id)) {
    ctx.emit(node, 'the left columns only', { kind: 'foreach', alias: ctx.alias(node.id), input: rows, items: sameColumns(left.schema) });
  }
}
