// Project: computes each output column from the input row; a plain column reference passes the Arrow
// data through untouched. Streams.
import type * as arrow from 'apache-arrow';
import type { ProjectNode } from '../../plan/index.ts';
import { encodeLane } from '../columns/lane-codec.ts';
import { columnData, LaneSource, makeBatch } from '../columns/record-batch.ts';
import { compileExpr } from '../expr/compile-expr.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';

type Column = (batch: arrow.RecordBatch, src: LaneSource) => arrow.Data;

export async function* project(node: ProjectNode, input: BatchStream, ctx: OperatorContext): BatchStream {
  const columns: Column[] = ctx.out.map((f) => {
    const { expr } = node.columns.find((c) => c.name === f.name)!;
    if (expr.kind === 'col') return (batch) => columnData(batch, expr.name);
    const compiled = compileExpr(expr, ctx.site);
    return (_batch, src) => encodeLane(compiled(src));
  });
  for await (const batch of input) {
    const src = new LaneSource(batch);
    yield makeBatch(ctx.out, columns.map((c) => c(batch, src)), batch.numRows);
  }
}
