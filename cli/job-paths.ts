// Where jobs live: `<job>` on the command line is a name in the project's jobs folder or a path to a .ts file.
// The project is the user's (cli/project-root.ts), never the folder emr-jobs is installed in.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';
import { projectLayout } from './project-root.ts';

/** The project's jobs folder (absolute). */
export function jobsDir(): string {
  return projectLayout().jobsDir;
}

/** Names of the `.ts` files in the jobs folder, sorted (helper modules among them are skipped by `list`). */
export function jobNames(): string[] {
  const dir = jobsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts') && statSync(path.join(dir, f)).isFile())
    .map((f) => f.slice(0, -3))
    .sort();
}

/** A path as the user should read it: relative to the working directory when under it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** The absolute path of a job given by name or path; exit 2 when there is no such job. */
export function resolveJobFile(job: string): string {
  const looksLikePath = job.endsWith('.ts') || job.includes('/') || job.includes(path.sep);
  if (looksLikePath) {
    const file = path.resolve(job);
    if (!existsSync(file) || !statSync(file).isFile()) throw exitWith(EXIT_USAGE, 'job', 'no such job file', { file: job });
    if (!file.endsWith('.ts')) throw exitWith(EXIT_USAGE, 'job', 'a job file must be a TypeScript (.ts) file', { file: job });
    return file;
  }
  const names = jobNames();
  if (!names.includes(job)) {
    // Helper modules (no default export at all) are left out of the suggestions.
    const jobs = names.filter((n) => /\bdefault\b/.test(readFileSync(path.join(jobsDir(), `${n}.ts`), 'utf8')));
    const known = jobs.length ? jobs.join(', ') : 'none';
    const dir = displayPath(jobsDir());
    throw exitWith(EXIT_USAGE, 'usage', `unknown job '${job}' (jobs in ${dir}/: ${known}; or give a path to a .ts file)`);
  }
  return path.join(jobsDir(), `${job}.ts`);
}
