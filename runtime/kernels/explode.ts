// Explode: one row per non-empty part of a string column split on a literal separator, the part in a
// new column; null or all-empty values give no row. Streams, in batches of at most batchSize rows.
import type * as arrow from 'apache-arrow';
import type { ExplodeNode } from '../../plan/index.ts';
import { encodeLane } from '../columns/lane-codec.ts';
import { lane, strs } from '../columns/lane.ts';
import { columnData, LaneSource, makeBatch } from '../columns/record-batch.ts';
import { takeRows } from '../columns/take-rows.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';

export async function* explode(node: ExplodeNode, input: BatchStream, ctx: OperatorContext): BatchStream {
  const rows = new Int32Array(ctx.batchSize);
  let parts: string[] = [];
  const emit = (batch: arrow.RecordBatch): arrow.RecordBatch => {
    const idx = rows.slice(0, parts.length);
    const columns = ctx.out.map((f) =>
      f.name === node.as ? encodeLane(lane('string', parts, null)) : takeRows(columnData(batch, f.name), f.type, idx),
    );
    const out = makeBatch(ctx.out, columns, idx.length);
    parts = [];
    return out;
  };
  for await (const batch of input) {
    const col = new LaneSource(batch).lane(node.column);
    const values = strs(col);
    for (let i = 0; i < batch.numRows; i++) {
      if (col.valid !== null && col.valid[i] === 0) continue;
      for (const part of values[i].split(node.separator)) {
        if (part === '') continue;
        rows[parts.length] = i;
        parts.push(part);
        if (parts.length === ctx.batchSize) yield emit(batch);
      }
    }
    if (parts.length > 0) yield emit(batch);
  }
}
