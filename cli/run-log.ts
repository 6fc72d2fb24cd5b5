// The run log: one JSON-lines record per run (a job, a pipeline, each stage of it, each backfill partition,
// each EMR or Serverless submission), appended to the project's log file. A record is built from the run
// manifest where there is one (run-manifest.ts), so both say the same about inputs and outputs.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ChecksFailedError, type CheckResult, type PipelinePlan, type Plan } from '../plan/index.ts';
import { printWarning } from './error-printer.ts';
import { classify } from './exit-codes.ts';
import type { InterruptScope } from './interrupt-scope.ts';
import { displayPath } from './job-paths.ts';
import { projectLayout } from './project-root.ts';
import { manifestInputs, type ManifestInput, type RunManifest } from './run-manifest.ts';
import type { StageInput } from '../emr/stage.ts';

export const RUN_RECORD_FORMAT = 'emr-jobs/run-record';
/** `submitted`: a cluster run started with `--detach`, whose end the command did not wait for. */
export const RUN_STATUSES = ['succeeded', 'failed', 'interrupted', 'submitted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** `declared`: a pipeline run locally with each stage on its own engine. */
export type RunEngine = 'local' | 'pig' | 'spark' | 'declared' | 'emr' | 'serverless';
/** `job`: a job run alone; `pipeline`: a whole pipeline run (or one backfill partition); `stage`: one stage of it. */
export type RunKind = 'job' | 'pipeline' | 'stage';

export interface RunRecord {
  readonly format: typeof RUN_RECORD_FORMAT;
  readonly version: 1;
  readonly id: string;
  readonly kind: RunKind;
  /** The job's name; for a pipeline record, the pipeline's. */
  readonly job: string;
  readonly pipeline: string | null;
  readonly stage: string | null;
  /** `date=2015-05-17` for a run of a partitioned pipeline (and its stages), else null. */
  readonly partition: string | null;
  readonly planHash: string;
  readonly params: Readonly<Record<string, string>>;
  /** Absolute local paths, or s3:// URIs; bytes null where not known (an S3 input read in place). */
  readonly inputs: readonly { readonly name: string; readonly path: string; readonly bytes: number | null }[];
  /** Rows null where the engine does not count them (a cluster run). */
  readonly outputs: readonly { readonly name: string; readonly path: string; readonly rows: number | null }[];
  /** Lines rejected over all inputs; null where not known. */
  readonly rejected: number | null;
  /** The data-quality checks' outcome; null when the job has none (or the engine evaluates none). */
  readonly checks: { readonly passed: number; readonly warned: number; readonly failed: number } | null;
  readonly started: string;
  readonly ended: string;
  readonly status: RunStatus;
  /** Why a failed run failed, one line. */
  readonly error: string | null;
  readonly engine: RunEngine;
  readonly clusterId: string | null;
  /** A cluster run's files put on S3 before it started (bundle, scripts, local inputs): s3:// URIs. */
  readonly staged?: readonly string[];
  readonly costUsd: number | null;
  readonly owner: string | null;
  /** The declared freshness expectation, in seconds (job(..., { fresh })). */
  readonly freshWithin: number | null;
}

export type RunRecordFields = Omit<RunRecord, 'format' | 'version' | 'id'>;

export function newRunRecord(fields: RunRecordFields): RunRecord {
  return { format: RUN_RECORD_FORMAT, version: 1, id: randomBytes(6).toString('hex'), ...fields };
}

/** Passed, warned and failed checks of a run's results; null when there is none. */
export function checksSummary(results: readonly CheckResult[] | undefined): RunRecord['checks'] {
  if (!results?.length) return null;
  const failing = (severity: string) => results.filter((r) => r.status === 'fail' && r.severity === severity).length;
  return { passed: results.filter((r) => r.status === 'pass').length, warned: failing('warn'), failed: failing('error') };
}

/** Who and what a local run is, beside its plan: a job alone, or a stage of a pipeline. */
export type RunLogContext = Pick<RunRecord, 'kind' | 'pipeline' | 'stage' | 'partition' | 'owner' | 'freshWithin'>;

/** A job run alone: owned as its plan declares. */
export function jobLogContext(plan: Plan): RunLogContext {
  return { kind: 'job', pipeline: null, stage: null, partition: null, owner: plan.owner ?? null, freshWithin: plan.freshWithin ?? null };
}

/** A record's inputs from a manifest's. */
export function recordInputs(inputs: readonly ManifestInput[]): RunRecord['inputs'] {
  return inputs.map((i) => ({ name: i.name, path: i.path, bytes: i.bytes }));
}

/** What a record takes from a manifest: params, plan hash, inputs and outputs (absolute), rejects, times. */
export function manifestFields(m: RunManifest, outDir: string): Pick<RunRecord, 'job' | 'planHash' | 'params' | 'inputs' | 'outputs' | 'rejected' | 'started' | 'ended'> {
  const counted = m.inputs.filter((i) => i.rejected !== null);
  return {
    job: m.job,
    planHash: m.planHash,
    params: m.params ?? {},
    inputs: recordInputs(m.inputs),
    outputs: m.outputs.map((o) => ({ name: o.name, path: path.resolve(outDir, o.path), rows: o.rows })),
    rejected: counted.length ? counted.reduce((n, i) => n + i.rejected!, 0) : m.inputs.length ? null : 0,
    started: m.started,
    ended: m.ended,
  };
}

export const RUN_LOG_ENV = 'EMR_JOBS_RUN_LOG';
export const DEFAULT_RUN_LOG = '.emr-jobs/runs.jsonl';

/** The log file: $EMR_JOBS_RUN_LOG, else the project config's "runLog", else <project>/.emr-jobs/runs.jsonl. */
export function runLogFile(): string {
  const env = process.env[RUN_LOG_ENV];
  if (env) return path.resolve(env);
  return projectLayout().runLog;
}

/**
 * Appends one record as one line with a single write on a file opened for appending: the kernel places each
 * write at the end whole, so concurrent runs (backfill partitions, other processes) never interleave within a
 * line. A log that cannot be written is a warning: the run itself is done.
 */
export function appendRunRecord(record: RunRecord, file = runLogFile()): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const fd = openSync(file, 'a');
    try {
      writeSync(fd, Buffer.from(`${JSON.stringify(record)}\n`, 'utf8'));
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    printWarning(`run log ${displayPath(file)}: cannot append the record of ${record.job} (${(e as Error).message})`);
  }
}

