// submit() of emr-jobs/api: a job compiled, staged and run on EMR from code, as `emr-jobs submit` does it,
// with the same guarantees (a cluster it starts is terminated at the end, on failure and on abort).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JobDefinition } from '../dsl/index.ts';
import type { Plan } from '../plan/index.ts';
import { writeBundle } from '../codegen/bundle.ts';
import { closeClients, makeClients } from '../emr/aws-clients.ts';
import { readBundle, TARGET_OF, type Engine } from '../emr/bundle-reader.ts';
import { loadProfile } from '../emr/config.ts';
import type { ProfileOverrides } from '../emr/profile.ts';
import { executeSubmission, type SubmitOutcome } from '../emr/submit.ts';
import { dryRunDocument, planSubmission } from '../emr/submission.ts';
import { planOf } from './plan-of.ts';

export interface SubmitJobOptions {
  /** Input name -> local path (staged to S3) or s3:// URI. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Which compiled script runs on the cluster (default spark). */
  readonly engine?: Engine;
  /** emr-jobs.config.json (default: the one in the working directory, if any) and its profile. */
  readonly configFile?: string;
  readonly profile?: string;
  /** Settings over the profile's, as the command's flags are (region, bucket, releaseLabel, …). */
  readonly overrides?: ProfileOverrides & { readonly region?: string; readonly endpoint?: string };
  /** Add the step to this running cluster instead of starting one. */
  readonly clusterId?: string;
  /** Return the planned requests instead of sending anything. */
  readonly dryRun?: boolean;
  /** Return once the cluster and steps exist, without waiting. */
  readonly detach?: boolean;
  /** Refuse to start a cluster whose estimated cost (USD) is above this. */
  readonly maxCost?: number;
  /** Aborting stops the wait and terminates the cluster this run started. */
  readonly signal?: AbortSignal;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

export type SubmitJobResult = { readonly kind: 'dry-run'; readonly requests: unknown } | SubmitOutcome;

/**
 * Compiles `job` for one engine, stages it and its local inputs in S3 and runs it on EMR.
 * ```ts
 * import { submit } from 'emr-jobs/api';
 * const outcome = await submit(topPages, { inputs: { logs: 's3://my-logs/2015/05/17/' }, profile: 'prod' });
 * if (outcome.kind !== 'succeeded') process.exitCode = 1;
 * ```
 */
export async function submit(job: JobDefinition | Plan, opts: SubmitJobOptions): Promise<SubmitJobResult> {
  const plan = planOf(job);
  const engine = opts.engine ?? 'spark';
  const { region, endpoint, ...rest } = opts.overrides ?? {};
  const profile = loadProfile({ configFile: opts.configFile, profile: opts.profile, overrides: { ...rest, region, endpoint } });
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-bundle-'));
  try {
    const written = writeBundle(plan, [TARGET_OF[engine]], dir);
    const error = written.errors[TARGET_OF[engine]];
    if (error) throw error;
    const submission = await planSubmission({ bundle: readBundle(dir), engine, inputs: opts.inputs, profile, clusterId: opts.clusterId });
    if (opts.dryRun) return { kind: 'dry-run', requests: dryRunDocument(submission) };
    const log = opts.log ?? (() => {});
    const aws = makeClients(profile);
    try {
      const reporter = { update: () => {}, info: log, stop: () => {} };
      return await executeSubmission(submission, aws, { out: log, err: log, reporter }, { detach: opts.detach, maxCost: opts.maxCost, signal: opts.signal });
    } finally {
      closeClients(aws);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
