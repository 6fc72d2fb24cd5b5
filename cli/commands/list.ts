// `emr-jobs list`: the jobs in jobs/, with their inputs, formats and outputs.
import type { Command } from 'commander';
import { sinks, sources, type JobError, type PipelinePlan, type Plan } from '../../plan/index.ts';
import { printErrors } from '../error-printer.ts';
import { classify, EXIT_USAGE } from '../exit-codes.ts';
import { displayPath, jobNames, jobsDir, resolveJobFile } from '../job-paths.ts';
import { loadJobOrPipeline, NOT_A_JOB } from '../load-job.ts';
import { renderTable, type Cell } from '../table-printer.ts';

export function register(program: Command): void {
  program
    .command('list')
    .description("list the jobs in the project's jobs folder with their inputs and outputs")
    .addHelpText('after', '\nExample:\n  $ npx emr-jobs list\n\nA job that fails to load is listed with its error, and the command exits 2.')
    .action(listJobs);
}

async function listJobs(): Promise<void> {
  const rows: Cell[][] = [];
  const failures = [];
  for (const name of jobNames()) {
    try {
      const loaded = await loadJobOrPipeline(name, { typeCheck: false });
      if ('pipeline' in loaded) rows.push([name, `pipeline: ${loaded.pipeline.description}`, pipelineInputsText(loaded.pipeline), pipelineOutputsText(loaded.pipeline)]);
      else rows.push([name, loaded.plan.description, inputsText(loaded.plan), outputsText(loaded.plan)]);
    } catch (e) {
      // A helper module beside the jobs (no default job export) is not a job: leave it out.
      if (e instanceof Error && e.message === NOT_A_JOB) continue;
      failures.push(await whyNotLoaded(name, e));
      rows.push([name, '(does not load)', null, null]);
    }
  }
  if (rows.length === 0) {
    process.stdout.write(`no jobs in ${displayPath(jobsDir())}/\n`);
    return;
  }
  process.stdout.write(`${renderTable(['job', 'description', 'inputs', 'outputs'], rows)}\n`);
  if (failures.length) {
    printErrors(failures);
    process.exitCode = EXIT_USAGE;
  }
}

/**
 * Jobs are listed without a type check, to stay fast over many; one that fails to load is then checked, so
 * that its error is the compiler's (`Property 'stauts' does not exist …`), as `run` would print it, rather
 * than what the unchecked code happened to throw.
 */
async function whyNotLoaded(name: string, e: unknown): Promise<JobError> {
  const { typeCheckJob } = await import('../job-type-checker.ts');
  const typeErrors = typeCheckJob(resolveJobFile(name));
  return typeErrors[0] ?? classify(e).error;
}

function inputsText(plan: Plan): string {
  const seen = new Map<string, string>();
  for (const s of sources(plan)) seen.set(s.input, s.format.kind);
  return [...seen].map(([name, fmt]) => `${name} (${fmt})`).join(', ');
}

function pipelineInputsText(p: PipelinePlan): string {
  return p.inputs.map((i) => i.name).join(', ');
}

/** A pipeline's stages in order, each with its engine. */
function pipelineOutputsText(p: PipelinePlan): string {
  return `stages: ${p.stages.map((s) => `${s.name} (${s.engine})`).join(', ')}`;
}

function outputsText(plan: Plan): string {
  return sinks(plan)
    .map((s) => `${s.output} (${s.format}${s.partitionBy ? `, by ${s.partitionBy}` : ''})`)
    .join(', ');
}
