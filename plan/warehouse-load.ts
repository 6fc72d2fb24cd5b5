// A warehouse load: one stage output copied into a warehouse table (Redshift on a cluster run, PostgreSQL
// locally), appended or replacing the run's partition. Plain data in the pipeline plan, checked here.
import { JobError } from './errors.ts';
import { nodeById, sinks, outputNames } from './plan.ts';
import type { PipelinePlan, PipelineStage } from './pipeline.ts';
import { printable } from './printable-text.ts';
import type { SinkFormat, SinkNode } from './nodes.ts';
import type { Field, SourceLoc } from './types.ts';

/** `append` adds the output's rows; `replace-partition` deletes the run's partition first, in one transaction. */
export type LoadStrategy = 'append' | 'replace-partition';
export const LOAD_STRATEGIES: readonly LoadStrategy[] = ['append', 'replace-partition'];

/** Redshift's DISTSTYLE; `key` needs a dist key. */
export type DistStyle = 'auto' | 'even' | 'all' | 'key';
export const DIST_STYLES: readonly DistStyle[] = ['auto', 'even', 'all', 'key'];

/** Sink formats a warehouse COPY reads: CSV with or without a header row, and Parquet. */
export const LOADABLE_FORMATS: readonly SinkFormat[] = ['csv', 'csv-noheader', 'parquet'];

/** Redshift's physical layout of the table; PostgreSQL has no such clauses and ignores them. */
export interface TableLayout {
  readonly sortKey?: readonly string[];
  readonly distKey?: string;
  readonly distStyle?: DistStyle;
}

export interface PipelineLoad extends TableLayout {
  /** The load's name, a step of the pipeline beside its stages (`emr-jobs run --only` does not select it). */
  readonly name: string;
  readonly stage: string;
  readonly output: string;
  /** `schema.table` or `table`: lower-case identifiers, as Redshift folds them. */
  readonly table: string;
  readonly strategy: LoadStrategy;
  /** With `replace-partition`: the column holding the run's partition (the pipeline's partition parameter). */
  readonly partitionColumn?: string;
  readonly loc: SourceLoc;
}

/** Lower-case identifiers only: Redshift folds unquoted and (by default) quoted names to lower case. */
const TABLE_NAME = /^[a-z_][a-z0-9_]{0,126}(\.[a-z_][a-z0-9_]{0,126})?$/;
const shown = (s: string) => `'${printable(s)}'`;

export function tableNameProblem(table: string): string | null {
  if (typeof table === 'string' && TABLE_NAME.test(table)) return null;
  return `table ${shown(String(table))} must be 'schema.table' or 'table' of lower-case letters, digits and _ (not starting with a digit, at most 127 each)`;
}

/** Why a column name cannot be a warehouse column (Redshift: at most 127 bytes, no control characters). */
export function columnNameProblem(name: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return `column ${shown(name)} holds a control character, which no warehouse column name may`;
  if (Buffer.byteLength(name, 'utf8') > 127) return `column ${shown(name)} is longer than the 127 bytes of a Redshift column name`;
  return null;
}

/** The sink a load reads and its columns (the sink's input schema). */
export function loadSource(p: PipelinePlan, load: Pick<PipelineLoad, 'stage' | 'output'>): { stage: PipelineStage; sink: SinkNode; columns: readonly Field[] } | null {
  const stage = p.stages.find((s) => s.name === load.stage);
  const sink = stage && sinks(stage.plan).find((k) => k.output === load.output);
  if (!stage || !sink) return null;
  return { stage, sink, columns: nodeById(stage.plan).get(sink.input)!.schema };
}

