// Semi and anti joins: a hash set of the right side's keys (null keys left out: they never match), then
// the left rows streamed through it, each kept once or dropped, in input order, with the left columns only.
import * as arrow from 'apache-arrow';
import { isNumeric, widenNumeric, type ColumnType, type Field, type JoinNode, type NumericType } from '../../plan/index.ts';
import type { Lane } from '../columns/lane.ts';
import { columnData, LaneSource, makeBatch } from '../columns/record-batch.ts';
import { anyNullAt, rowKeyReader, type RowKey } from '../columns/row-key.ts';
import { takeRows } from '../columns/take-rows.ts';
import { castLane } from '../expr/cast.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';

const common = (a: ColumnType, b: ColumnType): ColumnType =>
  isNumeric(a) && isNumeric(b) ? widenNumeric(a as NumericType, b as NumericType) : a;

/** The join keys of one batch, in the widened key types. */
function keyLanes(batch: arrow.RecordBatch, names: readonly string[], types: readonly ColumnType[]): Lane[] {
  const src = new LaneSource(batch);
  return names.map((c, j) => castLane(src.lane(c), types[j]));
}

/** Holds the right side's distinct non-null keys, never its rows. */
export async function* semiJoin(node: JoinNode, left: BatchStream, right: BatchStream, ctx: OperatorContext): BatchStream {
  const [leftFields, rightFields] = ctx.inputs;
  const typeIn = (fields: readonly Field[], name: string) => fields.find((f) => f.name === name)!.type;
  const keyTypes = node.on.map((k) => common(typeIn(leftFields, k.left), typeIn(rightFields, k.right)));
  const seen = new Set<RowKey>();
  for await (const batch of right) {
    const keys = keyLanes(batch, node.on.map((k) => k.right), keyTypes);
    const keyAt = rowKeyReader(keys);
    for (let i = 0; i < batch.numRows; i++) if (!anyNullAt(keys, i)) seen.add(keyAt(i));
  }
  const keepMatched = node.how === 'semi';
  for await (const batch of left) {
    const keys = keyLanes(batch, node.on.map((k) => k.left), keyTypes);
    const keyAt = rowKeyReader(keys);
    const kept: number[] = [];
    for (let i = 0; i < batch.numRows; i++) {
      const matched = !anyNullAt(keys, i) && seen.has(keyAt(i));
      if (matched === keepMatched) kept.push(i);
    }
    if (kept.length === 0) continue;
    const rows = Int32Array.from(kept);
    yield makeBatch(ctx.out, ctx.out.map((f) => takeRows(columnData(batch, f.name), f.type, rows)), rows.length);
  }
}
