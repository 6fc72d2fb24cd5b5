// `emr-jobs submit <job> --serverless`: the job's PySpark script as an EMR Serverless job run (emr/serverless.ts),
// on the profile's application or on one created, started, stopped and deleted for the run.
import path from 'node:path';
import { closeClients, makeClients, makeServerlessClient } from '../../emr/aws-clients.ts';
import { loadServerlessProfile } from '../../emr/config.ts';
import { checkMaxCost } from '../../emr/cost.ts';
import { Interrupted, withInterrupt } from '../../emr/interrupt.ts';
import { makeReporter } from '../../emr/progress-reporter.ts';
import { executeServerless, newServerlessTrack, serverlessLeftBehind } from '../../emr/serverless.ts';
import { planServerlessSubmission, serverlessDryRunDocument } from '../../emr/serverless-plan.ts';
import { EXIT_FAILED, EXIT_USAGE, exitWith } from '../exit-codes.ts';
import { projectLayout } from '../project-root.ts';
import { isPipelineBundle } from '../../emr/pipeline-bundle-reader.ts';
import { loadJobOrPipeline } from '../load-job.ts';
import { bindJobRun, bundleFor, type SubmitFlags } from './submit.ts';
import { logRemoteRun } from '../emr-run.ts';

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

export async function submitServerless(job: string | undefined, flags: SubmitFlags): Promise<void> {
  checkFlags(flags);
  const profile = loadServerlessProfile({
    configFile: flags.config && path.resolve(flags.config),
    profile: flags.profile,
    cwd: projectLayout().root,
    overrides: {
      region: flags.region, endpoint: flags.endpoint, bucket: flags.bucket, prefix: flags.prefix, releaseLabel: flags.releaseLabel, logUri: flags.logUri,
      tags: flags.tag, expectedMinutes: flags.expectedMinutes, pollSeconds: flags.pollSeconds, maxPollSeconds: flags.maxPollSeconds,
      retryGraceSeconds: flags.retryGrace, applicationId: flags.applicationId, executionRoleArn: flags.executionRoleArn,
    },
  });
  const loaded = flags.bundle === undefined && job !== undefined ? await loadJobOrPipeline(job) : null;
  if ((loaded && 'pipeline' in loaded) || (flags.bundle !== undefined && isPipelineBundle(path.resolve(flags.bundle)))) {
    throw exitWith(EXIT_USAGE, 'usage', 'a pipeline runs on an EMR cluster (--emr), not yet on EMR Serverless, which would also refuse its Pig stages: submit it with --emr');
  }
  const { bundle, cleanup } = await bundleFor(job, loaded?.plan, flags);
  try {
    const { params, inputs } = bindJobRun(bundle, flags);
    const submission = await planServerlessSubmission({ bundle, inputs, profile, params: params.texts });
    if (flags.dryRun) {
      process.stdout.write(`${JSON.stringify(serverlessDryRunDocument(submission), null, 2)}\n`);
      checkMaxCost(submission.cost, flags.maxCost, profile);
      return;
    }
    const aws = makeClients(profile);
    const serverless = makeServerlessClient(profile);
    const reporter = makeReporter();
    const io = { out: (l: string) => process.stdout.write(`${l}\n`), err: (l: string) => reporter.info(l), reporter };
    const track = newServerlessTrack(submission);
    let interrupted: Interrupted | null = null;
    const started = new Date().toISOString();
    try {
      const outcome = await withInterrupt(
        (signal) => {
          signal.addEventListener('abort', () => (interrupted = signal.reason as Interrupted), { once: true });
          return executeServerless(submission, { serverless, s3: aws.s3 }, io, { maxCost: flags.maxCost, signal, track });
        },
        { warn: (l) => process.stderr.write(`${l}\n`), leftBehind: () => serverlessLeftBehind(submission, track) },
      );
      if (outcome.kind === 'interrupted') process.exitCode = (interrupted as Interrupted | null)?.exitCode ?? 130;
      const log = { kind: 'job' as const, pipeline: null, partition: null, owner: bundle.plan.owner ?? null, freshWithin: bundle.plan.freshWithin ?? null, params: params.texts, inputs, engine: 'serverless' as const };
      await logRemoteRun(log, {
        job: submission.job,
        planHash: submission.planHash,
        outputs: submission.staging.outputs,
        started,
        status: outcome.kind,
        error: outcome.kind === 'failed' ? `job run ${outcome.jobRun.id} ${outcome.jobRun.state}` : null,
        clusterId: outcome.applicationId,
        costUsd: submission.cost.totalUsd,
      }, aws.s3, profile);
      if (outcome.kind === 'failed') {
        throw exitWith(EXIT_FAILED, 'engine', `the job run did not complete on EMR Serverless (application ${outcome.applicationId}, job run ${outcome.jobRun.id} ${outcome.jobRun.state})`);
      }
    } finally {
      reporter.stop();
      closeClients(aws);
      serverless.destroy();
    }
  } finally {
    cleanup();
  }
}
