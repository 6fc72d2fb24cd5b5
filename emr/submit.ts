// Carries out a planned submission: cost check, staging, cluster or steps, waiting, diagnosis. A cluster
// this run starts never outlives it unnoticed: success, failure, error and signals all end in
// TerminateJobFlows (retried), and when that cannot be confirmed the cluster is named with the command to stop it.
import { ListStepsCommand } from '@aws-sdk/client-emr';
import { JobError } from '../plan/index.ts';
import type { AwsClients } from './aws-clients.ts';
import { errorText } from './aws-errors.ts';
import { cancelSteps, terminateCluster } from './cluster.ts';
import { billedCost, billedText, checkMaxCost, costText, type BilledCost } from './cost.ts';
import { diagnoseStep, diagnosisText, type StepDiagnosis } from './diagnose.ts';
import { addStepsOnce, NotSent, OutcomeUnknown, runJobFlowOnce } from './exactly-once.ts';
import { retryOrLastError } from './grace-retry.ts';
import { formatElapsed, type Reporter } from './progress-reporter.ts';
import { leftBehindText, newRunTrack, type RunTrack } from './run-track.ts';
import { stageFiles } from './stage.ts';
import { cancelStepsCommand, terminateCommand } from './stop-commands.ts';
import type { ClusterRun, RunStep } from './submission.ts';
import { ACTIVE_CLUSTER_STATES, ClusterStateUnknown, describeRun, viewText, waitForRun, type ClusterView, type StepView } from './wait.ts';

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
  /** Aborted by a signal: stop waiting and clean up. */
  readonly signal?: AbortSignal;
  readonly multipartThreshold?: number;
  /** Backoff between retries; tests pass a fast one. */
  readonly retryDelayMs?: (attempt: number) => number;
  /** Updated as the run starts things (see run-track.ts). */
  readonly track?: RunTrack;
}

export type SubmitOutcome =
  | { readonly kind: 'succeeded'; readonly clusterId: string; readonly stepIds: readonly string[]; readonly view: ClusterView; readonly billed?: BilledCost }
  | { readonly kind: 'failed'; readonly clusterId: string; readonly stepIds: readonly string[]; readonly view: ClusterView; readonly diagnoses: readonly StepDiagnosis[]; readonly billed?: BilledCost }
  | { readonly kind: 'detached'; readonly clusterId: string; readonly stepIds: readonly string[] }
  | { readonly kind: 'interrupted'; readonly clusterId: string | null };

interface Ctx {
  readonly s: ClusterRun;
  readonly aws: AwsClients;
  readonly io: SubmitIo;
  readonly graceMs: number;
  readonly delayMs?: (attempt: number) => number;
}

