// `emr-jobs submit <job> --emr`: stages the compiled job in S3, runs it as an EMR step on a transient
// cluster (or an existing one), waits, and explains a failure from the step's logs. `--emr` names the target,
// an EMR cluster: the default and, for now, the only one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EMRClient } from '@aws-sdk/client-emr';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { JobError, type Plan } from '../../plan/index.ts';
import { isPipelineBundle } from '../../emr/pipeline-bundle-reader.ts';
import { readBundle, TARGET_OF, type Engine, type LoadedBundle } from '../../emr/bundle-reader.ts';
import { loadClientSettings, loadProfile, type ClientSettings } from '../../emr/config.ts';
import { costText } from '../../emr/cost.ts';
import { clusterShapeText } from '../../emr/cluster-shape.ts';
import { withAwsErrors } from '../aws-error-exit.ts';
import type { EmrProfile, ProfileOverrides } from '../../emr/profile.ts';
import { dryRunDocument, planSubmission } from '../../emr/submission.ts';
import { describeRun, type ClusterView } from '../../emr/wait.ts';
import { CliExit, EXIT_FAILED, EXIT_USAGE, exitWith } from '../exit-codes.ts';
import { loadJob, loadJobOrPipeline } from '../load-job.ts';
import { dryRunOrRun, stageInputs, withInputMeasurer } from '../emr-run.ts';
import { inputBinding, nonNegativeInt, paramBinding, positiveInt } from '../option-parsers.ts';
import { bindParams, templatedInputs, type BoundParams } from '../param-binder.ts';
import type { StageInput } from '../../emr/stage.ts';
import { projectLayout } from '../project-root.ts';
import { submitServerless } from './submit-serverless.ts';

const HELP = `
Examples:
  $ npx emr-jobs submit top-pages --emr --local data/access.log
  $ npx emr-jobs submit top-pages --emr --engine pig --input logs=s3://my-bucket/logs/2015/ --profile prod
  $ npx emr-jobs submit top-pages --emr --local data/access.log --dry-run --profile dev
  $ npx emr-jobs submit --bundle build/top-pages --emr --local data/access.log --cluster-id j-2AXXXXXXGAPLF
  $ npx emr-jobs submit top-pages --emr --local data/access.log --detach   # then: emr-jobs status <cluster-id>
  $ npx emr-jobs submit sessions --emr --param date=2015-05-17   # its input's path template names {date}
  $ npx emr-jobs submit web-analytics --emr --dry-run             # a pipeline: its steps in order, one cost
  $ npx emr-jobs submit web-analytics --emr --local data/access.log --param date=2015-05-17
  $ npx emr-jobs submit my-spark-pipeline --serverless --dry-run   # a pipeline of Spark stages: a job run each

Settings come from a profile of emr-jobs.config.json (see docs/emr.md); every flag above wins over it.
Without a config file, give --region --bucket --service-role --job-flow-role --release-label --instance-type.
--emr selects the target, an EMR cluster (the default; optional). --serverless runs the PySpark script as an
EMR Serverless job run instead (profile field "serverless", or --application-id / --release-label and
--execution-role-arn; see docs/emr.md, EMR Serverless): an application created for the run is stopped and
deleted when it ends, Ctrl-C cancels the job run; Pig (--engine pig) is refused, as Serverless runs Spark.
A pipeline with --serverless runs its stages as job runs of one application, each once the stages it reads
succeeded (independent ones together, at most serverless.maxConcurrentJobRuns at a time), bound to the S3
paths the cluster steps use; a Pig stage is refused (exit 2) before anything is staged; a failed job run
cancels those running and leaves the rest unstarted (docs/cli.md, "Pipelines on EMR Serverless").
By default a transient cluster is started for the run and terminates when its step ends or fails; Ctrl-C,
SIGTERM and SIGHUP terminate it too (a second signal exits at once, naming the cluster and the command that
stops it). With --cluster-id the step is added to that cluster, which is never terminated (a signal cancels
the step). Throttling, 5xx answers and outages are waited out for --retry-grace seconds (default 300).
Inputs given as s3:// are used in place; local files are uploaded, once per content. A local folder, glob
or list of files (as run --local reads it: recursive, _* and .* skipped) is uploaded under one S3 prefix,
which the step reads. --param name=value
(repeatable) gives a run-time parameter; with --bundle, values recorded by \`compile --param\` apply unless
overridden. They go into the step's arguments (Pig -p name=value, PySpark --name=value); a missing, unknown
or ill-typed value is a usage error before anything is staged. An input neither --input nor --local names
is read from its path template with the values filled in.
Cluster shape (docs/emr.md, "Cluster shapes"): a profile gives master and core groups, a "task" group (On-Demand
or Spot), or "instanceFleets" instead of groups, and "managedScaling" limits. --task-instances N and
--task-instance-type size the task group; --spot / --no-spot put the task nodes (group or fleet) on Spot or on
demand; --max-capacity N sets managed scaling's maximum. --dry-run prints the shape and the cost on stderr.
A pipeline (see docs/cli.md, "Pipelines on EMR") runs on one transient cluster: every stage is a step, in
dependency order, one at a time (EMR runs concurrent steps in no guaranteed order); a stage reads the S3
folder its upstream step wrote under runs/<run-id>/<stage>/, published outputs go to their path templates;
a failed step terminates the cluster, so the stages after it do not run. --engine and --cluster-id apply to
jobs only; --bundle takes a pipeline bundle too.
Cost (docs/emr.md, "Cost"): before a run and in --dry-run the inputs are measured (stat for local files,
ListObjectsV2 for s3:// prefixes, .gz counted 5x) and the minutes estimated from their bytes, the engine and
the vCPUs of the core and task nodes, plus the cluster's start-up; every figure is printed. --expected-minutes N
(profile "expectedMinutes") overrides that with N minutes per step. --max-cost refuses above the estimate.
When the run ends, what the cluster was billed (its timeline) is printed beside the estimate.
Exit codes: 0 the step (every step) completed; 1 one failed or its outcome is unknown (what may still run is named);
2 usage, config, credentials or --max-cost refusal; 129/130/143 interrupted by SIGHUP/SIGINT/SIGTERM.`;

