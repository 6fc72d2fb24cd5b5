// Variances and first/last by order in a global aggregate (no keys), without one reducer holding every
// value: a variance's mean comes from the one group's combined FOREACH (AVG), its squared deviations from
// that mean (read as a Pig scalar) are summed by a second combined GROUP ALL; first and last ORDER the rows
// with a value by the call's keys and keep one (LIMIT after ORDER: range-partitioned, a limit per reducer,
// as a top-n). The aggregate's final FOREACH reads these one-row relations as scalars, which are null when
// the relation is empty (no value at all).
import type { AggFn, AggregateNode, ColumnType } from '../../plan/index.ts';
import { call, isNotNull, ref, type GenerateItem, type PigExpr } from './pig-ast.ts';
import type { PigContext } from './pig-context.ts';
import { squaredDeviation, varianceOf } from './pig-distribution-aggregates.ts';
import { orderedResult, orderKeys, type NestedOrderKey } from './pig-ordered-aggregates.ts';

const VARIANCES: { readonly [A in AggFn]?: { readonly ddof: 0 | 1; readonly root: boolean } } = {
  varSamp: { ddof: 1, root: false },
  varPop: { ddof: 0, root: false },
  stddevSamp: { ddof: 1, root: true },
  stddevPop: { ddof: 0, root: true },
};

/** The aggregates a global aggregate computes from its rows rather than from the group's bag. */
export const fromRows = (fn: AggFn): boolean => fn in VARIANCES || fn === 'first' || fn === 'last';

/** The rows relation of an aggregate and how its calls are found there. */
export interface AggregateRows {
  readonly alias: string;
  /** The argument's field of call i. */
  readonly field: (i: number) => string;
  /** first/last's ORDER keys of call i (the value last). */
  readonly order: (i: number) => readonly NestedOrderKey[];
}

export interface GlobalPasses {
  /** What the one group's FOREACH adds: each variance's mean. */
  readonly groupItems: readonly GenerateItem[];
  /** Emits the passes over the rows (after the group's row `perGroup`); each call's value, by its index. */
  emit(perGroup: string): Map<number, PigExpr>;
}

const meanField = (i: number) => `mean__${i}`;

export function globalPasses(node: AggregateNode, ctx: PigContext, rows: AggregateRows): GlobalPasses {
  const calls = node.aggs.map((a, i) => ({ fn: a.fn, i, n: i + 1, type: a.arg?.type ?? null })).filter((c) => fromRows(c.fn));
  const variances = calls.filter((c) => c.fn in VARIANCES);
  return {
    groupItems: variances.map((c) => ({ expr: call('AVG', ref(`${rows.alias}.${rows.field(c.i)}`)), as: meanField(c.n) })),
    emit(perGroup) {
      const values = new Map<number, PigExpr>();
      if (variances.length) {
        const deviations = emitDeviations(node, ctx, rows, perGroup, variances.map((c) => c.i));
        for (const c of variances) {
          const { ddof, root } = VARIANCES[c.fn]!;
          values.set(c.i, varianceOf(ref(`${deviations}.squares__${c.n}`), ref(`${deviations}.count__${c.n}`), ddof, root));
        }
      }
      for (const c of calls.filter((x) => !(x.fn in VARIANCES))) values.set(c.i, emitOrdered(node, ctx, rows, c.i, c.type!, c.fn === 'last'));
      return values;
    },
  };
}

/** One row: per variance call, the sum of its squared deviations from the mean and their count (its non-null values). */
function emitDeviations(node: AggregateNode, ctx: PigContext, rows: AggregateRows, perGroup: string, calls: readonly number[]): string {
  const squares = ctx.helper(node, 'squares');
  const all = ctx.helper(node, 'squaresall');
  const deviations = ctx.helper(node, 'deviations');
  const field = (i: number) => `sq__${i + 1}`;
  ctx.emit(node, "each value's squared deviation from the mean (a scalar of the one group's row); null for a null value", {
    kind: 'foreach', alias: squares, input: rows.alias,
    items: calls.map((i) => ({ expr: squaredDeviation(ref(rows.field(i)), ref(`${perGroup}.${meanField(i + 1)}`)), as: field(i) })),
  });
  ctx.emit(node, 'one group of all squared deviations (combined on the map side)', { kind: 'group', alias: all, input: squares, keys: 'ALL' });
  ctx.emit(node, 'their sums and counts', {
    kind: 'foreach', alias: deviations, input: all,
    items: calls.flatMap((i) => [
      { expr: call('SUM', ref(`${squares}.${field(i)}`)), as: `squares__${i + 1}` },
      { expr: call('COUNT', ref(`${squares}.${field(i)}`)), as: `count__${i + 1}` },
    ]),
  });
  return deviations;
}

/** first (or `reversed`, last) of call i: the first row with a value in the call's order, read as a scalar. */
function emitOrdered(node: AggregateNode, ctx: PigContext, rows: AggregateRows, i: number, type: ColumnType, reversed: boolean): PigExpr {
  const present = ctx.helper(node, `present${i + 1}`);
  const ordered = ctx.helper(node, `ordered${i + 1}`);
  const top = ctx.helper(node, `top${i + 1}`);
  const field = rows.field(i);
  const name = `${node.aggs[i].fn} (call ${i + 1})`;
  ctx.emit(node, `${name}: the rows with a value`, { kind: 'filter', alias: present, input: rows.alias, cond: isNotNull(ref(field)) });
  ctx.emit(node, `${name}: in its order, ties by the value (a range-partitioned sort)`, { kind: 'order', alias: ordered, input: present, keys: orderKeys(rows.order(i), reversed) });
  ctx.emit(node, `${name}: the first of them (a limit per reducer, then one over their first rows)`, { kind: 'limit', alias: top, input: ordered, n: 1 });
  return orderedResult(ref(`${top}.${field}`), type);
}
