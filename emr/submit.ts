// Carries out a planned submission: cost check, staging, cluster or steps, waiting, diagnosis. A cluster
// this run starts never outlives it: failure, error or Ctrl-C all end in TerminateJobFlows.
import { ListStepsCommand } from '@aws-sdk/client-emr';
import type { AwsClients } from './aws-clients.ts';
import { cancelSteps, terminateCluster } from './cluster.ts';
import { checkMaxCost, costText } from './cost.ts';
import { diagnoseStep, diagnosisText, type StepDiagnosis } from './diagnose.ts';
import { addStepsOnce, runJobFlowOnce, type ExactlyOnceOptions } from './exactly-once.ts';
import type { Reporter } from './progress-reporter.ts';
import { stageFiles } from './stage.ts';
import type { Submission } from './submission.ts';
import { ACTIVE_CLUSTER_STATES, describeRun, viewText, waitForRun, type ClusterView } from './wait.ts';

export interface SubmitIo {
  /** Results: ids, output locations. */
  readonly out: (line: string) => void;
  /** Progress and explanations. */
  readonly err: (line: string) => void;
  readonly reporter: Reporter;
}

export interface SubmitOptions {
  readonly detach?: boolean;
  readonly maxCost?: number;
  /** Aborted by Ctrl-C: stop waiting and clean up. */
  readonly signal?: AbortSignal;
  readonly multipartThreshold?: number;
  readonly exactlyOnce?: ExactlyOnceOptions;
}

export type SubmitOutcome =
  | { readonly kind: 'succeeded'; readonly clusterId: string; readonly stepIds: readonly string[]; readonly view: ClusterView }
  | { readonly kind: 'failed'; readonly clusterId: string; readonly stepIds: readonly string[]; readonly view: ClusterView; readonly diagnoses: readonly StepDiagnosis[] }
  | { readonly kind: 'detached'; readonly clusterId: string; readonly stepIds: readonly string[] }
  | { readonly kind: 'interrupted'; readonly clusterId: string | null };

export async function executeSubmission(s: Submission, aws: AwsClients, io: SubmitIo, opts: SubmitOptions = {}): Promise<SubmitOutcome> {
  if (s.cost) {
    io.err(costText(s.cost, s.profile));
    checkMaxCost(s.cost, opts.maxCost, s.profile);
  }
  const staged = await stageFiles(aws.s3, s.staging, { multipartThreshold: opts.multipartThreshold });
  io.err(`staged ${s.staging.files.length} file(s) under s3://${s.profile.bucket}/: ${staged.uploaded.length} uploaded, ${staged.skipped.length} already there`);
  if (opts.signal?.aborted) {
    io.err('interrupted before any cluster was started or step added: nothing to clean up');
    return { kind: 'interrupted', clusterId: null };
  }
  const owned = s.cluster.kind === 'new';
  // The request is not aborted mid-flight: a cluster it creates must be known, to be terminated.
  const clusterId = s.cluster.kind === 'new' ? await runJobFlowOnce(aws.emrNoRetry, aws.emr, s.cluster.input, opts.exactlyOnce) : s.cluster.input.JobFlowId!;
  let stepIds: string[] = [];
  try {
    stepIds = s.cluster.kind === 'new' ? await runStepIds(aws, clusterId) : await addStepsOnce(aws.emrNoRetry, aws.emr, s.cluster.input, opts.exactlyOnce);
    io.err(owned ? `started cluster ${clusterId} (run ${s.runId})` : `added step ${stepIds.join(', ')} to cluster ${clusterId} (run ${s.runId})`);
    if (opts.detach && !opts.signal?.aborted) {
      io.out(`cluster ${clusterId}`);
      io.out(`step ${stepIds.join(' ')}`);
      io.err(`detached: follow it with \`emr-jobs status ${clusterId}\`${owned ? '; the cluster terminates itself when the step ends' : ''}`);
      return { kind: 'detached', clusterId, stepIds };
    }
    const view = await waitForRun(aws.emr, {
      clusterId,
      stepIds,
      ownsCluster: owned,
      pollSeconds: s.profile.pollSeconds,
      maxPollSeconds: s.profile.maxPollSeconds,
      signal: opts.signal,
      onUpdate: (v, ms) => io.reporter.update(viewText(v), ms),
    });
    io.reporter.stop();
    if (owned && ACTIVE_CLUSTER_STATES.includes(view.state)) {
      io.err(`cluster ${clusterId} is still ${view.state} after its steps: terminating it`);
      await terminateCluster(aws.emr, clusterId);
    }
    return await outcomeOf(s, aws, io, view, stepIds);
  } catch (e) {
    io.reporter.stop();
    if (opts.signal?.aborted) {
      await stopRun(aws, clusterId, stepIds, owned, io);
      return { kind: 'interrupted', clusterId };
    }
    if (owned) await terminateAfterError(aws, clusterId, io);
    throw e;
  }
}

