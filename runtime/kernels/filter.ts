// Filter: keeps the rows whose predicate is true (null drops the row, three-valued logic). Streams.
import type { FilterNode } from '../../plan/index.ts';
import type { Lane } from '../columns/lane.ts';
import { LaneSource, selectColumns, takeBatch } from '../columns/record-batch.ts';
import { compileExpr } from '../expr/compile-expr.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';

/** Indexes of the rows where a boolean lane is true (not false, not null). */
export function trueRows(mask: Lane): Int32Array {
  const v = mask.values as Uint8Array;
  const idx = new Int32Array(mask.length);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (v[i] === 1 && (mask.valid === null || mask.valid[i] === 1)) idx[k++] = i;
  return idx.subarray(0, k);
}

export async function* filter(node: FilterNode, input: BatchStream, ctx: OperatorContext): BatchStream {
  const predicate = compileExpr(node.predicate, ctx.site);
  for await (const batch of input) {
    const idx = trueRows(predicate(new LaneSource(batch)));
    if (idx.length === 0) continue;
    yield idx.length === batch.numRows ? selectColumns(batch, ctx.out) : takeBatch(batch, ctx.out, idx);
  }
}
