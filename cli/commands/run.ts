// `emr-jobs run <job>`: runs a job on local files, on the Arrow runtime or a local Pig / Spark, and
// prints what it read, rejected and wrote, then the first rows of each output.
import { statSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { sinks } from '../../plan/index.ts';
import { printWarning } from '../error-printer.ts';
import { bindInputs } from '../input-binder.ts';
import { loadJob } from '../load-job.ts';
import { fraction, inputBinding, nonNegativeInt, positiveInt } from '../option-parsers.ts';
import { countRows, outputParts } from '../output-reader.ts';
import { previewText, summaryText, type OutputSummary, type RunSummary } from '../run-summary-printer.ts';

const HELP = `
Examples:
  $ npx emr-jobs run top-pages --local jobs/data/apache_logs
  $ npx emr-jobs run status-by-host --local jobs/data/apache_logs --input hosts=jobs/data/hosts.csv
  $ npx emr-jobs run access-log-to-csv --local access.log --max-rejects 100 --out /tmp/requests
  $ npx emr-jobs run top-pages --local jobs/data/apache_logs --engine spark --rows 3

--local binds the job's one input (or the one input not named by --input). Outputs go to
<out>/<output>.csv (or .jsonl); rejected lines to <out>/_rejects/<input>.rejects.
With --engine pig|spark the job is compiled and run on the local engine (see \`engines install\`),
and its outputs are gathered into the same layout.
An input fails the run when more than 10% of its lines are rejected (all of them, too): --max-reject-rate
sets the fraction (1: never fails), --max-rejects a number of lines instead (docs/semantics.md).
Exit codes: 0 ok; 1 the job failed (engine or runtime failure, too many rejected lines);
2 usage or input error (bad flags, unknown job, missing input file, a type error in the job).`;

interface RunFlags {
  local?: string;
  input?: Record<string, string>;
  out?: string;
  maxRejects?: number;
  maxRejectRate?: number;
  batchSize?: number;
  rows: number;
  engine: 'local' | 'pig' | 'spark';
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run a job on local files (Arrow runtime, or local Pig / Spark)')
    .argument('<job>', 'a job name in jobs/ or a path to a .ts job file')
    .option('--local <path>', "the input file for the job's (one remaining) input")
    .option('--input <name=path>', 'bind a named input to a file (repeatable)', inputBinding)
    .option('--out <dir>', 'output folder (default: out/<job>)')
    .option('--max-rejects <n>', 'fail (exit 1) when more than n lines of an input are rejected', nonNegativeInt)
    .option('--max-reject-rate <fraction>', 'fail (exit 1) when a larger fraction of an input is rejected (default 0.1; 1: never)', fraction)
    .option('--batch-size <n>', 'rows per Arrow record batch', positiveInt)
    .option('--rows <n>', 'rows of each output to preview (0: none)', nonNegativeInt, 10)
    .addOption(new Option('--engine <engine>', 'where to run').choices(['local', 'pig', 'spark']).default('local'))
    .addHelpText('after', HELP)
    .action(run);
}

async function run(job: string, flags: RunFlags): Promise<void> {
  const { plan } = await loadJob(job);
  const inputs = bindInputs(plan, flags.local, flags.input ?? {});
  const outDir = path.resolve(flags.out ?? path.join('out', plan.job));
  const started = performance.now();
  let summary: RunSummary;
  if (flags.engine === 'local') {
    const { runLocal } = await import('../local-job-runner.ts');
    const totalBytes = Object.values(inputs).reduce((n, f) => n + statSync(f).size, 0);
    const r = await runLocal(plan, inputs, {
      outDir,
      maxRejects: flags.maxRejects,
      maxRejectRate: flags.maxRejectRate,
      batchSize: flags.batchSize,
      previewRows: flags.rows,
      totalBytes,
    });
    summary = { engine: 'local', inputs: r.inputs, outputs: r.outputs, seconds: (performance.now() - started) / 1000 };
  } else {
    if (flags.batchSize !== undefined) printWarning(`--batch-size applies to --engine local only; ignored on ${flags.engine}`);
    const { runOnEngine } = await import('../engine-job-runner.ts');
    const r = await runOnEngine(plan, flags.engine, inputs, outDir, { maxRejects: flags.maxRejects, maxRejectRate: flags.maxRejectRate });
    const outputs: OutputSummary[] = [];
    for (const s of sinks(plan)) {
      const p = r.outputs[s.output];
      outputs.push({ output: s.output, path: p, rows: await countRows(outputParts(p, s.partitionBy), s.format) });
    }
    summary = { engine: flags.engine, inputs: r.inputs, outputs, seconds: (performance.now() - started) / 1000 };
  }
  process.stdout.write(`${summaryText(summary)}\n`);
  const preview = await previewText(plan, summary.outputs, flags.rows);
  if (preview) process.stdout.write(`\n${preview}\n`);
}
