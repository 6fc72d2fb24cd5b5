// Sort: materialises its whole input (every column it passes on, in Arrow form), orders row indexes by
// the keys (nulls first ascending, last descending; ties keep input order), then gathers the output.
import type * as arrow from 'apache-arrow';
import type { SortNode } from '../../plan/index.ts';
import { decodeLane } from '../columns/lane-codec.ts';
import { columnData, makeBatch } from '../columns/record-batch.ts';
import { concatData, takeRows } from '../columns/take-rows.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';
import { laneComparator } from './sort-order.ts';

export async function* sort(node: SortNode, input: BatchStream, ctx: OperatorContext): BatchStream {
  const batches: arrow.RecordBatch[] = [];
  let total = 0;
  for await (const b of input) {
    batches.push(b);
    total += b.numRows;
  }
  if (total === 0) return;
  const fields = ctx.inputs[0];
  const columns = new Map(fields.map((f) => [f.name, concatData(batches.map((b) => columnData(b, f.name)), f.type)]));
  batches.length = 0;
  const comparators = node.keys.map((k) => {
    const f = fields.find((x) => x.name === k.column)!;
    const cmp = laneComparator(decodeLane(columns.get(k.column)!, f.type));
    return k.desc ? (i: number, j: number) => -cmp(i, j) : cmp;
  });
  const order = Array.from({ length: total }, (_, i) => i);
  order.sort((i, j) => {
    for (const c of comparators) {
      const r = c(i, j);
      if (r !== 0) return r;
    }
    return i - j;
  });
  const idx = Int32Array.from(order);
  for (let start = 0; start < total; start += ctx.batchSize) {
    const part = idx.subarray(start, Math.min(total, start + ctx.batchSize));
    yield makeBatch(ctx.out, ctx.out.map((f) => takeRows(columns.get(f.name)!, f.type, part)), part.length);
  }
}
