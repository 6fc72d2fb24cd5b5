// Carries out an EMR Serverless submission: cost check, staging, the application (created and started for the
// run, or the profile's), StartJobRun, waiting, diagnosis from the driver's logs. An application this run
// creates never outlives it unnoticed: success, failure, error and signals all end in StopApplication and
// DeleteApplication, and a signal first cancels the job run.
import {
  CancelJobRunCommand, CreateApplicationCommand, DeleteApplicationCommand, GetApplicationCommand, GetJobRunCommand, StartApplicationCommand,
  StartJobRunCommand, StopApplicationCommand, type CreateApplicationCommandInput, type EMRServerlessClient,
} from '@aws-sdk/client-emr-serverless';
import type { S3Client } from '@aws-sdk/client-s3';
import { JobError } from '../plan/index.ts';
import { errorText } from './aws-errors.ts';
import { checkMaxCost, serverlessCostText } from './cost.ts';
import { retryOrLastError } from './grace-retry.ts';
import { formatElapsed } from './progress-reporter.ts';
import { diagnoseJobRun, jobRunDiagnosisText, type JobRunDiagnosis } from './serverless-diagnose.ts';
import type { PlannedJobRun, ServerlessRun } from './serverless-plan.ts';
import { stageFiles } from './stage.ts';
import { cancelJobRunCommand, deleteApplicationCommand } from './stop-commands.ts';
import type { SubmitIo } from './submit.ts';
import { pollUntil } from './wait.ts';

export const TERMINAL_JOB_RUN_STATES = ['SUCCESS', 'FAILED', 'CANCELLED'];

export interface ServerlessClients {
  readonly serverless: EMRServerlessClient;
  readonly s3: S3Client;
}

export interface ServerlessOptions {
  readonly maxCost?: number;
  readonly signal?: AbortSignal;
  readonly retryDelayMs?: (attempt: number) => number;
  readonly track?: ServerlessTrack;
}

/** What the run has started so far, for whatever ends it (an error, a second signal). */
export interface ServerlessTrack {
  applicationId: string | null;
  /** The application was created by this run: it is stopped and deleted at the end. */
  ownsApplication: boolean;
  jobRunId: string | null;
  /** The job run started last (in a pipeline, the stage's). */
  jobRun: PlannedJobRun | null;
}

export interface JobRunView {
  readonly applicationId: string;
  readonly id: string;
  readonly state: string;
  readonly details: string;
  readonly billed: { readonly vcpuHour: number; readonly memoryGBHour: number } | null;
}

export type ServerlessOutcome =
  | { readonly kind: 'succeeded'; readonly applicationId: string; readonly jobRun: JobRunView }
  | {
      readonly kind: 'failed';
      readonly applicationId: string;
      readonly jobRun: JobRunView;
      readonly diagnosis: JobRunDiagnosis | null;
      /** The planned job run that failed, and those not started after it (a pipeline's later stages). */
      readonly planned: PlannedJobRun;
      readonly notStarted: readonly PlannedJobRun[];
    }
  | { readonly kind: 'interrupted'; readonly applicationId: string | null };

interface Ctx {
  readonly s: ServerlessRun;
  readonly aws: ServerlessClients;
  readonly io: SubmitIo;
  readonly track: ServerlessTrack;
  readonly opts: ServerlessOptions;
}

export function newServerlessTrack(s: ServerlessRun): ServerlessTrack {
  return { applicationId: s.application.kind === 'existing' ? s.application.applicationId : null, ownsApplication: false, jobRunId: null, jobRun: null };
}

/** One line on what may be left running, with the commands that stop it. */
export function serverlessLeftBehind(s: ServerlessRun, t: ServerlessTrack): string | null {
  const p = s.profile;
  const parts: string[] = [];
  if (t.applicationId && t.jobRunId) parts.push(`job run ${t.jobRunId} may still run: cancel it with \`${cancelJobRunCommand(t.applicationId, t.jobRunId, p)}\``);
  if (t.applicationId && t.ownsApplication) parts.push(`application ${t.applicationId} (created by run ${s.runId}) may still exist: \`${deleteApplicationCommand(t.applicationId, p)}\``);
  return parts.length ? parts.join('; ') : `nothing was started (run ${s.runId})`;
}

