// What `submit` does for a job and a pipeline alike: bind inputs to S3 locations or local files to stage, and
// carry out a planned run on EMR under the signal handler, turning its outcome into an exit code.
import { closeClients, makeClients, makeS3Client, type AwsClients } from '../emr/aws-clients.ts';
import { inputMeasurer, type InputMeasurer } from '../emr/input-measure.ts';
import { checkMaxCost } from '../emr/cost.ts';
import { Interrupted, withInterrupt } from '../emr/interrupt.ts';
import type { EmrProfile } from '../emr/profile.ts';
import { makeReporter } from '../emr/progress-reporter.ts';
import { leftBehindText, newRunTrack } from '../emr/run-track.ts';
import { isS3Uri, s3Uri } from '../emr/s3-uri.ts';
import type { StageInput } from '../emr/stage.ts';
import { executeSubmission, type SubmitOutcome } from '../emr/submit.ts';
import type { ClusterRun } from '../emr/submission.ts';
import { JobError } from '../plan/index.ts';
import { CliExit, EXIT_FAILED, EXIT_USAGE, exitWith } from './exit-codes.ts';
import { bindInputPaths } from './input-binder.ts';
import { resolveInput } from './input-files.ts';
import { printWarning } from './error-printer.ts';
import { putRunRecord } from './run-log-reader.ts';
import { appendRunRecord, newRunRecord, stageInputsRecord, type ClusterRunLog, type RunStatus } from './run-log.ts';
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * Input name -> s3:// URI (one, read in place) or the local files to stage, bound as `run` binds them (--local
 * for the one left unnamed, templates for the rest) and resolved as `run` resolves them.
 */
export function stageInputs(
  names: readonly string[],
  listed: string,
  local: string[] | undefined,
  named: Record<string, string[]>,
  templated: Record<string, string>,
): Record<string, StageInput> {
  const bound = bindInputPaths(names, listed, local, named, templated);
  const out: Record<string, StageInput> = {};
  for (const [name, given] of Object.entries(bound)) {
    if (given.some(isS3Uri)) {
      if (given.length > 1) throw exitWith(EXIT_USAGE, 'usage', `input '${name}': an s3:// location is read in place and takes no other path (${given.join(', ')}); give one s3:// prefix or glob`);
      out[name] = given[0];
      continue;
    }
    try {
      out[name] = resolveInput(name, given);
    } catch (e) {
      throw e instanceof JobError ? new CliExit(e, EXIT_USAGE) : e;
    }
  }
  return out;
}

/**
 * Plans with the inputs measured for the cost estimate (local stat, S3 listing), through a client of its own:
 * two attempts, as a failed listing only costs the estimate its inputs (it falls back to expectedMinutes).
 * With expectedMinutes given (flag or profile), the inputs decide nothing and are not measured.
 */
export async function withInputMeasurer<T>(profile: Pick<EmrProfile, 'expectedMinutesGiven' | 'region' | 'endpoint'>, plan: (measure?: InputMeasurer) => Promise<T>): Promise<T> {
  if (profile.expectedMinutesGiven) return plan();
  const s3 = makeS3Client(profile, 2);
  try {
    return await plan(inputMeasurer(s3));
  } finally {
    s3.destroy();
  }
}

/** `--dry-run`: prints the run's document (and refuses above --max-cost); else carries the run out. */
export async function dryRunOrRun(run: ClusterRun, dryRunDocument: () => unknown, profile: EmrProfile, flags: { dryRun?: boolean; detach?: boolean; maxCost?: number }, log?: ClusterRunLog): Promise<void> {
  if (flags.dryRun) {
    process.stdout.write(`${JSON.stringify(dryRunDocument(), null, 2)}\n`);
    if (run.cost) checkMaxCost(run.cost, flags.maxCost, profile);
    return;
  }
  await runOnCluster(run, profile, flags, undefined, log);
}

/**
 * What a caller makes of the outcome before the command ends (a backfill's table of partitions): an error to
 * end with instead of the default one for a failed run.
 */
export type OutcomeReport = (outcome: SubmitOutcome, aws: AwsClients) => Promise<CliExit | void>;

/**
 * Stages, starts and waits for the run; signals end what it started; a failed run is exit 1. With `log`, the
 * run's record goes to the run log and under the profile's S3 prefix (a detached run's as `submitted`: its end is
 * not known, `emr-jobs status` follows it).
 */
