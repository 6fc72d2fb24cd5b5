// `emr-jobs backfill <pipeline>`: runs a partitioned pipeline once per partition from --from to --to,
// locally or on one EMR cluster (--emr), skipping partitions already done; resumable after a failure or Ctrl-C.
import { Option, type Command } from 'commander';
import { withAwsErrors } from '../aws-error-exit.ts';
import { addClusterOptions, addProfileOptions, CLUSTER_OPTIONS, overridesOf, positiveNumber, profileFrom, type ClusterFlags } from './submit.ts';
import { EXIT_USAGE, exitWith } from '../exit-codes.ts';
import { loadJobOrPipeline } from '../load-job.ts';
import { inputBinding, localRunOptions, paramBinding, positiveInt } from '../option-parsers.ts';
import type { BackfillFlags } from '../backfill-run.ts';

const HELP = `
Examples:
  $ npx emr-jobs backfill web-analytics --from 2015-05-17 --to 2015-05-20 --local logs/
  $ npx emr-jobs backfill web-analytics --from 2015-05-17 --to 2015-05-20 --local 'logs/{date}/access.log'
  $ npx emr-jobs backfill web-analytics --from 2015-05-01 --to 2015-05-31 --local logs/ --concurrency 2
  $ npx emr-jobs backfill web-analytics --from 2015-05-17 --to 2015-05-20 --local logs/ --force

The pipeline names its partition parameter with p.partition('date', 'daily' | 'hourly'); backfill runs
the pipeline once per partition value from --from to --to inclusive (daily: every date YYYY-MM-DD;
hourly: every hour, given as YYYY-MM-DDTHH), each run the same as
  emr-jobs run <pipeline> --param <partition>=<value> --out <out>/<partition>=<value>
so each stage's outputs land in <out>/<partition>=<value>/<stage>/ (default <out>: out/<pipeline>).

Inputs: --local <folder> is a folder holding one subfolder per partition, named as the input's path
template names it from its first segment holding the partition parameter (s3://bucket/logs/dt={date}/
gives <folder>/dt=2015-05-17/), or <partition>=<value> for an input without such a template. A path
with {name} placeholders (--local 'logs/{date}.log', --input hosts='ref/{date}/') is a template filled
in per partition. A partition whose folder is missing fails with an input error naming it; the others
still run (--fail-fast: no partition starts after a failure).

When every stage of a partition has committed its outputs, backfill writes
<out>/<partition>=<value>/_SUCCESS.json (pipeline, plan hash, parameters, rows per stage output, times).
A partition whose marker holds the same plan hash and parameters is skipped; a changed pipeline or
parameter runs it again (the reason is shown); --force runs every partition again. The marker is removed
before a partition runs and written last (temp file + rename), so an interrupted or failed partition is
never marked done: rerun the same command to finish the rest. One backfill at a time per --out.
--concurrency N runs up to N partitions at once in this process (the stages of a partition stay in order).
A progress bar over the partitions on a terminal (one line per partition otherwise), then a table
(partition, status done/skipped/failed/interrupted/not run, rows written, seconds) and one overall line.
On EMR (--emr): one transient cluster runs every pending partition's stages as steps, partition after
partition, each partition ended by a step (aws s3 cp) writing its marker to
s3://<bucket>/<prefix>/backfills/<pipeline>/<partition>=<value>/_SUCCESS.json; markers are read before
anything is sent, done partitions skipped (none with --force, none left: no cluster); a partition that runs
again over a marker begins with a step removing it (aws s3 rm). Inputs come from the
pipeline's templates (or --input/--local as above, s3:// folders too); a failed step ends the cluster.
--max-cost applies to the whole backfill's estimate (each partition's inputs measured, as for submit; with
--expected-minutes, that x stage steps); --dry-run reads no marker and prints every step by partition. Profile and cluster flags as for submit; local-only flags are refused.
  $ npx emr-jobs backfill web-analytics --from 2015-05-17 --to 2015-05-20 --emr --dry-run
  $ npx emr-jobs backfill web-analytics --from 2015-05-17 --to 2015-05-20 --emr --max-cost 5 --profile prod
Exit codes: 0 every partition done or skipped; 1 a partition failed; 2 usage or input error before any
partition ran (bad flags, a date not of the grain, --from after --to, more than 1000 partitions without
--yes, an unknown --param; on EMR: config, credentials, --max-cost refusal); 130 / 143 / 129 interrupted
by SIGINT / SIGTERM / SIGHUP (on EMR the cluster is terminated).`;