export async function executeServerless(s: ServerlessRun, aws: ServerlessClients, io: SubmitIo, opts: ServerlessOptions = {}): Promise<ServerlessOutcome> {
  const track = opts.track ?? newServerlessTrack(s);
  const ctx: Ctx = { s, aws, io, track, opts };
  const where = s.application.kind === 'new' ? `on a new application (${s.application.input.releaseLabel})` : `on application ${s.application.applicationId}`;
  io.err(`run ${s.runId}: ${s.title} on EMR Serverless ${where}, profile ${s.profile.name}`);
  io.err(serverlessCostText(s.cost, s.profile.serverless));
  checkMaxCost(s.cost, opts.maxCost, s.profile);
  try {
    const staged = await patiently(ctx, 'staging', () => stageFiles(aws.s3, s), opts.signal);
    io.err(`staged ${s.files.length} file(s) under s3://${s.profile.bucket}/: ${staged.uploaded.length} uploaded, ${staged.skipped.length} already there`);
  } catch (e) {
    if (opts.signal?.aborted) {
      io.err('interrupted while staging: nothing was started, nothing to clean up');
      return { kind: 'interrupted', applicationId: null };
    }
    throw e;
  }
  try {
    const applicationId = s.application.kind === 'new' ? await createApplication(ctx, s.application.input) : s.application.applicationId;
    let last: ServerlessOutcome | null = null;
    // One after another, in the order planned (a pipeline's dependency order): a stage starts only once the
    // stage before it succeeded, so it reads complete outputs, and a failure or a signal starts no more.
    for (const [i, planned] of s.jobRuns.entries()) {
      opts.signal?.throwIfAborted();
      const out = await patiently(ctx, 'StartJobRun', () => aws.serverless.send(new StartJobRunCommand({ ...planned.input, applicationId })));
      track.jobRunId = out.jobRunId!;
      track.jobRun = planned;
      const of = planned.stage ? ` for stage ${planned.stage.stage} (${i + 1}/${s.jobRuns.length}, job ${planned.stage.job})` : '';
      io.err(`started job run ${track.jobRunId} on application ${applicationId}${of} (run ${s.runId})`);
      const view = await waitJobRun(ctx, applicationId, track.jobRunId);
      io.reporter.stop();
      last = await outcomeOf(ctx, view, planned, s.jobRuns.slice(i + 1));
      if (last.kind !== 'succeeded') return last;
      // Ended: nothing of it to cancel should a signal come before the next starts.
      track.jobRunId = null;
    }
    for (const [name, uri] of Object.entries(s.outputs)) io.out(`${name}\t${uri}/`);
    return last!;
  } catch (e) {
    io.reporter.stop();
    if (opts.signal?.aborted) {
      await stopRun(ctx, opts.signal.reason);
      return { kind: 'interrupted', applicationId: track.applicationId };
    }
    if (track.applicationId && track.jobRunId) {
      io.err(`job run ${track.jobRunId} may still run after the error below: cancel it with \`${cancelJobRunCommand(track.applicationId, track.jobRunId, s.profile)}\``);
    }
    throw e;
  } finally {
    if (track.ownsApplication && track.applicationId) await removeApplication(ctx, track.applicationId);
  }
}

async function createApplication(ctx: Ctx, input: CreateApplicationCommandInput): Promise<string> {
  const { aws, track } = ctx;
  // The client token makes a retried CreateApplication answer with the application the first one made.
  const out = await patiently(ctx, 'CreateApplication', () => aws.serverless.send(new CreateApplicationCommand(input)));
  track.applicationId = out.applicationId!;
  track.ownsApplication = true;
  ctx.io.err(`created application ${track.applicationId} (${input.releaseLabel}) for run ${ctx.s.runId}; it is stopped and deleted when the run ends`);
  await waitApplication(ctx, track.applicationId, ['CREATED', 'STARTED']);
  await patiently(ctx, 'StartApplication', () => aws.serverless.send(new StartApplicationCommand({ applicationId: track.applicationId! })));
  await waitApplication(ctx, track.applicationId, ['STARTED']);
  return track.applicationId;
}