export async function executeSubmission(s: ClusterRun, aws: AwsClients, io: SubmitIo, opts: SubmitOptions = {}): Promise<SubmitOutcome> {
  const track = opts.track ?? newRunTrack(s);
  const ctx: Ctx = { s, aws, io, graceMs: s.profile.retryGraceSeconds * 1000, delayMs: opts.retryDelayMs };
  const owned = s.cluster.kind === 'new';
  // Printed before any request, so that every outcome can be traced to this run.
  io.err(`run ${s.runId}: ${s.title} ${owned ? 'on a new cluster' : `on cluster ${track.clusterId}`}, profile ${s.profile.name}`);
  if (s.cost) {
    io.err(costText(s.cost, s.profile));
    checkMaxCost(s.cost, opts.maxCost, s.profile);
  }
  let staged;
  try {
    staged = await patiently(ctx, 'staging', () => stageFiles(aws.s3, s, { multipartThreshold: opts.multipartThreshold }), opts.signal);
  } catch (e) {
    if (opts.signal?.aborted) {
      io.err('interrupted while staging: no cluster was started, nothing to clean up');
      return { kind: 'interrupted', clusterId: null };
    }
    io.err(`staging failed: no cluster was started (run ${s.runId})`);
    throw e;
  }
  io.err(`staged ${s.files.length} file(s) under s3://${s.profile.bucket}/: ${staged.uploaded.length} uploaded, ${staged.skipped.length} already there`);
  if (opts.signal?.aborted) {
    io.err('interrupted before any cluster was started or step added: nothing to clean up');
    return { kind: 'interrupted', clusterId: null };
  }
  const eo = { graceMs: ctx.graceMs, delayMs: opts.retryDelayMs, signal: opts.signal, onRetry: (what: string, e: unknown) => io.err(`${what}: ${errorText(e)}; retrying`) };
  let clusterId: string;
  if (s.cluster.kind === 'new') {
    track.requested = true;
    try {
      // The request is not aborted mid-flight: a cluster it creates must be known, to be terminated.
      clusterId = await runJobFlowOnce(aws.emrNoRetry, aws.emr, s.cluster.input, eo);
    } catch (e) {
      return noClusterOutcome(ctx, track, e);
    }
    track.clusterId = clusterId;
  } else {
    clusterId = track.clusterId!;
  }
  try {
    if (s.cluster.kind === 'new') {
      track.stepIds = await patiently(ctx, 'ListSteps', () => runStepIds(aws, clusterId));
    } else {
      track.requested = true;
      track.stepIds = await addStepsOnce(aws.emrNoRetry, aws.emr, s.cluster.input, eo);
    }
    const stepIds = [...track.stepIds];
    io.err(owned ? `started cluster ${clusterId} (run ${s.runId})` : `added step ${stepIds.join(', ')} to cluster ${clusterId} (run ${s.runId})`);
    if (opts.detach && !opts.signal?.aborted) {
      io.out(`cluster ${clusterId}`);
      io.out(`step ${stepIds.join(' ')}`);
      io.err(`detached: follow it with \`emr-jobs status ${clusterId}\`${owned ? `; the cluster terminates itself when ${stepIds.length === 1 ? 'the step ends' : 'its steps end'}` : ''}`);
      return { kind: 'detached', clusterId, stepIds };
    }
    const view = await waitForRun(aws.emr, {
      clusterId,
      stepIds,
      ownsCluster: owned,
      pollSeconds: s.profile.pollSeconds,
      maxPollSeconds: s.profile.maxPollSeconds,
      graceSeconds: s.profile.retryGraceSeconds,
      signal: opts.signal,
      onUpdate: (v, ms) => io.reporter.update(viewText(v), ms),
      onTrouble: (e, _failing, ms) =>
        io.reporter.update(`cluster ${clusterId}: cannot read its state (${(e as Error).name}); retrying for up to ${formatElapsed(ctx.graceMs)}`, ms),
    });
    io.reporter.stop();
    if (owned && ACTIVE_CLUSTER_STATES.includes(view.state)) {
      io.err(`cluster ${clusterId} is still ${view.state} after its steps: terminating it`);
      await terminateOwned(ctx, clusterId);
    }
    return await outcomeOf(ctx, view, stepIds);
  } catch (e) {
    io.reporter.stop();
    if (opts.signal?.aborted) {
      await stopRun(ctx, clusterId, track.stepIds, owned, opts.signal.reason);
      return { kind: 'interrupted', clusterId };
    }
    if (e instanceof ClusterStateUnknown) {
      await afterStateUnknown(ctx, e, track.stepIds, owned);
      throw new JobError('engine', `run ${s.runId}: gave up waiting on cluster ${clusterId}: ${e.message} (last error: ${errorText(e.cause)})`);
    }
    if (owned) {
      io.err(`terminating cluster ${clusterId}, which this run started, after the error below`);
      await terminateOwned(ctx, clusterId);
    } else if (track.stepIds.length) {
      io.err(`step ${track.stepIds.join(', ')} may still run on cluster ${clusterId} after the error below: cancel it with \`${cancelStepsCommand(clusterId, track.stepIds, s.profile)}\``);
    }
    throw e;
  }
}

/** RunJobFlow did not give a cluster id: say whether a cluster may exist, and how to find it. */
function noClusterOutcome(ctx: Ctx, track: RunTrack, e: unknown): SubmitOutcome {
  if (e instanceof NotSent) {
    ctx.io.err(`interrupted: RunJobFlow was not sent again and no cluster of run ${ctx.s.runId} was found: nothing to clean up`);
    return { kind: 'interrupted', clusterId: null };
  }
  if (e instanceof OutcomeUnknown) {
    ctx.io.err(`RunJobFlow's answer was lost and looking the cluster up failed (${errorText(e.cause)}): ${leftBehindText(ctx.s, track)}`);
    throw new JobError('engine', `run ${ctx.s.runId}: whether RunJobFlow started a cluster is unknown (see above)`);
  }
  ctx.io.err(`RunJobFlow failed: no cluster was started (run ${ctx.s.runId})`);
  throw e;
}

/** A call retried through transient failures for the grace period, saying so as it goes. */
function patiently<T>(ctx: Ctx, what: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const grace = { graceMs: ctx.graceMs, delayMs: ctx.delayMs, signal, onRetry: (e: unknown) => ctx.io.err(`${what}: ${errorText(e)}; retrying`) };
  return retryOrLastError(fn, grace);
}

async function runStepIds(aws: AwsClients, clusterId: string): Promise<string[]> {
  const out = await aws.emr.send(new ListStepsCommand({ ClusterId: clusterId }));
  return (out.Steps ?? []).map((st) => st.Id!).reverse();
}

