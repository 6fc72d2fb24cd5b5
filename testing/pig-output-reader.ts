// Reads what real Pig wrote for an output back as rows of cell text, the form of the runtime's tableToRows
// (null stays null, a partition column's value put back in its place).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { partFiles } from '../cli/part-file-collector.ts';
import { escapePartitionText } from '../codegen/pig/index.ts';
import type { SinkNode } from '../plan/index.ts';
import { parseTsvRows } from '../runtime/writers/tsv-text.ts';
import { parquetOutputRows } from './spark-output-reader.ts';

const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** Rows of RFC 4180 text: an empty unquoted field is null, `""` is ''. */
export function parseCsvRows(text: string): (string | null)[][] {
  if (text === '') return [];
  return parse(text, {
    relax_column_count: true,
    skip_empty_lines: false,
    cast: (value: string, ctx: { quoting: boolean }) => (ctx.quoting || value !== '' ? value : null),
  }) as (string | null)[][];
}

/**
 * The rows Pig wrote for `sink` into `dir`: part files in name order (row order of sorted outputs), or for
 * a partitioned output each `col=value` folder, its value put back in the partition column's place.
 */
export function readPigOutput(dir: string, sink: SinkNode): (string | null)[][] {
  if (sink.format === 'parquet') return parquetOutputRows(dir, sink);
  const parse = sink.format === 'tsv' ? parseTsvRows : parseCsvRows;
  const rowsOf = (d: string) => partFiles(d).flatMap((f) => parse(readFileSync(f, 'utf8')));
  if (sink.partitionBy === null) return rowsOf(dir);
  const at = sink.schema.findIndex((f) => f.name === sink.partitionBy);
  const rows: (string | null)[][] = [];
  // Folders are `<escaped column>=<escaped value>`; a column such as `__init__` starts with `_`, so hidden
  // names cannot be told from partitions by their first character.
  const prefix = `${escapePartitionText(sink.partitionBy)}=`;
  const parts = readdirSync(dir).filter((d) => d.startsWith(prefix) && statSync(path.join(dir, d)).isDirectory());
  for (const sub of parts.sort()) {
    const raw = sub.slice(prefix.length);
    const value = raw === HIVE_DEFAULT_PARTITION ? null : decodeURIComponent(raw);
    for (const r of rowsOf(path.join(dir, sub))) rows.push([...r.slice(0, at), value, ...r.slice(at)]);
  }
  return rows;
}

