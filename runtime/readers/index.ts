// Readers: a source node's input file -> Arrow record batches of at most batchSize rows, bad lines counted
// and written by the RejectCollector. One reader per source format kind.
import * as arrow from 'apache-arrow';
import { fixedSchema, type Schema, type SourceFormat, type SourceNode } from '../../plan/index.ts';
import { arrowSchema } from '../arrow-types.ts';
import { RejectCollector } from '../rejects.ts';
import { readCsv } from './csv-reader.ts';
import { readCloudTrail } from './cloudtrail-reader.ts';
import { readJsonLines } from './jsonl-reader.ts';
import { readTextLines } from './text-lines-reader.ts';
import { readLog } from './log-reader.ts';
import { readParquet } from './parquet-reader.ts';
import type { ReaderOptions } from './reader-options.ts';

export type { ReaderOptions } from './reader-options.ts';

type Reader = (node: SourceNode, path: string, opts: ReaderOptions) => AsyncIterable<arrow.RecordBatch>;

/** One reader per format kind: a new kind does not compile until it has a reader. */
const READERS: { readonly [K in SourceFormat['kind']]: Reader } = {
  common: readLog,
  combined: readLog,
  elb: readLog,
  alb: readLog,
  s3access: readLog,
  cloudfront: readLog,
  csv: readCsv,
  jsonl: readJsonLines,
  text: readTextLines,
  cloudtrail: readCloudTrail,
  parquet: readParquet,
};

/**
 * The rows of `path` read as `node` declares, in file order. Batches have the node's schema, or only the
 * projected columns (in schema order); which lines are rejected never depends on the projection. An empty
 * input yields no batch. Files ending in `.gz` are gunzipped as they are read.
 */
export function readSource(node: SourceNode, path: string, opts: ReaderOptions): AsyncIterable<arrow.RecordBatch> {
  return READERS[node.format.kind](node, path, opts);
}

/** The columns a source yields (a log format's fixed schema, else the declared one). */
export function sourceSchema(node: SourceNode): Schema {
  return fixedSchema(node.format) ?? node.schema;
}

export interface ReadAllOptions extends Partial<Omit<ReaderOptions, 'rejects'>> {
  readonly rejectsPath?: string | null;
  readonly maxRejects?: number;
}

/** Reads a whole input into one table (tests, small inputs); the collector is closed when it returns. */
export async function readAll(
  node: SourceNode,
  path: string,
  opts: ReadAllOptions = {},
): Promise<{ table: arrow.Table; rejects: RejectCollector }> {
  const rejects = new RejectCollector({ input: node.input, file: path, rejectsPath: opts.rejectsPath ?? null, maxRejects: opts.maxRejects });
  const batches: arrow.RecordBatch[] = [];
  try {
    for await (const b of readSource(node, path, { ...opts, batchSize: opts.batchSize ?? 64 * 1024, rejects })) batches.push(b);
  } finally {
    await rejects.close();
  }
  const all = sourceSchema(node);
  const schema = arrowSchema(opts.columns ? all.filter((f) => opts.columns!.includes(f.name)) : all);
  return { table: batches.length ? new arrow.Table(batches) : new arrow.Table(schema), rejects };
}
