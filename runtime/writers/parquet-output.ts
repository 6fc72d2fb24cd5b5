// Writes one sink's stream as a Parquet output: the folder `<outDir>/<output>/` holding `part-00000.parquet`,
// `part-00001.parquet`, … in row order, a new part every PART_ROWS rows so that memory stays bounded; an
// empty output is one part with the schema and no rows. Types as docs/semantics.md's "Parquet".
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as arrow from 'apache-arrow';
import type { Field, SinkNode } from '../../plan/index.ts';
import { arrowSchema } from '../arrow-types.ts';
import type { BatchStream } from '../kernels/operator-types.ts';
import { parquetBytes, parquetPartName } from '../parquet/parquet-files.ts';
import { childPath } from '../path-guard.ts';

/** Rows per part file. */
export const PART_ROWS = 1 << 20;

/** The batch with only `fields`, in their order, under the output's schema. */
function project(batch: arrow.RecordBatch, schema: arrow.Schema): arrow.RecordBatch {
  const children = schema.fields.map((f) => batch.getChild(f.name)!.data[0]);
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: batch.numRows, children }));
}

export async function writeParquetOutput(
  sink: SinkNode,
  stream: BatchStream,
  outDir: string,
  onBatch: (batch: arrow.RecordBatch, fields: readonly Field[]) => void,
): Promise<{ path: string; rows: number }> {
  const dir = childPath(outDir, sink.output);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const schema = arrowSchema(sink.schema);
  let held: arrow.RecordBatch[] = [];
  let heldRows = 0;
  let parts = 0;
  let rows = 0;
  const flush = () => {
    writeFileSync(childPath(dir, parquetPartName(parts++)), parquetBytes(new arrow.Table(schema, held)));
    held = [];
    heldRows = 0;
  };
  for await (const batch of stream) {
    if (batch.numRows === 0) continue;
    onBatch(batch, sink.schema);
    held.push(project(batch, schema));
    heldRows += batch.numRows;
    rows += batch.numRows;
    if (heldRows >= PART_ROWS) flush();
  }
  if (heldRows > 0 || parts === 0) flush();
  return { path: dir, rows };
}
