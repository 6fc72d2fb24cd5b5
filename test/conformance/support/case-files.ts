// Writes a case's tables as input files (CSV, or Parquet written by the runtime): the exact tables, and the
// view Pig has of them.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { csvFormatOf, csvText, pigView, type TableSpec } from '../../harness/arbitraries/index.ts';
import { PlanDraft } from '../../harness/arbitraries/plan-draft.ts';
import { runPlan } from '../../../runtime/index.ts';

export interface CaseInputs {
  /** Input name -> path of the table as generated. */
  readonly exact: Record<string, string>;
  /** Input name -> path of the table as Pig reads it (`""` as null): the reference for Pig runs. */
  readonly pigView: Record<string, string>;
}

export async function writeCaseInputs(dir: string, tables: readonly TableSpec[]): Promise<CaseInputs> {
  mkdirSync(dir, { recursive: true });
  const exact: Record<string, string> = {};
  const view: Record<string, string> = {};
  for (const t of tables) {
    if (t.format === 'parquet') {
      // Every engine reads the same file (Pig's view of a Parquet string is the string).
      exact[t.input] = view[t.input] = await writeParquetTable(path.join(dir, `${t.input}.parquet-input`), t);
      continue;
    }
    exact[t.input] = writeTable(path.join(dir, `${t.input}.csv`), t);
    view[t.input] = writeTable(path.join(dir, `${t.input}.pig-view.csv`), pigView(t));
  }
  return { exact, pigView: view };
}

/**
 * A Parquet table: its CSV read by the runtime and written by the runtime's Parquet writer, so that its values
 * are the typed values the CSV gives. Returns the folder holding the part file.
 */
async function writeParquetTable(dir: string, t: TableSpec): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const csv = writeTable(path.join(dir, 'table.csv'), t);
  const p = new PlanDraft();
  const read = p.add({ kind: 'source', input: 'table', format: csvFormatOf({ ...t, format: undefined }) }, t.columns);
  p.add({ kind: 'sink', input: read.id, output: 'parquet', format: 'parquet', partitionBy: null });
  const out = path.join(dir, 'out');
  await runPlan(p.plan('parquet-input', 'a conformance table as Parquet'), { table: csv }, { outDir: out });
  return path.join(out, 'parquet');
}

/**
 * The table as one file, or as a folder of parts read in path order: rows split in order, a header in each
 * part, odd parts gzipped, the last part in a nested folder, a `_SUCCESS` marker and a hidden file that no
 * engine may read (the hidden file holds a row of its own).
 */
function writeTable(file: string, t: TableSpec): string {
  const parts = t.parts ?? 1;
  if (parts <= 1) {
    writeFileSync(file, csvText(firstBreakEndsRecord(t)));
    return file;
  }
  const size = Math.ceil(t.rows.length / parts);
  for (let i = 0; i < parts; i++) {
    const part = <T,>(xs: readonly T[]) => xs.slice(i * size, (i + 1) * size);
    // A prefix table's extra fields go with their rows.
    const text = csvText(firstBreakEndsRecord({ ...t, rows: part(t.rows), ...(t.extra ? { extra: part(t.extra) } : {}) }));
    const name = `${i === parts - 1 ? 'sub/' : ''}part-${String(i).padStart(5, '0')}.csv${i % 2 ? '.gz' : ''}`;
    mkdirSync(path.dirname(path.join(file, name)), { recursive: true });
    writeFileSync(path.join(file, name), i % 2 ? gzipSync(text) : text);
  }
  writeFileSync(path.join(file, '_SUCCESS'), '');
  writeFileSync(path.join(file, '.part-00000.csv.crc'), csvText({ ...t, rows: t.rows.slice(0, 1), ...(t.extra ? { extra: t.extra.slice(0, 1) } : {}) }));
  return file;
}

/**
 * The table with, when it has no header, a row holding no CR first: Spark's multi-line CSV reader takes a
 * file's record separator from the file's first line break, even one inside a quoted field (a known
 * difference, docs/semantics.md "Data inputs"), so a file starting with a quoted CR would be split otherwise
 * on Spark. Which row comes first changes nothing else: every engine reads the same files.
 */
function firstBreakEndsRecord(t: TableSpec): TableSpec {
  if (t.header || t.unquoted || t.format === 'text' || t.cloudFrontLines) return t;
  const hasCr = (i: number) => [...t.rows[i], ...(t.extra?.[i] ?? [])].some((c) => c !== null && c.includes('\r'));
  if (t.rows.length === 0 || !hasCr(0)) return t;
  const j = t.rows.findIndex((_, i) => !hasCr(i));
  if (j < 0) return t;
  const lead = <T,>(xs: readonly T[]) => [xs[j], ...xs.filter((_, i) => i !== j)];
  return { ...t, rows: lead(t.rows), ...(t.extra ? { extra: lead(t.extra) } : {}) };
}
