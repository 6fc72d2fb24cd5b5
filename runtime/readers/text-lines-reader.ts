// Reads every line of a file as one `line` string: no parsing, nothing rejected. Lines end as Hadoop's line
// reader ends them (LF, CR or CRLF, the break not kept), which is what Pig's TextLoader and Spark's text
// source use; a last line without a break is a line, an end of file right after a break is not.
import type * as arrow from 'apache-arrow';
import type { SourceNode } from '../../plan/index.ts';
import { BatchBuilder } from './batch-builder.ts';
import { readLines } from './line-source.ts';
import type { ReaderOptions } from './reader-options.ts';
import { TEXT_LINES_SCHEMA } from '../../plan/index.ts';

export async function* readTextLines(_node: SourceNode, path: string, opts: ReaderOptions): AsyncGenerator<arrow.RecordBatch> {
  const batch = new BatchBuilder(TEXT_LINES_SCHEMA, opts.columns, opts.batchSize);
  const row: [string] = [''];
  for await (const chunk of readLines(path, opts)) {
    for (const text of chunk.lines) {
      row[0] = text;
      batch.append(row);
      if (batch.full) {
        opts.rejects.parsed(batch.length);
        yield batch.flush()!;
      }
    }
  }
  opts.rejects.parsed(batch.length);
  const rest = batch.flush();
  if (rest) yield rest;
}
