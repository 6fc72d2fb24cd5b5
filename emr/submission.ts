// A submission worked out in full before anything is sent: S3 keys, the step, the EMR request and the cost.
// `--dry-run` prints exactly this; `submit` then carries it out.
import path from 'node:path';
import type { AddJobFlowStepsCommandInput, RunJobFlowCommandInput } from '@aws-sdk/client-emr';
import type { Engine, LoadedBundle } from './bundle-reader.ts';
import { addStepsInput, runJobFlowInput } from './cluster.ts';
import { clusterShapeText } from './cluster-shape.ts';
import { costDocument, type CostEstimate } from './cost.ts';
import type { InputMeasurer } from './input-measure.ts';
import type { EmrProfile } from './profile.ts';
import { jobWork, measureInputs, runCost } from './run-cost.ts';
import { newRunId } from './run-id.ts';
import { DEFAULT_MULTIPART_THRESHOLD, planStaging, type StagedFile, type StageInput, type StagingPlan } from './stage.ts';
import { jobStep } from './steps.ts';

export interface SubmitRequest {
  readonly bundle: LoadedBundle;
  readonly engine: Engine;
  /** Input name -> s3:// URI, or the local files to stage. */
  readonly inputs: Readonly<Record<string, StageInput>>;
  readonly profile: EmrProfile;
  /** Run on this existing cluster (AddJobFlowSteps) instead of a new one. */
  readonly clusterId?: string;
  readonly runId?: string;
  /** Run-time parameter values of every parameter, as canonical text (cli/param-binder.ts). */
  readonly params?: Readonly<Record<string, string>>;
  /** Measures the inputs for the cost estimate (local stat, S3 listing); without it, expectedMinutes decides. */
  readonly measure?: InputMeasurer;
}

export type ClusterPlan =
  | { readonly kind: 'new'; readonly input: RunJobFlowCommandInput }
  | { readonly kind: 'existing'; readonly input: AddJobFlowStepsCommandInput };

/** One EMR step of a run: its name on the cluster and the local script behind it (to cite job lines). */
export interface RunStep {
  readonly name: string;
  readonly localScript: string;
  /** In a pipeline run: the stage the step runs, and its job. */
  readonly stage?: { readonly pipeline: string; readonly stage: string; readonly job: string; readonly engine: Engine };
}

/** What `executeSubmission` carries out: a job's submission, or a pipeline's (emr/pipeline-submission.ts). */
export interface ClusterRun {
  readonly runId: string;
  /** The job's name, or the pipeline's. */
  readonly job: string;
  readonly planHash: string;
  /** What runs, for the run's first line: `top-pages (spark)`, `pipeline web-analytics (4 stages: ...)`. */
  readonly title: string;
  readonly profile: EmrProfile;
  /** Every file uploaded before the cluster starts or the steps are added. */
  readonly files: readonly StagedFile[];
  /** Output (`name`, or `stage.name` in a pipeline) -> s3:// folder, printed when the run succeeds. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly cluster: ClusterPlan;
  /** Only for a new cluster: an existing one is paid for anyway. */
  readonly cost: CostEstimate | null;
  /** In the order they run. */
  readonly steps: readonly RunStep[];
}

export interface Submission extends ClusterRun {
  readonly engine: Engine;
  readonly staging: StagingPlan;
  /** Local path of the script, to cite job lines without fetching it back. */
  readonly localScript: string;
}

export async function planSubmission(req: SubmitRequest): Promise<Submission> {
  const runId = req.runId ?? newRunId();
  const { manifest } = req.bundle;
  const staging = await planStaging(req.bundle, req.engine, req.inputs, req.profile, runId);
  const ownCluster = req.clusterId === undefined;
  // A transient cluster ends on failure; on a shared one, cancel what follows and leave the cluster up.
  const step = jobStep(`${manifest.job} (${req.engine}) ${runId}`, req.engine, staging, ownCluster ? 'TERMINATE_CLUSTER' : 'CANCEL_AND_WAIT', req.params);
  const cluster: ClusterPlan = ownCluster
    ? { kind: 'new', input: runJobFlowInput(req.profile, { job: manifest.job, planHash: manifest.planHash, runId, engines: [req.engine], steps: [step] }) }
    : { kind: 'existing', input: addStepsInput(req.clusterId!, [step]) };
  const script = req.bundle.files.find((f) => staging.scriptUri.endsWith(`/${f.name}`))!;
  let cost: CostEstimate | null = null;
  if (ownCluster) {
    const m = await measureInputs(req.measure, req.inputs);
    cost = runCost(req.profile, [jobWork(manifest.job, req.engine, req.bundle.plan, m.inputs)], [...m.inputs.values()], m.failure);
  }
  return {
    runId,
    job: manifest.job,
    planHash: manifest.planHash,
    title: `${manifest.job} (${req.engine})`,
    engine: req.engine,
    profile: req.profile,
    staging,
    files: staging.files,
    outputs: staging.outputs,
    cluster,
    cost,
    steps: [{ name: step.Name!, localScript: script.path }],
    localScript: script.path,
  };
}

