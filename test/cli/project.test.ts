// The user's project as the CLI sees it: its root, its folders, the type-check cache, and what `init` writes.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot, projectLayout } from '../../cli/project-root.ts';
import { scaffoldProject } from '../../cli/project-scaffold.ts';
import { cli, ROOT, tempDir } from './cli-harness.ts';

// What an installed package gives: the compiled DSL and its declarations (npm test builds dist/ first).
const DSL = path.join(ROOT, 'dist', 'dsl', 'index.js');
const LOG = path.join(ROOT, 'jobs', 'data', 'apache_logs');

function project(files: Record<string, string>): string {
  const dir = tempDir('project');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const hitsJob = (name: string, extra = '') =>
  [
    `import { count, job } from ${JSON.stringify(DSL)};`,
    `export default job('${name}', 'hits per method', (j) => {`,
    `  j.accessLog('logs')${extra}.groupBy('method').agg(() => ({ hits: count() })).writeCsv('hits');`,
    '});',
    '',
  ].join('\n');

describe('the project root', () => {
  it('is the nearest folder upward with a package.json or an emr-jobs.config.json', () => {
    const dir = project({ 'package.json': '{}', 'a/b/c/.keep': '', 'a/emr-jobs.config.json': '{}' });
    expect(findProjectRoot(path.join(dir, 'a', 'b', 'c'))).toBe(path.join(dir, 'a'));
    expect(findProjectRoot(dir)).toBe(dir);
  });

  it('takes jobsDir, outDir and buildDir from the config, inside the project only', () => {
    const dir = project({ 'emr-jobs.config.json': JSON.stringify({ jobsDir: 'pipelines', outDir: 'target/out' }) });
    const l = projectLayout(dir);
    expect([l.jobsDir, l.outDir, l.buildDir]).toEqual([path.join(dir, 'pipelines'), path.join(dir, 'target', 'out'), path.join(dir, 'build')]);
    const bad = project({ 'emr-jobs.config.json': JSON.stringify({ jobsDir: '../elsewhere' }) });
    expect(() => projectLayout(bad)).toThrow(/"jobsDir" must be a folder inside the project/);
  });

  it('resolves job names in its jobs folder and writes under its out/, from any subfolder', async () => {
    const dir = project({ 'package.json': JSON.stringify({ type: 'module' }), 'jobs/hits.ts': hitsJob('hits'), 'jobs/util.ts': 'export const X = 1;\n', 'deep/er/.keep': '' });
    const cwd = path.join(dir, 'deep', 'er');
    const run = await cli(['run', 'hits', '--local', LOG, '--rows', '0'], {}, cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'out', 'hits', 'hits.csv'), 'utf8').split('\n')[0]).toBe('method,hits');
    const list = await cli(['list'], {}, cwd);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('hits per method');
    expect(list.stdout).not.toContain('util');
    const unknown = await cli(['run', 'nope', '--local', LOG], {}, cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown job 'nope'");
    expect(unknown.stderr).toMatch(/jobs in \S*jobs\/: hits;/); // the helper module is no suggestion
  }, 180_000);
});

describe('the type-check cache', () => {
  it('remembers a clean check, and never an error', async () => {
    const home = tempDir('home');
    const dir = project({ 'package.json': JSON.stringify({ type: 'module' }), 'jobs/hits.ts': hitsJob('hits') });
    const env = { EMR_JOBS_HOME: home };
    const first = await cli(['explain', 'hits'], env, dir);
    expect(first.code, first.stderr).toBe(0);
    const entries = readdirSync(path.join(home, 'typecheck'));
    expect(entries).toHaveLength(1);
    const entry = JSON.parse(readFileSync(path.join(home, 'typecheck', entries[0]), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(entry.files)).toContain(path.join(dir, 'jobs', 'hits.ts'));
    // An edit that breaks the job is seen at once, however fresh the cache entry is.
    writeFileSync(path.join(dir, 'jobs', 'hits.ts'), hitsJob('hits', ".filter((r) => r.stauts.eq(1))"));
    const broken = await cli(['explain', 'hits'], env, dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/jobs\/hits\.ts:3:\d+: job error: Property 'stauts' does not exist/);
    expect(broken.stderr).toContain("Did you mean 'status'?");
    const again = await cli(['explain', 'hits'], env, dir);
    expect(again.code).toBe(2);
  }, 180_000);
});

describe('init', () => {
  it('writes a whole project into an empty folder, ESM', () => {
    const dir = tempDir('init-empty');
    const steps = scaffoldProject(path.join(dir, 'my-jobs'), { force: false });
    expect(steps.map((s) => [s.file, s.action])).toEqual([
      ['package.json', 'created'],
      ['jobs/top-pages.ts', 'created'],
      ['test/top-pages.test.ts', 'created'],
      ['data/access.log', 'created'],
      ['tsconfig.json', 'created'],
      ['emr-jobs.config.json', 'created'],
      ['.gitignore', 'created'],
    ]);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'my-jobs', 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'my-jobs', type: 'module', scripts: { test: 'vitest run', jobs: 'emr-jobs' } });
    expect(pkg.dependencies['emr-jobs']).toMatch(/^\^\d/);
  });

  it('merges an existing package.json, keeps its type, its emr-jobs dependency and its files', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'x', scripts: { test: 'echo "Error: no test specified" && exit 1', build: 'tsc' }, dependencies: { 'emr-jobs': 'file:../emr-jobs-0.1.0.tgz' }, devDependencies: { vitest: '^2.0.0' } }),
      'jobs/top-pages.ts': '// mine\n',
      '.gitignore': 'node_modules\n.env',
    });
    const steps = scaffoldProject(dir, { force: false });
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.type).toBeUndefined();
    expect(pkg.dependencies['emr-jobs']).toBe('file:../emr-jobs-0.1.0.tgz');
    expect(pkg.scripts).toEqual({ test: 'vitest run', build: 'tsc', jobs: 'emr-jobs' });
    expect(pkg.devDependencies.vitest).toBe('^2.0.0');
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(['typescript', 'vitest']);
    expect(readFileSync(path.join(dir, 'jobs', 'top-pages.ts'), 'utf8')).toBe('// mine\n');
    expect(steps.find((s) => s.file === 'jobs/top-pages.ts')?.action).toBe('kept');
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules\n.env\nout/\nbuild/\n.emr-jobs/\n');
    // --force overwrites the scaffold's files but still merges package.json.
    scaffoldProject(dir, { force: true });
    expect(readFileSync(path.join(dir, 'jobs', 'top-pages.ts'), 'utf8')).toContain("from 'emr-jobs'");
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts.build).toBe('tsc');
  });

  it('refuses a package.json that is not JSON, naming it, and writes nothing', async () => {
    const dir = project({ 'package.json': '{ "name": ' });
    const r = await cli(['init', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('package.json is not valid JSON');
    expect(existsSync(path.join(dir, 'jobs'))).toBe(false);
  }, 60_000);
});
