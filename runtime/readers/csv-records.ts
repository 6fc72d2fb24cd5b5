// The records of one CSV file as the CSV reader sees them (header and blank lines left out), each with the
// physical line it starts on, its text and its fields (null when its quoting is malformed): what an engine's
// rejected record, known only by its number in the file or its fields, is looked up in.
import type { SourceNode } from '../../plan/index.ts';
import { readBytes } from './byte-source.ts';
import { Rejection } from './cell.ts';
import { csvParseOptions, parseRecords, UNQUOTED_BLANK_LINE } from './csv-reader.ts';
import { CsvRecordSplitter } from './csv-record-splitter.ts';
import { readLines } from './line-source.ts';

export interface CsvFileRecord {
  /** 1-based physical line where the record starts. */
  readonly line: number;
  /** The record's text without its line break. */
  readonly text: string;
  readonly fields: readonly string[] | null;
}

export async function* csvRecords(node: SourceNode, file: string): AsyncGenerator<CsvFileRecord> {
  if (node.format.kind !== 'csv') throw new Error('internal: not a CSV source');
  const { header, delimiter } = node.format;
  let skipHeader = header;
  if (node.format.quote === 'none') {
    for await (const chunk of readLines(file, { stripBom: true })) {
      for (const [k, text] of chunk.lines.entries()) {
        if (UNQUOTED_BLANK_LINE.test(text)) continue;
        if (skipHeader) skipHeader = false;
        else yield { line: chunk.firstLine + k, text, fields: text.split(delimiter) };
      }
    }
    return;
  }
  const splitter = new CsvRecordSplitter(delimiter);
  const decoder = new TextDecoder('utf-8');
  const options = csvParseOptions(delimiter);
  function* take(records: ReturnType<CsvRecordSplitter['push']>): Generator<CsvFileRecord> {
    if (skipHeader && records.length > 0) {
      records = records.slice(1);
      skipHeader = false;
    }
    const parsed = parseRecords(records, options);
    for (const [k, r] of records.entries()) {
      const fields = parsed[k];
      yield { line: r.line, text: r.text, fields: fields instanceof Rejection ? null : fields };
    }
  }
  for await (const bytes of readBytes(file, {})) yield* take(splitter.push(decoder.decode(bytes, { stream: true })));
  yield* take([...splitter.push(decoder.decode()), ...splitter.end()]);
}
