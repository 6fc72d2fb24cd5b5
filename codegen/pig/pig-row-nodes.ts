// Nodes that map onto one Pig operator (or a short chain): filter, project, sort, limit, distinct, union
// and explode. Each leaves a relation named after the node whose fields are its columns, in order.
import type { DistinctNode, ExplodeNode, FilterNode, LimitNode, ProjectNode, Schema, SortNode, UnionNode } from '../../plan/index.ts';
import { javaRegexLiteral } from '../common/java-regex-text.ts';
import { bincond, binop, call, int, konst, ref, str, type GenerateItem, type PigExpr } from './pig-ast.ts';
import { isNaN } from './pig-compare.ts';
import { columnRef, type PigContext } from './pig-context.ts';
import { pigCond, pigValue } from './pig-expr-compiler.ts';
import { pigName } from './pig-names.ts';
import { compileTopN } from './pig-top-n.ts';

/** Every column of `schema` under its own name, optionally re-expressed (e.g. -0.0 made 0.0). */
export function sameColumns(schema: Schema, prefix = '', map?: (x: PigExpr, type: Schema[number]['type']) => PigExpr): GenerateItem[] {
  return schema.map((f) => {
    const x = columnRef(schema, f.name, prefix);
    return { expr: map ? map(x, f.type) : x, as: pigName(f.name) };
  });
}

/** -0.0 as 0.0: Pig groups, joins and de-duplicates doubles by Double.compareTo, which keeps them apart. */
export const zeroSigned = (x: PigExpr, type: string): PigExpr => (type === 'double' ? binop('+', x, konst('0.0')) : x);

export function compileFilter(node: FilterNode, ctx: PigContext): void {
  const input = ctx.node(node.input);
  ctx.emit(node, 'keep rows where the predicate is true (Pig drops null, as the plan does)', {
    kind: 'filter', alias: ctx.alias(node.id), input: ctx.alias(input.id), cond: pigCond(node.predicate, ctx.env(node, input.schema)),
  });
}

export function compileProject(node: ProjectNode, ctx: PigContext): void {
  const input = ctx.node(node.input);
  const env = ctx.env(node, input.schema);
  ctx.emit(node, 'compute the output columns', {
    kind: 'foreach',
    alias: ctx.alias(node.id),
    input: ctx.alias(input.id),
    items: node.columns.map((c) => ({ expr: pigValue(c.expr, env), as: pigName(c.name) })),
  });
}

export function compileSort(node: SortNode, ctx: PigContext): void {
  const input = ctx.node(node.input);
  const typeOf = (c: string) => input.schema.find((f) => f.name === c)!.type;
  const nanKeys = node.keys.filter((k) => typeOf(k.column) === 'double');
  const keys = (flag: (i: number) => string, zeroed: (i: number) => string) =>
    node.keys.flatMap((k, i) => {
      const key = { field: pigName(k.column), desc: k.desc };
      return typeOf(k.column) === 'double' ? [{ field: flag(i), desc: k.desc }, { field: zeroed(i), desc: k.desc }] : [key];
    });
  if (nanKeys.length === 0) {
    ctx.emit(node, 'sort (Pig puts nulls first ascending and last descending, as the plan does)', {
      kind: 'order', alias: ctx.alias(node.id), input: ctx.alias(input.id), keys: keys(() => '', () => ''),
    });
    return;
  }
  // Pig's shuffle compares doubles with < and ==, which leaves NaN nowhere in particular; the plan puts NaN
  // above +Infinity, so a 0/1 flag sorts first (null for null keeps nulls first ascending, last descending).
  // Its tuple comparison keeps -0.0 below 0.0, which the plan ties: the key is sorted as a copy plus 0.0.
  const flag = (i: number) => `nan__${i + 1}`;
  const zeroed = (i: number) => `dbl__${i + 1}`;
  const keyed = ctx.helper(node, 'keyed');
  const sorted = ctx.helper(node, 'sorted');
  const helpers: GenerateItem[] = node.keys.flatMap((k, i) => {
    if (typeOf(k.column) !== 'double') return [];
    const x = columnRef(input.schema, k.column);
    return [{ expr: bincond(isNaN(x), int(1), int(0)), as: flag(i) }, { expr: zeroSigned(x, 'double'), as: zeroed(i) }];
  });
  ctx.emit(node, 'add a NaN flag and a copy with -0.0 made 0.0 per double sort key', { kind: 'foreach', alias: keyed, input: ctx.alias(input.id), items: [...sameColumns(input.schema), ...helpers] });
  ctx.emit(node, 'sort (nulls first ascending, last descending; NaN above every number; -0.0 equal to 0.0)', { kind: 'order', alias: sorted, input: keyed, keys: keys(flag, zeroed) });
  ctx.emit(node, 'drop the helper keys (FOREACH after ORDER keeps the order)', { kind: 'foreach', alias: ctx.alias(node.id), input: sorted, items: sameColumns(input.schema) });
}

export function compileLimit(node: LimitNode, ctx: PigContext): void {
  const input = ctx.node(node.input);
  if (input.kind === 'sort') return compileTopN(node, input, ctx);
  ctx.emit(node, `first ${node.n} rows`, { kind: 'limit', alias: ctx.alias(node.id), input: ctx.alias(node.input), n: node.n });
}

export function compileDistinct(node: DistinctNode, ctx: PigContext): void {
  const input = ctx.node(node.input);
  let from = ctx.alias(input.id);
  if (input.schema.some((f) => f.type === 'double')) {
    from = ctx.helper(node, 'normalised');
    ctx.emit(node, 'make -0.0 into 0.0 so that they are one value, as the plan says', {
      kind: 'foreach', alias: from, input: ctx.alias(input.id), items: sameColumns(input.schema, '', zeroSigned),
    });
  }
  ctx.emit(node, 'remove duplicate rows (nulls equal)', { kind: 'distinct', alias: ctx.alias(node.id), input: from });
}

export function compileUnion(node: UnionNode, ctx: PigContext): void {
  // Pig refuses one alias twice in a UNION: each repeat reads a copy.
  const seen = new Set<string>();
  const inputs = node.inputs.map((id, k) => {
    const alias = ctx.alias(id);
    if (!seen.has(alias)) {
      seen.add(alias);
      return alias;
    }
    const copy = ctx.helper(node, `copy${k + 1}`);
    ctx.emit(node, `input ${k + 1} again, under another alias`, { kind: 'foreach', alias: copy, input: alias, items: sameColumns(ctx.node(id).schema) });
    return copy;
  });
  ctx.emit(node, 'all rows of the inputs (UNION ALL; the schemas are equal)', { kind: 'union', alias: ctx.alias(node.id), inputs });
}

export function compileExplode(node: ExplodeNode, ctx: PigContext): void {
  const input = ctx.node(node.input);
  const parts = ctx.helper(node, 'parts');
  const as = pigName(node.as);
  // STRSPLITTOBAG splits on a regex: the separator is quoted; limit -1 keeps every part (empty ones too).
  const bag = call('STRSPLITTOBAG', columnRef(input.schema, node.column), str(javaRegexLiteral(node.separator)), int(-1));
  ctx.emit(node, `one row per part of ${node.column} split on ${JSON.stringify(node.separator)}`, {
    kind: 'foreach', alias: parts, input: ctx.alias(input.id), items: [...sameColumns(input.schema), { flatten: bag, as: [as], types: ['chararray'] }],
  });
  ctx.emit(node, 'keep non-empty parts (a null column gives none)', {
    kind: 'filter', alias: ctx.alias(node.id), input: parts, cond: binop('!=', ref(as), str('')),
  });
}
