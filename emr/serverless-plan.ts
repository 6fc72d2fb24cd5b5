// An EMR Serverless submission worked out before anything is sent: S3 keys, the application to create (or the
// one to use), the StartJobRun request and the cost. `submit --serverless --dry-run` prints exactly this.
import type { CreateApplicationCommandInput, StartJobRunCommandInput } from '@aws-sdk/client-emr-serverless';
import { JobError } from '../plan/index.ts';
import type { LoadedBundle } from './bundle-reader.ts';
import { TAG_JOB, TAG_PLAN_HASH, TAG_RUN_ID } from './cluster.ts';
import { estimateServerlessCost, type ServerlessCostEstimate } from './cost.ts';
import type { ServerlessProfile, ServerlessWorker } from './profile.ts';
import { newRunId } from './run-id.ts';
import { planStaging, type StageInput, type StagingPlan } from './stage.ts';
import { sparkScriptArgs } from './steps.ts';
import { stagingDocument, stagingRequests, type PlannedRequest } from './submission.ts';

/** Stands for the id CreateApplication answers, in a dry run's requests. */
export const NEW_APPLICATION_ID = '<applicationId from CreateApplication>';
/** An application this run creates stops itself after this long idle, should the run be unable to stop it. */
export const AUTO_STOP_IDLE_MINUTES = 15;

export interface ServerlessRequest {
  readonly bundle: LoadedBundle;
  readonly inputs: Readonly<Record<string, StageInput>>;
  readonly profile: ServerlessProfile;
  readonly runId?: string;
  readonly params?: Readonly<Record<string, string>>;
}

export type ApplicationPlan =
  | { readonly kind: 'existing'; readonly applicationId: string }
  | { readonly kind: 'new'; readonly input: CreateApplicationCommandInput };

export interface ServerlessSubmission {
  readonly runId: string;
  readonly job: string;
  readonly planHash: string;
  readonly profile: ServerlessProfile;
  readonly staging: StagingPlan;
  readonly application: ApplicationPlan;
  /** applicationId is NEW_APPLICATION_ID until CreateApplication answers. */
  readonly jobRun: StartJobRunCommandInput;
  readonly cost: ServerlessCostEstimate;
  readonly localScript: string;
}

