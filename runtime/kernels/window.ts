// Window: materialises its input (every column it passes on, in Arrow form), orders row positions by the
// partition keys then the order keys (nulls first ascending, last descending; ties keep input order), then
// computes each window function partition by partition and emits the rows in that order.
import type * as arrow from 'apache-arrow';
import type { WindowNode } from '../../plan/index.ts';
import { decodeLane } from '../columns/lane-codec.ts';
import { encodeLane } from '../columns/lane-codec.ts';
import { laneOfScalars, scalarAt, type Scalar } from '../columns/lane.ts';
import { columnData, LaneSource, makeBatch } from '../columns/record-batch.ts';
import { concatData, takeRows } from '../columns/take-rows.ts';
import { compileExpr } from '../expr/compile-expr.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';
import { laneComparator } from './sort-order.ts';
import { computeWindowCall } from './window-functions.ts';

type Compare = (i: number, j: number) => number;

const firstDifference = (cmps: readonly Compare[]): Compare => (i, j) => {
  for (const c of cmps) {
    const r = c(i, j);
    if (r !== 0) return r;
  }
  return 0;
};

export async function* windowOperator(node: WindowNode, input: BatchStream, ctx: OperatorContext): BatchStream {
  const batches: arrow.RecordBatch[] = [];
  for await (const b of input) batches.push(b);
  const fields = ctx.inputs[0];
  const total = batches.reduce((s, b) => s + b.numRows, 0);
  if (total === 0) return;
  const columns = new Map(fields.map((f) => [f.name, concatData(batches.map((b) => columnData(b, f.name)), f.type)]));
  batches.length = 0;
  const whole = new LaneSource(makeBatch(fields, fields.map((f) => columns.get(f.name)!), total));
  const typeOf = (c: string) => fields.find((f) => f.name === c)!.type;
  const comparator = (c: string) => laneComparator(decodeLane(columns.get(c)!, typeOf(c)));

  const samePartition = firstDifference(node.partitionBy.map(comparator));
  const sameOrder = firstDifference(node.orderBy.map((k) => {
    const cmp = comparator(k.column);
    return k.desc ? (i: number, j: number) => -cmp(i, j) : cmp;
  }));
  const order = Int32Array.from({ length: total }, (_, i) => i).sort((i, j) => samePartition(i, j) || sameOrder(i, j) || i - j);

  const wanted = node.calls.filter((c) => ctx.out.some((f) => f.name === c.name));
  const args = wanted.map((c) => (c.arg === null ? null : compileExpr(c.arg, ctx.site)(whole)));
  const defaults = wanted.map((c) => (c.default === null ? null : scalarAt(compileExpr(c.default, ctx.site)(whole), 0)));
  const values = wanted.map(() => new Array<Scalar | null>(total).fill(null));
  for (let start = 0; start < total; ) {
    let end = start + 1;
    while (end < total && samePartition(order[start], order[end]) === 0) end++;
    const rows = order.subarray(start, end);
    const view = { rows, peerOfPrevious: (k: number) => sameOrder(rows[k - 1], rows[k]) === 0 };
    wanted.forEach((c, j) => computeWindowCall(c, args[j], defaults[j] as Scalar | null, view, values[j]));
    start = end;
  }

  const added = new Map(wanted.map((c, j) => [c.name, encodeLane(laneOfScalars(node.schema.find((f) => f.name === c.name)!.type, values[j]))]));
  for (let start = 0; start < total; start += ctx.batchSize) {
    const part = order.subarray(start, Math.min(total, start + ctx.batchSize));
    const data = ctx.out.map((f) => takeRows(added.get(f.name) ?? columns.get(f.name)!, f.type, part));
    yield makeBatch(ctx.out, data, part.length);
  }
}
