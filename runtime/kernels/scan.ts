// Scan: the batches a reader yields for a source, cut to the columns the plan reads. Streams.
import type { BatchStream, OperatorContext } from './operator-types.ts';
import { selectColumns } from '../columns/record-batch.ts';

export async function* scan(batches: BatchStream, ctx: OperatorContext): BatchStream {
  for await (const b of batches) if (b.numRows > 0) yield selectColumns(b, ctx.out);
}
