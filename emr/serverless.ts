// Carries out an EMR Serverless submission: cost check, staging, the application (created and started for the
// run, or the profile's), StartJobRun, waiting, diagnosis from the driver's logs. An application this run
// creates never outlives it unnoticed: success, failure, error and signals all end in StopApplication and
// DeleteApplication, and a signal first cancels the job runs. A pipeline's job runs start as the stages they
// read from succeed, independent ones together; one that fails cancels the others and starts no more.
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
  /** Job runs started and not ended yet: id -> what it runs. */
  readonly running: Map<string, PlannedJobRun>;
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
      /** Every job run that was started, with its last state: succeeded, the failed one, those cancelled for it. */
      readonly ended: readonly { readonly planned: PlannedJobRun; readonly state: string }[];
    }
  | { readonly kind: 'interrupted'; readonly applicationId: string | null };

interface Ctx {
  readonly s: ServerlessRun;
  readonly aws: ServerlessClients;
  readonly io: SubmitIo;
  readonly track: ServerlessTrack;
  readonly opts: ServerlessOptions;
  /** The progress line of each job run being waited for, shown together. */
  readonly progress: Map<string, string>;
}

export function newServerlessTrack(s: ServerlessRun): ServerlessTrack {
  return { applicationId: s.application.kind === 'existing' ? s.application.applicationId : null, ownsApplication: false, running: new Map() };
}

/** One line on what may be left running, with the commands that stop it. */
export function serverlessLeftBehind(s: ServerlessRun, t: ServerlessTrack): string | null {
  const p = s.profile;
  const parts: string[] = [];
  for (const id of t.applicationId ? t.running.keys() : []) parts.push(`job run ${id} may still run: cancel it with \`${cancelJobRunCommand(t.applicationId!, id, p)}\``);
  if (t.applicationId && t.ownsApplication) parts.push(`application ${t.applicationId} (created by run ${s.runId}) may still exist: \`${deleteApplicationCommand(t.applicationId, p)}\``);
  return parts.length ? parts.join('; ') : `nothing was started (run ${s.runId})`;
}

export async function executeServerless(s: ServerlessRun, aws: ServerlessClients, io: SubmitIo, opts: ServerlessOptions = {}): Promise<ServerlessOutcome> {
  const track = opts.track ?? newServerlessTrack(s);
  const ctx: Ctx = { s, aws, io, track, opts, progress: new Map() };
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
    const outcome = await runJobRuns(ctx, applicationId);
    if (outcome.kind === 'succeeded') for (const [name, uri] of Object.entries(s.outputs)) io.out(`${name}\t${uri}/`);
    return outcome;
  } catch (e) {
    io.reporter.stop();
    if (opts.signal?.aborted) {
      await stopRun(ctx, opts.signal.reason);
      return { kind: 'interrupted', applicationId: track.applicationId };
    }
    for (const id of track.applicationId ? track.running.keys() : []) {
      io.err(`job run ${id} may still run after the error below: cancel it with \`${cancelJobRunCommand(track.applicationId!, id, s.profile)}\``);
    }
    throw e;
  } finally {
    if (track.ownsApplication && track.applicationId) await removeApplication(ctx, track.applicationId);
  }
}

/** How a job run's wait ended: its last view, or the error that ended the wait. */
type Waited = { readonly id: string; readonly planned: PlannedJobRun } & ({ readonly view: JobRunView } | { readonly error: unknown });

/**
 * Starts each job run once the stages it reads from have succeeded (so it reads complete outputs), up to
 * maxConcurrentJobRuns at a time, in the planned order; the first one that does not succeed cancels those
 * still running and starts no more.
 */
