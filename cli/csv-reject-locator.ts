// Finds where the CSV records an engine rejected start, so that they are cited as the runtime cites them
// (`<part file>:<first line>` and the record's text). Spark's CSV reader keeps neither a record's text nor
// its line, so the script writes the part file and the record's number in it; Pig's CSVExcelStorage keeps
// neither the file nor the text, so the script writes the record's fields joined again (pig-csv-source.ts),
// and the k-th rejected copy of a joined text is the k-th record of the input's parts that joins to it.
import type { SourceNode } from '../plan/index.ts';
import { Rejection } from '../runtime/readers/cell.ts';
import type { CsvRecord } from '../runtime/readers/csv-record-splitter.ts';
import { csvRecordChunks } from '../runtime/readers/csv-records.ts';

/** A rejected record as an engine wrote it; `line` and `text` are filled in when it is found. */
export interface EngineReject {
  line: number | null;
  /** The record's 1-based number among its part file's records (Spark), else null. */
  readonly record: number | null;
  readonly reason: string;
  text: string;
}

/** Gives each record known by its number in `file` the line it starts on and its text. */
export async function locateNumberedRecords(source: SourceNode, file: string, rejects: readonly EngineReject[]): Promise<void> {
  const wanted = new Map(rejects.filter((r) => r.record !== null).map((r) => [r.record!, r]));
  if (wanted.size === 0) return;
  let n = 0;
  for await (const { records } of csvRecordChunks(source, file)) {
    for (const record of records) {
      const r = wanted.get(++n);
      if (!r) continue;
      found(r, record);
      wanted.delete(n);
      if (wanted.size === 0) return;
    }
  }
}

/**
 * Finds records known by their joined fields in `files` (the input's parts in reading order): per file, the
 * records found there; those found nowhere (malformed quoting, which Pig splits otherwise) are left as they are.
 */
export async function locateJoinedRecords(source: SourceNode, files: readonly string[], rejects: readonly EngineReject[]): Promise<EngineReject[][]> {
  const byFile: EngineReject[][] = files.map(() => []);
  const wanted = new Map<string, EngineReject[]>();
  for (const r of rejects) wanted.set(r.text, [...(wanted.get(r.text) ?? []), r]);
  const join = pigJoinedText(source);
  for (const [i, file] of files.entries()) {
    if (wanted.size === 0) break;
    for await (const { records, fields } of csvRecordChunks(source, file)) {
      for (const [k, record] of records.entries()) {
        const f = fields[k];
        if (f instanceof Rejection) continue;
        const text = join(f);
        const waiting = wanted.get(text);
        if (!waiting) continue;
        const r = waiting.shift()!;
        found(r, record);
        byFile[i].push(r);
        if (waiting.length === 0) wanted.delete(text);
      }
      if (wanted.size === 0) break;
    }
  }
  return byFile;
}

function found(r: EngineReject, record: CsvRecord): void {
  r.line = record.line;
  r.text = record.text;
}

/**
 * A record's fields as the Pig script joins them (pig-csv-source.ts, storeCsvRejects): the declared fields
 * (missing ones empty), then the first extra one if any, by the delimiter, line breaks as spaces.
 */
function pigJoinedText(source: SourceNode): (fields: readonly string[]) => string {
  const n = source.schema.length;
  const delimiter = source.format.kind === 'csv' ? source.format.delimiter : ',';
  return (fields) => {
    const kept = Array.from({ length: Math.min(Math.max(fields.length, n), n + 1) }, (_, i) => fields[i] ?? '');
    return kept.join(delimiter).replace(/\r\n|[\r\n]/g, ' ');
  };
}
