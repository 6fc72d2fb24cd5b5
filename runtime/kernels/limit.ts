// Limit: the first n rows, then stops reading its input (so upstream readers close early). Streams.
import type { LimitNode } from '../../plan/index.ts';
import { selectColumns } from '../columns/record-batch.ts';
import { closeStream, type BatchStream, type OperatorContext } from './operator-types.ts';

export async function* limit(node: LimitNode, input: BatchStream, ctx: OperatorContext): BatchStream {
  let left = node.n;
  if (left <= 0) return void (await closeStream(input));
  for await (const batch of input) {
    const part = batch.numRows <= left ? batch : batch.slice(0, left);
    left -= part.numRows;
    yield selectColumns(part, ctx.out);
    if (left <= 0) return;
  }
}