export interface ProfileFlags {
  config?: string;
  profile?: string;
  region?: string;
  endpoint?: string;
}

/** The flags of addClusterOptions. */
export interface ClusterFlags extends ProfileFlags {
  bucket?: string;
  prefix?: string;
  releaseLabel?: string;
  instanceType?: string;
  instanceCount?: number;
  masterInstanceType?: string;
  coreInstanceType?: string;
  coreInstanceCount?: number;
  taskInstances?: number;
  taskInstanceType?: string;
  spot?: boolean;
  maxCapacity?: number;
  serviceRole?: string;
  jobFlowRole?: string;
  logUri?: string;
  subnetId?: string;
  tag?: Record<string, string>;
  idleTimeout?: number;
  expectedMinutes?: number;
  pollSeconds?: number;
  maxPollSeconds?: number;
  retryGrace?: number;
}

export interface SubmitFlags extends ClusterFlags {
  emr?: boolean;
  serverless?: boolean;
  applicationId?: string;
  executionRoleArn?: string;
  engine: Engine;
  bundle?: string;
  local?: string[];
  input?: Record<string, string[]>;
  param?: Record<string, string>;
  clusterId?: string;
  detach?: boolean;
  dryRun?: boolean;
  maxCost?: number;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) throw new InvalidArgumentError(`expected a number > 0, got '${value}'`);
  return n;
}

export function clusterIdArgument(value: string): string {
  if (!/^j-[A-Z0-9]{1,64}$/.test(value)) throw new InvalidArgumentError(`expected a cluster id like j-2AXXXXXXGAPLF, got '${value}'`);
  return value;
}

