// Hash aggregate: streams its input, keeping one entry per group (null keys form one group), then emits
// keys and aggregates per group in first-seen order. Memory grows with the number of groups, not rows.
// With no keys it is a global aggregate: one row, even over no input (count() = 0, sum() = null).
import type { AggregateNode } from '../../plan/index.ts';
import { encodeLane } from '../columns/lane-codec.ts';
import { laneOfScalars, scalarAt, type Lane, type Scalar } from '../columns/lane.ts';
import { columnData, LaneSource, makeBatch } from '../columns/record-batch.ts';
import { rowKeyReader, type RowKey } from '../columns/row-key.ts';
import { compileExpr } from '../expr/compile-expr.ts';
import { ACCUMULATORS } from './accumulators.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';
import { Utf8KeyGroups } from './utf8-group-index.ts';

export async function* hashAggregate(node: AggregateNode, input: BatchStream, ctx: OperatorContext): BatchStream {
  const keyExprs = node.keys.map((k) => compileExpr(k.expr, ctx.site));
  const argExprs = node.aggs.map((a) => (a.arg ? compileExpr(a.arg, ctx.site) : null));
  const orderExprs = node.aggs.map((a) => (a.orderBy ?? []).map((k) => compileExpr(k.expr, ctx.site)));
  const accumulators = node.aggs.map((a) => ACCUMULATORS[a.fn](a.arg?.type ?? null, a.params ?? [], a.orderBy ?? []));
  const groupOf = new Map<RowKey, number>();
  const keyValues: (Scalar | null)[][] = node.keys.map(() => []);
  let groups = node.keys.length === 0 ? 1 : 0;

  // One string column as the key: grouped by its UTF-8 bytes, without a JS string per row.
  const byteKey = node.keys.length === 1 && node.keys[0].expr.kind === 'col' && node.keys[0].expr.type === 'string' ? node.keys[0].expr.name : null;
  const byteGroups = byteKey === null ? null : new Utf8KeyGroups();

  for await (const batch of input) {
    const n = batch.numRows;
    const src = new LaneSource(batch);
    const gid = new Int32Array(n);
    if (byteGroups !== null) {
      groups = byteGroups.assign(columnData(batch, byteKey!), gid, groups, keyValues[0]);
    } else if (keyExprs.length > 0) {
      groups = assignGroups(keyExprs.map((k) => k(src)), n, gid, groupOf, keyValues, groups);
    }
    accumulators.forEach((acc, j) => acc.add(gid, argExprs[j]?.(src) ?? null, n, orderExprs[j].map((k) => k(src))));
  }
  if (groups === 0) return;

  const lanes = new Map<string, Lane>();
  node.keys.forEach((k, j) => lanes.set(k.name, laneOfScalars(k.expr.type, keyValues[j])));
  node.aggs.forEach((a, j) => lanes.set(a.name, accumulators[j].finish(groups)));
  const all = makeBatch(ctx.out, ctx.out.map((f) => encodeLane(lanes.get(f.name)!)), groups);
  for (let start = 0; start < groups; start += ctx.batchSize) yield all.slice(start, Math.min(groups, start + ctx.batchSize));
}

/**
 * Sets gid[i] for each row from its key (a Map keyed by RowKey); a key seen for the first time gets id
 * `groups` (then groups + 1, ...) and its values are pushed onto `keyValues`. Returns the new number of
 * groups. Rows of a log often repeat the previous row's key (an hour, a day): that key's group is reused
 * without a lookup (equal keys by `===` are equal keys for the Map too).
 */
function assignGroups(keyLanes: Lane[], n: number, gid: Int32Array, groupOf: Map<RowKey, number>, keyValues: (Scalar | null)[][], groups: number): number {
  const keyAt = rowKeyReader(keyLanes);
  let lastKey: RowKey | undefined = undefined;
  let lastGroup = -1;
  for (let i = 0; i < n; i++) {
    const key = keyAt(i);
    if (key === lastKey) {
      gid[i] = lastGroup;
      continue;
    }
    let g = groupOf.get(key);
    if (g === undefined) {
      g = groups++;
      groupOf.set(key, g);
      for (let j = 0; j < keyLanes.length; j++) keyValues[j].push(scalarAt(keyLanes[j], i));
    }
    gid[i] = g;
    lastKey = key;
    lastGroup = g;
  }
  return groups;
}