async function runJobRuns(ctx: Ctx, applicationId: string): Promise<ServerlessOutcome> {
  const { s, track, io, opts } = ctx;
  const pending = [...s.jobRuns];
  const succeeded = new Set<string>();
  const ended: { planned: PlannedJobRun; state: string }[] = [];
  const waits = new Map<string, Promise<Waited>>();
  // Ends the waits still polling when the run stops early (a failure, an error); a signal ends them too.
  const polls = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, polls.signal]) : polls.signal;
  const isReady = (r: PlannedJobRun) => !r.stage || r.stage.after.every((a) => succeeded.has(a));
  try {
    let last: JobRunView | null = null;
    for (;;) {
      for (let next = pending.find(isReady); next && waits.size < s.profile.serverless.maxConcurrentJobRuns; next = pending.find(isReady)) {
        pending.splice(pending.indexOf(next), 1);
        const id = await startJobRun(ctx, applicationId, next);
        const planned = next;
        waits.set(id, waitJobRun(ctx, applicationId, id, planned, signal).then((view) => ({ id, planned, view }), (error: unknown) => ({ id, planned, error })));
      }
      if (waits.size === 0) break;
      const w = await Promise.race(waits.values());
      // A wait ended by an error or a signal leaves its job run in `running`, for what ends the run to cancel.
      if ('error' in w) throw w.error;
      waits.delete(w.id);
      track.running.delete(w.id);
      ctx.progress.delete(w.id);
      ended.push({ planned: w.planned, state: w.view.state });
      endedText(ctx, w.view, w.planned);
      last = w.view;
      if (w.view.state === 'SUCCESS') {
        if (w.planned.stage) succeeded.add(w.planned.stage.stage);
        continue;
      }
      polls.abort();
      ended.push(...(await cancelRunning(ctx, applicationId, `${w.planned.stage ? `stage ${w.planned.stage.stage}` : 'the job run'} ${w.view.state}`)));
      return await failedOutcome(ctx, w.view, w.planned, pending, ended);
    }
    io.reporter.stop();
    if (pending.length) throw new JobError('engine', `run ${s.runId}: job runs ${pending.map((r) => r.stage?.stage).join(', ')} wait for stages that never ran`);
    return { kind: 'succeeded', applicationId, jobRun: last! };
  } finally {
    polls.abort();
  }
}

