// Reads CSV (RFC 4180, via csv-parse) with a declared schema into record batches. Blank lines are skipped
// and not counted as rows; a header line (when declared) is skipped. An empty unquoted field is null, `""` is
// the empty string; a value that does not convert to its column's type rejects the record (`bad-csv`), as
// does malformed quoting; a record with another number of fields is rejected as `wrong-field-count` (with
// `extraFields: 'ignore'`, only one with fewer). With `quote: 'none'` a record is a physical line (Hadoop's
// line ends) split at every delimiter: see readUnquoted.
import type * as arrow from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { JobError, type SourceNode } from '../../plan/index.ts';
import { BatchBuilder } from './batch-builder.ts';
import { Rejection, type Cell } from './cell.ts';
import { CsvRecordSplitter, type CsvRecord } from './csv-record-splitter.ts';
import { readBytes } from './byte-source.ts';
import { readLines } from './line-source.ts';
import type { ReaderOptions } from './reader-options.ts';
import { EXPECTED_TEXT, STRICT_CASTS } from './strict-casts.ts';

type Fields = string[];

export async function* readCsv(node: SourceNode, path: string, opts: ReaderOptions): AsyncGenerator<arrow.RecordBatch> {
  if (node.format.kind !== 'csv') throw new JobError('runtime', `source ${node.id} is not CSV`, node.loc, node.id);
  const { header, delimiter } = node.format;
  if (delimiter === '' || /["\r\n]/.test(delimiter)) {
    throw new JobError('plan', `source '${node.input}': CSV delimiter ${JSON.stringify(delimiter)} must be non-empty, without quotes or line breaks`, node.loc, node.id);
  }
  if (node.format.quote === 'none') {
    yield* readUnquoted(node, path, opts);
    return;
  }
  const csvOptions = csvParseOptions(delimiter);
  const splitter = new CsvRecordSplitter(delimiter);
  const batch = new BatchBuilder(node.schema, opts.columns, opts.batchSize);
  const toRow = rowConverter(node);
  const row: Cell[] = new Array(node.schema.length).fill(null);
  const decoder = new TextDecoder('utf-8');
  let skipHeader = header;

  function* take(records: CsvRecord[]): Generator<arrow.RecordBatch> {
    if (skipHeader && records.length > 0) {
      records = records.slice(1);
      skipHeader = false;
    }
    const parsed = parseRecords(records, csvOptions);
    for (let k = 0; k < records.length; k++) {
      const r = records[k];
      const fields = parsed[k];
      const rejection = fields instanceof Rejection ? fields : toRow(fields, r.quotedEmpty, row);
      if (rejection) opts.rejects.reject(r.line, rejection.reason, r.text, rejection.detail);
      else {
        batch.append(row);
        if (batch.full) {
          opts.rejects.parsed(batch.length);
          yield batch.flush()!;
        }
      }
    }
  }

  for await (const bytes of readBytes(path, opts)) yield* take(splitter.push(decoder.decode(bytes, { stream: true })));
  yield* take([...splitter.push(decoder.decode()), ...splitter.end()]);
  opts.rejects.parsed(batch.length);
  const rest = batch.flush();
  if (rest) yield rest;
}

/** csv-parse's options for records of this delimiter (records already split: any count of fields). */
export const csvParseOptions = (delimiter: string) => ({ delimiter, record_delimiter: ['\r\n', '\n'], relax_column_count: true });

/** A line of only characters up to U+0020 (Java's trim() leaves nothing): Spark's line-based CSV reader skips it. */
export const UNQUOTED_BLANK_LINE = /^[\x00-\x20]*$/;

/**
 * `quote: 'none'`: records are physical lines (LF, CR and CRLF end one, as in Hadoop's line reader, which
 * PigStorage and Spark use); blank lines are skipped, the header is the first other line; every delimiter
 * splits, so a `"` is data and no field spans lines.
 */
async function* readUnquoted(node: SourceNode, path: string, opts: ReaderOptions): AsyncGenerator<arrow.RecordBatch> {
  const { header, delimiter } = node.format as { header: boolean; delimiter: string };
  const batch = new BatchBuilder(node.schema, opts.columns, opts.batchSize);
  const toRow = rowConverter(node);
  const row: Cell[] = new Array(node.schema.length).fill(null);
  let skipHeader = header;
  for await (const chunk of readLines(path, { ...opts, stripBom: true })) {
    for (let k = 0; k < chunk.lines.length; k++) {
      const text = chunk.lines[k];
      if (UNQUOTED_BLANK_LINE.test(text)) continue;
      if (skipHeader) {
        skipHeader = false;
        continue;
      }
      const rejection = toRow(text.split(delimiter), [], row);
      if (rejection) opts.rejects.reject(chunk.firstLine + k, rejection.reason, text, rejection.detail);
      else {
        batch.append(row);
        if (batch.full) {
          opts.rejects.parsed(batch.length);
          yield batch.flush()!;
        }
      }
    }
  }
  opts.rejects.parsed(batch.length);
  const rest = batch.flush();
  if (rest) yield rest;
}

/**
 * Fields of each record. Records are parsed together (csv-parse is much faster per call than per record);
 * if that fails, each record alone, so that only the malformed ones are rejected.
 */
export function parseRecords(records: CsvRecord[], options: object): (Fields | Rejection)[] {
  if (records.length === 0) return [];
  try {
    const all = parse(records.map((r) => r.text).join('\r\n'), options) as Fields[];
    if (all.length === records.length) return all;
  } catch {
    // one of them is malformed: find which below
  }
  return records.map((r) => {
    try {
      const one = parse(r.text, options) as Fields[];
      return one.length === 1 ? one[0] : new Rejection('bad-csv', 'not one CSV record');
    } catch (e) {
      const code = String((e as { code?: string }).code ?? 'invalid record');
      return new Rejection('bad-csv', code.replace(/^CSV_/, '').toLowerCase().replace(/_/g, ' '));
    }
  });
}

/** Converts a record's fields into a full-schema row, or says why the record is rejected. */
function rowConverter(node: SourceNode): (fields: Fields, quotedEmpty: readonly number[], row: Cell[]) => Rejection | null {
  const casts = node.schema.map((f) => STRICT_CASTS[f.type]);
  const n = node.schema.length;
  const prefix = node.format.kind === 'csv' && node.format.extraFields === 'ignore';
  return (fields, quotedEmpty, row) => {
    if (fields.length < n || (fields.length > n && !prefix)) {
      return new Rejection('wrong-field-count', `expected ${prefix ? 'at least ' : ''}${n} fields, found ${fields.length}`);
    }
    for (let i = 0; i < n; i++) {
      const text = fields[i];
      if (text === '' && !quotedEmpty.includes(i)) {
        row[i] = null;
        continue;
      }
      const v = casts[i](text);
      if (v === undefined) {
        const f = node.schema[i];
        const shown = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
        return new Rejection('bad-csv', `column '${f.name}': ${shown} is not ${EXPECTED_TEXT[f.type]}`);
      }
      row[i] = v;
    }
    return null;
  };
}
