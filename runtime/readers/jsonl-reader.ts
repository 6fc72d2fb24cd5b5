// Reads JSON lines (one object per line) into record batches, each column from the top-level key of its
// name or its declared nested path (json-record.ts). Blank lines are skipped and not counted as rows. An
// absent or null field is null; a value of the wrong JSON type rejects the line (`bad-json`, naming the
// field), as does a line that is not one JSON object.
import type * as arrow from 'apache-arrow';
import { JobError, jsonColumnPaths, type SourceNode } from '../../plan/index.ts';
import { BatchBuilder } from './batch-builder.ts';
import { Rejection, type Cell } from './cell.ts';
import { jsonRecordConverter } from './json-record.ts';
import { readLines } from './line-source.ts';
import type { ReaderOptions } from './reader-options.ts';

export const BLANK = /^[ \t]*$/;

export async function* readJsonLines(node: SourceNode, path: string, opts: ReaderOptions): AsyncGenerator<arrow.RecordBatch> {
  if (node.format.kind !== 'jsonl') throw new JobError('runtime', `source ${node.id} is not JSON lines`, node.loc, node.id);
  const paths = jsonColumnPaths(node);
  const convert = jsonRecordConverter(node.schema.map((f, i) => ({ name: f.name, type: f.type, path: paths[i] })));
  const batch = new BatchBuilder(node.schema, opts.columns, opts.batchSize);
  const row: Cell[] = new Array(node.schema.length).fill(null);

  const toRow = (text: string): Rejection | null => {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      return new Rejection('bad-json', `not valid JSON (${(e as Error).message})`);
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return new Rejection('bad-json', 'a line must hold one JSON object');
    return convert(obj, row);
  };

  for await (const chunk of readLines(path, { ...opts, stripBom: true })) {
    let line = chunk.firstLine;
    for (const text of chunk.lines) {
      if (!BLANK.test(text)) {
        const rejection = toRow(text);
        if (rejection) opts.rejects.reject(line, rejection.reason, text, rejection.detail);
        else {
          batch.append(row);
          if (batch.full) {
            opts.rejects.parsed(batch.length);
            yield batch.flush()!;
          }
        }
      }
      line++;
    }
  }
  opts.rejects.parsed(batch.length);
  const rest = batch.flush();
  if (rest) yield rest;
}
