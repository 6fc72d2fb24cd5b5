// Source nodes by format: the log formats of plan/formats.ts, CSV, text lines; JSON lines and CloudTrail
// files are refused (Pig cannot read JSON by key).
import { isLogFormat, type SourceNode } from '../../plan/index.ts';
import type { PigContext } from './pig-context.ts';
import { compileCsvSource } from './pig-csv-source.ts';
import { compileLogSource } from './pig-log-source.ts';
import { call } from './pig-ast.ts';
import { pigName } from './pig-names.ts';
import { compileParquetSource } from './pig-parquet.ts';
import { pigUnsupported } from './pig-unsupported.ts';

export function compileSource(node: SourceNode, ctx: PigContext): void {
  const kind = node.format.kind;
  if (isLogFormat(kind)) compileLogSource(node, kind, ctx);
  else if (kind === 'csv') compileCsvSource(node, ctx);
  else if (kind === 'text') compileTextSource(node, ctx);
  else if (kind === 'cloudtrail') throw pigUnsupported('cloudtrail-source', node);
  else if (kind === 'parquet') compileParquetSource(node, ctx);
  else throw pigUnsupported('jsonl-source', node);
}

/** Hadoop's line reader, as the runtime splits lines: every line as it is, nothing rejected. */
function compileTextSource(node: SourceNode, ctx: PigContext): void {
  ctx.emit(node, `read input '${node.input}' line by line`, {
    kind: 'load', alias: ctx.alias(node.id), param: ctx.param(node.input), loader: call('TextLoader'),
    schema: [{ name: pigName('line'), type: 'chararray' }],
  });
}
