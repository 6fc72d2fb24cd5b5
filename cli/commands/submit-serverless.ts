// `emr-jobs submit <job|pipeline> --serverless`: the job's PySpark script as an EMR Serverless job run
// (emr/serverless.ts), or each stage's of a pipeline (each once the stages it reads succeeded, independent ones
// together), on the profile's application or on one created, started, stopped and deleted for the run.
import path from 'node:path';
import { closeClients, makeClients, makeServerlessClient } from '../../emr/aws-clients.ts';
import { loadServerlessProfile } from '../../emr/config.ts';
import { checkMaxCost, serverlessCostText } from '../../emr/cost.ts';
import { Interrupted, withInterrupt } from '../../emr/interrupt.ts';
import { makeReporter } from '../../emr/progress-reporter.ts';
import { executeServerless, newServerlessTrack, serverlessLeftBehind, type ServerlessOutcome } from '../../emr/serverless.ts';
import { planServerlessSubmission, serverlessDryRunDocument, type ServerlessRun } from '../../emr/serverless-plan.ts';
import { planServerlessPipeline, refusePigStages, serverlessPipelineDryRunDocument, serverlessPipelineText } from '../../emr/serverless-pipeline.ts';
import type { ServerlessProfile } from '../../emr/profile.ts';
import { bindPipelineSubmission, pipelineBundle, usageErrors, type PipelineSource } from '../pipeline-submit.ts';
import { EXIT_FAILED, EXIT_USAGE, exitWith } from '../exit-codes.ts';
import { projectLayout } from '../project-root.ts';
import { isPipelineBundle } from '../../emr/pipeline-bundle-reader.ts';
import { loadJobOrPipeline } from '../load-job.ts';
import { bindJobRun, bundleFor, loadPipelineName, type SubmitFlags } from './submit.ts';
import { logRemoteRun, withInputMeasurer } from '../emr-run.ts';
import type { InputMeasurer } from '../../emr/input-measure.ts';
import { partitionOf, type ClusterRunLog } from '../run-log.ts';

/** Flags that size or place an EMR cluster: meaningless for EMR Serverless, so refused rather than ignored. */
const CLUSTER_ONLY: readonly (readonly [keyof SubmitFlags, string])[] = [
  ['clusterId', '--cluster-id'], ['detach', '--detach'], ['instanceType', '--instance-type'], ['instanceCount', '--instance-count'],
  ['masterInstanceType', '--master-instance-type'], ['coreInstanceType', '--core-instance-type'], ['coreInstanceCount', '--core-instance-count'],
  ['serviceRole', '--service-role'], ['jobFlowRole', '--job-flow-role'], ['subnetId', '--subnet-id'], ['idleTimeout', '--idle-timeout'],
];

function checkFlags(flags: SubmitFlags): void {
  if (flags.emr) throw exitWith(EXIT_USAGE, 'usage', '--emr and --serverless name two targets: give one');
  if (flags.engine === 'pig') {
    throw exitWith(EXIT_USAGE, 'usage', '--engine pig cannot run on EMR Serverless, which runs Spark and Hive only: drop --serverless (an EMR cluster runs Pig) or use --engine spark');
  }
  const given = CLUSTER_ONLY.filter(([k]) => flags[k] !== undefined).map(([, f]) => f);
  if (given.length) throw exitWith(EXIT_USAGE, 'usage', `${given.join(', ')}: for EMR clusters, not --serverless`);
}

/** The profile's serverless settings, every flag winning over it. */
function serverlessProfile(flags: SubmitFlags): ServerlessProfile {
  return loadServerlessProfile({
    configFile: flags.config && path.resolve(flags.config),
    profile: flags.profile,
    cwd: projectLayout().root,
    overrides: {
      region: flags.region, endpoint: flags.endpoint, bucket: flags.bucket, prefix: flags.prefix, releaseLabel: flags.releaseLabel, logUri: flags.logUri,
      tags: flags.tag, expectedMinutes: flags.expectedMinutes, pollSeconds: flags.pollSeconds, maxPollSeconds: flags.maxPollSeconds,
      retryGraceSeconds: flags.retryGrace, applicationId: flags.applicationId, executionRoleArn: flags.executionRoleArn,
    },
  });
}

export async function submitServerless(job: string | undefined, flags: SubmitFlags): Promise<void> {
  checkFlags(flags);
  const profile = serverlessProfile(flags);
  const loaded = flags.bundle === undefined && job !== undefined ? await loadJobOrPipeline(job) : null;
  if (loaded && 'pipeline' in loaded) return submitServerlessPipeline({ kind: 'file', loaded }, flags, profile);
  if (flags.bundle !== undefined && isPipelineBundle(path.resolve(flags.bundle))) {
    return submitServerlessPipeline({ kind: 'bundle', dir: path.resolve(flags.bundle), name: job === undefined ? undefined : await loadPipelineName(job) }, flags, profile);
  }
  const { bundle, cleanup } = await bundleFor(job, loaded?.plan, flags);
  try {
    const { params, inputs } = bindJobRun(bundle, flags);
    const submission = await withInputMeasurer(profile, (measure) => planServerlessSubmission({ bundle, inputs, profile, params: params.texts, measure }));
    if (flags.dryRun) {
      process.stderr.write(`${serverlessCostText(submission.cost, profile.serverless)}\n`);
      process.stdout.write(`${JSON.stringify(serverlessDryRunDocument(submission), null, 2)}\n`);
      checkMaxCost(submission.cost, flags.maxCost, profile);
      return;
    }
    const log: RunLogged = {
      job: submission.job,
      planHash: submission.planHash,
      record: { kind: 'job', pipeline: null, partition: null, owner: bundle.plan.owner ?? null, freshWithin: bundle.plan.freshWithin ?? null, params: params.texts, inputs, engine: 'serverless' },
    };
    await runServerless(submission, flags, log, (o) => `the job run did not complete on EMR Serverless (application ${o.applicationId}, job run ${o.jobRun.id} ${o.jobRun.state})`);
  } finally {
    cleanup();
  }
}

