// `emr-jobs run <pipeline>`: runs the stages in dependency order, each as one committed job run into
// <out>/<stage>/, its outputs feeding the stages that read them; prints each stage's summary, one table
// over the stages and one overall line.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  allParams, bindStage, expandTemplate, paramsPlan, inputNames, pipelineHash, planParams, sinks, sources, stageOrder, stageOwnership,
  type PipelineLoad, type PipelinePlan, type PipelineStage, type Plan, type SourceNode,
} from '../plan/index.ts';
import type pg from 'pg';
import { loadStatements } from '../codegen/warehouse/load-statements.ts';
import { childPath } from '../runtime/path-guard.ts';
import { runCommitted, type RunFlags } from './commands/run.ts';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';
import { bindInputs } from './input-binder.ts';
import { resolveInput, type ResolvedInput } from './input-files.ts';
import { withInterruptScope, type InterruptScope } from './interrupt-scope.ts';
import { displayPath } from './job-paths.ts';
import type { LoadedPipeline } from './load-job.ts';
import { outputPath } from './output-reader.ts';
import { bindParams, type BoundParams } from './param-binder.ts';
import { prepareOutputFolder } from './output-folder.ts';
import { projectLayout } from './project-root.ts';
import { summaryText, type RunSummary } from './run-summary-printer.ts';
import { renderTable } from './table-printer.ts';
import { manifestInputs } from './run-manifest.ts';
import { checksSummary, partitionOf, recordInputs, withRunRecord, type RunRecordFields, type StartFields } from './run-log.ts';

/** `--engine declared` runs each stage on the engine its pipeline declares for it. */
export type PipelineEngine = RunFlags['engine'] | 'declared';

export interface PipelineRunFlags extends Omit<RunFlags, 'engine'> {
  readonly engine: PipelineEngine;
  /** Run only these stages (their upstream outputs must already be in the output folder). */
  readonly only?: readonly string[];
  /** Run this stage and every stage after it in dependency order. */
  readonly fromStage?: string;
  /** A PostgreSQL URL: the pipeline's loads of the stages run go there; without it they are skipped. */
  readonly warehouse?: string;
}

const usage = (message: string) => exitWith(EXIT_USAGE, 'usage', message);
const num = (n: number) => n.toLocaleString('en-US');

/** The stages to run, in dependency order. */
export function selectStages(p: PipelinePlan, only: readonly string[] | undefined, fromStage: string | undefined): PipelineStage[] {
  const order = stageOrder(p);
  const names = order.map((s) => s.name);
  const known = (n: string, flag: string) => {
    if (!names.includes(n)) throw usage(`${flag} ${n}: pipeline '${p.pipeline}' has no stage '${n}' (its stages: ${names.join(', ')})`);
  };
  if (only?.length && fromStage !== undefined) throw usage('--only and --from-stage cannot be combined');
  if (only?.length) {
    only.forEach((n) => known(n, '--only'));
    return order.filter((s) => only.includes(s.name));
  }
  if (fromStage !== undefined) {
    known(fromStage, '--from-stage');
    return order.slice(names.indexOf(fromStage));
  }
  return order;
}

/**
 * A plan whose sources are the pipeline's inputs that `stages` read, one source each (as the first stage
 * reading it declares it), so that `--local`/`--input` bind them with the same rules and checks as a job's.
 */
function inputsPlan(p: PipelinePlan, stages: readonly PipelineStage[]): Plan {
  const seen = new Map<string, SourceNode>();
  for (const s of stages) {
    for (const src of sources(s.plan)) {
      const b = s.inputs[src.input];
      if (b?.kind !== 'input' || seen.has(b.input)) continue;
      const template = p.inputs.find((i) => i.name === b.input)?.path;
      // The pipeline input's own template, never the job's: the pipeline binds it.
      const { path: _jobTemplate, ...read } = src;
      seen.set(b.input, { ...read, id: `input_${seen.size + 1}`, input: b.input, ...(template !== undefined ? { path: template } : {}) });
    }
  }
  return { ...paramsPlan(p), nodes: [...seen.values()] };
}

/**
 * The values of the pipeline's and its stages' parameters: `--param` texts, then `fallback` (a bundle's recorded
 * values), then defaults; an unknown name is exit 2. `leaveUnbound` names parameters left out (a dry run's placeholders).
 */