/** Every problem of one load, at its line; `publishedYet: false` leaves out the output's publication. */
export function loadProblems(p: PipelinePlan, load: PipelineLoad, opts: { publishedYet?: boolean } = {}): JobError[] {
  const errors: JobError[] = [];
  const fail = (m: string) => errors.push(new JobError('plan', `load ${shown(load.name)}: ${m}`, load.loc));
  if (p.stages.some((s) => s.name === load.name)) fail(`a stage has the same name`);
  const table = tableNameProblem(load.table);
  if (table) fail(table);
  if (!LOAD_STRATEGIES.includes(load.strategy)) fail(`strategy must be ${LOAD_STRATEGIES.map(shown).join(' or ')}, not ${shown(String(load.strategy))}`);
  const src = loadSource(p, load);
  if (!src) {
    const stage = p.stages.find((s) => s.name === load.stage);
    fail(stage ? `stage ${shown(load.stage)} has no output ${shown(load.output)}; its outputs are ${outputNames(stage.plan).map(shown).join(', ')}` : `no stage ${shown(load.stage)}`);
    return errors;
  }
  const { sink, columns } = src;
  if (!LOADABLE_FORMATS.includes(sink.format)) fail(`output ${shown(`${load.stage}.${load.output}`)} is ${sink.format}; a warehouse COPY reads ${LOADABLE_FORMATS.join(', ')} outputs`);
  if (sink.partitionBy !== null) fail(`output ${shown(`${load.stage}.${load.output}`)} is partitioned by ${shown(sink.partitionBy)}, whose folders leave the column out of the files; load an unpartitioned output`);
  if (opts.publishedYet !== false && !p.outputs.some((o) => o.stage === load.stage && o.output === load.output)) {
    fail(`output ${shown(`${load.stage}.${load.output}`)} is not published: add p.output(...) with its S3 path, which the COPY reads`);
  }
  for (const c of columns) {
    const problem = columnNameProblem(c.name);
    if (problem) fail(problem);
  }
  const names = columns.map((c) => c.name);
  const known = (what: string, col: string | undefined) => {
    if (col !== undefined && !names.includes(col)) fail(`${what} ${shown(col)} is not a column of ${shown(`${load.stage}.${load.output}`)} (its columns: ${names.map(shown).join(', ')})`);
  };
  for (const k of load.sortKey ?? []) known('sort key', k);
  known('dist key', load.distKey);
  if (load.distStyle !== undefined && !DIST_STYLES.includes(load.distStyle)) fail(`distStyle must be ${DIST_STYLES.map(shown).join(', ')}, not ${shown(String(load.distStyle))}`);
  if (load.distKey !== undefined && load.distStyle !== undefined && load.distStyle !== 'key') fail(`a dist key needs distStyle 'key' (or none), not ${shown(load.distStyle)}`);
  if (load.distStyle === 'key' && load.distKey === undefined) fail(`distStyle 'key' needs a distKey`);
  if (load.strategy === 'replace-partition') partitionProblems(p, load, columns, fail);
  else if (load.partitionColumn !== undefined) fail(`partitionColumn applies to strategy 'replace-partition' only`);
  return errors;
}

function partitionProblems(p: PipelinePlan, load: PipelineLoad, columns: readonly Field[], fail: (m: string) => void): void {
  if (load.partitionColumn === undefined) {
    fail(`strategy 'replace-partition' needs partitionColumn, the column holding the run's partition`);
    return;
  }
  const col = columns.find((c) => c.name === load.partitionColumn);
  if (!col) {
    fail(`partition column ${shown(load.partitionColumn)} is not a column of ${shown(`${load.stage}.${load.output}`)} (its columns: ${columns.map((c) => shown(c.name)).join(', ')})`);
    return;
  }
  if (!p.partition) {
    fail(`strategy 'replace-partition' deletes the run's partition: declare it with p.partition('date', 'daily')`);
    return;
  }
  const ok = col.type === 'timestamp' || col.type === 'string' || (col.type === 'date' && p.partition.grain === 'daily');
  if (!ok) fail(`partition column ${shown(col.name)} is a ${col.type}; ${p.partition.grain === 'hourly' ? 'an' : 'a'} ${p.partition.grain} partition is matched against a timestamp, a string${p.partition.grain === 'daily' ? ' or a date' : ''} column`);
}

/** Problems of every load of the pipeline, and of two loads with one name. */
export function loadsProblems(p: PipelinePlan): JobError[] {
  const errors: JobError[] = [];
  const seen = new Set<string>();
  for (const l of p.loads ?? []) {
    if (seen.has(l.name)) errors.push(new JobError('plan', `load ${shown(l.name)} is declared twice`, l.loc));
    seen.add(l.name);
    errors.push(...loadProblems(p, l));
  }
  return errors;
}
