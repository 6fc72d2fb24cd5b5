// `emr-jobs explain <job>`: the plan as a tree, as JSON, or the text of one compilation stage.
import { Option, type Command } from 'commander';
import { planToJson } from '../../plan/index.ts';
import { loadJob } from '../load-job.ts';
import { planTreeText } from '../plan-tree-printer.ts';
import { emitStage, STAGES, type Stage } from '../stage-emitter.ts';

const HELP = `
Examples:
  $ npx emr-jobs explain top-pages                  # the plan as a tree, with job-file lines
  $ npx emr-jobs explain top-pages --json           # the plan as JSON (what \`compile\` writes as plan.json)
  $ npx emr-jobs explain top-pages --emit pig       # the Pig Latin script
  $ npx emr-jobs explain ./my-job.ts --emit pyspark # the PySpark script

A node a target cannot express exits 2 with the node's job-file line.`;

export function register(program: Command): void {
  program
    .command('explain')
    .description('show the plan of a job, or the text of one stage (plan JSON, Pig, PySpark)')
    .argument('<job>', 'a job name in jobs/ (top-pages) or a path to a .ts job file')
    .option('--json', 'print the plan as JSON')
    .addOption(new Option('--emit <stage>', 'print the text of one stage').choices(STAGES))
    .addHelpText('after', HELP)
    .action(explain);
}

async function explain(job: string, opts: { json?: boolean; emit?: Stage }): Promise<void> {
  const { plan } = await loadJob(job);
  const text = opts.emit ? await emitStage(plan, opts.emit) : opts.json ? planToJson(plan) : planTreeText(plan);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
