// What `emr-jobs init` writes: the package's templates/init files copied into the project (kept where they
// exist unless forced), .gitignore lines added, package.json created or merged.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JobError } from '../plan/index.ts';
import { PACKAGE_ROOT, packageVersion } from '../engines/package-root.ts';

export interface ScaffoldStep {
  /** Relative to the project root. */
  readonly file: string;
  readonly action: 'created' | 'overwritten' | 'kept' | 'merged';
  readonly note?: string;
}

const TEMPLATES = path.join(PACKAGE_ROOT, 'templates', 'init');
/** template file → project file; npm leaves `.gitignore` out of packages, so its template has no dot. */
const FILES: readonly (readonly [string, string])[] = [
  ['jobs/top-pages.ts', 'jobs/top-pages.ts'],
  ['test/top-pages.test.ts', 'test/top-pages.test.ts'],
  ['data/access.log', 'data/access.log'],
  ['tsconfig.json', 'tsconfig.json'],
  ['emr-jobs.config.json', 'emr-jobs.config.json'],
];
/** npm's placeholder test script, which `init` replaces. */
const NPM_DEFAULT_TEST = 'echo "Error: no test specified" && exit 1';
/**
 * Dev dependencies of the scaffold's test and type-check, at the versions this release is tested with
 * (fast-check comes with emr-jobs: its `fc` is exported by emr-jobs/testing).
 */
const DEV_TOOLS = ['vitest', 'typescript'];

export function scaffoldProject(root: string, opts: { force: boolean }): ScaffoldStep[] {
  if (existsSync(root) && !statSync(root).isDirectory()) throw new JobError('usage', 'not a folder', { file: root });
  mkdirSync(root, { recursive: true });
  const steps: ScaffoldStep[] = [packageJson(root)];
  for (const [from, to] of FILES) {
    const target = path.join(root, to);
    const existed = existsSync(target);
    if (existed && !opts.force) {
      steps.push({ file: to, action: 'kept', note: 'exists; --force overwrites it' });
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(TEMPLATES, from), target);
    steps.push({ file: to, action: existed ? 'overwritten' : 'created' });
  }
  steps.push(gitignore(root));
  return steps;
}

function gitignore(root: string): ScaffoldStep {
  const target = path.join(root, '.gitignore');
  const wanted = readFileSync(path.join(TEMPLATES, 'gitignore'), 'utf8').split('\n').filter(Boolean);
  if (!existsSync(target)) {
    writeFileSync(target, `${wanted.join('\n')}\n`);
    return { file: '.gitignore', action: 'created' };
  }
  const text = readFileSync(target, 'utf8');
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = wanted.filter((l) => !have.has(l) && !have.has(l.replace(/\/$/, '')));
  if (missing.length === 0) return { file: '.gitignore', action: 'kept' };
  writeFileSync(target, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`);
  return { file: '.gitignore', action: 'merged', note: `added ${missing.join(' ')}` };
}

type PackageJson = Record<string, unknown> & {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

function packageJson(root: string): ScaffoldStep {
  const target = path.join(root, 'package.json');
  const ours = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageJson;
  const versionOf = (name: string) => ours.dependencies?.[name] ?? ours.devDependencies?.[name] ?? 'latest';
  const range = (v: string) => (/^\d/.test(v) ? `^${v}` : v);
  const existed = existsSync(target);
  let pkg: PackageJson;
  if (existed) {
    try {
      pkg = JSON.parse(readFileSync(target, 'utf8')) as PackageJson;
    } catch (e) {
      throw new JobError('usage', `package.json is not valid JSON (${(e as Error).message}); fix it, then run init again`, { file: target });
    }
  } else {
    pkg = { name: npmName(path.basename(root)), version: '0.1.0', private: true, type: 'module' };
  }
  const added: string[] = [];
  const scripts = { ...(pkg.scripts ?? {}) };
  if (!scripts.test || scripts.test === NPM_DEFAULT_TEST) (scripts.test = 'vitest run'), added.push('scripts.test');
  if (!scripts.jobs) (scripts.jobs = 'emr-jobs'), added.push('scripts.jobs');
  const deps = { ...(pkg.dependencies ?? {}) };
  const devDeps = { ...(pkg.devDependencies ?? {}) };
  // An installed emr-jobs (a registry range, a tarball, a git URL) stays exactly as the user has it.
  if (!deps['emr-jobs'] && !devDeps['emr-jobs']) (deps['emr-jobs'] = `^${packageVersion()}`), added.push('emr-jobs');
  for (const tool of DEV_TOOLS) {
    if (!deps[tool] && !devDeps[tool]) (devDeps[tool] = range(versionOf(tool))), added.push(tool);
  }
  const merged: PackageJson = { ...pkg, scripts, dependencies: deps, devDependencies: devDeps };
  if (existed && added.length === 0) return { file: 'package.json', action: 'kept' };
  writeFileSync(target, `${JSON.stringify(merged, null, 2)}\n`);
  return existed ? { file: 'package.json', action: 'merged', note: `added ${added.join(', ')}` } : { file: 'package.json', action: 'created' };
}

/** A folder name as an npm package name: lower case, URL-safe. */
function npmName(base: string): string {
  const name = base.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-]+$/g, '');
  return name || 'emr-jobs-project';
}
