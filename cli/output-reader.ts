// Reads written outputs back for the run summary: their files (one, or one per partition), row counts
// and the first rows. CSV follows docs/semantics.md: an empty unquoted field is null, `""` is ''.
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { SinkFormat, SinkNode } from '../plan/index.ts';
import { escapePartitionValue } from '../runtime/writers/hive-partition.ts';
import { childPath } from '../runtime/path-guard.ts';
import { parquetFiles, parquetTextRows } from '../runtime/parquet/parquet-files.ts';
import { ROW_FORMATS } from '../runtime/writers/row-formats.ts';
import { parseTsvLine } from '../runtime/writers/tsv-text.ts';

export type Value = string | number | boolean | null;

export interface OutputPart {
  readonly file: string;
  /** The partition column's value for the rows of this file (null for Hive's default partition). */
  readonly partition: { readonly column: string; readonly value: string | null } | null;
}

export interface Preview {
  readonly columns: string[];
  readonly rows: Value[][];
}

const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

/** The columns in an output's files: the plan's, the partition column left out (it names the folders). */
export const fileColumns = (sink: Pick<SinkNode, 'schema' | 'partitionBy'>): string[] =>
  sink.schema.map((f) => f.name).filter((n) => n !== sink.partitionBy);

/** Where the runtime writes an output, relative to the run's output folder. */
export function outputPath(outDir: string, sink: Pick<SinkNode, 'output' | 'format' | 'partitionBy'>): string {
  const folder = sink.partitionBy || sink.format === 'parquet';
  return folder ? childPath(outDir, sink.output) : childPath(outDir, `${sink.output}.${extensionOf(sink.format)}`);
}

export function extensionOf(format: SinkFormat): string {
  return format === 'parquet' ? 'parquet' : ROW_FORMATS[format]([]).extension;
}

/** The data files of an output in a stable order: a single file, or `col=value/part-*` per partition. */
export function outputParts(outPath: string, partitionBy: string | null): OutputPart[] {
  if (!existsSync(outPath)) return [];
  if (!partitionBy && statSync(outPath).isDirectory()) return parquetFiles(outPath).map((file) => ({ file, partition: null }));
  if (!partitionBy || statSync(outPath).isFile()) return [{ file: outPath, partition: null }];
  const parts: OutputPart[] = [];
  const prefix = `${escapePartitionValue(partitionBy)}=`;
  for (const dir of readdirSync(outPath).sort()) {
    const full = path.join(outPath, dir);
    if (!dir.startsWith(prefix) || !statSync(full).isDirectory()) continue;
    const raw = decodeURIComponent(dir.slice(prefix.length));
    const partition = { column: partitionBy, value: raw === HIVE_NULL ? null : raw };
    for (const f of readdirSync(full).filter((x) => !x.startsWith('.') && !x.startsWith('_')).sort()) {
      parts.push({ file: path.join(full, f), partition });
    }
  }
  return parts;
}

/**
 * Records of one file, header excluded (CSV) — stops reading once `limit` records are seen. Formats without
 * a header row give `columns` (the file's columns by the plan) as the header.
 */
async function* records(file: string, format: SinkFormat, limit = Infinity, columns: string[] = []): AsyncGenerator<{ header: string[] | null; row: Value[] }> {
  if (limit <= 0) return;
  let n = 0;
  if (format === 'parquet') {
    const { names, rows } = parquetTextRows(file);
    for (const row of rows.slice(0, limit)) yield { header: names, row };
    return;
  }
  if (format === 'jsonl' || format === 'tsv') {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (format === 'tsv') yield { header: columns, row: parseTsvLine(line) };
        else {
          if (!line.trim()) continue;
          const obj = JSON.parse(line) as Record<string, Value>;
          yield { header: Object.keys(obj), row: Object.values(obj) };
        }
        if (++n >= limit) return;
      }
    } finally {
      lines.close();
    }
    return;
  }
  const parser = createReadStream(file).pipe(
    parse({ relax_column_count: true, cast: (value, ctx) => (ctx.quoting || value !== '' ? value : null) }),
  );
  let header: string[] | null = format === 'csv' ? null : columns;
  try {
    for await (const rec of parser as AsyncIterable<Value[]>) {
      if (header === null) {
        header = rec.map(String);
        continue;
      }
      yield { header, row: rec };
      if (++n >= limit) return;
    }
  } finally {
    parser.destroy();
  }
}

export async function countRows(parts: readonly OutputPart[], format: SinkFormat): Promise<number> {
  let n = 0;
  for (const p of parts) for await (const _ of records(p.file, format)) n++;
  return n;
}

/**
 * The first `limit` rows across the parts; a partitioned output gets its partition column back, last.
 * `fileColumns` names the columns of a format without a header row (the plan's, partition column left out).
 */
export async function previewRows(parts: readonly OutputPart[], format: SinkFormat, limit: number, fileColumns: string[] = []): Promise<Preview> {
  let columns: string[] = [];
  const rows: Value[][] = [];
  for (const p of parts) {
    if (rows.length >= limit) break;
    for await (const { header, row } of records(p.file, format, limit - rows.length, fileColumns)) {
      if (header && columns.length === 0) columns = p.partition ? [...header, p.partition.column] : [...header];
      rows.push(p.partition ? [...row, p.partition.value] : row);
    }
    if (columns.length === 0 && format === 'csv') columns = await csvHeader(p.file, p.partition?.column);
  }
  return { columns, rows };
}

async function csvHeader(file: string, partitionColumn?: string): Promise<string[]> {
  const parser = createReadStream(file).pipe(parse({ to: 1, relax_column_count: true }));
  for await (const rec of parser as AsyncIterable<string[]>) {
    parser.destroy();
    return partitionColumn ? [...rec, partitionColumn] : rec;
  }
  return partitionColumn ? [partitionColumn] : [];
}
