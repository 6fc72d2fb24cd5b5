// Except and intersect (DISTINCT): a hash set of the right side's row keys, then the left rows streamed
// through it, each distinct row at most once, in input order. Row keys (row-key.ts) make null equal null,
// NaN equal NaN and -0.0 equal 0.0; a -0.0 comes out as 0.0, as on Pig and Spark.
import type * as arrow from 'apache-arrow';
import type { Field, SetOpNode } from '../../plan/index.ts';
import { columnData, LaneSource, makeBatch } from '../columns/record-batch.ts';
import { rowKeyReader, type RowKey } from '../columns/row-key.ts';
import { takeRows } from '../columns/take-rows.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';

const keysOf = (batch: arrow.RecordBatch, fields: readonly Field[]) => {
  const src = new LaneSource(batch);
  return rowKeyReader(fields.map((f) => src.lane(f.name)));
};

/**
 * Rows compare on every column (both inputs arrive whole: column pruning asks them for all), though the
 * output may carry fewer when downstream reads fewer. Holds the right side's distinct row keys and the left's distinct rows seen, never the rows themselves. */
export async function* setOp(node: SetOpNode, left: BatchStream, right: BatchStream, ctx: OperatorContext): BatchStream {
  const inRight = new Set<RowKey>();
  for await (const batch of right) {
    const keyAt = keysOf(batch, node.schema);
    for (let i = 0; i < batch.numRows; i++) inRight.add(keyAt(i));
  }
  const wanted = node.op === 'intersect';
  const seen = new Set<RowKey>();
  for await (const batch of left) {
    const keyAt = keysOf(batch, node.schema);
    const kept: number[] = [];
    for (let i = 0; i < batch.numRows; i++) {
      const key = keyAt(i);
      if (seen.has(key) || inRight.has(key) !== wanted) continue;
      seen.add(key);
      kept.push(i);
    }
    if (kept.length === 0) continue;
    const rows = Int32Array.from(kept);
    yield makeBatch(ctx.out, ctx.out.map((f) => zeroSigned(takeRows(columnData(batch, f.name), f.type, rows), f)), rows.length);
  }
}

/** A gathered double column with -0.0 made 0.0 (its values are a fresh copy, so they change in place). */
function zeroSigned(data: arrow.Data, f: Field): arrow.Data {
  if (f.type !== 'double') return data;
  const values = data.values as Float64Array;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) values[i] = 0;
  return data;
}
