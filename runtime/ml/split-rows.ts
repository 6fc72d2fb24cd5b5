// split: keeps the rows of one side of a deterministic train/test split. A row's side depends only on
// its key text (plan/ml.ts splitKey) through crc32, which Spark computes the same way. Streams.
import { crc32 } from 'node:zlib';
import { splitKey, splitThreshold, SPLIT_BUCKETS, type SplitNode } from '../../plan/ml.ts';
import { LaneSource, selectColumns, takeBatch } from '../columns/record-batch.ts';
import { compileExpr } from '../expr/compile-expr.ts';
import type { BatchStream, OperatorContext } from '../kernels/operator-types.ts';

/** Whether a key text falls on the train side. */
export function inTrain(key: string, fraction: number): boolean {
  return crc32(Buffer.from(key, 'utf8')) % SPLIT_BUCKETS < splitThreshold(fraction);
}

export async function* splitRows(node: SplitNode, input: BatchStream, ctx: OperatorContext): BatchStream {
  const key = compileExpr(splitKey(node, ctx.inputs[0]), ctx.site);
  const train = node.side === 'train';
  for await (const batch of input) {
    const keys = key(new LaneSource(batch)).values as string[];
    const idx: number[] = [];
    for (let i = 0; i < batch.numRows; i++) if (inTrain(keys[i], node.fraction) === train) idx.push(i);
    if (idx.length === 0) continue;
    yield idx.length === batch.numRows ? selectColumns(batch, ctx.out) : takeBatch(batch, ctx.out, Int32Array.from(idx));
  }
}