export function register(program: Command): void {
  const command = program
    .command('backfill')
    .description('run a partitioned pipeline once per partition from --from to --to, skipping partitions already done')
    .argument('<pipeline>', 'a pipeline name in jobs/, or a path to a .ts file')
    .requiredOption('--from <partition>', 'first partition (daily: YYYY-MM-DD; hourly: YYYY-MM-DDTHH)')
    .requiredOption('--to <partition>', 'last partition, inclusive')
    .option('--concurrency <n>', 'partitions run at once', positiveInt, 1)
    .option('--local <paths...>', "a folder of partition subfolders (or a path template) for the pipeline's input")
    .option('--input <name=path>', 'a folder of partition subfolders (or a template) for a named input (repeatable)', inputBinding)
    .option('--param <name=value>', 'a run-time parameter other than the partition (repeatable)', paramBinding)
    .addOption(new Option('--engine <engine>', 'where to run the stages (declared: each on its own engine)').choices(['local', 'pig', 'spark', 'declared']).default('local'))
    .option('--out <dir>', 'output folder (default: out/<pipeline>)')
    .option('--force', 'run every partition again, done or not')
    .option('--fail-fast', 'start no partition after one failed')
    .option('--yes', 'run more than 1000 partitions')
    .option('--emr', 'run the pending partitions as the steps of one transient EMR cluster')
    .option('--dry-run', 'with --emr: print every step by partition, the cost and every request as JSON; send nothing but the listing of s3:// inputs (for the cost)')
    .option('--max-cost <usd>', 'with --emr: refuse to start a cluster whose estimated cost for the whole backfill is above this', positiveNumber);
  addClusterOptions(addProfileOptions(localRunOptions(command)))
    .addHelpText('after', HELP)
    .action((name: string, flags: BackfillFlags & ClusterFlags & { dryRun?: boolean; maxCost?: number }, cmd: Command) => withAwsErrors(() => backfill(name, flags, cmd)));
}

/** Local-run flags (refused with --emr) and EMR flags (refused without it), by option name. */
const LOCAL_ONLY = ['concurrency', 'engine', 'out', 'failFast', 'maxRejects', 'maxRejectRate', 'batchSize'];
const EMR_ONLY = ['dryRun', 'maxCost', 'profile', 'config', 'region', 'endpoint', ...CLUSTER_OPTIONS];

async function backfill(name: string, flags: BackfillFlags & ClusterFlags & { dryRun?: boolean; maxCost?: number }, cmd: Command): Promise<void> {
  const given = (names: readonly string[]) => names.filter((o) => cmd.getOptionValueSource(o) === 'cli').map((o) => cmd.options.find((x) => x.attributeName() === o)!.long);
  const misplaced = given(flags.emr ? LOCAL_ONLY : EMR_ONLY);
  if (misplaced.length) {
    throw exitWith(EXIT_USAGE, 'usage', flags.emr ? `${misplaced[0]} applies to local backfills (on EMR each stage runs on its declared engine, one partition after another on one cluster, writing to S3): drop ${misplaced[0]}` : `${misplaced[0]} applies with --emr (add --emr to backfill on EMR)`);
  }
  if (flags.emr) {
    const profile = profileFrom(flags, overridesOf(flags));
    const loaded = await loadJobOrPipeline(name);
    if (!('pipeline' in loaded)) throw exitWith(EXIT_USAGE, 'usage', `backfill takes a pipeline; '${name}' is a job (submit it per date with emr-jobs submit ${name} --emr --param ...)`);
    const { runBackfillOnEmr } = await import('../backfill-emr.ts');
    return runBackfillOnEmr(loaded, flags, profile);
  }
  const loaded = await loadJobOrPipeline(name, { beforeImport: flags.engine === 'local' ? () => import('../local-job-runner.ts') : undefined });
  if (!('pipeline' in loaded)) throw exitWith(EXIT_USAGE, 'usage', `backfill takes a pipeline; '${name}' is a job (run it per date with emr-jobs run ${name} --param ...)`);
  const { runBackfill } = await import('../backfill-run.ts');
  return runBackfill(loaded, flags);
}