async function startJobRun(ctx: Ctx, applicationId: string, planned: PlannedJobRun): Promise<string> {
  const { s, track, io, opts } = ctx;
  opts.signal?.throwIfAborted();
  const out = await patiently(ctx, 'StartJobRun', () => ctx.aws.serverless.send(new StartJobRunCommand({ ...planned.input, applicationId })));
  const id = out.jobRunId!;
  track.running.set(id, planned);
  const of = planned.stage ? ` for stage ${planned.stage.stage} (${s.jobRuns.indexOf(planned) + 1}/${s.jobRuns.length}, job ${planned.stage.job})` : '';
  io.err(`started job run ${id} on application ${applicationId}${of} (run ${s.runId})`);
  return id;
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

function waitJobRun(ctx: Ctx, applicationId: string, jobRunId: string, planned: PlannedJobRun, signal: AbortSignal | null): Promise<JobRunView> {
  const p = ctx.s.profile;
  const text = (v: JobRunView) => `${planned.stage ? `stage ${planned.stage.stage} | ` : ''}application ${applicationId} | job run ${jobRunId} ${v.state}`;
  // Job runs waited for together share the progress line, one part each.
  const show = (line: string, ms: number) => {
    ctx.progress.set(jobRunId, line);
    ctx.io.reporter.update([...ctx.progress.values()].join('; '), ms);
  };
  return pollUntil({
    pollSeconds: p.pollSeconds, maxPollSeconds: p.maxPollSeconds, graceSeconds: p.retryGraceSeconds, signal: signal ?? undefined,
    read: () => readJobRun(ctx, applicationId, jobRunId),
    isOver: (v) => TERMINAL_JOB_RUN_STATES.includes(v.state),
    text,
    onUpdate: (v, ms) => show(text(v), ms),
    onTrouble: (e, _f, ms) => show(`job run ${jobRunId}: cannot read its state (${(e as Error).name}); retrying for up to ${formatElapsed(p.retryGraceSeconds * 1000)}`, ms),
    unknown: (last, ms, cause) =>
      new JobError('engine', `run ${ctx.s.runId}: gave up waiting on job run ${jobRunId} (last seen ${last?.state ?? 'never'}, no answer for ${formatElapsed(ms)}, last error ${errorText(cause)})`),
  });
}

/** The line that says how a job run ended, with what it was billed. */
function endedText(ctx: Ctx, v: JobRunView, planned: PlannedJobRun): void {
  const { s, io } = ctx;
  // The estimate covers the whole run; each job run's bill is its own.
  const estimate = s.jobRuns.length === 1 ? ` (estimated at most ${round(s.cost.vcpuHours)} vCPU-h, ${round(s.cost.gbHours)} GB-h)` : '';
  const billed = v.billed ? `; billed ${v.billed.vcpuHour} vCPU-h, ${v.billed.memoryGBHour} GB-h${estimate}` : '';
  if (ctx.progress.size === 0) io.reporter.stop();
  io.err(`${planned.stage ? `stage ${planned.stage.stage}: ` : ''}job run ${v.id} ${v.state}${v.details ? ` (${v.details})` : ''}${billed}`);
}

/** A job run that did not succeed: explained from its driver's log when it FAILED. */
async function failedOutcome(ctx: Ctx, v: JobRunView, planned: PlannedJobRun, notStarted: readonly PlannedJobRun[], ended: Failed['ended']): Promise<ServerlessOutcome> {
  const { s, io, aws } = ctx;
  let diagnosis: JobRunDiagnosis | null = null;
  if (v.state === 'FAILED') {
    diagnosis = await diagnoseJobRun(aws.s3, { logUri: s.profile.serverless.logUri, applicationId: v.applicationId, jobRun: v, scriptUri: planned.scriptUri, localScript: planned.localScript });
    io.err(jobRunDiagnosisText(diagnosis));
  }
  return { kind: 'failed', applicationId: v.applicationId, jobRun: v, diagnosis, planned, notStarted, ended };
}

type Failed = Extract<ServerlessOutcome, { kind: 'failed' }>;

/**
 * Cancels every job run still running (CancelJobRun, then waits for it to end, which a signal does not cut
 * short) and says how each ended; one that cannot be cancelled is named with the command that cancels it.
 */
async function cancelRunning(ctx: Ctx, applicationId: string, why: string, more = ''): Promise<Failed['ended']> {
  const { io, track, s } = ctx;
  const running = [...track.running];
  if (running.length === 0) return [];
  io.reporter.stop();
  io.err(`${why}: cancelling ${running.map(([id]) => `job run ${id}`).join(', ')} on application ${applicationId}${more}`);
  return Promise.all(running.map(async ([id, planned]) => {
    const stage = planned.stage ? `stage ${planned.stage.stage}: ` : '';
    try {
      await patiently(ctx, 'CancelJobRun', () => ctx.aws.serverless.send(new CancelJobRunCommand({ applicationId, jobRunId: id })));
      const v = await waitJobRun(ctx, applicationId, id, planned, null);
      track.running.delete(id);
      ctx.progress.delete(id);
      io.err(`${stage}job run ${id} ${v.state}`);
      return { planned, state: v.state };
    } catch (e) {
      io.err(`CancelJobRun failed (${errorText(e)}): job run ${id} may still run; cancel it with \`${cancelJobRunCommand(applicationId, id, s.profile)}\``);
      return { planned, state: 'UNKNOWN' };
    }
  }));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** A signal: cancel the running job runs (and wait for them to end, so an owned application can be stopped). */
async function stopRun(ctx: Ctx, reason: unknown): Promise<void> {
  const { io, track } = ctx;
  const why = reason instanceof Error ? reason.message : 'interrupted';
  if (!track.applicationId || track.running.size === 0) {
    io.err(`${why}: no job run was started${track.ownsApplication ? `; removing application ${track.applicationId}, which this run created` : ''}`);
    return;
  }
  await cancelRunning(ctx, track.applicationId, why, ' (signal again to exit without waiting)');
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
