// An EMR Serverless submission worked out before anything is sent: S3 keys, the application to create (or the
// one to use), the StartJobRun request and the cost. `submit --serverless --dry-run` prints exactly this.
import type { CreateApplicationCommandInput, StartJobRunCommandInput } from '@aws-sdk/client-emr-serverless';
import { JobError } from '../plan/index.ts';
import type { LoadedBundle } from './bundle-reader.ts';
import { TAG_JOB, TAG_PLAN_HASH, TAG_RUN_ID } from './cluster.ts';
import { modelDocument, type ServerlessCostEstimate } from './cost.ts';
import type { InputMeasurer } from './input-measure.ts';
import type { ServerlessProfile, ServerlessWorker } from './profile.ts';
import { jobWork, measureInputs, serverlessRunCost } from './run-cost.ts';
import { newRunId } from './run-id.ts';
import { planStaging, type StagedFile, type StageInput, type StagingPlan } from './stage.ts';
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
  /** Measures the inputs for the cost estimate (local stat, S3 listing); without it, expectedMinutes decides. */
  readonly measure?: InputMeasurer;
}

export type ApplicationPlan =
  | { readonly kind: 'existing'; readonly applicationId: string }
  | { readonly kind: 'new'; readonly input: CreateApplicationCommandInput };

/** One StartJobRun of a run: a job's only one, or one per stage of a pipeline. */
export interface PlannedJobRun {
  /** In a pipeline run: the stage it runs, its job, and the stages whose outputs it reads (it starts after them). */
  readonly stage: { readonly stage: string; readonly job: string; readonly after: readonly string[] } | null;
  /** applicationId is NEW_APPLICATION_ID until CreateApplication answers. */
  readonly input: StartJobRunCommandInput;
  readonly scriptUri: string;
  readonly localScript: string;
}

/** What `executeServerless` runs: files to stage, the application, the job runs (each after those it reads), one cost. */
export interface ServerlessRun {
  readonly runId: string;
  /** What runs, for the run's first line: `top-pages (spark)`, `pipeline daily (2 stages: ...)`. */
  readonly title: string;
  readonly profile: ServerlessProfile;
  readonly files: readonly StagedFile[];
  readonly application: ApplicationPlan;
  readonly jobRuns: readonly PlannedJobRun[];
  /** Output (`name`, or `stage.name` in a pipeline) -> s3:// folder, printed when the run succeeds. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly cost: ServerlessCostEstimate;
}

export interface ServerlessSubmission extends ServerlessRun {
  readonly job: string;
  readonly planHash: string;
  readonly staging: StagingPlan;
  /** applicationId is NEW_APPLICATION_ID until CreateApplication answers. */
  readonly jobRun: StartJobRunCommandInput;
  readonly localScript: string;
}

export async function planServerlessSubmission(req: ServerlessRequest): Promise<ServerlessSubmission> {
  const runId = req.runId ?? newRunId();
  const { manifest } = req.bundle;
  if (!manifest.targets.pyspark) {
    throw new JobError('usage', `the bundle of '${manifest.job}' has no PySpark script (EMR Serverless runs Spark): compile it with --target pyspark`);
  }
  const staging = await planStaging(req.bundle, 'spark', req.inputs, req.profile, runId);
  const tags = serverlessTags(req.profile, manifest.job, manifest.planHash, runId);
  const application = applicationPlan(req.profile, manifest.job, runId, tags);
  const script = req.bundle.files.find((f) => staging.scriptUri.endsWith(`/${f.name}`))!;
  const jobRun = startJobRunInput(req.profile, application, { token: runId, name: `${manifest.job} ${runId}`, scriptUri: staging.scriptUri, args: sparkScriptArgs(staging, req.params), tags });
  const m = await measureInputs(req.measure, req.inputs);
  return {
    runId,
    title: `${manifest.job} (spark)`,
    job: manifest.job,
    planHash: manifest.planHash,
    profile: req.profile,
    staging,
    files: staging.files,
    application,
    jobRun,
    jobRuns: [{ stage: null, input: jobRun, scriptUri: staging.scriptUri, localScript: script.path }],
    outputs: staging.outputs,
    cost: serverlessRunCost(req.profile, [jobWork(manifest.job, 'spark', req.bundle.plan, m.inputs)], [...m.inputs.values()], m.failure),
    localScript: script.path,
  };
}

/** The tags of the application and job runs of one run: the profile's, and the job (or pipeline), its hash and the run. */
export function serverlessTags(profile: ServerlessProfile, job: string, planHash: string, runId: string): Record<string, string> {
  return { ...profile.tags, [TAG_JOB]: job, [TAG_PLAN_HASH]: planHash, [TAG_RUN_ID]: runId };
}

/**
 * The profile's application, or the CreateApplication request of one for this run, whose capacity holds
 * `concurrent` job runs of the driver and maxExecutors executors each.
 */
