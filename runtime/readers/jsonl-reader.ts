// Reads JSON lines (one object per line) into record batches, fields looked up by column name. Blank lines
// are skipped and not counted as rows. An absent or null field is null; a value of the wrong JSON type
// rejects the line (`bad-json`, naming the field), as does a line that is not one JSON object.
import type * as arrow from 'apache-arrow';
import { JobError, type ColumnType, type SourceNode } from '../../plan/index.ts';
import { BatchBuilder } from './batch-builder.ts';
import { Rejection, type Cell } from './cell.ts';
import { readLines } from './line-source.ts';
import type { ReaderOptions } from './reader-options.ts';
import { parseIsoDate, parseIsoTimestamp } from './time-parse.ts';

/** A JSON value -> cell, or a description of what was expected. */
type JsonCast = (v: unknown) => Exclude<Cell, null> | { expected: string };

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

const JSON_CASTS: { readonly [T in ColumnType]: JsonCast } = {
  string: (v) => (typeof v === 'string' ? v : { expected: 'a string' }),
  int: (v) => (Number.isInteger(v) && (v as number) >= INT_MIN && (v as number) <= INT_MAX ? (v as number) : { expected: 'an integer within 32 bits' }),
  // JSON.parse yields doubles: a long beyond 2^53 is rejected rather than silently rounded.
  long: (v) => (Number.isSafeInteger(v) ? BigInt(v as number) : { expected: 'an integer within ±2^53 (exactly representable)' }),
  double: (v) => (typeof v === 'number' ? v : { expected: 'a number' }),
  boolean: (v) => (typeof v === 'boolean' ? v : { expected: 'true or false' }),
  timestamp: (v) => {
    if (Number.isSafeInteger(v)) return v as number;
    const ms = typeof v === 'string' ? parseIsoTimestamp(v) : null;
    return ms ?? { expected: 'an ISO-8601 timestamp string or integer epoch milliseconds' };
  },
  date: (v) => (typeof v === 'string' ? parseIsoDate(v) : null) ?? { expected: 'a yyyy-MM-dd date string' },
};

const BLANK = /^[ \t]*$/;

const describe = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
};

export async function* readJsonLines(node: SourceNode, path: string, opts: ReaderOptions): AsyncGenerator<arrow.RecordBatch> {
  if (node.format.kind !== 'jsonl') throw new JobError('runtime', `source ${node.id} is not JSON lines`, node.loc, node.id);
  const names = node.schema.map((f) => f.name);
  const casts = node.schema.map((f) => JSON_CASTS[f.type]);
  const batch = new BatchBuilder(node.schema, opts.columns, opts.batchSize);
  const row: Cell[] = new Array(names.length).fill(null);

  const toRow = (text: string): Rejection | null => {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      return new Rejection('bad-json', `not valid JSON (${(e as Error).message})`);
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return new Rejection('bad-json', 'a line must hold one JSON object');
    const rec = obj as Record<string, unknown>;
    for (let i = 0; i < names.length; i++) {
      // Own properties only: a column named `constructor` must not find Object.prototype's.
      const v = Object.hasOwn(rec, names[i]) ? rec[names[i]] : null;
      if (v === null || v === undefined) {
        row[i] = null;
        continue;
      }
      const c = casts[i](v);
      if (typeof c === 'object') return new Rejection('bad-json', `field '${names[i]}': ${describe(v)} is not ${c.expected}`);
      row[i] = c;
    }
    return null;
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
