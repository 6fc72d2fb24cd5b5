// A pipeline's submission worked out in full before anything is sent: the pipeline bundle under one
// content-addressed S3 folder, each stage's inputs bound (pipeline inputs as given or templated, stage-to-stage
// edges to the upstream step's output folder under runs/<run id>/<stage>/, published outputs to their
// templates), and one RunJobFlow whose steps are the stages in dependency order, one at a time.
import type { StepConfig } from '@aws-sdk/client-emr';
import { expandTemplate, JobError, planParams, type PipelinePlan } from '../plan/index.ts';
import { childKey } from '../runtime/path-guard.ts';
import { sha256Hex, type Engine } from './bundle-reader.ts';
import { runJobFlowInput } from './cluster.ts';
import { costDocument, costText, unmeasuredText } from './cost.ts';
import type { InputMeasurer } from './input-measure.ts';
import type { LoadedPipelineBundle } from './pipeline-bundle-reader.ts';
import type { EmrProfile } from './profile.ts';
import { measureInputs, pipelineWorks, runCost } from './run-cost.ts';
import { newRunId } from './run-id.ts';
import { isS3Uri, joinKey, parseS3Uri, s3Uri } from './s3-uri.ts';
import { planStaging, type StagedFile, type StageInput, type StagingPlan } from './stage.ts';
import { jobStep } from './steps.ts';
import { filesDocument, plannedRequests, type ClusterRun, type RunStep } from './submission.ts';

export interface PipelineSubmitRequest {
  readonly bundle: LoadedPipelineBundle;
  /** Pipeline input name -> s3:// URI read in place, or local files to stage. */
  readonly inputs: Readonly<Record<string, StageInput>>;
  /** Canonical texts of the pipeline's and its stages' parameters (cli/param-binder.ts). */
  readonly params: Readonly<Record<string, string>>;
  readonly profile: EmrProfile;
  readonly runId?: string;
  /** Measures the pipeline's inputs for the cost estimate; without it, expectedMinutes per step decides. */
  readonly measure?: InputMeasurer;
}

