// Parquet files through parquet-wasm (Arrow in, Arrow out) and the layout of a Parquet output: a folder of
// `part-NNNNN.parquet` files read in name order. The type mapping is docs/semantics.md's "Parquet".
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as arrow from 'apache-arrow';
import * as pq from 'parquet-wasm';
import type { ColumnType } from '../../plan/index.ts';
import { columnTypeOf } from '../arrow-types.ts';
import { formatValue } from '../writers/format-value.ts';

/** The name of the `index`th part file of a Parquet output. */
export const parquetPartName = (index: number): string => `part-${String(index).padStart(5, '0')}.parquet`;

/**
 * The data files of a Parquet input or output: the file itself, or a folder's files in name order, skipping
 * names that start with `_` or `.` (markers, checksums, Pig's `_metadata` summaries), as Hadoop does.
 */
export function parquetFiles(target: string): string[] {
  if (statSync(target).isFile()) return [target];
  return readdirSync(target)
    .filter((f) => !f.startsWith('_') && !f.startsWith('.'))
    .sort()
    .map((f) => path.join(target, f))
    .filter((f) => statSync(f).isFile());
}

/** Parquet bytes holding `table` (Snappy-compressed, as Spark writes by default). */
export function parquetBytes(table: arrow.Table): Uint8Array {
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.SNAPPY).build();
  return pq.writeParquet(pq.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), props);
}

/** The rows of one Parquet file as an Arrow table (the whole file is read at once). */
export function readParquetTable(file: string): arrow.Table {
  return arrow.tableFromIPC(pq.readParquet(readFileSync(file)).intoIPCStream());
}

/** A Parquet file's column names and its rows as value text (docs/semantics.md's text of each type). */
export function parquetTextRows(file: string): { names: string[]; types: ColumnType[]; rows: (string | null)[][] } {
  const table = readParquetTable(file);
  const columns = table.schema.fields.map((f, c) => ({ type: columnTypeOf(f.type), vector: table.getChildAt(c)! }));
  const rows: (string | null)[][] = [];
  for (let i = 0; i < table.numRows; i++) rows.push(columns.map(({ type, vector }) => formatValue(type, vector.get(i))));
  return { names: table.schema.fields.map((f) => f.name), types: columns.map((c) => c.type), rows };
}
