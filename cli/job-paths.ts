// Where jobs live: `<job>` on the command line is a name in the project's jobs/ folder or a path to a .ts file.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const JOBS_DIR = path.join(PROJECT_ROOT, 'jobs');

/** Names of the jobs in jobs/ (one per `.ts` file), sorted. */
export function jobNames(): string[] {
  if (!existsSync(JOBS_DIR)) return [];
  return readdirSync(JOBS_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && statSync(path.join(JOBS_DIR, f)).isFile())
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
    const known = names.length ? names.join(', ') : 'none';
    throw exitWith(EXIT_USAGE, 'usage', `unknown job '${job}' (jobs in ${displayPath(JOBS_DIR)}/: ${known}; or give a path to a .ts file)`);
  }
  return path.join(JOBS_DIR, `${job}.ts`);
}
