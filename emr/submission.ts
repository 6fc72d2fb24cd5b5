// A submission worked out in full before anything is sent: S3 keys, the step, the EMR request and the cost.
// `--dry-run` prints exactly this; `submit` then carries it out.
import path from 'node:path';
import type { AddJobFlowStepsCommandInput, RunJobFlowCommandInput } from '@aws-sdk/client-emr';
import type { Engine, LoadedBundle } from './bundle-reader.ts';
import { addStepsInput, runJobFlowInput } from './cluster.ts';
import { estimateCost, type CostEstimate } from './cost.ts';
import type { EmrProfile } from './profile.ts';
import { newRunId } from './run-id.ts';
import { DEFAULT_MULTIPART_THRESHOLD, planStaging, type StageInput, type StagingPlan } from './stage.ts';
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
}

export type ClusterPlan =
  | { readonly kind: 'new'; readonly input: RunJobFlowCommandInput }
  | { readonly kind: 'existing'; readonly input: AddJobFlowStepsCommandInput };

export interface Submission {
  readonly runId: string;
  readonly job: string;
  readonly planHash: string;
  readonly engine: Engine;
  readonly profile: EmrProfile;
  readonly staging: StagingPlan;
  readonly cluster: ClusterPlan;
  /** Only for a new cluster: an existing one is paid for anyway. */
  readonly cost: CostEstimate | null;
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
  return {
    runId,
    job: manifest.job,
    planHash: manifest.planHash,
    engine: req.engine,
    profile: req.profile,
    staging,
    cluster,
    cost: ownCluster ? estimateCost(req.profile) : null,
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
export function plannedRequests(s: Submission, multipartThreshold = DEFAULT_MULTIPART_THRESHOLD): PlannedRequest[] {
  const reqs = stagingRequests(s.staging, multipartThreshold);
  const c = s.cluster;
  if (c.kind === 'new') reqs.push({ service: 'emr', command: 'RunJobFlow', input: c.input });
  else reqs.push({ service: 'emr', command: 'AddJobFlowSteps', input: c.input });
  const clusterId = c.kind === 'new' ? '<JobFlowId from RunJobFlow>' : c.input.JobFlowId;
  const poll = `repeated until the step ends: every ${s.profile.pollSeconds}s, backing off to ${s.profile.maxPollSeconds}s (not with --detach)`;
  reqs.push({ service: 'emr', command: 'DescribeCluster', input: { ClusterId: clusterId }, note: poll });
  reqs.push({ service: 'emr', command: 'ListSteps', input: { ClusterId: clusterId, StepIds: ['<step id>'] }, note: poll });
  return reqs;
}

/** The S3 requests that stage a run's files (each upload only when the object is not there yet). */
export function stagingRequests(staging: StagingPlan, multipartThreshold = DEFAULT_MULTIPART_THRESHOLD): PlannedRequest[] {
  const reqs: PlannedRequest[] = [];
  for (const f of staging.files) {
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

/** The `--dry-run` document. */
export function dryRunDocument(s: Submission): unknown {
  return {
    dryRun: true,
    profile: s.profile.name,
    runId: s.runId,
    job: s.job,
    engine: s.engine,
    planHash: s.planHash,
    s3: stagingDocument(s.staging),
    cost: s.cost && { totalUsd: s.cost.totalUsd, minutes: s.cost.minutes, billedSeconds: s.cost.billedSeconds, lines: s.cost.lines, missingPrices: s.cost.missingPrices },
    requests: plannedRequests(s),
  };
}

/** The S3 part of a `--dry-run` document: where the bundle, inputs and outputs go, and each file staged. */
export function stagingDocument(staging: StagingPlan): unknown {
  return {
    bundle: staging.bundleUri,
    script: staging.scriptUri,
    inputs: staging.inputs,
    outputs: staging.outputs,
    files: staging.files.map((f) => ({ uri: `s3://${f.bucket}/${f.key}`, from: shownPath(f.localPath), bytes: f.size, sha256: f.sha256 })),
  };
}