function tagBinding(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got '${value}'`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** Options every EMR command takes to find its profile and endpoint. */
export function addProfileOptions(cmd: Command): Command {
  return cmd
    .option('--profile <name>', 'profile of the config file (default: its defaultProfile, or $EMR_JOBS_PROFILE)')
    .option('--config <file>', 'config file (default: emr-jobs.config.json, or $EMR_JOBS_CONFIG)')
    .option('--region <region>', 'AWS region')
    .option('--endpoint <url>', 'EMR and S3 endpoint override, e.g. an emulator (or $EMR_JOBS_ENDPOINT)');
}

/** A cluster the profile's account and region do not know is a usage error, not a crash. */
export async function describeCluster(emr: EMRClient, clusterId: string): Promise<ClusterView> {
  try {
    return await describeRun(emr, clusterId);
  } catch (e) {
    if ((e as Error).name !== 'InvalidRequestException') throw e;
    throw exitWith(EXIT_USAGE, 'usage', `${(e as Error).message} (is it in this profile's account and region?)`);
  }
}

export function profileFrom(flags: ProfileFlags, overrides: ProfileOverrides = {}): EmrProfile {
  return loadProfile({ configFile: flags.config && path.resolve(flags.config), profile: flags.profile, cwd: projectLayout().root, overrides: { ...overrides, region: flags.region, endpoint: flags.endpoint } });
}

/** For status and logs, which need only the region and endpoint (from a profile, or the flags alone). */
export function clientSettingsFrom(flags: ProfileFlags): ClientSettings {
  return loadClientSettings({ configFile: flags.config && path.resolve(flags.config), profile: flags.profile, cwd: projectLayout().root, overrides: { region: flags.region, endpoint: flags.endpoint } });
}

/** The option names addClusterOptions adds. */
export const CLUSTER_OPTIONS = [
  'bucket', 'prefix', 'releaseLabel', 'instanceType', 'instanceCount', 'masterInstanceType', 'coreInstanceType', 'coreInstanceCount', 'taskInstances',
  'taskInstanceType', 'spot', 'maxCapacity', 'serviceRole', 'jobFlowRole', 'logUri', 'subnetId', 'tag', 'idleTimeout', 'expectedMinutes', 'pollSeconds',
  'maxPollSeconds', 'retryGrace',
] as const;

/** The profile overrides of a cluster's size, shape, roles, places and polling (submit, backfill --emr); see overridesOf. */
export function addClusterOptions(cmd: Command): Command {
  return cmd
    .option('--bucket <name>', 'S3 bucket for bundles, inputs, outputs')
    .option('--prefix <key>', 'key prefix in the bucket')
    .option('--release-label <label>', 'EMR release, e.g. emr-7.5.0')
    .option('--instance-type <type>', 'master and core instance type')
    .option('--instance-count <n>', 'instances in all: 1 master + n-1 core', positiveInt)
    .option('--master-instance-type <type>', 'master instance type')
    .option('--core-instance-type <type>', 'core instance type')
    .option('--core-instance-count <n>', 'core instances (0: master only)', (v) => (v === '0' ? 0 : positiveInt(v)))
    .option('--task-instances <n>', 'task instance group size (0: none; instance groups only)', nonNegativeInt)
    .option('--task-instance-type <type>', "task instance type (default: the profile's, else core's)")
    .option('--spot', 'task nodes on Spot: the task group, or all of the task fleet\'s capacity')
    .option('--no-spot', 'task nodes on demand')
    .option('--max-capacity <n>', 'managed scaling maximum (turns managed scaling on from the configured size if the profile has none)', positiveInt)
    .option('--service-role <role>', 'EMR service role')
    .option('--job-flow-role <profile>', 'EC2 instance profile of the cluster')
    .option('--log-uri <s3-uri>', 'where EMR writes cluster and step logs')
    .option('--subnet-id <id>', 'VPC subnet of the cluster')
    .option('--tag <key=value>', 'extra cluster tag (repeatable)', tagBinding)
    .option('--idle-timeout <seconds>', 'auto-terminate the cluster after this long idle', positiveInt)
    .option('--expected-minutes <n>', 'minutes per step for the cost estimate, instead of estimating them from the inputs\' sizes', positiveNumber)
    .option('--poll-seconds <n>', 'first wait between status polls', positiveNumber)
    .option('--max-poll-seconds <n>', 'longest wait between status polls', positiveNumber)
    .option('--retry-grace <seconds>', 'how long throttling, 5xx answers and outages are waited out (default 300)', positiveNumber);
}

