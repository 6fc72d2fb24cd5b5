// `emr-jobs run <job>`: runs a job on local files, on the Arrow runtime or a local Pig / Spark, and
// prints what it read, rejected and wrote, then the first rows of each output.
import { statSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { CHECKS_FILE, JobError, planChecks, planHash, sinks, type Plan } from '../../plan/index.ts';
import { previousChecksFile, previousRowCounts, printFailedChecks } from '../check-results.ts';
import { childPath } from '../../runtime/path-guard.ts';
import { RejectLimitError } from '../../runtime/reject-policy.ts';
import { printWarning } from '../error-printer.ts';
import { asJobError } from '../exit-codes.ts';
import { bindInputs } from '../input-binder.ts';
import type { ResolvedInput } from '../input-files.ts';
import { withInterruptScope, type InterruptScope } from '../interrupt-scope.ts';
import { loadJobOrPipeline } from '../load-job.ts';
import { EXIT_USAGE, exitWith } from '../exit-codes.ts';
import { inputBinding, localRunOptions, nonNegativeInt, paramBinding, warehouseUrl } from '../option-parsers.ts';
import { bindParams, templatedInputs, type BoundParams } from '../param-binder.ts';
import { createStage, REJECTS_FOLDER, type OutputStage } from '../output-commit.ts';
import { prepareOutputFolder, type OutputFolder } from '../output-folder.ts';
import { acquireOutputLock } from '../output-lock.ts';
import { countRows, outputParts, outputPath } from '../output-reader.ts';
import { buildManifest, manifestInputs } from '../run-manifest.ts';
import { checksSummary, jobLogContext, manifestFields, recordInputs, withRunRecord, type RunLogContext, type StartFields } from '../run-log.ts';
import { previewText, summaryText, type OutputSummary, type RunSummary } from '../run-summary-printer.ts';
import { projectLayout } from '../project-root.ts';

const HELP = `
Examples:
  $ npx emr-jobs run top-pages --local data/access.log
  $ npx emr-jobs run status-by-host --local data/access.log --input hosts=data/hosts.csv
  $ npx emr-jobs run access-log-to-csv --local access.log --max-rejects 100 --out /tmp/requests
  $ npx emr-jobs run top-pages --local data/access.log --engine spark --rows 3
  $ npx emr-jobs run sessions --local sample.log --param date=2015-05-17
  $ npx emr-jobs run web-analytics --local logs/dt=2015-05-17 --out out/wa/17 --previous out/wa/16
  $ npx emr-jobs run top-pages --local logs/2015/05/          # a folder of .gz and plain parts
  $ npx emr-jobs run top-pages --local logs/*.gz --local extra.log
  $ npx emr-jobs run top-pages --input 'logs=logs/**/*.gz'

--local binds the job's one input (or the one input not named by --input, or the one without a path
template). An input takes files, folders and globs, as many as given (--local takes every path up to the
next flag, so a shell-expanded glob works; --local and --input name= may repeat): folders are read
recursively, names starting with _ or . skipped (as Hadoop does), every file once, in path order; gzip and
plain files may be mixed. A path that matches no file is an input error (exit 2). --param name=value gives a run-time parameter of the job (repeatable; a missing, unknown or
ill-typed value is a usage error before anything is read); an input with a path template and no
--input/--local reads the template with the values filled in. Outputs go to
<out>/<output>.csv (or .jsonl); rejected lines to <out>/_rejects/<input>.rejects; then the run manifest
<out>/_emr-jobs.json and an empty <out>/_SUCCESS. The run writes into <out>/.emr-jobs-tmp-*/ and moves
its outputs into place only when it succeeded: a failed or interrupted run leaves the previous ones intact.
One run at a time per --out (<out>/.emr-jobs.lock).
With --engine pig|spark the job is compiled and run on the local engine (see \`engines install\`),
and its outputs are gathered into the same layout.
A job's data-quality checks (.check(...) in the job) are evaluated on the local runtime, and with --engine
pig|spark by the generated script (the same results file and message): their table is printed after the outputs and
written to <out>/_checks.json; a failed error check stops the run (exit 1, nothing committed) with a
message naming the check, the dataset, the job line, the failing count and a few sample rows; warn checks
are reported only. A rowCount tolerance compares with the row count in the output folder's _checks.json
(the last successful run), or in --previous <file or folder> (for a pipeline: the previous run's output
folder, one <stage>/_checks.json each).
An input fails the run when more than 10% of its lines are rejected (all of them, too): --max-reject-rate
sets the fraction (1: never fails), --max-rejects a number of lines instead (docs/semantics.md).
Exit codes: 0 ok; 1 the job failed (engine or runtime failure, too many rejected lines, a failed error check);
2 usage or input error (bad flags, unknown job, missing or unreadable input, --out a file or locked by
another run, a type error in the job); 130 / 143 / 129 interrupted by SIGINT / SIGTERM / SIGHUP.`;

/** What `run` was given; for a job the engine is never `declared` (a pipeline's stages' own engines). */
export interface RunCommandFlags extends Omit<RunFlags, 'engine'> {
  engine: RunFlags['engine'] | 'declared';
  only?: string[];
  fromStage?: string;
  warehouse?: string;
}

export interface RunFlags {
  local?: string[];
  input?: Record<string, string[]>;
  param?: Record<string, string>;
  out?: string;
  maxRejects?: number;
  maxRejectRate?: number;
  batchSize?: number;
  rows: number;
  engine: 'local' | 'pig' | 'spark';
  /** The previous run's check results (a file, or a folder holding _checks.json), for rowCount tolerances. */
  previous?: string;
}

export function register(program: Command): void {
  const command = program
    .command('run')
    .description('run a job on local files (Arrow runtime, or local Pig / Spark)')
    .argument('<job>', 'a job or pipeline name in jobs/, or a path to a .ts file')
    .option('--local <paths...>', "files, folders or globs for the job's (one remaining) input (repeatable)")
    .option('--input <name=path>', 'bind a named input to a file, folder or glob (repeatable, also per input)', inputBinding)
    .option('--param <name=value>', 'a run-time parameter of the job (repeatable)', paramBinding)
    .option('--out <dir>', 'output folder (default: out/<job>)');
  localRunOptions(command)
    .option('--rows <n>', 'rows of each output to preview (0: none)', nonNegativeInt, 10)
    .option('--previous <path>', "the previous run's check results (_checks.json, or a folder holding it) for rowCount tolerances (default: the output folder's)")
    .addOption(new Option('--engine <engine>', 'where to run (declared: each pipeline stage on its own engine)').choices(['local', 'pig', 'spark', 'declared']).default('local'))
    .option('--only <stages>', 'pipelines: run only these stages (comma-separated); earlier outputs are read from the output folder', stageList)
    .option('--from-stage <stage>', 'pipelines: run this stage and every stage after it')
    .option('--warehouse <url>', "pipelines: run the loads of the stages run into this PostgreSQL database (postgres://user@host:port/db); without it they are skipped", warehouseUrl)
    .addHelpText('after', HELP)
    .action(run);
}

function stageList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

async function run(job: string, flags: RunCommandFlags): Promise<void> {
  // The local runtime is loaded before the job file (once tsx's loader hooks are in, every import pays a
  // round trip to them) and while the job is type-checked.
  const loaded = await loadJobOrPipeline(job, { beforeImport: flags.engine === 'local' ? () => import('../local-job-runner.ts') : undefined });
  if ('pipeline' in loaded) {
    const { runPipeline } = await import('../pipeline-run.ts');
    return runPipeline(loaded, flags);
  }
  if (flags.engine === 'declared') throw exitWith(EXIT_USAGE, 'usage', `--engine declared applies to pipelines; '${job}' is a job (use local, pig or spark)`);
  if (flags.only?.length || flags.fromStage !== undefined) throw exitWith(EXIT_USAGE, 'usage', `--only and --from-stage apply to pipelines; '${job}' is a job`);
  if (flags.warehouse !== undefined) throw exitWith(EXIT_USAGE, 'usage', `--warehouse applies to pipelines with loads; '${job}' is a job (see emr-jobs warehouse ddl ${job})`);
  const plan = loaded.plan;
  const params = bindParams(plan, flags.param ?? {});
  const inputs = bindInputs(plan, flags.local, flags.input ?? {}, templatedInputs(plan, params));
  const folder = prepareOutputFolder(flags.out ?? childPath(projectLayout().outDir, plan.job));
  let committed = false;
  const jobFlags = { ...flags, engine: flags.engine };
  const summary = await withInterruptScope((scope) => runCommitted(plan, inputs, params, jobFlags, folder, scope, () => (committed = true)), {
    describe: (signal) =>
      committed
        ? `${signal}: emr-jobs run ${plan.job} stopped after its outputs were written to ${folder.shown}`
        : `${signal}: emr-jobs run ${plan.job} (${flags.engine}) interrupted before it finished; nothing was written, the previous outputs in ${folder.shown} are intact`,
  });
  process.stdout.write(`${summaryText(summary)}\n`);
  const preview = await previewText(plan, summary.outputs, flags.rows);
  if (preview) process.stdout.write(`\n${preview}\n`);
}

/**
 * Runs a job into `folder` as one atomic commit: under the folder's lock, into a stage folder whose outputs
 * replace the previous ones only when the run succeeded (`onCommit` is called then). Paths in the summary
 * are the final ones.
 */
export async function runCommitted(
  plan: Plan,
  inputs: Record<string, ResolvedInput>,
  params: BoundParams,
  flags: RunFlags,
  folder: OutputFolder,
  scope: InterruptScope,
  onCommit: () => void = () => {},
  log: RunLogContext = jobLogContext(plan),
): Promise<RunSummary> {
  const started = new Date();
  const lock = acquireOutputLock(folder.dir, folder.shown, printWarning);
  const unlock = () => {
    lock.release();
    folder.removeIfEmpty();
  };
  const undeferLock = scope.defer({ remove: unlock });
  const stage = createStage(folder.dir);
  const undeferStage = scope.defer({ remove: () => stage.discard() });
  const start: StartFields = {
    ...log,
    job: plan.job,
    planHash: planHash(plan),
    params: params.texts,
    inputs: recordInputs(manifestInputs(inputs, null, folder.dir)),
    // Where the outputs would have gone: a failed or interrupted run's record names them too.
    outputs: sinks(plan).map((k) => ({ name: k.output, path: outputPath(folder.dir, k), rows: null })),
    rejected: null,
    checks: null,
    started: started.toISOString(),
    engine: flags.engine,
    clusterId: null,
    costUsd: null,
  };
  try {
    const done = await withRunRecord(scope, start, async () => {
      const s = await runIntoStage(plan, inputs, params, flags, stage.dir, scope).catch((e: unknown) => {
        throw withoutStagePath(e instanceof RejectLimitError ? keptRejects(e, stage, folder) : e, stage.dir, folder.shown);
      });
      const outputs = s.outputs.map((o) => ({ ...o, path: stage.finalPath(o.path) }));
      const inputStats = s.inputs?.map((i) => ({ ...i, rejectsFile: i.rejectsFile && stage.finalPath(i.rejectsFile) })) ?? null;
      const manifest = buildManifest({
        plan,
        engine: flags.engine,
        started,
        options: { maxRejects: flags.maxRejects, batchSize: flags.batchSize },
        inputFiles: inputs,
        params: params.texts,
        inputStats,
        outputs,
        outDir: folder.dir,
      });
      stage.commit([...sinks(plan).map((k) => path.basename(outputPath(stage.dir, k))), REJECTS_FOLDER, ...(planChecks(plan).length ? [CHECKS_FILE] : [])], manifest);
      onCommit();
      const summary: RunSummary = { ...s, inputs: inputStats, outputs, seconds: (Date.now() - started.getTime()) / 1000 };
      return { summary, manifest };
    }, ({ summary, manifest }) => ({ ...manifestFields(manifest, folder.dir), checks: checksSummary(summary.checks) }));
    return done.summary;
  } finally {
    undeferStage();
    stage.discard();
    undeferLock();
    unlock();
  }
}

/** A run failed by its rejects keeps them in `_rejects.failed/` (the outputs stay the last good run's), and says where. */
function keptRejects(e: RejectLimitError, stage: OutputStage, folder: OutputFolder): JobError {
  const kept = stage.keepFailedRejects();
  if (!kept) return e;
  const shown = path.join(folder.shown, path.relative(folder.dir, kept));
  return new JobError(e.kind, `${e.message}; the rejected lines are in ${shown}${path.sep}`, e.where, e.nodeId);
}

/** Runs the job with `stageDir` as its output folder; paths in the result lie under it. */
async function runIntoStage(plan: Plan, inputs: Record<string, ResolvedInput>, params: BoundParams, flags: RunFlags, stageDir: string, scope: InterruptScope): Promise<RunSummary> {
  const policy = { maxRejects: flags.maxRejects, maxRejectRate: flags.maxRejectRate };
  // The stage folder is directly inside the output folder, which holds the last successful run's results.
  const previousRows = planChecks(plan).some((c) => c.tolerance !== undefined) ? previousRowCounts(previousChecksFile(flags.previous, path.dirname(stageDir))) : {};
  if (flags.engine === 'local') {
    const { runLocal } = await import('../local-job-runner.ts');
    const totalBytes = Object.values(inputs).reduce((n, i) => i.parts.reduce((m, p) => m + statSync(p.file).size, n), 0);
    const r = await runLocal(plan, inputs, { outDir: stageDir, ...policy, batchSize: flags.batchSize, previewRows: flags.rows, totalBytes, params: params.values, previousRows });
    return { engine: 'local', inputs: r.inputs, outputs: r.outputs, checks: r.checks, seconds: 0 };
  }
  if (flags.batchSize !== undefined) printWarning(`--batch-size applies to --engine local only; ignored on ${flags.engine}`);
  const { runOnEngine } = await import('../engine-job-runner.ts');
  const r = await runOnEngine(plan, flags.engine, inputs, stageDir, scope, policy, params.values, previousRows).catch((e: unknown) => {
    printFailedChecks(e);
    throw e;
  });
  const outputs: OutputSummary[] = [];
  for (const s of sinks(plan)) {
    const p = r.outputs[s.output];
    outputs.push({ output: s.output, path: p, rows: await countRows(outputParts(p, s.partitionBy), s.format) });
  }
  return { engine: flags.engine, inputs: r.inputs, outputs, checks: r.checks, seconds: 0 };
}

/** An error citing the stage folder cites the output folder the user named instead. */
function withoutStagePath(e: unknown, stageDir: string, shownOut: string): unknown {
  const je = asJobError(e);
  if (!je || !`${je.message} ${je.where && 'file' in je.where ? je.where.file : ''}`.includes(stageDir)) return e;
  const fix = (t: string) => t.split(stageDir).join(shownOut);
  const where = je.where && !('column' in je.where) ? { ...je.where, file: fix(je.where.file) } : je.where;
  return new JobError(je.kind, fix(je.message), where, je.nodeId);
}
