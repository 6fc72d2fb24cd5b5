// pipeline(...): jobs as stages of one DAG, an earlier stage's outputs feeding later stages' inputs.
import * as P from '../plan/index.ts';
import type { ColumnType, PipelinePlan, SourceLoc } from '../plan/index.ts';
import type { JobDefinition, ParamOptions } from './job.ts';
import { callerLocation } from './location.ts';
import { ownershipFields, type OwnershipOptions } from './ownership.ts';
import { addParamDecl, paramDecl } from './param-decl.ts';

/** A pipeline input, to bind to stage inputs. */
export class PipelineInputRef {
  /** @internal */
  constructor(readonly binding: P.Binding & { kind: 'input' }) {}
}

/** One output of one stage, to bind to later stages' inputs or to publish. */
export class StageOutputRef {
  /** @internal */
  constructor(readonly binding: P.Binding & { kind: 'stage' }) {}
}

/** A stage, once declared: its outputs by name. */
export class StageRef {
  /** @internal */
  constructor(
    readonly name: string,
    private readonly outputs: readonly string[],
  ) {}

  /** The output `name` of this stage; a name the stage's job does not write is an error at this line. */
  output(name: string): StageOutputRef {
    if (!this.outputs.includes(name)) {
      const have = this.outputs.map((o) => `'${o}'`).join(', ') || '(none)';
      throw new P.JobError('job', `stage '${this.name}' has no output '${P.printable(name)}'; its outputs are ${have}`, callerLocation());
    }
    return new StageOutputRef({ kind: 'stage', stage: this.name, output: name });
  }
}

export interface StageOptions {
  /** Where the stage runs on a cluster (`emr-jobs submit`, `run --engine`); every stage also runs locally. */
  readonly engine: P.StageEngine;
  /** Every input of the job, bound to a pipeline input or an earlier stage's output. */
  readonly inputs: { readonly [input: string]: PipelineInputRef | StageOutputRef };
}

export interface PipelineInputOptions {
  /** A path or URI template over parameters (`s3://bucket/logs/dt={date}/`); `--input`/`--local` win over it. */
  readonly path?: string;
}

export interface PublishOptions {
  /** Where the output is published on a cluster run: a path or URI template over parameters. */
  readonly path: string;
}

/**
 * How a load writes its table. `replace-partition` needs the column holding the run's partition (the
 * pipeline's `p.partition` parameter); it must be a column of the loaded output (checked at the p.load line).
 */
export type LoadOptions = P.TableLayout & { readonly table: string } & (
    | { readonly strategy?: 'append' }
    | { readonly strategy: 'replace-partition'; readonly partitionColumn: string }
  );

export class PipelineContext {
  /** @internal */ readonly params: P.ParamDecl[] = [];
  /** @internal */ readonly inputs: P.PipelineInput[] = [];
  /** @internal */ readonly stages: P.PipelineStage[] = [];
  /** @internal */ readonly outputs: P.PipelineOutput[] = [];
  /** @internal */ readonly loads: P.PipelineLoad[] = [];
  /** @internal */ partitionDecl: P.PipelinePartition | undefined;

  /** @internal */
  constructor(
    private readonly name: string,
    private readonly description: string,
    private readonly at: SourceLoc,
    private readonly ownership: P.Ownership = {},
  ) {}

  /**
   * Names the partition parameter: `daily` partitions are dates (`--param date=2015-05-17`), `hourly`
   * ones timestamps on the hour. `emr-jobs backfill` runs the pipeline once per partition.
   */
  partition(name: string, grain: P.PartitionGrain = 'daily'): void {
    const loc = callerLocation();
    if (this.partitionDecl) throw new P.JobError('job', `the partition parameter is already '${this.partitionDecl.param}'`, loc);
    if (grain !== 'daily' && grain !== 'hourly') throw new P.JobError('job', `partition grain must be 'daily' or 'hourly', not '${P.printable(String(grain))}'`, loc);
    addParamDecl(this.params, paramDecl(name, P.PARTITION_TYPE[grain], null, loc));
    this.partitionDecl = { param: name, grain };
  }

  /** A run-time parameter of the pipeline, for path templates; stages' own parameters need no declaration here. */
  param<T extends ColumnType>(name: string, type: T, options: ParamOptions<T> = {}): void {
    addParamDecl(this.params, paramDecl(name, type, options.default, callerLocation()));
  }

