// Source nodes by format: the log formats of plan/formats.ts, CSV, and JSON lines (which Pig cannot read
// by key).
import { isLogFormat, type SourceNode } from '../../plan/index.ts';
import type { PigContext } from './pig-context.ts';
import { compileCsvSource } from './pig-csv-source.ts';
import { compileLogSource } from './pig-log-source.ts';
import { compileParquetSource } from './pig-parquet.ts';
import { pigUnsupported } from './pig-unsupported.ts';

export function compileSource(node: SourceNode, ctx: PigContext): void {
  const kind = node.format.kind;
  if (isLogFormat(kind)) compileLogSource(node, kind, ctx);
  else if (kind === 'csv') compileCsvSource(node, ctx);
  else if (kind === 'parquet') compileParquetSource(node, ctx);
  else throw pigUnsupported('jsonl-source', node);
}
