// Reads access logs (common, combined, ELB, ALB, S3) into record batches. Every physical line counts as
// read; one that does not parse, an empty one included, is rejected with its reason.
import type * as arrow from 'apache-arrow';
import { LOG_SCHEMAS, type LogFormat, type SourceNode } from '../../plan/index.ts';
import { BatchBuilder } from './batch-builder.ts';
import type { Cell } from './cell.ts';
import { readLines } from './line-source.ts';
import { logLineParser } from './log-line-parser.ts';
import type { ReaderOptions } from './reader-options.ts';

export async function* readLog(node: SourceNode, path: string, opts: ReaderOptions): AsyncGenerator<arrow.RecordBatch> {
  const format = node.format.kind as LogFormat;
  const parser = logLineParser(format);
  const batch = new BatchBuilder(LOG_SCHEMAS[format], opts.columns, opts.batchSize);
  const row: Cell[] = new Array(parser.width).fill(null);
  for await (const chunk of readLines(path, opts)) {
    let line = chunk.firstLine;
    for (const text of chunk.lines) {
      const rejection = parser.parse(text, row);
      if (rejection) opts.rejects.reject(line, rejection.reason, text, rejection.detail);
      else {
        batch.append(row);
        if (batch.full) {
          opts.rejects.parsed(batch.length);
          yield batch.flush()!;
        }
      }
      line++;
    }
  }
  opts.rejects.parsed(batch.length);
  const rest = batch.flush();
  if (rest) yield rest;
}