async function outcomeOf(ctx: Ctx, view: ClusterView, stepIds: string[]): Promise<SubmitOutcome> {
  const { s, aws, io } = ctx;
  const ours = view.steps.filter((st) => stepIds.includes(st.id));
  io.err(`cluster ${view.id} ${view.state}${view.reason ? ` (${view.reason})` : ''}; ${ours.map((st) => `step ${st.id} ${st.state}`).join(', ')}`);
  // A cluster this run started is billed from its creation to its end, beside what was estimated.
  const billed = s.cluster.kind === 'new' && view.created ? billedCost(s.profile, view.created, view.ended, s.cost) : undefined;
  if (billed) io.err(billedText(billed, view.id));
  const failed = ours.filter((st) => st.state !== 'COMPLETED');
  if (failed.length === 0 && ours.length === stepIds.length) {
    for (const [name, uri] of Object.entries(s.outputs)) io.out(`${name}\t${uri}/`);
    return { kind: 'succeeded', clusterId: view.id, stepIds, view, ...(billed ? { billed } : {}) };
  }
  const diagnoses: StepDiagnosis[] = [];
  for (const st of failed.filter((x) => x.state === 'FAILED')) {
    const planned = s.steps.find((p) => p.name === st.name);
    const d = await diagnoseStep(aws.s3, view, st, { localScript: planned?.localScript });
    if (planned?.stage) io.err(stageFailureText(planned.stage, s.steps, ours));
    io.err(diagnosisText(d));
    diagnoses.push(d);
  }
  return { kind: 'failed', clusterId: view.id, stepIds, view, diagnoses, ...(billed ? { billed } : {}) };
}

/** A pipeline's failed step, by stage: which stage and job failed, and which stages did not run after it. */
function stageFailureText(stage: NonNullable<RunStep['stage']>, planned: readonly RunStep[], steps: readonly StepView[]): string {
  const notRun = planned.flatMap((p) => {
    const st = steps.find((x) => x.name === p.name);
    return p.stage && (!st || ['CANCELLED', 'INTERRUPTED', 'PENDING', 'CANCEL_PENDING'].includes(st.state)) ? [`${p.stage.stage} ${st?.state ?? 'not added'}`] : [];
  });
  const rest = notRun.length ? `; not run: ${notRun.join(', ')}` : '';
  return `pipeline ${stage.pipeline}: stage ${stage.stage} (job ${stage.job}, ${stage.engine}) failed${rest}`;
}

/** TerminateJobFlows, retried for the grace period; says whether it went through, and how to stop it if not. */
async function terminateOwned(ctx: Ctx, clusterId: string): Promise<boolean> {
  try {
    await patiently(ctx, 'TerminateJobFlows', () => terminateCluster(ctx.aws.emr, clusterId));
  } catch (e) {
    ctx.io.err(`could not terminate cluster ${clusterId} (${errorText(e)}): it may still be running: stop it with \`${terminateCommand(clusterId, ctx.s.profile)}\``);
    return false;
  }
  let state = 'terminating';
  try {
    state = (await describeRun(ctx.aws.emrNoRetry, clusterId)).state;
  } catch {
    // The request went through; its state is only a courtesy, not worth retrying through throttling.
  }
  ctx.io.err(`TerminateJobFlows sent: cluster ${clusterId} is ${state}`);
  return true;
}

/** The wait gave up: an owned cluster is terminated (the run can no longer watch it); a shared one is named. */
async function afterStateUnknown(ctx: Ctx, e: ClusterStateUnknown, stepIds: readonly string[], owned: boolean): Promise<void> {
  const last = e.lastKnown ? `last seen ${e.lastKnown.state}` : 'never read';
  const head = `cluster ${e.clusterId}: state unknown (${last}; no answer for ${formatElapsed(e.failingMs)}, last error ${errorText(e.cause)})`;
  if (owned) {
    ctx.io.err(`${head}: terminating it, since this run can no longer watch it`);
    await terminateOwned(ctx, e.clusterId);
    return;
  }
  ctx.io.err(`${head}: step ${stepIds.join(', ')} may still run on it: check with \`emr-jobs status ${e.clusterId}\`, cancel with \`${cancelStepsCommand(e.clusterId, stepIds, ctx.s.profile)}\``);
}

/** A signal: end what this run started, and only that. */
async function stopRun(ctx: Ctx, clusterId: string, stepIds: readonly string[], owned: boolean, reason: unknown): Promise<void> {
  const { io, s } = ctx;
  const why = reason instanceof Error ? reason.message : 'interrupted';
  if (owned) {
    io.err(`${why}: terminating cluster ${clusterId}, which this run started (signal again to exit without waiting)`);
    await terminateOwned(ctx, clusterId);
    return;
  }
  if (stepIds.length === 0) return;
  io.err(`${why}: cancelling step ${stepIds.join(', ')} on cluster ${clusterId} (the cluster keeps running)`);
  const manual = cancelStepsCommand(clusterId, stepIds, s.profile);
  try {
    const res = await patiently(ctx, 'CancelSteps', () => cancelSteps(ctx.aws.emr, clusterId, stepIds));
    for (const r of res) io.err(r.ok ? `step ${r.stepId}: cancel submitted` : `step ${r.stepId}: not cancelled (${r.reason}); try: ${manual}`);
  } catch (e) {
    io.err(`CancelSteps failed (${errorText(e)}): the step may still run on ${clusterId}; cancel it with: ${manual}`);
  }
}