async function runStepIds(aws: AwsClients, clusterId: string): Promise<string[]> {
  const out = await aws.emr.send(new ListStepsCommand({ ClusterId: clusterId }));
  return (out.Steps ?? []).map((st) => st.Id!).reverse();
}

async function outcomeOf(s: Submission, aws: AwsClients, io: SubmitIo, view: ClusterView, stepIds: string[]): Promise<SubmitOutcome> {
  const ours = view.steps.filter((st) => stepIds.includes(st.id));
  io.err(`cluster ${view.id} ${view.state}${view.reason ? ` (${view.reason})` : ''}; ${ours.map((st) => `step ${st.id} ${st.state}`).join(', ')}`);
  const failed = ours.filter((st) => st.state !== 'COMPLETED');
  if (failed.length === 0 && ours.length === stepIds.length) {
    for (const [name, uri] of Object.entries(s.staging.outputs)) io.out(`${name}\t${uri}/`);
    return { kind: 'succeeded', clusterId: view.id, stepIds, view };
  }
  const diagnoses: StepDiagnosis[] = [];
  for (const st of failed.filter((x) => x.state === 'FAILED')) {
    const d = await diagnoseStep(aws.s3, view, st, { localScript: s.localScript });
    io.err(diagnosisText(d));
    diagnoses.push(d);
  }
  return { kind: 'failed', clusterId: view.id, stepIds, view, diagnoses };
}

/** Ctrl-C: end what this run started, and only that. */
async function stopRun(aws: AwsClients, clusterId: string, stepIds: readonly string[], owned: boolean, io: SubmitIo): Promise<void> {
  if (owned) {
    io.err(`interrupted: terminating cluster ${clusterId}, which this run started`);
    try {
      await terminateCluster(aws.emr, clusterId);
      const v = await describeRun(aws.emr, clusterId, stepIds);
      io.err(`TerminateJobFlows sent: cluster ${clusterId} is ${v.state}`);
    } catch (e) {
      io.err(`could not terminate ${clusterId} (${errorText(e)}): terminate it yourself: aws emr terminate-clusters --cluster-ids ${clusterId}`);
    }
    return;
  }
  if (stepIds.length === 0) return;
  io.err(`interrupted: cancelling step ${stepIds.join(', ')} on cluster ${clusterId} (the cluster keeps running)`);
  const manual = `aws emr cancel-steps --cluster-id ${clusterId} --step-ids ${stepIds.join(' ')}`;
  try {
    const res = await cancelSteps(aws.emr, clusterId, stepIds);
    for (const r of res) io.err(r.ok ? `step ${r.stepId}: cancel submitted` : `step ${r.stepId}: not cancelled (${r.reason}); try: ${manual}`);
  } catch (e) {
    io.err(`CancelSteps failed (${errorText(e)}): the step may still run on ${clusterId}; cancel it with: ${manual}`);
  }
}

async function terminateAfterError(aws: AwsClients, clusterId: string, io: SubmitIo): Promise<void> {
  try {
    await terminateCluster(aws.emr, clusterId);
    io.err(`terminated cluster ${clusterId} after the error below`);
  } catch (e) {
    io.err(`could not terminate ${clusterId} (${errorText(e)}): terminate it yourself: aws emr terminate-clusters --cluster-ids ${clusterId}`);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
}