  /** An input of the whole pipeline, given with `--input name=` / `--local`, or found at its path template. */
  input(name: string, options: PipelineInputOptions = {}): PipelineInputRef {
    const loc = callerLocation();
    const problem = P.inputNameProblem(name);
    if (problem) throw new P.JobError('job', problem, loc);
    if (this.inputs.some((i) => i.name === name)) throw new P.JobError('job', `input '${name}' is declared twice`, loc);
    if (options.path !== undefined && (typeof options.path !== 'string' || options.path.trim() === '')) {
      throw new P.JobError('job', `input '${name}': path must be a non-empty path or URI template`, loc);
    }
    this.inputs.push(Object.freeze({ name, loc, ...(options.path !== undefined ? { path: options.path } : {}) }));
    return new PipelineInputRef({ kind: 'input', input: name });
  }

  /**
   * Runs `job` as the stage `name`. Its inputs are bound by name; an input bound to a stage output reads
   * that output's file, keeping the columns the job declares (each must be there, with the same type).
   * ```ts
   * const parse = p.stage('parse', accessLogToCsv, { engine: 'pig', inputs: { logs } });
   * p.stage('traffic', trafficByHour, { engine: 'spark', inputs: { logs: parse.output('requests') } });
   * ```
   */
  stage(name: string, job: JobDefinition, options: StageOptions): StageRef {
    const loc = callerLocation();
    if (!job || typeof job !== 'object' || job.kind !== 'emr-jobs/job') {
      throw new P.JobError('job', `stage '${P.printable(String(name))}': the second argument must be a job (the default export of a job file)`, loc);
    }
    const plan = job.plan();
    const inputs: Record<string, P.Binding> = {};
    for (const [input, ref] of Object.entries(options?.inputs ?? {})) {
      if (!(ref instanceof PipelineInputRef) && !(ref instanceof StageOutputRef)) {
        throw new P.JobError('job', `stage '${name}': input '${input}' must be bound to p.input(...) or to a stage's .output(...)`, loc);
      }
      inputs[input] = ref.binding;
    }
    const stage: P.PipelineStage = { name, job: job.name, engine: options?.engine, plan, inputs, loc };
    this.stages.push(stage);
    const problem = P.validatePipeline(this.draft()).find((e) => e.where === loc);
    if (problem) throw new P.JobError('job', problem.message, loc);
    return new StageRef(name, P.outputNames(plan));
  }

  /** Publishes a stage output at a path template (where a cluster run writes it). */
  output(ref: StageOutputRef, options: PublishOptions): void {
    const loc = callerLocation();
    if (!(ref instanceof StageOutputRef)) throw new P.JobError('job', 'p.output(...) takes a stage output: stage.output(name)', loc);
    if (typeof options?.path !== 'string' || options.path.trim() === '') throw new P.JobError('job', `output '${ref.binding.stage}.${ref.binding.output}': path must be a non-empty path or URI template`, loc);
    this.outputs.push(Object.freeze({ stage: ref.binding.stage, output: ref.binding.output, path: options.path, loc }));
  }

  /**
   * Loads a published stage output into a warehouse table after its stage: Redshift on a cluster run
   * (`emr-jobs warehouse load`), PostgreSQL on a local run given `--warehouse postgres://...`.
   * ```ts
   * p.load('load-traffic', traffic.output('traffic_by_hour'), {
   *   table: 'web.traffic_by_hour', strategy: 'replace-partition', partitionColumn: 'hour', sortKey: ['hour'],
   * });
   * // Redshift, one transaction: CREATE TABLE IF NOT EXISTS ...; DELETE FROM "web"."traffic_by_hour"
   * //   WHERE "hour" >= TIMESTAMP '2015-05-17 00:00:00' AND ...; COPY ... FROM 's3://...' IAM_ROLE '...' FORMAT AS CSV ...
   * ```
   */
  load(name: string, ref: StageOutputRef, options: LoadOptions): void {
    const loc = callerLocation();
    const problem = P.jobNameProblem(name);
    if (problem) throw new P.JobError('job', problem.replace('job name', 'load name'), loc);
    if (!(ref instanceof StageOutputRef)) throw new P.JobError('job', `load '${name}': the second argument must be a stage output: stage.output(name)`, loc);
    if (!options || typeof options !== 'object') throw new P.JobError('job', `load '${name}': options { table, strategy, ... } are required`, loc);
    const { table, strategy = 'append', sortKey, distKey, distStyle } = options;
    const partitionColumn = 'partitionColumn' in options ? options.partitionColumn : undefined;
    const load: P.PipelineLoad = Object.freeze({
      name,
      stage: ref.binding.stage,
      output: ref.binding.output,
      table,
      strategy,
      ...(partitionColumn !== undefined ? { partitionColumn } : {}),
      ...(sortKey !== undefined ? { sortKey: typeof sortKey === 'string' ? [sortKey] : [...sortKey] } : {}),
      ...(distKey !== undefined ? { distKey } : {}),
      ...(distStyle !== undefined ? { distStyle } : {}),
      loc,
    });
    this.loads.push(load);
    // p.output(...) may publish the output after this line: that is checked once the pipeline is whole.
    const found = P.loadProblems(this.draft(), load, { publishedYet: false })[0];
    if (found) throw new P.JobError('job', found.message, loc);
  }