export function register(program: Command): void {
  const cmd = program
    .command('submit')
    .description('run a job or a pipeline on Amazon EMR: stage it in S3, run it as steps, wait, explain failures')
    .argument('[job]', 'a job or pipeline name in jobs/ or a path to a .ts file (optional with --bundle)')
    .option('--emr', 'target an EMR cluster: a transient one, or --cluster-id (the default target)')
    .option('--serverless', 'target EMR Serverless: a job run (one per stage of a pipeline) on the profile\'s application, or on one created for the run (Spark only)')
    .addOption(new Option('--engine <engine>', 'which compiled script runs on the cluster').choices(['spark', 'pig']).default('spark'))
    .option('--bundle <dir>', 'an already compiled job or pipeline bundle (emr-jobs compile) instead of compiling now')
    .option('--local <paths...>', "files, folders or globs for the job's (one remaining) input, or one s3:// URI")
    .option('--input <name=path>', 'bind a named input to a local file, folder or glob (repeatable) or an s3:// URI', inputBinding)
    .option('--param <name=value>', 'a run-time parameter of the job (repeatable)', paramBinding)
    .option('--cluster-id <id>', 'add the step to this running cluster instead of starting one', clusterIdArgument)
    .option('--detach', 'print the cluster and step ids and return without waiting')
    .option('--dry-run', 'print the S3 keys and every request as JSON; send nothing but the listing of s3:// inputs (for the cost)')
    .option('--max-cost <usd>', 'refuse to start a cluster whose estimated cost is above this', positiveNumber);
  addClusterOptions(addProfileOptions(cmd))
    .option('--application-id <id>', 'with --serverless: the EMR Serverless application to run on')
    .option('--execution-role-arn <arn>', 'with --serverless: the IAM role the job run assumes')
    .addHelpText('after', HELP)
    .action((job: string | undefined, flags: SubmitFlags, cmd: Command) => withAwsErrors(() => submit(job, flags, cmd)));
}

/** The cluster flags (addClusterOptions) as profile overrides. */
export function overridesOf(f: ClusterFlags): ProfileOverrides {
  return {
    bucket: f.bucket, prefix: f.prefix, releaseLabel: f.releaseLabel, instanceType: f.instanceType, instanceCount: f.instanceCount,
    masterInstanceType: f.masterInstanceType, coreInstanceType: f.coreInstanceType, coreInstanceCount: f.coreInstanceCount,
    taskInstanceCount: f.taskInstances, taskInstanceType: f.taskInstanceType, spot: f.spot, maxCapacity: f.maxCapacity,
    serviceRole: f.serviceRole, jobFlowRole: f.jobFlowRole, logUri: f.logUri, subnetId: f.subnetId, tags: f.tag,
    idleTimeoutSeconds: f.idleTimeout, expectedMinutes: f.expectedMinutes, pollSeconds: f.pollSeconds,
    maxPollSeconds: f.maxPollSeconds, retryGraceSeconds: f.retryGrace,
  };
}