/** One stage as its step runs it. */
export interface PlannedStage {
  readonly stage: string;
  readonly job: string;
  readonly engine: Engine;
  /** The stages it reads (their steps come first). */
  readonly after: readonly string[];
  readonly script: string;
  /** Input name -> s3:// location the step reads. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Output name -> s3:// folder the step writes. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
}

export interface PipelineSubmission extends ClusterRun {
  readonly pipeline: string;
  readonly bundleUri: string;
  readonly stages: readonly PlannedStage[];
}

/**
 * Steps run one at a time (StepConcurrencyLevel 1): EMR runs concurrent steps in no guaranteed order, so a
 * stage could start before the stage it reads has written its output. The order is the bundle's dependency order.
 */
export const PIPELINE_STEP_CONCURRENCY = 1;

export async function planPipelineSubmission(req: PipelineSubmitRequest): Promise<PipelineSubmission> {
  const runId = req.runId ?? newRunId();
  const { bundle, profile } = req;
  const name = bundle.plan.pipeline;
  const planned = await planPipelineSteps(req, runId, { runKey: childKey(profile.prefix, 'runs', runId), stepName: (stage, engine) => `${name}/${stage} (${engine})` });
  const { stages } = planned;
  const engines = [...new Set(stages.map((s) => s.engine))];
  const input = { ...runJobFlowInput(profile, { job: name, planHash: bundle.manifest.pipelineHash, runId, engines, steps: planned.steps }), StepConcurrencyLevel: PIPELINE_STEP_CONCURRENCY };
  const m = await measureInputs(req.measure, req.inputs);
  const works = pipelineWorks(bundle, m.inputs, (stage) => stage);
  return {
    runId,
    job: name,
    pipeline: name,
    planHash: bundle.manifest.pipelineHash,
    title: `pipeline ${name} (${stages.length} stages: ${stages.map((s) => `${s.stage} on ${s.engine}`).join(', ')})`,
    profile,
    files: planned.files,
    outputs: planned.outputs,
    cluster: { kind: 'new', input },
    cost: runCost(profile, works, [...m.inputs.values()], m.failure),
    steps: planned.runSteps,
    bundleUri: planned.bundleUri,
    stages,
  };
}

/** Where one pipeline run's steps keep their files and how they are named. */
export interface PipelineStepsLayout {
  /** Key of the folder holding the stages' inter-stage outputs and rejects, one subfolder per stage. */
  readonly runKey: string;
  readonly stepName: (stage: string, engine: Engine) => string;
}

/** One pipeline run's steps, in dependency order, with every file they need staged (the bundle's and the inputs'). */
export interface PipelineSteps {
  readonly bundleUri: string;
  readonly files: readonly StagedFile[];
  readonly stages: readonly PlannedStage[];
  readonly steps: readonly StepConfig[];
  readonly runSteps: readonly RunStep[];
  /** Each stage's staging (its script, and the S3 paths bound to its inputs, outputs and rejects), in order. */
  readonly stagings: readonly StagingPlan[];
  /** `stage.output` -> s3:// folder it is written to. */
  readonly outputs: Readonly<Record<string, string>>;
}

/**
 * The steps of one run of the pipeline with these parameters and inputs: `submit <pipeline>` runs one,
 * `backfill --emr` one per partition on the same cluster.
 */
export async function planPipelineSteps(
  req: Omit<PipelineSubmitRequest, 'profile'> & { readonly profile: Pick<EmrProfile, 'bucket' | 'prefix'> },
  runId: string,
  layout: PipelineStepsLayout,
): Promise<PipelineSteps> {
  const { bundle, profile } = req;
  const p = bundle.plan;
  const name = p.pipeline;
  const bundleKey = joinKey(profile.prefix, 'bundles', sha256Hex(bundleListing(bundle)).slice(0, 24));
  const files: StagedFile[] = bundle.files.map((f) => ({ localPath: f.path, bucket: profile.bucket, key: childKey(bundleKey, f.name), sha256: f.sha256, size: f.size }));
  const published = publishedOutputs(p, req.params);
  const written = new Map<string, string>();
  const stages: PlannedStage[] = [];
  const steps: StepConfig[] = [];
  const runSteps: RunStep[] = [];
  const stagings: StagingPlan[] = [];
  for (const { entry, bundle: stageBundle } of bundle.stages) {
    const inputs: Record<string, StageInput> = {};
    for (const [input, b] of Object.entries(entry.inputs)) {
      const given = b.kind === 'input' ? req.inputs[b.input] : written.get(`${b.stage}.${b.output}`);
      if (given === undefined) throw new JobError('usage', b.kind === 'input' ? `no value for pipeline input '${b.input}' (stage '${entry.name}' reads it): pass --input ${b.input}=<path or s3://...>` : `stage '${entry.name}' reads '${b.stage}.${b.output}', which no earlier stage writes`);
      inputs[input] = given;
    }
    const staging = await planStaging(stageBundle, entry.engine, inputs, profile, runId, {
      bundleKey: childKey(bundleKey, entry.dir),
      runKey: childKey(layout.runKey, entry.name),
      outputs: published.get(entry.name),
    });
    stagings.push(staging);
    for (const f of staging.files) if (!files.some((x) => x.bucket === f.bucket && x.key === f.key)) files.push(f);
    for (const [output, uri] of Object.entries(staging.outputs)) written.set(`${entry.name}.${output}`, uri);
    const params = Object.fromEntries(planParams(stageBundle.plan).filter((d) => d.name in req.params).map((d) => [d.name, req.params[d.name]]));
    const step = jobStep(layout.stepName(entry.name, entry.engine), entry.engine, staging, 'TERMINATE_CLUSTER', params);
    steps.push(step);
    const script = stageBundle.files.find((f) => staging.scriptUri.endsWith(`/${f.name}`))!;
    runSteps.push({ name: step.Name!, localScript: script.path, stage: { pipeline: name, stage: entry.name, job: entry.job, engine: entry.engine } });
    stages.push({ stage: entry.name, job: entry.job, engine: entry.engine, after: entry.after, script: staging.scriptUri, inputs: staging.inputs, outputs: staging.outputs, params });
  }
  return { bundleUri: `${s3Uri(profile.bucket, bundleKey)}/`, files, stages, steps, runSteps, stagings, outputs: Object.fromEntries(written) };
}

/** Every file of the bundle with its sha256, in a stable order: the bundle's S3 folder is named by its hash. */
function bundleListing(b: LoadedPipelineBundle): string {
  const lines = [...b.files.map((f) => `${f.name} ${f.sha256}\n`), ...b.stages.flatMap(({ entry, bundle }) => bundle.files.map((f) => `${entry.dir}/${f.name} ${f.sha256}\n`))];
  return lines.sort().join('');
}

/** Stage -> output -> the s3:// folder its template names, values filled in (a cluster writes to S3 only). */
function publishedOutputs(p: PipelinePlan, params: Readonly<Record<string, string>>): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const o of p.outputs) {
    const uri = expandTemplate(o.path, (n) => params[n]).replace(/\/+$/, '');
    const what = `output '${o.stage}.${o.output}'`;
    if (!isS3Uri(uri)) throw new JobError('usage', `${what}: its path template '${o.path}' gives '${uri}', not an s3:// URI: on EMR a published output is written to S3`, o.loc);
    try {
      parseS3Uri(uri, what);
    } catch (e) {
      throw new JobError('usage', (e as JobError).message, o.loc);
    }
    out.set(o.stage, { ...out.get(o.stage), [o.output]: uri });
  }
  return out;
}