async function applicationState(ctx: Ctx, applicationId: string): Promise<{ state: string; details: string }> {
  const out = await ctx.aws.serverless.send(new GetApplicationCommand({ applicationId }));
  return { state: out.application?.state ?? 'UNKNOWN', details: out.application?.stateDetails ?? '' };
}

/** Polls the application until it reaches one of `states`; TERMINATED on the way is an error. */
/** `signal` null: a clean-up wait, which a signal does not cut short. */
async function waitApplication(ctx: Ctx, applicationId: string, states: readonly string[], signal: AbortSignal | null = ctx.opts.signal ?? null): Promise<void> {
  const p = ctx.s.profile;
  const v = await pollUntil({
    pollSeconds: p.pollSeconds, maxPollSeconds: p.maxPollSeconds, graceSeconds: p.retryGraceSeconds, signal: signal ?? undefined,
    read: () => applicationState(ctx, applicationId),
    isOver: (a) => states.includes(a.state) || a.state === 'TERMINATED',
    text: (a) => `application ${applicationId} ${a.state}`,
    onUpdate: (a, ms) => ctx.io.reporter.update(`application ${applicationId} ${a.state}`, ms),
    unknown: (_last, ms, cause) => new JobError('engine', `could not read the state of application ${applicationId} for ${formatElapsed(ms)} (last error: ${errorText(cause)})`),
  });
  if (!states.includes(v.state)) throw new JobError('engine', `application ${applicationId} is ${v.state}${v.details ? ` (${v.details})` : ''}, not ${states.join(' or ')}`);
}

async function readJobRun(ctx: Ctx, applicationId: string, jobRunId: string): Promise<JobRunView> {
  const { jobRun: r } = await ctx.aws.serverless.send(new GetJobRunCommand({ applicationId, jobRunId }));
  const b = r?.billedResourceUtilization;
  return {
    applicationId, id: jobRunId, state: r?.state ?? 'UNKNOWN', details: r?.stateDetails ?? '',
    billed: b ? { vcpuHour: b.vCPUHour ?? 0, memoryGBHour: b.memoryGBHour ?? 0 } : null,
  };
}

function waitJobRun(ctx: Ctx, applicationId: string, jobRunId: string, signal: AbortSignal | null = ctx.opts.signal ?? null): Promise<JobRunView> {
  const p = ctx.s.profile;
  const stage = ctx.track.jobRun?.stage;
  const text = (v: JobRunView) => `${stage ? `stage ${stage.stage} | ` : ''}application ${applicationId} | job run ${jobRunId} ${v.state}`;
  return pollUntil({
    pollSeconds: p.pollSeconds, maxPollSeconds: p.maxPollSeconds, graceSeconds: p.retryGraceSeconds, signal: signal ?? undefined,
    read: () => readJobRun(ctx, applicationId, jobRunId),
    isOver: (v) => TERMINAL_JOB_RUN_STATES.includes(v.state),
    text,
    onUpdate: (v, ms) => ctx.io.reporter.update(text(v), ms),
    onTrouble: (e, _f, ms) => ctx.io.reporter.update(`job run ${jobRunId}: cannot read its state (${(e as Error).name}); retrying for up to ${formatElapsed(p.retryGraceSeconds * 1000)}`, ms),
    unknown: (last, ms, cause) =>
      new JobError('engine', `run ${ctx.s.runId}: gave up waiting on job run ${jobRunId} (last seen ${last?.state ?? 'never'}, no answer for ${formatElapsed(ms)}, last error ${errorText(cause)})`),
  });
}

