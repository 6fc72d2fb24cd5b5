// `emr-jobs init [dir]`: makes a folder a working emr-jobs project, or adds what an existing one lacks:
// an example job over a bundled sample log, its test, tsconfig, config and package.json scripts.
import path from 'node:path';
import type { Command } from 'commander';
import { scaffoldProject, type ScaffoldStep } from '../project-scaffold.ts';
import { displayPath } from '../job-paths.ts';

const HELP = `
Examples:
  $ npx emr-jobs init                 # here: adds what is missing, never overwrites
  $ npx emr-jobs init my-jobs         # a new project in ./my-jobs
  $ npx emr-jobs init --force         # rewrites the scaffold's files even where they exist

It writes jobs/top-pages.ts (an example job), test/top-pages.test.ts (its tests, with emr-jobs/testing),
data/access.log (300 lines of a real Apache log), tsconfig.json, emr-jobs.config.json (a dev EMR profile to
fill in) and .gitignore, and merges package.json: scripts "test" and "jobs", dev dependencies vitest
and typescript. The project's "type" and its emr-jobs dependency are kept as they are.
Then:
  $ npm install && npx emr-jobs run top-pages --local data/access.log && npm test`;

export function register(program: Command): void {
  program
    .command('init')
    .description('create an emr-jobs project (example job, test, sample data, config), or complete one')
    .argument('[dir]', 'the project folder', '.')
    .option('--force', 'overwrite files the scaffold would write even when they exist')
    .addHelpText('after', HELP)
    .action(init);
}

const VERB: Record<ScaffoldStep['action'], string> = { created: 'created', merged: 'updated', kept: 'kept', overwritten: 'overwrote' };

function init(dir: string, opts: { force?: boolean }): void {
  const root = path.resolve(dir);
  const steps = scaffoldProject(root, { force: opts.force === true });
  for (const s of steps) process.stdout.write(`${VERB[s.action].padEnd(9)} ${displayPath(path.join(root, s.file))}${s.note ? `  (${s.note})` : ''}\n`);
  const cd = root === process.cwd() ? '' : `cd ${displayPath(root)} && `;
  process.stdout.write(`\nNext:\n  ${cd}npm install && npx emr-jobs run top-pages --local data/access.log && npm test\n`);
}