/** The steps in order, as a reader checks them: stage, engine, script, inputs -> outputs; and, when asked, the cost. */
export function pipelineStepsText(s: PipelineSubmission, opts: { cost?: boolean } = {}): string {
  const width = Math.max(...s.stages.map((st) => st.stage.length));
  const lines = [`pipeline ${s.pipeline}, run ${s.runId}: ${s.stages.length} steps on one new cluster, one at a time, in dependency order; profile ${s.profile.name}`];
  s.stages.forEach((st, i) => {
    lines.push(`  ${i + 1}. ${st.stage.padEnd(width)}  ${st.engine.padEnd(5)}  ${st.script}${st.after.length ? `  (after ${st.after.join(', ')})` : ''}`);
    for (const [n, uri] of Object.entries(st.inputs)) lines.push(`       ${n} <- ${uri}`);
    for (const [n, uri] of Object.entries(st.outputs)) lines.push(`       ${n} -> ${uri}/`);
  });
  if (s.cost && opts.cost) lines.push(s.cost.model?.kind === 'inputs' ? costText(s.cost, s.profile) : `${costText(s.cost, s.profile, true)}; ${s.profile.expectedMinutes} min expected per step x ${s.stages.length} steps${unmeasuredText(s.cost)}`);
  return lines.join('\n');
}

/** The `--dry-run` document of a pipeline. */
export function pipelineDryRunDocument(s: PipelineSubmission): unknown {
  return pipelineRunDocument(s, { steps: s.stages.map((st, i) => ({ step: i + 1, name: s.steps[i].name, ...st })) });
}

/** A pipeline cluster run's `--dry-run` document around its steps (`body`): the run, its files, one cost, the requests. */
export function pipelineRunDocument(s: ClusterRun & { readonly pipeline: string; readonly bundleUri: string }, body: Record<string, unknown>, cost: Record<string, unknown> = {}): unknown {
  return {
    dryRun: true,
    profile: s.profile.name,
    runId: s.runId,
    pipeline: s.pipeline,
    pipelineHash: s.planHash,
    stepConcurrency: PIPELINE_STEP_CONCURRENCY,
    ...body,
    s3: {
      bundle: s.bundleUri,
      files: filesDocument(s.files),
    },
    cost: s.cost && { ...costDocument(s.cost), ...(s.cost.model?.kind === 'inputs' ? {} : { minutesPerStep: s.profile.expectedMinutes }), ...cost },
    requests: plannedRequests(s),
  };
}