export interface PlannedRequest {
  readonly service: 's3' | 'emr' | 'emr-serverless';
  readonly command: string;
  readonly input: unknown;
  /** When the request is conditional or repeated. */
  readonly note?: string;
}

/** Every request `submit` would send, in order, with its input (file bodies shown by path). */
export function plannedRequests(s: ClusterRun, multipartThreshold = DEFAULT_MULTIPART_THRESHOLD): PlannedRequest[] {
  const reqs = stagingRequests(s.files, multipartThreshold);
  const c = s.cluster;
  if (c.kind === 'new') reqs.push({ service: 'emr', command: 'RunJobFlow', input: c.input });
  else reqs.push({ service: 'emr', command: 'AddJobFlowSteps', input: c.input });
  const clusterId = c.kind === 'new' ? '<JobFlowId from RunJobFlow>' : c.input.JobFlowId;
  const poll = `repeated until the ${s.steps.length === 1 ? 'step ends' : 'steps end'}: every ${s.profile.pollSeconds}s, backing off to ${s.profile.maxPollSeconds}s (not with --detach)`;
  reqs.push({ service: 'emr', command: 'DescribeCluster', input: { ClusterId: clusterId }, note: poll });
  reqs.push({ service: 'emr', command: 'ListSteps', input: { ClusterId: clusterId, StepIds: s.steps.length === 1 ? ['<step id>'] : s.steps.map((_, i) => `<step id ${i + 1}>`) }, note: poll });
  return reqs;
}

/** The S3 requests that stage a run's files (each upload only when the object is not there yet). */
export function stagingRequests(files: readonly StagedFile[], multipartThreshold = DEFAULT_MULTIPART_THRESHOLD): PlannedRequest[] {
  const reqs: PlannedRequest[] = [];
  for (const f of files) {
    const target = { Bucket: f.bucket, Key: f.key };
    reqs.push({ service: 's3', command: 'HeadObject', input: target });
    const note = 'only when HeadObject finds no object of this size and sha256';
    const meta = { ...target, Metadata: { sha256: f.sha256 } };
    if (f.size < multipartThreshold) {
      reqs.push({ service: 's3', command: 'PutObject', input: { ...meta, ContentLength: f.size, Body: `<file ${shownPath(f.localPath)}>` }, note });
    } else {
      reqs.push({ service: 's3', command: 'CreateMultipartUpload', input: meta, note });
      reqs.push({ service: 's3', command: 'UploadPart', input: { ...target, Body: `<parts of ${shownPath(f.localPath)}, ${f.size} bytes>` }, note: `${note}; one per part` });
      reqs.push({ service: 's3', command: 'CompleteMultipartUpload', input: target, note });
    }
  }
  return reqs;
}

/** Relative to the working directory when under it (a compiled-on-the-fly bundle lives in a temp folder). */
function shownPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
}

/** Staged files as `--dry-run` shows them. */
export function filesDocument(files: readonly StagedFile[]): unknown[] {
  return files.map((f) => ({ uri: `s3://${f.bucket}/${f.key}`, from: shownPath(f.localPath), bytes: f.size, sha256: f.sha256 }));
}

/** The `--dry-run` document. */
export function dryRunDocument(s: Submission): unknown {
  return {
    dryRun: true,
    profile: s.profile.name,
    runId: s.runId,
    job: s.job,
    engine: s.engine,
    planHash: s.planHash,
    s3: stagingDocument(s.staging, s.files),
    cluster: s.cluster.kind === 'new' ? clusterShapeText(s.profile) : undefined,
    cost: s.cost && costDocument(s.cost),
    requests: plannedRequests(s),
  };
}

/** The S3 part of a `--dry-run` document: where the bundle, inputs and outputs go, and each file staged. */
export function stagingDocument(staging: StagingPlan, files: readonly StagedFile[] = staging.files): unknown {
  return {
    bundle: staging.bundleUri,
    script: staging.scriptUri,
    inputs: staging.inputs,
    outputs: staging.outputs,
    files: filesDocument(files),
  };
}
