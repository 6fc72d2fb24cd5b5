// Cross joins and the set operations (except, intersect), each a short chain of Pig operators.
import { crossGuardMessage, type ColumnType, type CrossNode, type SetOpNode } from '../../plan/index.ts';
import { and, bincond, binop, call, int, isNull, konst, long, not, nullOf, ref, str, type GenerateItem, type PigExpr } from './pig-ast.ts';
import { columnRef, type PigContext } from './pig-context.ts';
import { pigName } from './pig-names.ts';
import { zeroSigned } from './pig-row-nodes.ts';
import { pigType } from './pig-types.ts';

/**
 * Both sides' row counts are crossed into one row that ASSERT checks against maxRows (failing the run with
 * the guard's message), and that row joins the CROSS: the product cannot be stored without the check.
 */
export function compileCross(node: CrossNode, ctx: PigContext): void {
  const left = ctx.node(node.left);
  const right = ctx.node(node.right);
  // Two different nodes (their columns may not clash, so the inputs are never one node).
  const l = ctx.alias(left.id);
  const r = ctx.alias(right.id);
  const counts = ([alias, side]: [string, string]) => {
    const all = ctx.helper(node, `${side}all`);
    const n = ctx.helper(node, `${side}rows`);
    ctx.emit(node, `the ${side} side as one group`, { kind: 'group', alias: all, input: alias, keys: 'ALL' });
    ctx.emit(node, `the ${side} side's row count (no row when it is empty)`, {
      kind: 'foreach', alias: n, input: all, items: [{ expr: call('COUNT_STAR', ref(alias)), as: `rows__${side}` }],
    });
    return n;
  };
  const sizes = ctx.helper(node, 'sizes');
  ctx.emit(node, 'both row counts in one row', { kind: 'cross', alias: sizes, inputs: ([[l, 'left'], [r, 'right']] as [string, string][]).map(counts) });
  ctx.emit(node, `size guard: fail the run beyond ${node.maxRows} rows`, {
    kind: 'assert', input: sizes, cond: binop('<=', binop('*', ref('rows__left'), ref('rows__right')), long(node.maxRows)), message: crossGuardMessage(node),
  });
  const crossed = ctx.helper(node, 'crossed');
  ctx.emit(node, 'every pair of rows (and the checked sizes row)', { kind: 'cross', alias: crossed, inputs: [l, r, sizes] });
  const items: GenerateItem[] = [
    ...left.schema.map((f) => ({ expr: ref(`${l}::${pigName(f.name)}`), as: pigName(f.name) })),
    ...right.schema.map((f) => ({ expr: ref(`${r}::${pigName(f.name)}`), as: pigName(f.name) })),
  ];
  ctx.emit(node, 'left columns, then right columns', { kind: 'foreach', alias: ctx.alias(node.id), input: crossed, items });
}

/** A non-null stand-in for null, per type: the null flag beside it tells them apart. */
const STAND_IN: { readonly [T in ColumnType]: PigExpr } = {
  string: str(''),
  int: int(0),
  long: long(0),
  double: konst('0.0'),
  boolean: konst('false'),
  timestamp: call('ToDate', long(0)),
  date: call('ToDate', long(0)),
};

/**
 * COGROUP both sides on every column and keep the groups with left rows and without (except) or with
 * (intersect) right rows; each group is one distinct row. COGROUP never puts a key holding a null in the
 * same group as another input's (checked on Pig 0.17, tuple keys too), so each column becomes a null flag
 * and a value with null replaced; doubles get -0.0 made 0.0 (Pig groups doubles by Double.compareTo,
 * which keeps them apart and puts NaN with NaN).
 */
export function compileSetOp(node: SetOpNode, ctx: PigContext): void {
  const schema = node.schema;
  const flag = (i: number) => `n__${i + 1}`;
  const value = (i: number) => `v__${i + 1}`;
  const fields = schema.flatMap((_, i) => [flag(i), value(i)]);
  const encode = (id: string, side: string) => {
    const alias = ctx.helper(node, `${side}keys`);
    const items = schema.flatMap((f, i): GenerateItem[] => {
      const x = columnRef(schema, f.name);
      return [
        { expr: bincond(isNull(x), int(1), int(0)), as: flag(i) },
        { expr: bincond(isNull(x), STAND_IN[f.type], zeroSigned(x, f.type)), as: value(i) },
      ];
    });
    ctx.emit(node, `the ${side} rows as keys: per column a null flag and the value (null replaced)`, { kind: 'foreach', alias, input: ctx.alias(id), items });
    return alias;
  };
  const l = encode(node.left, 'left');
  const r = encode(node.right, 'right');
  const keys = fields.map(ref);
  const grouped = ctx.helper(node, 'cogrouped');
  ctx.emit(node, 'both sides by every column', { kind: 'cogroup', alias: grouped, left: l, leftKeys: keys, right: r, rightKeys: keys });
  const rightEmpty = call('IsEmpty', ref(r));
  const kept = ctx.helper(node, 'kept');
  ctx.emit(node, node.op === 'except' ? 'rows of the left side only' : 'rows of both sides', {
    kind: 'filter', alias: kept, input: grouped, cond: and(not(call('IsEmpty', ref(l))), node.op === 'except' ? rightEmpty : not(rightEmpty)),
  });
  const rows = ctx.helper(node, 'rows');
  ctx.emit(node, `${node.op}: each distinct row once`, { kind: 'foreach', alias: rows, input: kept, items: [{ flatten: ref('group'), as: fields }] });
  ctx.emit(node, 'the columns, nulls restored', {
    kind: 'foreach',
    alias: ctx.alias(node.id),
    input: rows,
    items: schema.map((f, i) => ({ expr: bincond(binop('==', ref(flag(i)), int(1)), nullOf(pigType(f.type)), ref(value(i))), as: pigName(f.name) })),
  });
}
