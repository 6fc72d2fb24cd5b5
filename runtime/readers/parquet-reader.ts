// Reads a Parquet file, or a folder of part files in name order, into record batches of the source's
// declared columns. Columns are found by name; a declared column the file lacks, or of another type than
// docs/semantics.md's mapping gives, is an input error naming the file and the column. Nothing is rejected.
import * as arrow from 'apache-arrow';
import { JobError, type ColumnType, type Field, type SourceNode } from '../../plan/index.ts';
import { arrowSchema, arrowType } from '../arrow-types.ts';
import { parquetFiles, readParquetTable } from '../parquet/parquet-files.ts';
import type { ReaderOptions } from './reader-options.ts';

const MS_PER_DAY = 86_400_000;

/** Which Arrow types (as parquet-wasm reads the file) a declared column type accepts. */
const ACCEPTS: { readonly [T in ColumnType]: (t: arrow.DataType) => boolean } = {
  string: (t) => arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t),
  int: (t) => arrow.DataType.isInt(t) && t.isSigned && t.bitWidth === 32,
  long: (t) => arrow.DataType.isInt(t) && t.isSigned && t.bitWidth === 64,
  double: (t) => arrow.DataType.isFloat(t) && t.precision === arrow.Precision.DOUBLE,
  boolean: (t) => arrow.DataType.isBool(t),
  timestamp: (t) => arrow.DataType.isTimestamp(t),
  date: (t) => arrow.DataType.isDate(t),
};

const TIMESTAMP_MS_PER_UNIT: Record<arrow.TimeUnit, number> = {
  [arrow.TimeUnit.SECOND]: 1000,
  [arrow.TimeUnit.MILLISECOND]: 1,
  [arrow.TimeUnit.MICROSECOND]: 1e-3,
  [arrow.TimeUnit.NANOSECOND]: 1e-6,
};

/** The column as the runtime's Arrow type: as it is when the types agree, else converted value by value. */
function asRuntimeColumn(v: arrow.Vector, f: Field): arrow.Vector {
  const want = arrowType(f.type);
  if (v.type.typeId === want.typeId && String(v.type) === String(want)) return v;
  const values: unknown[] = new Array(v.length);
  if (f.type === 'timestamp') {
    // Arrow JS gives a timestamp as epoch milliseconds whatever its unit (a fraction below that kept);
    // a time before 1970 with sub-millisecond digits rounds down, as the other time readers do.
    for (let i = 0; i < v.length; i++) {
      const x = v.get(i) as number | null;
      values[i] = x === null ? null : Math.floor(x);
    }
  } else if (f.type === 'date') {
    for (let i = 0; i < v.length; i++) {
      const x = v.get(i) as number | Date | null;
      values[i] = x === null ? null : new Date(Math.floor(Number(x) / MS_PER_DAY) * MS_PER_DAY);
    }
  } else for (let i = 0; i < v.length; i++) values[i] = v.get(i);
  return arrow.vectorFromArray(values, want);
}

function checkColumns(file: string, node: SourceNode, schema: arrow.Schema): void {
  for (const f of node.schema) {
    const found = schema.fields.find((x) => x.name === f.name);
    if (!found) {
      const has = schema.fields.map((x) => x.name).join(', ');
      throw new JobError('input', `${file}: no column '${f.name}' in the Parquet file (it has ${has || 'no columns'})`, { file });
    }
    if (!ACCEPTS[f.type](found.type)) {
      throw new JobError('input', `${file}: column '${f.name}' is ${String(found.type)} in the Parquet file, not ${f.type} as the job declares`, { file });
    }
  }
}

export async function* readParquet(node: SourceNode, path: string, opts: ReaderOptions): AsyncGenerator<arrow.RecordBatch> {
  if (node.format.kind !== 'parquet') throw new JobError('runtime', `source ${node.id} is not Parquet`, node.loc, node.id);
  const kept = node.schema.filter((f) => opts.columns === undefined || opts.columns.includes(f.name));
  const schema = arrowSchema(kept);
  const files = parquetFiles(path);
  let done = 0;
  const total = files.length;
  for (const file of files) {
    let table: arrow.Table;
    try {
      table = readParquetTable(file);
    } catch (e) {
      throw new JobError('input', `${file}: not a Parquet file this reader can read (${(e as Error).message})`, { file });
    }
    checkColumns(file, node, table.schema);
    for (const batch of table.batches) {
      const columns = kept.map((f) => asRuntimeColumn(new arrow.Vector([batch.getChild(f.name)!.data[0]]), f));
      const whole = new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: batch.numRows, children: columns.map((c) => c.data[0]) }));
      for (let at = 0; at < whole.numRows; at += opts.batchSize) yield whole.slice(at, Math.min(at + opts.batchSize, whole.numRows));
    }
    opts.onBytes?.(++done, total);
  }
}