/** The fields of a record known when a run starts. */
export type StartFields = Omit<RunRecordFields, 'status' | 'error' | 'ended'>;

/**
 * Runs `work` and appends its record: `succeeded` with the fields `done` makes of its result; `failed` with
 * the error's one line (and the checks of a failed check); `interrupted` from the scope's clean-up, which runs
 * as a signal ends the process. Exactly one record per run.
 */
export async function withRunRecord<T>(scope: InterruptScope, start: StartFields, work: () => Promise<T>, done: (result: T) => Partial<RunRecordFields>): Promise<T> {
  let logged = false;
  const log = (status: RunStatus, more: Partial<RunRecordFields>) => {
    if (logged) return;
    logged = true;
    appendRunRecord(newRunRecord({ ...start, ended: new Date().toISOString(), error: null, ...more, status }));
  };
  const undefer = scope.defer({ remove: () => log('interrupted', {}) });
  try {
    const result = await work();
    log('succeeded', done(result));
    return result;
  } catch (e) {
    // An interruption is logged by the clean-up, as the process ends.
    if (!scope.signal.aborted) {
      log('failed', { error: classify(e).error.describe().replace(/\s*\n\s*/g, ' '), ...(e instanceof ChecksFailedError ? { checks: checksSummary(e.results) } : {}) });
    }
    throw e;
  } finally {
    undefer();
  }
}

/** `date=2015-05-17` for a run of a partitioned pipeline given its partition value, else null. */
export function partitionOf(p: PipelinePlan, params: Readonly<Record<string, string>>): string | null {
  const param = p.partition?.param;
  return param !== undefined && params[param] !== undefined ? `${param}=${params[param]}` : null;
}

/** What a cluster or Serverless run's record needs beside the run itself. */
export type ClusterRunLog = Pick<RunRecord, 'kind' | 'pipeline' | 'partition' | 'owner' | 'freshWithin' | 'params'> & {
  readonly inputs: Readonly<Record<string, StageInput>>;
  readonly engine: 'emr' | 'serverless';
};

/** A cluster run's inputs: an s3:// URI read in place (its size unknown), or the local files uploaded. */
export function stageInputsRecord(inputs: Readonly<Record<string, StageInput>>): RunRecord['inputs'] {
  return Object.entries(inputs).map(([name, i]) => (typeof i === 'string' ? { name, path: i, bytes: null } : recordInputs(manifestInputs({ [name]: i }, null, '.'))[0]));
}
