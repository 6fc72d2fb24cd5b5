// Reads what real Spark wrote for an output back as rows of cell text, the form of the runtime's
// tableToRows (null stays null, partition columns put back in their place).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { SinkFormat, SinkNode } from '../plan/index.ts';
import { parseTsvRows } from '../runtime/writers/tsv-text.ts';
import { parquetFiles, parquetTextRows } from '../runtime/parquet/parquet-files.ts';
import { formatDouble } from '../runtime/index.ts';

/**
 * Rows of one output directory: part files in name order (CSV headers checked and dropped), partition
 * directories in name order with the value put back at the column's place. `__HIVE_DEFAULT_PARTITION__`
 * reads as null: Spark and the runtime both write null and '' there, so compare the runtime's '' as null.
 */
export function readSparkOutput(dir: string, sink: SinkNode): (string | null)[][] {
  const names = sink.schema.map((f) => f.name);
  if (sink.format === 'parquet') return parquetOutputRows(dir, sink);
  if (sink.partitionBy === null) return readParts(dir, sink, names);
  const at = names.indexOf(sink.partitionBy);
  const fileNames = names.filter((n) => n !== sink.partitionBy);
  const prefix = `${sink.partitionBy}=`;
  const rows: (string | null)[][] = [];
  for (const d of readdirSync(dir).sort()) {
    if (!statSync(path.join(dir, d)).isDirectory()) continue;
    // Spark writes the directory name with Hive's escapes; the column name is escaped too.
    const decoded = unescapeHive(d);
    if (!decoded.startsWith(prefix)) throw new Error(`${dir}: unexpected partition directory ${d}`);
    const raw = decoded.slice(prefix.length);
    const value = d.endsWith('=__HIVE_DEFAULT_PARTITION__') ? null : raw;
    for (const r of readParts(path.join(dir, d), sink, fileNames)) rows.push([...r.slice(0, at), value, ...r.slice(at)]);
  }
  return rows;
}

const unescapeHive = (s: string) => s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

function readParts(dir: string, sink: SinkNode, names: string[]): (string | null)[][] {
  const parts = readdirSync(dir).filter((f) => f.startsWith('part-')).sort();
  const rows: (string | null)[][] = [];
  for (const p of parts) {
    const text = readFileSync(path.join(dir, p), 'utf8');
    rows.push(...ROWS_OF[sink.format](text, sink, names, p));
  }
  return rows;
}

type PartRows = (text: string, sink: SinkNode, names: string[], file: string) => (string | null)[][];
const ROWS_OF: Record<SinkFormat, PartRows> = {
  csv: (text, _sink, names, file) => csvRows(text, names, file, true),
  'csv-noheader': (text, _sink, names, file) => csvRows(text, names, file, false),
  tsv: (text) => parseTsvRows(text),
  jsonl: (text, sink, names, file) => jsonRows(text, sink, names, file),
  parquet: () => {
    throw new Error('internal: Parquet parts are not text');
  },
};

/**
 * The rows of an engine's Parquet output folder: its part files in name order, read with the runtime's
 * Parquet library; each file's columns must be the sink's, by name and by type.
 */
export function parquetOutputRows(dir: string, sink: SinkNode): (string | null)[][] {
  const want = sink.schema.map((f) => `${f.name}:${f.type}`).join(',');
  return parquetFiles(dir).flatMap((file) => {
    const { names, types, rows } = parquetTextRows(file);
    const got = names.map((n, i) => `${n}:${types[i]}`).join(',');
    if (got !== want) throw new Error(`${file}: columns ${got}, expected ${want}`);
    return rows;
  });
}

function csvRows(text: string, names: string[], file: string, headed: boolean): (string | null)[][] {
  if (text === '') return [];
  // Quoted fields are text ("" is the empty string); an empty unquoted field is null.
  const records = parse(text, {
    cast: (value: string, ctx: { quoting: boolean }) => (ctx.quoting ? value : value === '' ? null : value),
    relax_column_count: false,
    record_delimiter: '\n',
  }) as (string | null)[][];
  // A one-column output is written as text lines with no header (docs/codegen.md, PySpark, outputs).
  if (names.length === 1 || !headed) return records;
  const [header, ...rows] = records;
  if (JSON.stringify(header) !== JSON.stringify(names)) throw new Error(`${file}: header ${JSON.stringify(header)}, expected ${JSON.stringify(names)}`);
  return rows;
}

/** JSON lines values as cell text: numbers by the column's type (Spark and the runtime both write Java doubles). */
function jsonRows(text: string, sink: SinkNode, names: string[], file: string): (string | null)[][] {
  const types = new Map(sink.schema.map((f) => [f.name, f.type]));
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const obj = JSON.parse(line) as Record<string, unknown>;
      if (JSON.stringify(Object.keys(obj)) !== JSON.stringify(names)) throw new Error(`${file}: keys ${Object.keys(obj).join(',')}, expected ${names.join(',')}`);
      return names.map((n) => {
        const v = obj[n];
        if (v === null) return null;
        if (typeof v === 'number') return types.get(n) === 'double' ? formatDouble(v) : numberText(line, n, v);
        return String(v);
      });
    });
}

/** An integral JSON number as written (JSON.parse rounds longs beyond 2^53). */
function numberText(line: string, key: string, v: number): string {
  const m = new RegExp(`${escapeRegex(JSON.stringify(key))}:(-?\\d+)`).exec(line);
  return m ? m[1] : String(v);
}

const escapeRegex = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
