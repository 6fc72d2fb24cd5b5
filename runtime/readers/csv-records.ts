// The records of one CSV file as the CSV reader sees them (header and blank lines left out), a chunk at a
// time, each with the physical line it starts on, its text and its fields (or why its quoting is malformed):
// what readCsv converts to rows, and what an engine's rejected record, known only by its number in the file or
// its fields, is looked up in (cli/csv-reject-locator.ts).
import { parse } from 'csv-parse/sync';
import type { SourceNode } from '../../plan/index.ts';
import { readBytes, type ByteSourceOptions } from './byte-source.ts';
import { Rejection } from './cell.ts';
import { csvLineSplitter } from './csv-line-fields.ts';
import { CsvRecordSplitter, type CsvRecord } from './csv-record-splitter.ts';
import { readLines } from './line-source.ts';

/** Records, and each one's fields or why there are none (malformed quoting: `bad-csv`), by index. */
export interface CsvRecordChunk {
  readonly records: readonly CsvRecord[];
  readonly fields: readonly (string[] | Rejection)[];
}

/** A line of only characters up to U+0020 (Java's trim() leaves nothing): Spark's line-based CSV reader skips it. */
export const UNQUOTED_BLANK_LINE = /^[\x00-\x20]*$/;

/**
 * The records of `file`, a chunk (of the bytes read) at a time. Without `multiline`, a record is a physical
 * line (LF, CR and CRLF end one, as in Hadoop's line reader, which PigStorage and Spark use), the header the
 * first record: with `quote: 'none'` lines of only characters up to U+0020 are skipped and every delimiter
 * splits (a `"` is data); by default empty lines are skipped and fields are RFC 4180 within the line
 * (csv-line-fields.ts). With `multiline`, records are RFC 4180 (a quoted field may span lines), the header
 * the first one.
 */
export async function* csvRecordChunks(node: SourceNode, file: string, opts: ByteSourceOptions = {}): AsyncGenerator<CsvRecordChunk> {
  if (node.format.kind !== 'csv') throw new Error(`internal: source ${node.id} is not CSV`);
  const { header, delimiter } = node.format;
  if (!node.format.multiline) {
    yield* lineRecordChunks(file, header, node.format.quote === 'none' ? unquotedLine(delimiter) : quotedLine(delimiter), opts);
    return;
  }
  let skipHeader = header;
  const splitter = new CsvRecordSplitter(delimiter);
  const decoder = new TextDecoder('utf-8');
  const options = { delimiter, record_delimiter: ['\r\n', '\n'], relax_column_count: true };
  const withFields = (records: CsvRecord[]): CsvRecordChunk => {
    if (skipHeader && records.length > 0) {
      records = records.slice(1);
      skipHeader = false;
    }
    return { records, fields: parseRecords(records, options) };
  };
  for await (const bytes of readBytes(file, opts)) yield withFields(splitter.push(decoder.decode(bytes, { stream: true })));
  yield withFields([...splitter.push(decoder.decode()), ...splitter.end()]);
}

/** A line mode's reading of one line: null for a line that is no record, else its fields or rejection. */
type LineReading = (text: string) => { readonly fields: string[] | Rejection; readonly quotedEmpty: readonly number[] } | null;

const NO_QUOTED_EMPTY: readonly number[] = Object.freeze([]);

/** `quote: 'none'`: lines of only characters up to U+0020 are no records; every delimiter splits. */
const unquotedLine = (delimiter: string): LineReading => (text) =>
  UNQUOTED_BLANK_LINE.test(text) ? null : { fields: text.split(delimiter), quotedEmpty: NO_QUOTED_EMPTY };

/** The default mode: empty lines are no records; RFC 4180 fields within the line. */
function quotedLine(delimiter: string): LineReading {
  const split = csvLineSplitter(delimiter);
  return (text) => {
    if (text === '') return null;
    const r = split(text);
    return r instanceof Rejection ? { fields: r, quotedEmpty: NO_QUOTED_EMPTY } : r;
  };
}

/** Records that are physical lines, the header (when declared) the first one. */
async function* lineRecordChunks(file: string, header: boolean, read: LineReading, opts: ByteSourceOptions): AsyncGenerator<CsvRecordChunk> {
  let skipHeader = header;
  for await (const chunk of readLines(file, { ...opts, stripBom: true })) {
    const records: CsvRecord[] = [];
    const fields: (string[] | Rejection)[] = [];
    chunk.lines.forEach((text, k) => {
      const r = read(text);
      if (r === null) return;
      if (skipHeader) skipHeader = false;
      else {
        records.push({ line: chunk.firstLine + k, text, quotedEmpty: r.quotedEmpty });
        fields.push(r.fields);
      }
    });
    yield { records, fields };
  }
}

/**
 * Fields of each record. Records are parsed together (csv-parse is much faster per call than per record);
 * if that fails, each record alone, so that only the malformed ones are rejected.
 */
function parseRecords(records: CsvRecord[], options: object): (string[] | Rejection)[] {
  if (records.length === 0) return [];
  try {
    const all = parse(records.map((r) => r.text).join('\r\n'), options) as string[][];
    if (all.length === records.length) return all;
  } catch {
    // one of them is malformed: find which below
  }
  return records.map((r) => {
    try {
      const one = parse(r.text, options) as string[][];
      return one.length === 1 ? one[0] : new Rejection('bad-csv', 'not one CSV record');
    } catch (e) {
      const code = String((e as { code?: string }).code ?? 'invalid record');
      return new Rejection('bad-csv', code.replace(/^CSV_/, '').toLowerCase().replace(/_/g, ' '));
    }
  });
}
