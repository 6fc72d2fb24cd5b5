// Cross join: materialises the right input, then the left one (counting its rows, so that the size guard
// fails before any row is produced and whatever reads the output), then pairs every left row with every
// right row, left rows in input order and right rows in input order within each.
import type * as arrow from 'apache-arrow';
import { crossGuardMessage, JobError, type CrossNode } from '../../plan/index.ts';
import { columnData, makeBatch } from '../columns/record-batch.ts';
import { concatData, takeRows } from '../columns/take-rows.ts';
import { closeStream, type BatchStream, type OperatorContext } from './operator-types.ts';

export async function* crossJoin(node: CrossNode, left: BatchStream, right: BatchStream, ctx: OperatorContext): BatchStream {
  const [leftFields, rightFields] = ctx.inputs;
  const rightBatches: arrow.RecordBatch[] = [];
  for await (const b of right) rightBatches.push(b);
  const rightRows = rightBatches.reduce((s, b) => s + b.numRows, 0);
  if (rightRows === 0) {
    await closeStream(left);
    return;
  }
  const rightCols = new Map(rightFields.map((f) => [f.name, concatData(rightBatches.map((b) => columnData(b, f.name)), f.type)]));
  const leftBatches: arrow.RecordBatch[] = [];
  let leftRows = 0;
  for await (const b of left) {
    leftRows += b.numRows;
    if (leftRows * rightRows > node.maxRows) {
      throw new JobError('runtime', `${crossGuardMessage(node)} (at least ${leftRows} x ${rightRows})`, node.loc, node.id);
    }
    leftBatches.push(b);
  }
  const fromLeft = new Set(leftFields.map((f) => f.name));
  const li = new Int32Array(ctx.batchSize);
  const ri = new Int32Array(ctx.batchSize);
  let k = 0;
  const output = (batch: arrow.RecordBatch, n: number) =>
    makeBatch(ctx.out, ctx.out.map((f) => (fromLeft.has(f.name) ? takeRows(columnData(batch, f.name), f.type, li.slice(0, n)) : takeRows(rightCols.get(f.name)!, f.type, ri.slice(0, n)))), n);
  for (const batch of leftBatches) {
    for (let i = 0; i < batch.numRows; i++) {
      for (let r = 0; r < rightRows; r++) {
        li[k] = i;
        ri[k++] = r;
        if (k === ctx.batchSize) {
          yield output(batch, k);
          k = 0;
        }
      }
    }
    if (k > 0) yield output(batch, k);
    k = 0;
  }
}
