// `emr-jobs compile <job>`: writes the deployable bundle (plan.json, scripts, manifest.json) of a job.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { formatLoc, paramsPlan, type JobError, type PipelinePlan } from '../../plan/index.ts';
import { childPath } from '../../runtime/path-guard.ts';
import { printErrors } from '../error-printer.ts';
import { CliExit, EXIT_FAILED, EXIT_USAGE, exitWith } from '../exit-codes.ts';
import { displayPath } from '../job-paths.ts';
import { loadJobOrPipeline } from '../load-job.ts';
import { paramBinding } from '../option-parsers.ts';
import { checkParams } from '../param-binder.ts';
import { renderTable } from '../table-printer.ts';
import { projectLayout } from '../project-root.ts';

const HELP = `
Examples:
  $ npx emr-jobs compile top-pages                      # all targets into build/top-pages/
  $ npx emr-jobs compile top-pages --target pig --out dist/top-pages
  $ npx emr-jobs compile sessions --param date=2015-05-17

The bundle: plan.json, <job>.pig, <job>.py and manifest.json (sha256 of each file and the plan hash).
The same plan always gives the same bytes. The manifest lists the job's run-time parameters (name, type,
default); --param name=value (repeatable) checks a value and records it there as the bundle's value, which
\`submit --bundle\` uses unless its own --param overrides it. Scripts and plan never hold values.
With --target all, a target that cannot express the plan is reported and the others are written
(exit 1 when none could be); with an explicit target, that error exits 2.

A pipeline compiles into build/<pipeline>/: pipeline.json, one job bundle per stage in <stage>/ (the
stage's script for its own engine, its plan with the stage's inputs bound) and manifest.json listing the
stages in dependency order with their bindings and hashes (--target does not apply).`;

type TargetChoice = 'pig' | 'pyspark' | 'all';

export function register(program: Command): void {
  program
    .command('compile')
    .description('compile a job to Pig and/or PySpark and write its bundle')
    .argument('<job>', 'a job or pipeline name in jobs/, or a path to a .ts file')
    .addOption(new Option('--target <target>', 'what to compile for').choices(['pig', 'pyspark', 'all']).default('all'))
    .option('--out <dir>', 'bundle folder (default: build/<job>/)')
    .option('--param <name=value>', "record a value of a run-time parameter in the manifest (repeatable)", paramBinding)
    .addHelpText('after', HELP)
    .action(compile);
}

async function compile(job: string, opts: { target: TargetChoice; out?: string; param?: Record<string, string> }): Promise<void> {
  const loaded = await loadJobOrPipeline(job);
  if ('pipeline' in loaded) return compilePipeline(loaded.pipeline, opts);
  const plan = loaded.plan;
  const values = checkParams(plan, opts.param ?? {});
  const { writeBundle, sha256, BUNDLE_TARGETS } = await import('../../codegen/bundle.ts');
  const targets = opts.target === 'all' ? BUNDLE_TARGETS : [opts.target];
  const dir = opts.out !== undefined ? path.resolve(opts.out) : childPath(projectLayout().buildDir, plan.job);
  const result = writeBundle(plan, targets, dir, values);
  const failed = Object.values(result.errors) as JobError[];
  if (opts.target !== 'all' && failed.length) throw new CliExit(failed[0], EXIT_USAGE);
  if (result.files.length === 0) throw new CliExit(failed[0], EXIT_FAILED, failed.slice(1));
  const m = result.manifest;
  const rows = [
    ['plan.json', 'plan', m.plan.sha256],
    ...Object.entries(m.targets).map(([t, e]) => [e.script, t, e.sha256]),
    ['manifest.json', 'manifest', sha256(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))],
  ];
  process.stdout.write(`${displayPath(dir)}/  (plan ${m.planHash.slice(0, 12)})\n${renderTable(['file', 'stage', 'sha256'], rows, 80)}\n`);
  // Known differences a script keeps (each also a comment in the script where the input is read).
  for (const [t, notes] of Object.entries(result.notices)) {
    for (const n of notes) process.stderr.write(`${formatLoc(n.node.loc)}: note: ${t}: ${n.text}\n`);
  }
  if (failed.length) {
    printErrors(failed);
    process.stderr.write(`not written: ${Object.keys(result.errors).join(', ')}\n`);
  }
}

async function compilePipeline(p: PipelinePlan, opts: { target: TargetChoice; out?: string; param?: Record<string, string> }): Promise<void> {
  if (opts.target !== 'all') throw exitWith(EXIT_USAGE, 'usage', `--target applies to jobs; each stage of pipeline '${p.pipeline}' compiles for its own engine`);
  const values = checkParams(paramsPlan(p), opts.param ?? {});
  const { writePipelineBundle } = await import('../../codegen/pipeline-bundle.ts');
  const dir = opts.out !== undefined ? path.resolve(opts.out) : childPath(projectLayout().buildDir, p.pipeline);
  const r = writePipelineBundle(p, dir, values);
  if (!r.manifest) throw new CliExit(r.error!.error, EXIT_USAGE);
  const m = r.manifest;
  const rows = m.stages.map((s) => [s.script.script, `${s.name} (${s.engine})`, s.script.sha256]);
  process.stdout.write(`${displayPath(dir)}/  (pipeline ${m.pipelineHash.slice(0, 12)})\n${renderTable(['file', 'stage', 'sha256'], rows, 80)}\n`);
}