export function applicationPlan(profile: ServerlessProfile, job: string, runId: string, tags: Record<string, string>, concurrent = 1): ApplicationPlan {
  const sv = profile.serverless;
  return sv.application.kind === 'existing'
      ? { kind: 'existing', applicationId: sv.application.applicationId }
      : {
          kind: 'new',
          input: {
            // Application names take [A-Za-z0-9._/#-], at most 64.
            name: `emr-jobs-${job}-${runId}`.replace(/[^A-Za-z0-9._/#-]/g, '-').slice(0, 64),
            releaseLabel: sv.application.releaseLabel,
            type: 'SPARK',
            clientToken: `emr-jobs-app-${runId}`,
            autoStartConfiguration: { enabled: true },
            autoStopConfiguration: { enabled: true, idleTimeoutMinutes: AUTO_STOP_IDLE_MINUTES },
            // Never more than the estimate counts: the driver and maxExecutors executors of each job run at a time.
            maximumCapacity: {
              cpu: `${concurrent * (sv.driver.vcpu + sv.maxExecutors * sv.executor.vcpu)} vCPU`,
              memory: `${concurrent * (sv.driver.memoryGb + sv.maxExecutors * sv.executor.memoryGb)} GB`,
            },
            tags,
          },
        };
}

export interface JobRunSpec {
  /** Makes the client token: the same on every retry, so EMR Serverless starts one job run for it. */
  readonly token: string;
  readonly name: string;
  readonly scriptUri: string;
  readonly args: readonly string[];
  readonly tags: Record<string, string>;
}

/** One StartJobRun request: the staged script, its arguments, the worker sizes and the log folder. */
export function startJobRunInput(profile: ServerlessProfile, application: ApplicationPlan, spec: JobRunSpec): StartJobRunCommandInput {
  const sv = profile.serverless;
  return {
    applicationId: application.kind === 'existing' ? application.applicationId : NEW_APPLICATION_ID,
    clientToken: `emr-jobs-run-${spec.token}`,
    executionRoleArn: sv.executionRoleArn,
    name: spec.name,
    jobDriver: { sparkSubmit: { entryPoint: spec.scriptUri, entryPointArguments: [...spec.args], sparkSubmitParameters: sparkSubmitParameters(sv) } },
    configurationOverrides: { monitoringConfiguration: { s3MonitoringConfiguration: { logUri: sv.logUri } } },
    tags: spec.tags,
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
export function serverlessRequests(s: ServerlessRun): PlannedRequest[] {
  const reqs = stagingRequests(s.files);
  const es = (command: string, input: unknown, note?: string): PlannedRequest => ({ service: 'emr-serverless', command, input, ...(note ? { note } : {}) });
  const poll = `repeated every ${s.profile.pollSeconds}s, backing off to ${s.profile.maxPollSeconds}s`;
  const appId = s.application.kind === 'existing' ? s.application.applicationId : NEW_APPLICATION_ID;
  if (s.application.kind === 'new') {
    reqs.push(es('CreateApplication', s.application.input));
    reqs.push(es('GetApplication', { applicationId: appId }, `${poll}, until CREATED`));
    reqs.push(es('StartApplication', { applicationId: appId }));
    reqs.push(es('GetApplication', { applicationId: appId }, `${poll}, until STARTED`));
  }
  const atATime = `at most ${s.profile.serverless.maxConcurrentJobRuns} job runs at a time`;
  for (const r of s.jobRuns) {
    const of = r.stage ? ` (stage ${r.stage.stage})` : '';
    const when = !r.stage ? undefined : r.stage.after.length ? `once the job runs of ${r.stage.after.join(', ')} end in SUCCESS, ${atATime}` : `at the start, ${atATime}`;
    reqs.push(es('StartJobRun', r.input, when));
    reqs.push(es('GetJobRun', { applicationId: appId, jobRunId: `<jobRunId from StartJobRun${of}>` }, `${poll}, until SUCCESS, FAILED or CANCELLED`));
  }
  if (s.application.kind === 'new') {
    const always = 'always, whatever the outcome (and on Ctrl-C/SIGTERM, after CancelJobRun)';
    reqs.push(es('StopApplication', { applicationId: appId }, always));
    reqs.push(es('GetApplication', { applicationId: appId }, `${poll}, until STOPPED`));
    reqs.push(es('DeleteApplication', { applicationId: appId }, always));
  }
  return reqs;
}

export function serverlessDryRunDocument(s: ServerlessSubmission): unknown {
  return serverlessRunDocument(s, { job: s.job, engine: 'spark', planHash: s.planHash }, {
    s3: stagingDocument(s.staging),
    logs: `${s.profile.serverless.logUri}applications/${s.jobRun.applicationId}/jobs/<jobRunId>/SPARK_DRIVER/`,
  });
}

/** A Serverless run's `--dry-run` document: what runs (`head`), the application, `body`, one cost, every request. */
export function serverlessRunDocument(s: ServerlessRun, head: Record<string, unknown>, body: Record<string, unknown>, cost: Record<string, unknown> = {}): unknown {
  const c = s.cost;
  return {
    dryRun: true,
    target: 'emr-serverless',
    profile: s.profile.name,
    runId: s.runId,
    ...head,
    application: s.application.kind === 'existing' ? { id: s.application.applicationId } : { create: s.application.input.releaseLabel, deletedAtTheEnd: true },
    ...body,
    cost: {
      totalUsd: c.totalUsd, minutes: c.minutes, jobRuns: c.jobRuns, ...cost, billedSeconds: c.billedSeconds, vcpuHours: c.vcpuHours, gbHours: c.gbHours, lines: c.lines,
      prices: s.profile.serverless.prices, ...(c.model ? { model: modelDocument(c.model) } : {}), ...(c.unmeasured ? { unmeasured: c.unmeasured } : {}),
    },
    requests: serverlessRequests(s),
  };
}