export function bindPipelineParams(p: PipelinePlan, given: Readonly<Record<string, string>>, fallback: Readonly<Record<string, string>> = {}, leaveUnbound: readonly string[] = []): BoundParams {
  const declared = allParams(p);
  for (const name of Object.keys(given)) {
    if (!declared.some((d) => d.name === name)) {
      throw usage(`--param ${name}=...: pipeline '${p.pipeline}' and its stages declare no parameter '${name}' (${declared.length ? `parameters: ${declared.map((d) => `${d.name} (${d.type})`).join(', ')}` : 'it takes none'})`);
    }
  }
  const plan = paramsPlan(p);
  return bindParams({ ...plan, params: (plan.params ?? []).filter((d) => !leaveUnbound.includes(d.name)) }, given, fallback);
}

/** The pipeline inputs that `stages` read, by name, with their path templates (undefined: none). */
export function pipelineInputTemplates(p: PipelinePlan, stages: readonly PipelineStage[]): Record<string, string | undefined> {
  return Object.fromEntries(sources(inputsPlan(p, stages)).map((src) => [src.input, src.path]));
}

/**
 * The files of the pipeline inputs `stages` read: `--local`/`--input` as for a job, else each input's
 * path template with the parameter values filled in.
 */
export function bindPipelineInputs(
  p: PipelinePlan,
  stages: readonly PipelineStage[],
  params: BoundParams,
  local: readonly string[] | undefined,
  named: Readonly<Record<string, readonly string[]>>,
): Record<string, ResolvedInput> {
  const inputsOf = inputsPlan(p, stages);
  if (!inputNames(inputsOf).length) {
    if (local !== undefined || Object.keys(named).length) {
      throw usage(`the stages selected read no input of pipeline '${p.pipeline}', only earlier stages' outputs: drop --local and --input`);
    }
    return {};
  }
  const templated: Record<string, string> = {};
  for (const src of sources(inputsOf)) if (src.path !== undefined) templated[src.input] = expandTemplate(src.path, (n) => params.texts[n]);
  return bindInputs(inputsOf, local, named, templated);
}

/** A stage that ran to its commit: on which engine, and what it read and wrote. */
export interface StageRun {
  readonly stage: PipelineStage;
  readonly engine: string;
  readonly summary: RunSummary;
}

/** How far a pipeline run got, for the line an interruption prints. */
export interface StagesProgress {
  readonly done: StageRun[];
  running: string;
}

/**
 * Runs `stages` in order, each as one committed job run into `<root>/<stage>/`; `report` gets each stage's
 * start and summary. The same code path for `run <pipeline>` and each partition of a backfill.
 */
export async function runStages(
  p: PipelinePlan,
  stages: readonly PipelineStage[],
  params: BoundParams,
  inputFiles: Readonly<Record<string, ResolvedInput>>,
  flags: Omit<PipelineRunFlags, 'only' | 'fromStage'>,
  root: string,
  scope: InterruptScope,
  report: (text: string) => void,
  progress: StagesProgress = { done: [], running: '' },
  afterStage: (run: StageRun, outputFile: (output: string) => string) => Promise<void> = async () => {},
): Promise<StageRun[]> {
  const written = new Map<string, string>();
  const partition = partitionOf(p, params.texts);
  const start: StartFields = {
    kind: 'pipeline',
    job: p.pipeline,
    pipeline: p.pipeline,
    stage: null,
    partition,
    planHash: pipelineHash(p),
    params: params.texts,
    inputs: recordInputs(manifestInputs(inputFiles, null, root)),
    outputs: stages.flatMap((s) => sinks(s.plan).map((k) => ({ name: `${s.name}.${k.output}`, path: outputPath(path.resolve(root, s.name), k), rows: null }))),
    rejected: null,
    checks: null,
    started: new Date().toISOString(),
    engine: flags.engine,
    clusterId: null,
    costUsd: null,
    owner: p.owner ?? null,
    freshWithin: p.freshWithin ?? null,
  };
  const runAll = async () => {
    for (const stage of stages) {
      const plan = bindStage(p, stage);
      const stageParams = bindParams(plan, pick(params.texts, planParams(plan).map((d) => d.name)));
      const inputs: Record<string, ResolvedInput> = {};
      for (const [input, b] of Object.entries(stage.inputs)) {
        inputs[input] = b.kind === 'input' ? inputFiles[b.input] : resolveInput(input, [upstreamFile(p, b.stage, b.output, root, written, stage)]);
      }
      const engine = flags.engine === 'declared' ? stage.engine : flags.engine;
      const folder = prepareOutputFolder(path.join(root, stage.name));
      progress.running = stage.name;
      report(`stage ${stage.name} (${stage.job}) on ${engine}\n`);
      // A pipeline's --previous is the previous run's output folder: each stage's check results are in <stage>/.
      const previous = flags.previous === undefined ? undefined : path.join(flags.previous, stage.name);
      const log = { kind: 'stage' as const, pipeline: p.pipeline, stage: stage.name, partition, ...stageOwnership(p, stage) };
      const summary = await runCommitted(plan, inputs, stageParams, { ...flags, engine, previous }, folder, scope, () => {}, log);
      for (const o of summary.outputs) written.set(`${stage.name}\0${o.output}`, o.path);
      report(`${summaryText(summary)}\n\n`);
      progress.done.push({ stage, engine, summary });
      await afterStage({ stage, engine, summary }, (output) => written.get(`${stage.name}\0${output}`)!);
      progress.running = '';
    }
    return progress.done;
  };
  return withRunRecord(scope, start, runAll, (done) => pipelineRecordFields(done));
}