export async function planServerlessSubmission(req: ServerlessRequest): Promise<ServerlessSubmission> {
  const runId = req.runId ?? newRunId();
  const { manifest } = req.bundle;
  if (!manifest.targets.pyspark) {
    throw new JobError('usage', `the bundle of '${manifest.job}' has no PySpark script (EMR Serverless runs Spark): compile it with --target pyspark`);
  }
  const staging = await planStaging(req.bundle, 'spark', req.inputs, req.profile, runId);
  const sv = req.profile.serverless;
  const tags = { ...req.profile.tags, [TAG_JOB]: manifest.job, [TAG_PLAN_HASH]: manifest.planHash, [TAG_RUN_ID]: runId };
  const application: ApplicationPlan =
    sv.application.kind === 'existing'
      ? { kind: 'existing', applicationId: sv.application.applicationId }
      : {
          kind: 'new',
          input: {
            // Application names take [A-Za-z0-9._/#-], at most 64.
            name: `emr-jobs-${manifest.job}-${runId}`.replace(/[^A-Za-z0-9._/#-]/g, '-').slice(0, 64),
            releaseLabel: sv.application.releaseLabel,
            type: 'SPARK',
            clientToken: `emr-jobs-app-${runId}`,
            autoStartConfiguration: { enabled: true },
            autoStopConfiguration: { enabled: true, idleTimeoutMinutes: AUTO_STOP_IDLE_MINUTES },
            // Never more than the estimate counts: the driver and maxExecutors executors.
            maximumCapacity: {
              cpu: `${sv.driver.vcpu + sv.maxExecutors * sv.executor.vcpu} vCPU`,
              memory: `${sv.driver.memoryGb + sv.maxExecutors * sv.executor.memoryGb} GB`,
            },
            tags,
          },
        };
  const script = req.bundle.files.find((f) => staging.scriptUri.endsWith(`/${f.name}`))!;
  const jobRun: StartJobRunCommandInput = {
    applicationId: application.kind === 'existing' ? application.applicationId : NEW_APPLICATION_ID,
    // The same token on every retry: EMR Serverless starts one job run for it, however often it is sent.
    clientToken: `emr-jobs-run-${runId}`,
    executionRoleArn: sv.executionRoleArn,
    name: `${manifest.job} ${runId}`,
    jobDriver: { sparkSubmit: { entryPoint: staging.scriptUri, entryPointArguments: sparkScriptArgs(staging, req.params), sparkSubmitParameters: sparkSubmitParameters(sv) } },
    configurationOverrides: { monitoringConfiguration: { s3MonitoringConfiguration: { logUri: sv.logUri } } },
    tags,
  };
  return {
    runId,
    job: manifest.job,
    planHash: manifest.planHash,
    profile: req.profile,
    staging,
    application,
    jobRun,
    cost: estimateServerlessCost(sv, req.profile.expectedMinutes),
    localScript: script.path,
  };
}

/**
 * Worker sizes as Spark settings: cores = the worker's vCPU, memory = the worker's less Spark's 10% overhead
 * (EMR Serverless sizes a worker from memory + overhead); dynamic allocation stays on, capped at maxExecutors.
 */
export function sparkSubmitParameters(sv: ServerlessProfile['serverless']): string {
  const heap = (w: ServerlessWorker) => `${Math.max(1, Math.floor(w.memoryGb / 1.1))}g`;
  return [
    `spark.driver.cores=${sv.driver.vcpu}`, `spark.driver.memory=${heap(sv.driver)}`,
    `spark.executor.cores=${sv.executor.vcpu}`, `spark.executor.memory=${heap(sv.executor)}`,
    `spark.dynamicAllocation.maxExecutors=${sv.maxExecutors}`,
  ].map((c) => `--conf ${c}`).join(' ');
}

/** Every request `submit --serverless` would send, in order. */
export function serverlessRequests(s: ServerlessSubmission): PlannedRequest[] {
  const reqs = stagingRequests(s.staging.files);
  const es = (command: string, input: unknown, note?: string): PlannedRequest => ({ service: 'emr-serverless', command, input, ...(note ? { note } : {}) });
  const poll = `repeated every ${s.profile.pollSeconds}s, backing off to ${s.profile.maxPollSeconds}s`;
  const appId = s.jobRun.applicationId;
  if (s.application.kind === 'new') {
    reqs.push(es('CreateApplication', s.application.input));
    reqs.push(es('GetApplication', { applicationId: appId }, `${poll}, until CREATED`));
    reqs.push(es('StartApplication', { applicationId: appId }));
    reqs.push(es('GetApplication', { applicationId: appId }, `${poll}, until STARTED`));
  }
  reqs.push(es('StartJobRun', s.jobRun));
  reqs.push(es('GetJobRun', { applicationId: appId, jobRunId: '<jobRunId from StartJobRun>' }, `${poll}, until SUCCESS, FAILED or CANCELLED`));
  if (s.application.kind === 'new') {
    const always = 'always, whatever the outcome (and on Ctrl-C/SIGTERM, after CancelJobRun)';
    reqs.push(es('StopApplication', { applicationId: appId }, always));
    reqs.push(es('GetApplication', { applicationId: appId }, `${poll}, until STOPPED`));
    reqs.push(es('DeleteApplication', { applicationId: appId }, always));
  }
  return reqs;
}

export function serverlessDryRunDocument(s: ServerlessSubmission): unknown {
  const c = s.cost;
  return {
    dryRun: true,
    target: 'emr-serverless',
    profile: s.profile.name,
    runId: s.runId,
    job: s.job,
    engine: 'spark',
    planHash: s.planHash,
    application: s.application.kind === 'existing' ? { id: s.application.applicationId } : { create: s.application.input.releaseLabel, deletedAtTheEnd: true },
    s3: stagingDocument(s.staging),
    logs: `${s.profile.serverless.logUri}applications/${s.jobRun.applicationId}/jobs/<jobRunId>/SPARK_DRIVER/`,
    cost: { totalUsd: c.totalUsd, minutes: c.minutes, billedSeconds: c.billedSeconds, vcpuHours: c.vcpuHours, gbHours: c.gbHours, lines: c.lines, prices: s.profile.serverless.prices },
    requests: serverlessRequests(s),
  };
}
