// Reads CSV (RFC 4180, via csv-parse) with a declared schema into record batches. Blank lines are skipped
// and not counted as rows; a header line (when declared) is skipped. An empty unquoted field is null, `""` is
// the empty string; a value that does not convert to its column's type rejects the record (`bad-csv`), as
// does malformed quoting; a record with another number of fields is rejected as `wrong-field-count` (with
// `extraFields: 'ignore'`, only one with fewer). With `quote: 'none'` a record is a physical line (Hadoop's
// line ends) split at every delimiter: see csvRecordChunks.
import type * as arrow from 'apache-arrow';
import { JobError, type SourceNode } from '../../plan/index.ts';
import { BatchBuilder } from './batch-builder.ts';
import { Rejection, type Cell } from './cell.ts';
import { csvRecordChunks } from './csv-records.ts';
import type { ReaderOptions } from './reader-options.ts';
import { EXPECTED_TEXT, STRICT_CASTS } from './strict-casts.ts';

type Fields = string[];

export async function* readCsv(node: SourceNode, path: string, opts: ReaderOptions): AsyncGenerator<arrow.RecordBatch> {
  if (node.format.kind !== 'csv') throw new JobError('runtime', `source ${node.id} is not CSV`, node.loc, node.id);
  const { delimiter } = node.format;
  if (delimiter === '' || /["\r\n]/.test(delimiter)) {
    throw new JobError('plan', `source '${node.input}': CSV delimiter ${JSON.stringify(delimiter)} must be non-empty, without quotes or line breaks`, node.loc, node.id);
  }
  const batch = new BatchBuilder(node.schema, opts.columns, opts.batchSize);
  const toRow = rowConverter(node);
  const row: Cell[] = new Array(node.schema.length).fill(null);
  for await (const { records, fields } of csvRecordChunks(node, path, opts)) {
    for (let k = 0; k < records.length; k++) {
      const r = records[k];
      const f = fields[k];
      const rejection = f instanceof Rejection ? f : toRow(f, r.quotedEmpty, row);
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
  opts.rejects.parsed(batch.length);
  const rest = batch.flush();
  if (rest) yield rest;
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
