// Union (ALL): every row of each input, input by input. Streams.
import type { UnionNode } from '../../plan/index.ts';
import { selectColumns } from '../columns/record-batch.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';

export async function* union(_node: UnionNode, inputs: readonly BatchStream[], ctx: OperatorContext): BatchStream {
  for (const input of inputs) {
    for await (const batch of input) yield selectColumns(batch, ctx.out);
  }
}
