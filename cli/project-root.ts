// The user's project: the folder the command works in. It is the nearest folder, from the working directory
// upward, holding a package.json or an emr-jobs.config.json; job names resolve in its jobs folder, and
// outputs, bundles and rejects go under it. Never the package root (where emr-jobs itself is installed).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JobError } from '../plan/index.ts';

export const CONFIG_FILE_NAME = 'emr-jobs.config.json';

export interface ProjectLayout {
  /** Absolute path of the project root. */
  readonly root: string;
  /** Where `<job>` names resolve and what `list` shows (config `jobsDir`, default `jobs`). */
  readonly jobsDir: string;
  /** Default parent of run outputs (config `outDir`, default `out`). */
  readonly outDir: string;
  /** Default parent of compiled bundles (config `buildDir`, default `build`). */
  readonly buildDir: string;
  /** The project's tsconfig.json, when it has one. */
  readonly tsconfig: string | null;
  /** The run log, a JSON-lines file (config `runLog`, default `.emr-jobs/runs.jsonl`; $EMR_JOBS_RUN_LOG wins). */
  readonly runLog: string;
}

export function findProjectRoot(from = process.cwd()): string {
  const start = path.resolve(from);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, CONFIG_FILE_NAME))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

let cached: { cwd: string; layout: ProjectLayout } | undefined;

/** The project of the working directory (read once per working directory). */
export function projectLayout(cwd = process.cwd()): ProjectLayout {
  if (cached?.cwd === cwd) return cached.layout;
  const root = findProjectRoot(cwd);
  const folders = configuredFolders(root);
  const tsconfig = path.join(root, 'tsconfig.json');
  const layout: ProjectLayout = Object.freeze({
    root,
    jobsDir: path.resolve(root, folders.jobsDir ?? 'jobs'),
    outDir: path.resolve(root, folders.outDir ?? 'out'),
    buildDir: path.resolve(root, folders.buildDir ?? 'build'),
    tsconfig: existsSync(tsconfig) ? tsconfig : null,
    runLog: path.resolve(root, folders.runLog ?? '.emr-jobs/runs.jsonl'),
  });
  cached = { cwd, layout };
  return layout;
}

type Folders = { jobsDir?: string; outDir?: string; buildDir?: string; runLog?: string };

/** `jobsDir`, `outDir`, `buildDir`, `runLog` of the project's config file: relative paths inside the project. */
function configuredFolders(root: string): Folders {
  const file = path.join(root, CONFIG_FILE_NAME);
  if (!existsSync(file)) return {};
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new JobError('usage', `not valid JSON: ${(e as Error).message}`, { file: CONFIG_FILE_NAME });
  }
  const out: Folders = {};
  for (const key of ['jobsDir', 'outDir', 'buildDir', 'runLog'] as const) {
    const v = (doc as Record<string, unknown> | null)?.[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '' || path.isAbsolute(v) || path.normalize(v).split(path.sep)[0] === '..') {
      throw new JobError('usage', `"${key}" must be a ${key === 'runLog' ? 'file' : 'folder'} inside the project, relative to it (got ${JSON.stringify(v)})`, { file: CONFIG_FILE_NAME });
    }
    out[key] = v;
  }
  return out;
}
