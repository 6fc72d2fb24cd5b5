// How many records an input file holds, as the local runtime counts them (rows read): physical lines of a
// log or of text lines, non-blank lines of JSON lines, CSV records (lines, or multi-line records) without the
// header and blank lines, CloudTrail events (and texts rejected whole), counted by reading the file as the
// runtime does. A Pig or Spark run
// knows its rejected records (the script writes them); this gives the other term of read = parsed + rejected.
import { isLogFormat, type SourceNode } from '../plan/index.ts';
import { readBytes } from '../runtime/readers/byte-source.ts';
import { readSource } from '../runtime/readers/index.ts';
import { RejectCollector } from '../runtime/rejects.ts';
import { UNQUOTED_BLANK_LINE } from '../runtime/readers/csv-records.ts';
import { CsvRecordSplitter } from '../runtime/readers/csv-record-splitter.ts';
import { readLines } from '../runtime/readers/line-source.ts';

const BLANK = /^[ \t]*$/;

export async function countInputRecords(source: SourceNode, file: string): Promise<number> {
  const fmt = source.format;
  if (fmt.kind === 'csv' && !fmt.multiline) {
    // A record per line: quote 'none' skips lines of only characters up to U+0020, the default empty ones.
    const record = fmt.quote === 'none' ? (l: string) => !UNQUOTED_BLANK_LINE.test(l) : (l: string) => l !== '';
    let n = 0;
    for await (const chunk of readLines(file, { stripBom: true })) n += chunk.lines.filter(record).length;
    return fmt.header && n > 0 ? n - 1 : n;
  }
  if (fmt.kind === 'csv') {
    const splitter = new CsvRecordSplitter(fmt.delimiter);
    const decoder = new TextDecoder('utf-8');
    let n = 0;
    for await (const bytes of readBytes(file)) n += splitter.push(decoder.decode(bytes, { stream: true })).length;
    n += splitter.push(decoder.decode()).length + splitter.end().length;
    return fmt.header && n > 0 ? n - 1 : n;
  }
  if (fmt.kind === 'cloudtrail') {
    const rejects = new RejectCollector({ input: source.input, file, rejectsPath: null });
    for await (const _ of readSource(source, file, { batchSize: 64 * 1024, columns: [], rejects }));
    await rejects.close();
    return rejects.rowsRead;
  }
  let n = 0;
  const all = isLogFormat(fmt.kind) || fmt.kind === 'text';
  for await (const chunk of readLines(file, { stripBom: !all })) {
    n += all ? chunk.lines.length : chunk.lines.filter((l) => !BLANK.test(l)).length;
  }
  return n;
}