/** A pipeline run's outputs (`stage.output`), rejects and checks, over the stages it ran. */
function pipelineRecordFields(done: readonly StageRun[]): Partial<RunRecordFields> {
  const counts = done.map((d) => stageCounts(d.summary));
  const checks = done.map((d) => checksSummary(d.summary.checks)).filter((c) => c !== null);
  return {
    outputs: done.flatMap((d) => d.summary.outputs.map((o) => ({ name: `${d.stage.name}.${o.output}`, path: path.resolve(o.path), rows: o.rows }))),
    rejected: counts.every((c) => c.rejected !== null) ? counts.reduce((n, c) => n + c.rejected!, 0) : null,
    checks: checks.length ? { passed: sum(checks.map((c) => c.passed)), warned: sum(checks.map((c) => c.warned)), failed: sum(checks.map((c) => c.failed)) } : null,
  };
}

const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);

/** Rows read, rejected and written by one stage run. */
export function stageCounts(summary: RunSummary): { read: number | null; rejected: number | null; written: number } {
  return {
    read: summary.inputs ? summary.inputs.reduce((n, i) => n + i.read, 0) : null,
    rejected: summary.inputs ? summary.inputs.reduce((n, i) => n + i.rejected, 0) : null,
    written: summary.outputs.reduce((n, o) => n + o.rows, 0),
  };
}