  /** @internal */
  draft(): PipelinePlan {
    return {
      format: P.PIPELINE_FORMAT,
      version: P.PIPELINE_VERSION,
      pipeline: this.name,
      description: this.description,
      loc: this.at,
      ...(this.partitionDecl ? { partition: this.partitionDecl } : {}),
      params: [...this.params],
      inputs: [...this.inputs],
      stages: [...this.stages],
      outputs: [...this.outputs],
      ...(this.loads.length ? { loads: [...this.loads] } : {}),
      ...this.ownership,
    };
  }
}

export interface PipelineDefinition {
  readonly kind: 'emr-jobs/pipeline';
  readonly name: string;
  readonly description: string;
  /** Builds the pipeline plan; mistakes surface here as JobErrors with the pipeline file's line. */
  plan(): PipelinePlan;
}

/** What pipeline(name, description, options, build) declares beside the build function. */
export type PipelineOptions = OwnershipOptions;

/**
 * Defines a pipeline. A pipeline file's default export:
 * ```ts
 * export default pipeline('web-analytics', 'Parse, aggregate and cluster access logs', { owner: 'data-eng@example.com', fresh: { hours: 36 } }, (p) => {
 *   p.partition('date', 'daily');
 *   const logs = p.input('logs', { path: 's3://bucket/logs/dt={date}/' });
 *   const parse = p.stage('parse', accessLogToCsv, { engine: 'pig', inputs: { logs } });
 *   p.stage('traffic', trafficByHour, { engine: 'spark', inputs: { logs: parse.output('requests') } });
 * });
 * ```
 * The options are optional (`pipeline(name, description, build)`); the pipeline's owner and `fresh` win over
 * its stages' jobs' own, and like theirs are not part of the pipeline hash.
 */
// The three-argument form last: Parameters<typeof f> sees the last overload.
export function pipeline(name: string, description: string, options: PipelineOptions, build: (p: PipelineContext) => void): PipelineDefinition;
export function pipeline(name: string, description: string, build: (p: PipelineContext) => void): PipelineDefinition;
export function pipeline(name: string, description: string, optionsOrBuild: PipelineOptions | ((p: PipelineContext) => void), maybeBuild?: (p: PipelineContext) => void): PipelineDefinition {
  const at = callerLocation();
  const problem = P.jobNameProblem(name);
  if (problem) throw new P.JobError('job', problem.replace('job name', 'pipeline name'), at);
  const build = typeof optionsOrBuild === 'function' ? optionsOrBuild : maybeBuild;
  if (typeof build !== 'function') throw new P.JobError('job', `pipeline '${name}': the last argument must be the function building the pipeline, (p) => { ... }`, at);
  const ownership = ownershipFields(`pipeline '${name}'`, typeof optionsOrBuild === 'function' ? undefined : optionsOrBuild, at);
  return Object.freeze({
    kind: 'emr-jobs/pipeline' as const,
    name,
    description,
    plan(): PipelinePlan {
      const p = new PipelineContext(name, description, at, ownership);
      build(p);
      return P.assertPipeline(p.draft());
    },
  });
}

export function isPipelineDefinition(v: unknown): v is PipelineDefinition {
  return !!v && typeof v === 'object' && (v as PipelineDefinition).kind === 'emr-jobs/pipeline';
}