async function submit(job: string | undefined, flags: SubmitFlags, cmd: Command): Promise<void> {
  if (flags.serverless) return submitServerless(job, flags);
  const profile = profileFrom(flags, overridesOf(flags));
  const given = (option: string) => cmd.getOptionValueSource(option) === 'cli';
  const loaded = flags.bundle === undefined && job !== undefined ? await loadJobOrPipeline(job) : null;
  if (loaded && 'pipeline' in loaded) return (await import('../pipeline-submit.ts')).submitPipeline({ kind: 'file', loaded }, flags, profile, given);
  if (flags.bundle !== undefined && isPipelineBundle(path.resolve(flags.bundle))) {
    const source = { kind: 'bundle' as const, dir: path.resolve(flags.bundle), name: job === undefined ? undefined : (await loadPipelineName(job)) };
    return (await import('../pipeline-submit.ts')).submitPipeline(source, flags, profile, given);
  }
  const { bundle, cleanup } = await bundleFor(job, loaded?.plan, flags);
  try {
    const { params, inputs } = bindJobRun(bundle, flags);
    const submission = await withInputMeasurer(profile, (measure) => planSubmission({ bundle, engine: flags.engine, inputs, profile, clusterId: flags.clusterId, params: params.texts, measure }));
    if (flags.dryRun && submission.cost) process.stderr.write(`${clusterShapeText(profile)}\n${costText(submission.cost, profile)}\n`);
    const log = { kind: 'job' as const, pipeline: null, partition: null, owner: bundle.plan.owner ?? null, freshWithin: bundle.plan.freshWithin ?? null, params: params.texts, inputs, engine: 'emr' as const };
    await dryRunOrRun(submission, () => dryRunDocument(submission), profile, flags, log);
  } finally {
    cleanup();
  }
}

/** A job bundle's parameter values (--param, then the values compiled in, then defaults) and its inputs bound. */
export function bindJobRun(bundle: LoadedBundle, flags: SubmitFlags): { params: BoundParams; inputs: Record<string, StageInput> } {
  const recorded = Object.fromEntries((bundle.manifest.params ?? []).flatMap((p) => (p.value === undefined ? [] : [[p.name, p.value]])));
  const params = bindParams(bundle.plan, flags.param ?? {}, recorded);
  const names = bundle.manifest.inputs.map((i) => i.name);
  const listed = `the job's inputs: ${bundle.manifest.inputs.map((i) => `${i.name} (${i.format})`).join(', ')}`;
  return { params, inputs: stageInputs(names, listed, flags.local, flags.input ?? {}, templatedInputs(bundle.plan, params)) };
}

/** The pipeline a `<job>` argument names beside a pipeline --bundle, to check the bundle holds it. */
export async function loadPipelineName(job: string): Promise<string> {
  const loaded = await loadJobOrPipeline(job);
  if (!('pipeline' in loaded)) throw exitWith(EXIT_USAGE, 'usage', `'${loaded.definition.name}' is a job, but the --bundle holds a pipeline`);
  return loaded.pipeline.pipeline;
}

/** The bundle to stage: --bundle as is, or the job compiled now for the chosen engine only. */
export async function bundleFor(job: string | undefined, plan: Plan | undefined, flags: SubmitFlags): Promise<{ bundle: LoadedBundle; cleanup: () => void }> {
  if (flags.bundle) {
    const bundle = readBundle(path.resolve(flags.bundle));
    if (job !== undefined) {
      const { plan } = await loadJob(job);
      if (plan.job !== bundle.manifest.job) throw exitWith(EXIT_USAGE, 'usage', `--bundle ${flags.bundle} holds job '${bundle.manifest.job}', not '${plan.job}'`);
    }
    return { bundle, cleanup: () => {} };
  }
  if (plan === undefined) throw exitWith(EXIT_USAGE, 'usage', 'give a job (e.g. `emr-jobs submit top-pages --emr`) or --bundle DIR');
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-bundle-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    return { bundle: await compiledBundle(plan, flags.engine, dir), cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

async function compiledBundle(plan: Plan, engine: Engine, dir: string): Promise<LoadedBundle> {
  // Loaded lazily, as `compile` does: only this path needs the compilers.
  const { writeBundle } = await import('../../codegen/bundle.ts');
  const result = writeBundle(plan, [TARGET_OF[engine]], dir);
  const error = result.errors[TARGET_OF[engine]];
  if (error) throw new CliExit(error, EXIT_USAGE);
  return readBundle(dir);
}
