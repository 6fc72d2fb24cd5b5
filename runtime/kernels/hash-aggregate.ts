// Hash aggregate: streams its input, keeping one entry per group (null keys form one group), then emits
// keys and aggregates per group in first-seen order. Memory grows with the number of groups, not rows.
// With no keys it is a global aggregate: one row, even over no input (count() = 0, sum() = null).
import type { AggregateNode } from '../../plan/index.ts';
import { encodeLane } from '../columns/lane-codec.ts';
import { laneOfScalars, scalarAt, type Lane, type Scalar } from '../columns/lane.ts';
import { LaneSource, makeBatch } from '../columns/record-batch.ts';
import { rowKeyReader, type RowKey } from '../columns/row-key.ts';
import { compileExpr } from '../expr/compile-expr.ts';
import { ACCUMULATORS } from './accumulators.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';

export async function* hashAggregate(node: AggregateNode, input: BatchStream, ctx: OperatorContext): BatchStream {
  const keyExprs = node.keys.map((k) => compileExpr(k.expr, ctx.site));
  const argExprs = node.aggs.map((a) => (a.arg ? compileExpr(a.arg, ctx.site) : null));
  const accumulators = node.aggs.map((a) => ACCUMULATORS[a.fn](a.arg?.type ?? null));
  const groupOf = new Map<RowKey, number>();
  const keyValues: (Scalar | null)[][] = node.keys.map(() => []);
  let groups = node.keys.length === 0 ? 1 : 0;

  for await (const batch of input) {
    const n = batch.numRows;
    const src = new LaneSource(batch);
    const gid = new Int32Array(n);
    if (keyExprs.length > 0) {
      const keyLanes = keyExprs.map((k) => k(src));
      const keyAt = rowKeyReader(keyLanes);
      for (let i = 0; i < n; i++) {
        const key = keyAt(i);
        let g = groupOf.get(key);
        if (g === undefined) {
          g = groups++;
          groupOf.set(key, g);
          keyLanes.forEach((l, j) => keyValues[j].push(scalarAt(l, i)));
        }
        gid[i] = g;
      }
    }
    accumulators.forEach((acc, j) => acc.add(gid, argExprs[j]?.(src) ?? null, n));
  }
  if (groups === 0) return;

  const lanes = new Map<string, Lane>();
  node.keys.forEach((k, j) => lanes.set(k.name, laneOfScalars(k.expr.type, keyValues[j])));
  node.aggs.forEach((a, j) => lanes.set(a.name, accumulators[j].finish(groups)));
  const all = makeBatch(ctx.out, ctx.out.map((f) => encodeLane(lanes.get(f.name)!)), groups);
  for (let start = 0; start < groups; start += ctx.batchSize) yield all.slice(start, Math.min(groups, start + ctx.batchSize));
}
