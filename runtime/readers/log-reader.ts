// Reads access logs (common, combined, ELB, ALB, S3, CloudFront) into record batches. Every physical line
// counts as read but a format's skipped lines (W3C `#` headers); one that does not parse, an empty one
// included, is rejected with its reason. Common and Combined
// lines are read from bytes (clf-fast-path.ts); the regex path decides every line the fast path declines.
import { isUtf8 } from 'node:buffer';
import type * as arrow from 'apache-arrow';
import { LOG_LINE_PATTERNS, LOG_SCHEMAS, type LogFormat, type SourceNode } from '../../plan/index.ts';
import { BatchBuilder } from './batch-builder.ts';
import type { Cell } from './cell.ts';
import { clfFastPath } from './clf-fast-path.ts';
import { javaRegex } from './java-regex.ts';
import { readLineRanges } from './line-ranges.ts';
import { readLines } from './line-source.ts';
import { logLineParser } from './log-line-parser.ts';
import type { ReaderOptions } from './reader-options.ts';

export async function* readLog(node: SourceNode, path: string, opts: ReaderOptions): AsyncGenerator<arrow.RecordBatch> {
  const format = node.format.kind as LogFormat;
  const parser = logLineParser(format, opts.columns);
  const batch = new BatchBuilder(LOG_SCHEMAS[format], opts.columns, opts.batchSize);
  const row: Cell[] = new Array(parser.width).fill(null);
  /** The regex path for one line: its row goes into the batch, or the line into the rejects. */
  const parseText = (text: string, line: number): void => {
    const rejection = parser.parse(text, row);
    if (rejection) opts.rejects.reject(line, rejection.reason, text, rejection.detail);
    else batch.append(row);
  };
  const flush = (): arrow.RecordBatch => {
    opts.rejects.parsed(batch.length);
    return batch.flush()!;
  };
  if (format === 'common' || format === 'combined') {
    // Lines as bytes: the fast path takes the lines it can; the others are decoded (invalid UTF-8 becomes
    // U+FFFD and a byte order mark is kept, as line-source.ts decodes) and go through the regex path.
    const fast = clfFastPath(format, batch);
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    for await (const chunk of readLineRanges(path, opts)) {
      const { buf, starts, ends } = chunk;
      for (let k = 0; k < chunk.count; k++) {
        const s = starts[k];
        const e = ends[k];
        const utf8 = chunk.utf8 || isUtf8(buf.subarray(s, e));
        if (!utf8 || !fast.tryAppend(buf, s, e)) parseText(decoder.decode(buf.subarray(s, e)), chunk.firstLine + k);
        if (batch.full) yield flush();
      }
    }
  } else {
    const skip = LOG_LINE_PATTERNS[format].skip;
    const skipped = skip === undefined ? null : javaRegex(skip);
    for await (const chunk of readLines(path, opts)) {
      let line = chunk.firstLine;
      for (const text of chunk.lines) {
        if (skipped?.test(text)) {
          line++;
          continue;
        }
        parseText(text, line++);
        if (batch.full) yield flush();
      }
    }
  }
  opts.rejects.parsed(batch.length);
  const rest = batch.flush();
  if (rest) yield rest;
}