/**
 * `submit <pipeline> --serverless`: every stage a job run on one application, started once the stages it reads
 * succeeded, bound to the S3 paths its cluster step would use. Pig stages are refused before anything is staged.
 */
async function submitServerlessPipeline(source: PipelineSource, flags: SubmitFlags, profile: ServerlessProfile): Promise<void> {
  const { bundle, cleanup } = await pipelineBundle(source);
  try {
    const { toPySpark } = await import('../../codegen/pyspark/index.ts');
    const plans = new Map(bundle.plan.stages.map((s) => [s.name, s.plan]));
    await usageErrors(() => refusePigStages(bundle, (stage) => compileProblem(() => toPySpark(plans.get(stage)!))));
    const { texts, inputs, unset, noteUnset } = bindPipelineSubmission(bundle, flags);
    // An input path still holding a {placeholder} names nothing to measure: the estimate then uses expectedMinutes.
    const plan = (measure?: InputMeasurer) => usageErrors(() => planServerlessPipeline({ bundle, inputs, params: texts, profile, measure }));
    const submission = unset.length ? await plan() : await withInputMeasurer(profile, plan);
    noteUnset('; the inputs are not measured, the cost uses expectedMinutes');
    process.stderr.write(`${serverlessPipelineText(submission)}\n`);
    if (flags.dryRun) {
      process.stderr.write(`${serverlessCostText(submission.cost, profile.serverless)}\n`);
      process.stdout.write(`${JSON.stringify(serverlessPipelineDryRunDocument(submission), null, 2)}\n`);
      checkMaxCost(submission.cost, flags.maxCost, profile);
      return;
    }
    const p = bundle.plan;
    const log: RunLogged = {
      job: p.pipeline,
      planHash: submission.pipelineHash,
      record: { kind: 'pipeline', pipeline: p.pipeline, partition: partitionOf(p, texts), owner: p.owner ?? null, freshWithin: p.freshWithin ?? null, params: texts, inputs, engine: 'serverless' },
    };
    await runServerless(submission, flags, log, (o) => {
      const stateOf = new Map(o.ended.map((e) => [e.planned, e.state]));
      const states = submission.jobRuns.map((r) => `${r.stage!.stage} ${stateOf.get(r) ?? 'not started'}`);
      return `pipeline ${submission.pipeline} did not complete on EMR Serverless (application ${o.applicationId}: ${states.join(', ')})`;
    });
  } finally {
    cleanup();
  }
}

/** null when `compile` succeeds, else what it said. */
function compileProblem(compile: () => unknown): string | null {
  try {
    compile();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

type Failed = Extract<ServerlessOutcome, { kind: 'failed' }>;

/** What a run's record says beside its outcome (the run log, cli/run-log.ts). */
interface RunLogged {
  readonly job: string;
  readonly planHash: string;
  readonly record: ClusterRunLog;
}

/** Runs the job runs with the progress display; Ctrl-C/SIGTERM cancel the running ones; a failure exits 1 with `failure`'s words. */
async function runServerless(run: ServerlessRun, flags: SubmitFlags, log: RunLogged, failure: (o: Failed) => string): Promise<void> {
  const aws = makeClients(run.profile);
  const serverless = makeServerlessClient(run.profile);
  const reporter = makeReporter();
  const io = { out: (l: string) => process.stdout.write(`${l}\n`), err: (l: string) => reporter.info(l), reporter };
  const track = newServerlessTrack(run);
  let interrupted: Interrupted | null = null;
  const started = new Date().toISOString();
  try {
    const outcome = await withInterrupt(
      (signal) => {
        signal.addEventListener('abort', () => (interrupted = signal.reason as Interrupted), { once: true });
        return executeServerless(run, { serverless, s3: aws.s3 }, io, { maxCost: flags.maxCost, signal, track });
      },
      { warn: (l) => process.stderr.write(`${l}\n`), leftBehind: () => serverlessLeftBehind(run, track) },
    );
    if (outcome.kind === 'interrupted') process.exitCode = (interrupted as Interrupted | null)?.exitCode ?? 130;
    await logRemoteRun(log.record, {
      job: log.job,
      planHash: log.planHash,
      outputs: run.outputs,
      started,
      status: outcome.kind,
      error: outcome.kind === 'failed' ? `job run ${outcome.jobRun.id} ${outcome.jobRun.state}${outcome.planned.stage ? ` (stage ${outcome.planned.stage.stage})` : ''}` : null,
      clusterId: outcome.applicationId,
      costUsd: run.cost.totalUsd,
    }, aws.s3, run.profile);
    if (outcome.kind === 'failed') {
      if (outcome.planned.stage) {
        const cancelled = outcome.ended.filter((e) => e.planned !== outcome.planned && e.state !== 'SUCCESS').map((e) => `${e.planned.stage!.stage} ${e.state}`);
        const rest = outcome.notStarted.map((r) => r.stage!.stage);
        const after = [...(cancelled.length ? [`stopped: ${cancelled.join(', ')}`] : []), ...(rest.length ? [`not started: ${rest.join(', ')}`] : [])];
        io.err(`stage ${outcome.planned.stage.stage} (job ${outcome.planned.stage.job}) ${outcome.jobRun.state}${after.map((a) => `; ${a}`).join('')}`);
      }
      throw exitWith(EXIT_FAILED, 'engine', failure(outcome));
    }
  } finally {
    reporter.stop();
    closeClients(aws);
    serverless.destroy();
  }
}