async function outcomeOf(ctx: Ctx, v: JobRunView, planned: PlannedJobRun, rest: readonly PlannedJobRun[]): Promise<ServerlessOutcome> {
  const { s, io, aws } = ctx;
  // The estimate covers the whole run; each job run's bill is its own.
  const estimate = s.jobRuns.length === 1 ? ` (estimated at most ${round(s.cost.vcpuHours)} vCPU-h, ${round(s.cost.gbHours)} GB-h)` : '';
  const billed = v.billed ? `; billed ${v.billed.vcpuHour} vCPU-h, ${v.billed.memoryGBHour} GB-h${estimate}` : '';
  io.err(`${planned.stage ? `stage ${planned.stage.stage}: ` : ''}job run ${v.id} ${v.state}${v.details ? ` (${v.details})` : ''}${billed}`);
  if (v.state === 'SUCCESS') return { kind: 'succeeded', applicationId: v.applicationId, jobRun: v };
  let diagnosis: JobRunDiagnosis | null = null;
  if (v.state === 'FAILED') {
    diagnosis = await diagnoseJobRun(aws.s3, { logUri: s.profile.serverless.logUri, applicationId: v.applicationId, jobRun: v, scriptUri: planned.scriptUri, localScript: planned.localScript });
    io.err(jobRunDiagnosisText(diagnosis));
  }
  return { kind: 'failed', applicationId: v.applicationId, jobRun: v, diagnosis, planned, notStarted: rest };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** A signal: cancel the job run (and wait for it to end, so an owned application can be stopped). */
async function stopRun(ctx: Ctx, reason: unknown): Promise<void> {
  const { io, track, s } = ctx;
  const why = reason instanceof Error ? reason.message : 'interrupted';
  if (!track.applicationId || !track.jobRunId) {
    io.err(`${why}: no job run was started${track.ownsApplication ? `; removing application ${track.applicationId}, which this run created` : ''}`);
    return;
  }
  const { applicationId, jobRunId } = track;
  io.err(`${why}: cancelling job run ${jobRunId} on application ${applicationId} (signal again to exit without waiting)`);
  try {
    await patiently(ctx, 'CancelJobRun', () => ctx.aws.serverless.send(new CancelJobRunCommand({ applicationId, jobRunId })));
    const v = await waitJobRun(ctx, applicationId, jobRunId, null);
    io.err(`job run ${jobRunId} ${v.state}`);
  } catch (e) {
    io.err(`CancelJobRun failed (${errorText(e)}): the job run may still run; cancel it with \`${cancelJobRunCommand(applicationId, jobRunId, s.profile)}\``);
  }
}

/** StopApplication, wait for STOPPED, DeleteApplication: each retried for the grace period; says how if it cannot. */
async function removeApplication(ctx: Ctx, applicationId: string): Promise<void> {
  const { io, aws, s } = ctx;
  try {
    await patiently(ctx, 'StopApplication', () => aws.serverless.send(new StopApplicationCommand({ applicationId })));
    await waitApplication(ctx, applicationId, ['STOPPED'], null);
    await patiently(ctx, 'DeleteApplication', () => aws.serverless.send(new DeleteApplicationCommand({ applicationId })));
    const { state } = await applicationState(ctx, applicationId).catch(() => ({ state: 'being deleted' }));
    io.err(`stopped and deleted application ${applicationId}, which this run created: it is ${state}`);
  } catch (e) {
    io.err(`could not stop and delete application ${applicationId} (${errorText(e)}): it may still exist: \`${deleteApplicationCommand(applicationId, s.profile)}\``);
  }
}

/** A call retried through transient failures for the grace period, saying so as it goes. */
function patiently<T>(ctx: Ctx, what: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const grace = { graceMs: ctx.s.profile.retryGraceSeconds * 1000, delayMs: ctx.opts.retryDelayMs, signal, onRetry: (e: unknown) => ctx.io.err(`${what}: ${errorText(e)}; retrying`) };
  return retryOrLastError(fn, grace);
}
