// Equi-join. Pig's JOIN never matches null keys, inner or outer, as the plan says. Keys of different numeric
// types, and double keys (compared by Double.compareTo, which keeps -0.0 apart from 0.0), are joined on
// extra key fields in the widened type; a key both sides name alike comes out once, as coalesce(left, right).
import { isNumeric, isSemiJoin, widenNumeric, type ColumnType, type JoinNode, type NumericType, type Schema } from '../../plan/index.ts';
import { bincond, isNotNull, ref, type GenerateItem, type PigExpr } from './pig-ast.ts';
import { castValue } from './pig-casts.ts';
import { columnRef, type PigContext } from './pig-context.ts';
import { pigName } from './pig-names.ts';
import { sameColumns, zeroSigned } from './pig-row-nodes.ts';
import { compileSemiJoin } from './pig-semi-join-node.ts';

const OUTER = { inner: null, left: 'LEFT', right: 'RIGHT', full: 'FULL' } as const;

const typeIn = (schema: Schema, c: string): ColumnType => schema.find((f) => f.name === c)!.type;

export function compileJoin(node: JoinNode, ctx: PigContext): void {
  if (isSemiJoin(node.how)) return compileSemiJoin(node, ctx);
  const left = ctx.node(node.left);
  const right = ctx.node(node.right);
  let l = ctx.alias(left.id);
  let r = ctx.alias(right.id);
  // Pig cannot join a relation with itself by one alias: the right side gets a copy.
  if (l === r) {
    r = ctx.helper(node, 'copy');
    ctx.emit(node, 'a second alias of the input, to join it with itself', { kind: 'foreach', alias: r, input: ctx.alias(right.id), items: sameColumns(right.schema) });
  }
  const keyed = joinKeys(node, ctx, l, r);
  l = keyed.l;
  r = keyed.r;
  const { leftKeys, rightKeys } = keyed;
  const joined = ctx.helper(node, 'joined');
  const how = `${node.how} join${node.small ? " (replicated: the small right side in each map task's memory)" : node.skew ? " (skewed: the left side sampled, a frequent key's rows split over reducers)" : ''}`;
  ctx.emit(node, `${how} on ${node.on.map((k) => (k.left === k.right ? k.left : `${k.left} = ${k.right}`)).join(', ')} (null keys never match)`, {
    kind: 'join', alias: joined, left: l, leftKeys, outer: OUTER[node.how as keyof typeof OUTER], right: r, rightKeys, ...(node.small ? { using: 'replicated' as const } : node.skew ? { using: 'skewed' as const } : {}),
  });
  const merged = new Set(node.on.filter((k) => k.left === k.right).map((k) => k.left));
  const fromLeft = (c: string) => ref(`${l}::${pigName(c)}`);
  const fromRight = (c: string) => ref(`${r}::${pigName(c)}`);
  const items: GenerateItem[] = [
    ...left.schema.map((f) => {
      if (!merged.has(f.name) || node.how !== 'right' && node.how !== 'full') return { expr: fromLeft(f.name), as: pigName(f.name) };
      // A right row without a match has no left key: the merged key is the right one (in the left's type).
      const rk = castValue(fromRight(f.name), typeIn(right.schema, f.name), f.type);
      return { expr: bincond(isNotNull(fromLeft(f.name)), fromLeft(f.name), rk), as: pigName(f.name) };
    }),
    ...right.schema.filter((f) => !merged.has(f.name)).map((f) => ({ expr: fromRight(f.name), as: pigName(f.name) })),
  ];
  ctx.emit(node, 'left columns, then right columns (a key named alike on both sides once)', {
    kind: 'foreach', alias: ctx.alias(node.id), input: joined, items,
  });
}

/** Key fields of both sides, in the widened key type on extra `key__N` fields when the types differ or are double. */
export function joinKeys(node: JoinNode, ctx: PigContext, leftAlias: string, rightAlias: string) {
  const left = ctx.node(node.left);
  const right = ctx.node(node.right);
  let l = leftAlias;
  let r = rightAlias;
  const keyTypes = node.on.map((k) => {
    const a = typeIn(left.schema, k.left);
    const b = typeIn(right.schema, k.right);
    return isNumeric(a) && isNumeric(b) ? widenNumeric(a as NumericType, b as NumericType) : a;
  });
  const rekey = node.on.some((k, i) => keyTypes[i] === 'double' || typeIn(left.schema, k.left) !== typeIn(right.schema, k.right));
  let leftKeys: PigExpr[] = node.on.map((k) => ref(pigName(k.left)));
  let rightKeys: PigExpr[] = node.on.map((k) => ref(pigName(k.right)));
  if (rekey) {
    const keyed = (side: 'left' | 'right', schema: Schema, alias: string, step: string): string => {
      const out = ctx.helper(node, step);
      const keys: GenerateItem[] = node.on.map((k, i) => {
        const c = side === 'left' ? k.left : k.right;
        return { expr: zeroSigned(castValue(columnRef(schema, c), typeIn(schema, c), keyTypes[i]), keyTypes[i]), as: `key__${i + 1}` };
      });
      ctx.emit(node, `the ${side} rows with the join keys as ${keyTypes.join(', ')} (-0.0 made 0.0)`, {
        kind: 'foreach', alias: out, input: alias, items: [...sameColumns(schema), ...keys],
      });
      return out;
    };
    l = keyed('left', left.schema, l, 'leftkeyed');
    r = keyed('right', right.schema, r, 'rightkeyed');
    leftKeys = node.on.map((_, i) => ref(`key__${i + 1}`));
    rightKeys = leftKeys;
  }
  return { l, r, leftKeys, rightKeys };
}
