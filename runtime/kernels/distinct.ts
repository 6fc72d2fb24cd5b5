// Distinct: the first occurrence of each distinct row (nulls equal each other). Streams its output but
// holds the key of every distinct row seen, so memory grows with the number of distinct rows.
import type { DistinctNode } from '../../plan/index.ts';
import { LaneSource, takeBatch } from '../columns/record-batch.ts';
import { rowKeyReader, type RowKey } from '../columns/row-key.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';

export async function* distinct(node: DistinctNode, input: BatchStream, ctx: OperatorContext): BatchStream {
  const seen = new Set<RowKey>();
  for await (const batch of input) {
    const src = new LaneSource(batch);
    const keyAt = rowKeyReader(node.schema.map((f) => src.lane(f.name)));
    const idx = new Int32Array(batch.numRows);
    let k = 0;
    for (let i = 0; i < batch.numRows; i++) {
      const key = keyAt(i);
      if (!seen.has(key)) {
        seen.add(key);
        idx[k++] = i;
      }
    }
    if (k > 0) yield takeBatch(batch, ctx.out, idx.subarray(0, k));
  }
}
