// `emr-jobs submit <pipeline> --emr`: compiles the pipeline bundle, binds the pipeline's inputs and
// parameters as `run <pipeline>` does, and runs every stage as one step of one transient cluster
// (emr/pipeline-submission.ts), or prints the steps and the request with `--dry-run`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readPipelineBundle, type LoadedPipelineBundle } from '../emr/pipeline-bundle-reader.ts';
import type { InputMeasurer } from '../emr/input-measure.ts';
import { pipelineDryRunDocument, pipelineStepsText, planPipelineSubmission } from '../emr/pipeline-submission.ts';
import type { EmrProfile } from '../emr/profile.ts';
import { allParams, expandTemplate, JobError, type PipelinePlan } from '../plan/index.ts';
import { dryRunOrRun, stageInputs, withInputMeasurer } from './emr-run.ts';
import { CliExit, EXIT_USAGE, exitWith } from './exit-codes.ts';
import { displayPath } from './job-paths.ts';
import type { LoadedPipeline } from './load-job.ts';
import { bindPipelineParams } from './pipeline-run.ts';
import { partitionOf } from './run-log.ts';

export interface PipelineSubmitFlags {
  readonly local?: string[];
  readonly input?: Record<string, string[]>;
  readonly param?: Record<string, string>;
  readonly clusterId?: string;
  readonly detach?: boolean;
  readonly dryRun?: boolean;
  readonly maxCost?: number;
}

/** Flags of a job's submission that a pipeline's cannot honour: each stage has its engine, and the cluster is the run's own. */
const JOB_ONLY: readonly { flag: string; option: string; why: string }[] = [
  { flag: '--engine', option: 'engine', why: 'each stage runs on the engine its pipeline declares' },
  { flag: '--cluster-id', option: 'clusterId', why: 'a pipeline runs on a transient cluster of its own, whose steps run one at a time in dependency order' },
];

/** A pipeline to submit: loaded from its file (compiled now), or an already compiled bundle (`--bundle`). */
export type PipelineSource = { readonly kind: 'file'; readonly loaded: LoadedPipeline } | { readonly kind: 'bundle'; readonly dir: string; readonly name?: string };

export async function submitPipeline(source: PipelineSource, flags: PipelineSubmitFlags, profile: EmrProfile, given: (option: string) => boolean): Promise<void> {
  const { bundle, cleanup } = await pipelineBundle(source);
  try {
    const p = bundle.plan;
    for (const j of JOB_ONLY) if (given(j.option)) throw exitWith(EXIT_USAGE, 'usage', `${j.flag} applies to jobs; ${j.why} (pipeline '${p.pipeline}')`);
    const { texts, inputs, unset, noteUnset } = bindPipelineSubmission(bundle, flags);
    // An input path still holding a {placeholder} names nothing to measure: the estimate then uses expectedMinutes.
    const plan = (measure?: InputMeasurer) => usageErrors(() => planPipelineSubmission({ bundle, inputs, params: texts, profile, measure }));
    const submission = unset.length ? await plan() : await withInputMeasurer(profile, plan);
    noteUnset('; the inputs are not measured, the cost uses expectedMinutes');
    // A run prints the cost itself (emr/submit.ts), before anything is sent.
    process.stderr.write(`${pipelineStepsText(submission, { cost: flags.dryRun })}\n`);
    const log = { kind: 'pipeline' as const, pipeline: p.pipeline, partition: partitionOf(p, texts), owner: p.owner ?? null, freshWithin: p.freshWithin ?? null, params: texts, inputs, engine: 'emr' as const };
    await dryRunOrRun(submission, () => pipelineDryRunDocument(submission), profile, flags, log);
  } finally {
    cleanup();
  }
}

/**
 * The parameters (--param, then values compiled in, then defaults) and inputs of a pipeline's submission. A dry
 * run shows a parameter without a value (the partition, typically) as its {placeholder}, which `noteUnset` says.
 */
export function bindPipelineSubmission(bundle: LoadedPipelineBundle, flags: PipelineSubmitFlags) {
  const p = bundle.plan;
  const recorded = Object.fromEntries(bundle.manifest.params.flatMap((d) => (d.value === undefined ? [] : [[d.name, d.value]])));
  const unset = flags.dryRun ? allParams(p).filter((d) => d.default === null && !(d.name in (flags.param ?? {})) && !(d.name in recorded)) : [];
  const bound = bindPipelineParams(p, flags.param ?? {}, recorded, unset.map((d) => d.name));
  const texts: Record<string, string> = { ...bound.texts, ...Object.fromEntries(unset.map((d) => [d.name, `{${d.name}}`])) };
  const noteUnset = (more = '') => {
    for (const d of unset) process.stderr.write(`dry run: parameter '${d.name}' (${d.type}) has no value: shown as {${d.name}}; a run needs --param ${d.name}=<value>${more}\n`);
  };
  return { texts, inputs: pipelineInputs(p, flags, texts), unset, noteUnset };
}

/** The bundle to stage, read back and checked as a job bundle is: --bundle as is, or the pipeline compiled now. */
export async function pipelineBundle(source: PipelineSource): Promise<{ bundle: LoadedPipelineBundle; cleanup: () => void }> {
  if (source.kind === 'bundle') {
    const bundle = await usageErrors(() => readPipelineBundle(source.dir));
    if (source.name !== undefined && source.name !== bundle.manifest.pipeline) {
      throw exitWith(EXIT_USAGE, 'usage', `--bundle ${displayPath(source.dir)} holds pipeline '${bundle.manifest.pipeline}', not '${source.name}'`);
    }
    return { bundle, cleanup: () => {} };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-pipeline-bundle-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    // Loaded lazily, as `compile` does: only this path needs the compilers. No value is recorded, so the
    // bundle (and its S3 folder) is the same for every partition.
    const { writePipelineBundle } = await import('../codegen/pipeline-bundle.ts');
    const written = writePipelineBundle(source.loaded.pipeline, dir);
    if (!written.manifest) throw new CliExit(written.error!.error, EXIT_USAGE);
    return { bundle: readPipelineBundle(dir), cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

/** A bundle or binding problem (JobError of kind usage) is exit 2 with its location. */
export async function usageErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof JobError && e.kind === 'usage' ? new CliExit(e, EXIT_USAGE) : e;
  }
}

/** The pipeline inputs its stages read, bound from --input/--local or their path templates (values filled in). */
export function pipelineInputs(p: PipelinePlan, flags: Pick<PipelineSubmitFlags, 'local' | 'input'>, texts: Readonly<Record<string, string>>) {
  const read = new Set(p.stages.flatMap((s) => Object.values(s.inputs).flatMap((b) => (b.kind === 'input' ? [b.input] : []))));
  const declared = p.inputs.filter((i) => read.has(i.name));
  const templated = Object.fromEntries(declared.flatMap((i) => (i.path === undefined ? [] : [[i.name, expandTemplate(i.path, (n) => texts[n])]])));
  const listed = `the pipeline's inputs: ${declared.map((i) => (i.path === undefined ? i.name : `${i.name} (${i.path})`)).join(', ')}`;
  return stageInputs(declared.map((i) => i.name), listed, flags.local, flags.input ?? {}, templated);
}