export async function runOnCluster(run: ClusterRun, profile: EmrProfile, flags: { detach?: boolean; maxCost?: number }, report?: OutcomeReport, log?: ClusterRunLog): Promise<void> {
  const started = new Date().toISOString();
  const aws = makeClients(profile);
  const reporter = makeReporter();
  const io = { out: (l: string) => process.stdout.write(`${l}\n`), err: (l: string) => reporter.info(l), reporter };
  const track = newRunTrack(run);
  let interrupted: Interrupted | null = null;
  try {
    const outcome = await withInterrupt(
      (signal) => {
        signal.addEventListener('abort', () => (interrupted = signal.reason as Interrupted), { once: true });
        return executeSubmission(run, aws, io, { detach: flags.detach, maxCost: flags.maxCost, signal, track });
      },
      { warn: (l) => process.stderr.write(`${l}\n`), leftBehind: () => leftBehindText(run, track) },
    );
    if (outcome.kind === 'interrupted') process.exitCode = (interrupted as Interrupted | null)?.exitCode ?? 130;
    if (log) await logClusterRun(run, log, started, outcome, aws, profile);
    const ending = await report?.(outcome, aws);
    if (ending) throw ending;
    if (outcome.kind === 'failed') {
      const ours = outcome.view.steps.filter((s) => outcome.stepIds.includes(s.id));
      const stages = run.steps.filter((p) => p.stage);
      if (stages.length) {
        const states = stages.map((p) => `${p.stage!.stage} ${ours.find((s) => s.name === p.name)?.state ?? 'not added'}`);
        throw exitWith(EXIT_FAILED, 'engine', `pipeline ${run.job} did not complete on cluster ${outcome.clusterId} (${states.join(', ')})`);
      }
      throw exitWith(EXIT_FAILED, 'engine', `the run did not complete on cluster ${outcome.clusterId} (step ${ours.map((s) => `${s.id} ${s.state}`).join(', ')})`);
    }
  } finally {
    reporter.stop();
    closeClients(aws);
  }
}

/** Appends a cluster run's record to the local log and puts it under `<prefix>/run-log/` of the profile's bucket. */
async function logClusterRun(run: ClusterRun, log: ClusterRunLog, started: string, outcome: SubmitOutcome, aws: AwsClients, profile: EmrProfile): Promise<void> {
  await logRemoteRun(log, {
    job: run.job,
    planHash: run.planHash,
    outputs: run.outputs,
    started,
    status: outcome.kind === 'detached' ? 'submitted' : outcome.kind,
    staged: run.files.map((f) => s3Uri(f.bucket, f.key)),
    error: outcome.kind === 'failed' ? outcome.diagnoses.map((d) => `step ${d.step.name}: ${d.error?.message ?? d.step.state}`).join('; ') || 'a step failed' : null,
    clusterId: outcome.clusterId,
    costUsd: run.cost?.totalUsd ?? null,
  }, aws.s3, profile);
}

/** What a cluster or Serverless run tells its record. */
export interface RemoteRunFacts {
  readonly job: string;
  readonly planHash: string;
  /** Output name -> s3:// folder. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly started: string;
  readonly status: RunStatus;
  readonly error: string | null;
  /** The cluster, or the Serverless application. */
  readonly clusterId: string | null;
  readonly costUsd: number | null;
  /** The files put on S3 for it (s3:// URIs), where the run staged any. */
  readonly staged?: readonly string[];
}

/** Appends a remote run's record to the local log and puts it under `<prefix>/run-log/` of the profile's bucket. */
export async function logRemoteRun(log: ClusterRunLog, facts: RemoteRunFacts, s3: S3Client, profile: Pick<EmrProfile, 'bucket' | 'prefix'>): Promise<void> {
  const record = newRunRecord({
    ...log,
    ...facts,
    stage: null,
    inputs: stageInputsRecord(log.inputs),
    outputs: Object.entries(facts.outputs).map(([name, uri]) => ({ name, path: uri, rows: null })),
    rejected: null,
    checks: null,
    ended: new Date().toISOString(),
  });
  appendRunRecord(record);
  await putRunRecord(s3, profile.bucket, profile.prefix, record).catch((e: unknown) => printWarning(`run log: cannot put the record of ${facts.job} under s3://${profile.bucket}/${profile.prefix}/run-log/ (${(e as Error).message})`));
}