export async function runPipeline(loaded: LoadedPipeline, flags: PipelineRunFlags): Promise<void> {
  const p = loaded.pipeline;
  const stages = selectStages(p, flags.only, flags.fromStage);
  const params = bindPipelineParams(p, flags.param ?? {});
  const inputFiles = bindPipelineInputs(p, stages, params, flags.local, flags.input ?? {});
  const root = flags.out ?? childPath(projectLayout().outDir, p.pipeline);
  const progress: StagesProgress = { done: [], running: '' };
  const started = Date.now();
  const loads = (p.loads ?? []).filter((l) => stages.some((s) => s.name === l.stage));
  if (flags.warehouse !== undefined) {
    for (const l of loads) {
      const sink = sinks(p.stages.find((s) => s.name === l.stage)!.plan).find((k) => k.output === l.output)!;
      if (sink.format === 'parquet') throw usage(`--warehouse: load '${l.name}' reads '${l.stage}.${l.output}', a Parquet output, which a local PostgreSQL load cannot COPY (only Redshift reads Parquet); write it as CSV or run without --warehouse`);
    }
  }
  const loadsRun: { name: string; table: string; rows: number | null }[] = [];
  // pg loads only for a run that loads.
  const warehouse = flags.warehouse !== undefined && loads.length ? await (await import('./warehouse-postgres.ts')).connectWarehouse(flags.warehouse) : null;
  const runLoads = async ({ stage }: StageRun, outputFile: (output: string) => string) => {
    for (const load of loads.filter((l) => l.stage === stage.name)) {
      progress.running = `${stage.name}, load ${load.name} (rolled back: its table is unchanged)`;
      loadsRun.push(await runLoad(p, load, params.texts, outputFile(load.output), warehouse));
    }
  };
  await withInterruptScope(
    async (scope) => {
      // Ending the connection mid-transaction rolls the load back: nothing half-loaded stays.
      const undefer = warehouse ? scope.defer({ stop: () => warehouse.end() }) : () => {};
      try {
        await runStages(p, stages, params, inputFiles, flags, root, scope, (t) => process.stdout.write(t), progress, runLoads);
      } finally {
        undefer();
        await warehouse?.end();
      }
    },
    {
      describe: (signal) => {
        const finished = progress.done.map((d) => d.stage.name).join(', ');
        const running = progress.running;
        return `${signal}: emr-jobs run ${p.pipeline} interrupted${running ? ` in stage ${running} (its previous outputs are intact)` : ''}; ${finished ? `stages done: ${finished}` : 'no stage finished'}`;
      },
    },
  );
  const done = progress.done;
  const rows = done.map(({ stage, engine, summary }) => {
    const c = stageCounts(summary);
    return [stage.name, engine, c.read === null ? null : num(c.read), c.rejected === null ? null : num(c.rejected), summary.outputs.map((o) => `${o.output} ${num(o.rows)}`).join(', '), summary.seconds.toFixed(2)];
  });
  process.stdout.write(`${renderTable(['stage', 'engine', 'read', 'rejected', 'rows written', 'seconds'], rows, 100)}\n`);
  const skipped = stageOrder(p).length - done.length;
  // A run loads all its loads (--warehouse) or none.
  const loadsDone = loadsRun.filter((l) => l.rows !== null).length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const loadsText = !loadsRun.length ? '' : loadsDone ? `, ${plural(loadsDone, 'load')} done` : `, ${plural(loadsRun.length, 'load')} skipped (no --warehouse)`;
  process.stdout.write(
    `pipeline ${p.pipeline}: ${done.length} stage${done.length === 1 ? '' : 's'} done${skipped ? ` (${skipped} not selected)` : ''}${loadsText} in ${((Date.now() - started) / 1000).toFixed(2)} s; outputs in ${displayPath(path.resolve(root))}\n`,
  );
}

/** Loads one output into the local warehouse, or says it is skipped when the run has none. */
async function runLoad(p: PipelinePlan, load: PipelineLoad, params: Readonly<Record<string, string>>, file: string, warehouse: pg.Client | null) {
  const what = `load ${load.name} (${load.stage}.${load.output} -> ${load.table}, ${load.strategy})`;
  if (!warehouse) {
    process.stdout.write(`${what}: skipped, no --warehouse postgres://... given (a cluster run loads it with emr-jobs warehouse load)\n\n`);
    return { name: load.name, table: load.table, rows: null };
  }
  const t0 = Date.now();
  const { loadPostgres } = await import('./warehouse-postgres.ts');
  const rows = await loadPostgres(warehouse, load, loadStatements(p, load, { dialect: 'postgres', params }), file);
  process.stdout.write(`${what}: ${num(rows)} rows in ${((Date.now() - t0) / 1000).toFixed(2)} s\n\n`);
  return { name: load.name, table: load.table, rows };
}

function pick(texts: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => n in texts).map((n) => [n, texts[n]]));
}

/** The file an upstream stage's output was written to: by this run, or by an earlier one (--only, --from-stage). */
function upstreamFile(p: PipelinePlan, stage: string, output: string, root: string, written: Map<string, string>, reader: PipelineStage): string {
  const now = written.get(`${stage}\0${output}`);
  if (now) return now;
  const sink = sinks(p.stages.find((s) => s.name === stage)!.plan).find((k) => k.output === output)!;
  const file = outputPath(path.join(root, stage), sink);
  if (!existsSync(file) || !existsSync(path.join(root, stage, '_SUCCESS'))) {
    throw exitWith(EXIT_USAGE, 'input', `stage '${reader.name}' reads '${stage}.${output}', which no finished run of stage '${stage}' has written: run stage '${stage}' first (or without --only/--from-stage)`, { file: displayPath(file) });
  }
  return file;
}
