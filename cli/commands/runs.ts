// `emr-jobs runs`: the run log as a table (or JSON): which job, stage and partition ran when, on which
// engine, with what outcome, rows, rejects, checks, cost and owner.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { positiveInt } from '../option-parsers.ts';
import { addRunLogSourceOptions, loadRunRecords, runName, timeText, type RunLogSourceFlags } from '../run-log-source.ts';
import { RUN_STATUSES, type RunRecord, type RunStatus } from '../run-log.ts';
import { renderTable } from '../table-printer.ts';

const HELP = `
Examples:
  $ npx emr-jobs runs
  $ npx emr-jobs runs --job web-analytics --since 7d
  $ npx emr-jobs runs --status failed,interrupted --limit 20
  $ npx emr-jobs runs --format json --since 2015-05-17
  $ npx emr-jobs runs --s3 --profile prod        # the records cluster runs wrote to S3

Every run appends one record to the run log: \`run\` of a job, of a pipeline (one record for the pipeline and
one per stage), each \`backfill\` partition (the same records), and \`submit\` / \`backfill --emr\` of a job or
pipeline (one record per cluster or Serverless run, also written to s3://<bucket>/<prefix>/run-log/ of
the profile). The local log is $EMR_JOBS_RUN_LOG, else the config file's "runLog", else .emr-jobs/runs.jsonl in
the project (docs/cli.md, "The run log"). A line that is not a run record is reported (file:line) and skipped.
Exit codes: 0 ok (also when no run matches); 2 usage error (bad flag, unreadable profile).`;

interface RunsFlags extends RunLogSourceFlags {
  status?: RunStatus[];
  limit: number;
}

export function register(program: Command): void {
  const cmd = program
    .command('runs')
    .description('list the runs of the run log: job, stage, partition, status, engine, rows, checks, owner')
    .option('--status <statuses>', `only runs ending so (comma-separated: ${RUN_STATUSES.join(', ')})`, statusList)
    .addOption(new Option('--format <format>', 'table or json (the records as written)').choices(['table', 'json']).default('table'))
    .option('--limit <n>', 'the newest n runs', positiveInt, 50);
  addRunLogSourceOptions(cmd).addHelpText('after', HELP).action(runs);
}

function statusList(value: string, previous: RunStatus[] = []): RunStatus[] {
  const given = value.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = given.find((v) => !RUN_STATUSES.includes(v as RunStatus));
  if (bad !== undefined) throw new InvalidArgumentError(`expected ${RUN_STATUSES.join(', ')} (comma-separated), got '${bad}'`);
  return [...previous, ...(given as RunStatus[])];
}

async function runs(flags: RunsFlags): Promise<void> {
  const { records, total, source } = await loadRunRecords(flags);
  const chosen = records.filter((r) => !flags.status?.length || flags.status.includes(r.status)).slice(-flags.limit);
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify(chosen, null, 2)}\n`);
    return;
  }
  if (!chosen.length) {
    process.stdout.write(`no runs${total ? ' match' : ''} in ${source}\n`);
    return;
  }
  process.stdout.write(`${renderTable(HEAD, chosen.map(row), 40)}\n${chosen.length} of ${total} run${total === 1 ? '' : 's'} in ${source}\n`);
}

const HEAD = ['started', 'run', 'partition', 'status', 'engine', 'rows written', 'rejected', 'checks', 'seconds', 'owner', 'cluster', 'cost'];
const num = (n: number) => n.toLocaleString('en-US');

function row(r: RunRecord): (string | null)[] {
  const rows = r.outputs.every((o) => o.rows === null) ? null : num(r.outputs.reduce((n, o) => n + (o.rows ?? 0), 0));
  const checks = r.checks && `${r.checks.passed} ok, ${r.checks.warned} warned, ${r.checks.failed} failed`;
  // A detached submission's record ends when the cluster was asked for, not when the run ended.
  const seconds = r.status === 'submitted' ? null : ((Date.parse(r.ended) - Date.parse(r.started)) / 1000).toFixed(2);
  return [timeText(r.started), runName(r), r.partition, r.status, r.engine, rows, r.rejected === null ? null : num(r.rejected), checks, seconds, r.owner, r.clusterId, r.costUsd === null ? null : `$${r.costUsd.toFixed(2)}`];
}
