// Parquet through the Parquet project's Pig storage (org.apache.parquet:parquet-pig, pinned in
// engines/pig/pom.xml): ParquetLoader with the declared columns as its requested schema, ParquetStorer for
// outputs. Pig's types map onto Parquet's as docs/semantics.md lists; parquet-pig has no datetime mapping,
// so timestamp and date columns are refused, and its schema strings take plain Pig names only.
import type { Plan, SinkNode, SourceNode } from '../../plan/index.ts';
import { call, str } from './pig-ast.ts';
import type { PigContext } from './pig-context.ts';
import { columnRef } from './pig-context.ts';
import { isPlainPigName } from './pig-names.ts';
import { pigType } from './pig-types.ts';
import { pigUnsupported } from './pig-unsupported.ts';
import { PIG_LIB_PARAM } from './pig-lib.ts';
import { topNLimits } from './pig-top-n.ts';

const PARQUET_LOADER = 'org.apache.parquet.pig.ParquetLoader';
const PARQUET_STORER = 'org.apache.parquet.pig.ParquetStorer';

export { PIG_LIB_PARAM };

/** parquet-pig and what it needs beyond Hadoop, as Maven coordinates (the versions engines/pig/pom.xml pins). */
export const PARQUET_PIG_ARTIFACTS: readonly string[] = [
  'org.apache.parquet:parquet-pig:1.15.0',
  'org.apache.parquet:parquet-hadoop:1.15.0',
  'org.apache.parquet:parquet-column:1.15.0',
  'org.apache.parquet:parquet-common:1.15.0',
  'org.apache.parquet:parquet-encoding:1.15.0',
  'org.apache.parquet:parquet-format-structures:1.15.0',
  'org.apache.parquet:parquet-jackson:1.15.0',
  'io.airlift:aircompressor:2.0.2',
];

/** `group:artifact:version` -> `artifact-version.jar`. */
export function jarFileName(coordinates: string): string {
  const [, artifact, version] = coordinates.split(':');
  return `${artifact}-${version}.jar`;
}

/** Whether the plan's Pig script REGISTERs jars from `$emr_jobs_pig_lib`: Parquet storage, or TopN. */
export function needsPigLib(plan: Plan): boolean {
  return plan.nodes.some((n) => (n.kind === 'source' && n.format.kind === 'parquet') || (n.kind === 'sink' && n.format === 'parquet')) || topNLimits(plan).length > 0;
}

/** REGISTERs the Parquet jars once per script. */
function registerJars(node: SourceNode | SinkNode, ctx: PigContext): void {
  if (!ctx.firstTime('parquet-jars')) return;
  ctx.emit(node, "Parquet storage for Pig (parquet-pig and its parquet-mr jars; EMR's Pig has none): staged beside the script", {
    kind: 'register', param: PIG_LIB_PARAM, jars: PARQUET_PIG_ARTIFACTS.map(jarFileName),
  });
}

function checkColumns(node: SourceNode | SinkNode): void {
  for (const f of node.schema) {
    if (f.type === 'timestamp' || f.type === 'date') throw pigUnsupported('parquet-time', node, `column '${f.name}' is a ${f.type}`);
    if (!isPlainPigName(f.name)) throw pigUnsupported('parquet-name', node, `column '${f.name}'`);
  }
}

export function compileParquetSource(node: SourceNode, ctx: PigContext): void {
  checkColumns(node);
  registerJars(node, ctx);
  const schema = node.schema.map((f) => ({ name: f.name, type: pigType(f.type) }));
  ctx.emit(node, `read input '${node.input}' as Parquet, the declared columns by name`, {
    kind: 'load',
    alias: ctx.alias(node.id),
    param: ctx.param(node.input),
    loader: call(PARQUET_LOADER, str(schema.map((f) => `${f.name}:${f.type}`).join(', '))),
    schema,
  });
}

export function compileParquetSink(node: SinkNode, ctx: PigContext): void {
  checkColumns(node);
  registerJars(node, ctx);
  const input = ctx.node(node.input);
  const alias = ctx.alias(node.id);
  ctx.emit(node, 'the columns in plan order, named as in the plan', {
    kind: 'foreach',
    alias,
    input: ctx.alias(input.id),
    items: node.schema.map((f) => ({ expr: columnRef(input.schema, f.name), as: f.name })),
  });
  ctx.emit(node, `write output '${node.output}': Parquet part files`, {
    kind: 'store', input: alias, param: ctx.param(node.output), storer: call(PARQUET_STORER),
  });
}
