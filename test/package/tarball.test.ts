// The package as a data engineer gets it: `npm pack`, installed into a new project outside this repository
// (once CommonJS as `npm init -y` makes it, once ESM), then `emr-jobs init`, a job by name, the scaffold's
// own tests, the editor's type-check, and the mistakes a user makes first.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/cli-harness.ts';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function sh(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, CI: '1', NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function ok(cmd: string, args: readonly string[], cwd: string): Promise<Run> {
  const r = await sh(cmd, args, cwd);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Top 10 paths over 2xx requests, counted here with a regex and a Map: the oracle of the example job. */
function topPagesOf(log: string, top = 10): string[][] {
  const hits = new Map<string, { hits: number; bytes: number }>();
  const re = /^\S+ \S+ \S+ \[[^\]]+\] "\S+ (\S+) [^"]*" (\d{3}) (\d+|-) "[^"]*" "[^"]*"$/;
  for (const line of log.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const status = Number(m[2]);
    if (status < 200 || status > 299) continue;
    const e = hits.get(m[1]) ?? { hits: 0, bytes: 0 };
    e.hits += 1;
    e.bytes += m[3] === '-' ? 0 : Number(m[3]);
    hits.set(m[1], e);
  }
  return [...hits]
    .sort(([pa, a], [pb, b]) => b.hits - a.hits || (pa < pb ? -1 : pa > pb ? 1 : 0))
    .slice(0, top)
    .map(([p, e]) => [p, String(e.hits), String(e.bytes)]);
}

let tarball = '';
const made: string[] = [];

beforeAll(async () => {
  const dest = mkdtempSync(path.join(tmpdir(), 'emr-jobs-pack-'));
  made.push(dest);
  // The build ran before the tests (npm test); packing without scripts leaves dist/ alone for the other test files.
  const r = await ok('npm', ['pack', '--ignore-scripts', '--pack-destination', dest], ROOT);
  tarball = path.join(dest, readdirSync(dest).find((f) => f.endsWith('.tgz'))!);
  expect(r.stdout + r.stderr).toContain('emr-jobs');
}, 300_000);

afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the compiled code, declarations, engine install files and templates; no tests, bench or CI files', async () => {
    const r = await ok('tar', ['-tzf', tarball], ROOT);
    const files = r.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const f of ['bin/emr-jobs.js', 'dist/cli/main.js', 'dist/dsl/index.d.ts', 'dist/api/index.js', 'scripts/install-engines.sh', 'scripts/engines-dir.sh', 'dist/pig/emr-jobs-udf.jar', 'engines/requirements.txt', 'engines/pig/pom.xml', 'engines/spark_batch.py', 'templates/init/jobs/top-pages.ts', 'templates/init/gitignore']) {
      expect(files).toContain(f);
    }
    // The one test file shipped is the scaffold's, which `init` copies into the user's project.
    expect(files.filter((f) => /^(test|bench|\.ci|jobs)\//.test(f) || (f.endsWith('.test.ts') && !f.startsWith('templates/init/')))).toEqual([]);
    expect(files.filter((f) => /^dist\/.*\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  for (const kind of ['commonjs', 'module'] as const) {
    describe(`in a new ${kind === 'module' ? 'ESM' : 'CommonJS'} project`, () => {
      let dir = '';
      const emrJobs = (...args: string[]) => sh('npx', ['--no-install', 'emr-jobs', ...args], dir);

      beforeAll(async () => {
        dir = mkdtempSync(path.join(tmpdir(), `emr-jobs-user-${kind}-`));
        made.push(dir);
        await ok('npm', ['init', '-y'], dir);
        if (kind === 'module') await ok('npm', ['pkg', 'set', 'type=module'], dir);
        await ok('npm', ['install', tarball], dir);
        const init = await emrJobs('init');
        expect(init.code, init.stderr).toBe(0);
        await ok('npm', ['install'], dir);
      }, 600_000);

      it('init merged package.json: scripts added, the type and the installed tarball kept', () => {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, any>;
        expect(pkg.type ?? 'commonjs').toBe(kind);
        expect(pkg.dependencies['emr-jobs']).toMatch(/^file:.*\.tgz$/);
        expect(pkg.scripts.test).toBe('vitest run');
        expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['vitest', 'typescript']));
      });

      it('a second init keeps every file and says so', async () => {
        const before = readFileSync(path.join(dir, 'jobs', 'top-pages.ts'), 'utf8');
        writeFileSync(path.join(dir, 'jobs', 'top-pages.ts'), `${before}// edited\n`);
        const r = await emrJobs('init');
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/kept\s+jobs\/top-pages\.ts/);
        expect(readFileSync(path.join(dir, 'jobs', 'top-pages.ts'), 'utf8')).toBe(`${before}// edited\n`);
        writeFileSync(path.join(dir, 'jobs', 'top-pages.ts'), before);
      }, 120_000);

      it('runs the example job by name on the bundled sample, output equal to an independent count', async () => {
        const r = await emrJobs('run', 'top-pages', '--local', 'data/access.log');
        expect(r.code, r.stderr).toBe(0);
        const csv = readFileSync(path.join(dir, 'out', 'top-pages', 'top_pages.csv'), 'utf8').trim().split('\n');
        expect(csv[0]).toBe('path,hits,bytes');
        expect(csv.slice(1).map((l) => l.split(','))).toEqual(topPagesOf(readFileSync(path.join(dir, 'data', 'access.log'), 'utf8')));
      }, 120_000);

      it("the scaffold's tests pass with npm test", async () => {
        const r = await sh('npm', ['test'], dir);
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(r.stdout).toMatch(/Tests\s+\d+ passed/);
      }, 300_000);

      it('the job type-checks in the editor (tsc --noEmit) importing from emr-jobs', async () => {
        const r = await sh('npx', ['--no-install', 'tsc', '--noEmit'], dir);
        expect(r.code, r.stdout + r.stderr).toBe(0);
      }, 120_000);

      it('a sum over a string is a type error with its real message and file:line:col', async () => {
        writeFileSync(
          path.join(dir, 'jobs', 'broken.ts'),
          [
            "import { count, job, sum } from 'emr-jobs';",
            '',
            "export default job('broken', 'sum over a string', (j) => {",
            "  j.accessLog('logs').groupBy('path').agg((r) => ({ hits: count(), agents: sum(r.agent) })).writeCsv('x');",
            '});',
            '',
          ].join('\n'),
        );
        const r = await emrJobs('run', 'broken', '--local', 'data/access.log');
        rmSync(path.join(dir, 'jobs', 'broken.ts'));
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/jobs\/broken\.ts:4:\d+: job error: .*not assignable/);
        expect(r.stderr).not.toContain('undefined');
      }, 120_000);

      it('a job importing a helper module runs, and a plan error names its own line; an edit is seen at once', async () => {
        writeFileSync(path.join(dir, 'jobs', 'limits.ts'), 'export const OK_FROM = 200;\n');
        const job = (output: string) =>
          [
            "import { count, job } from 'emr-jobs';",
            "import { OK_FROM } from './limits.ts';",
            '',
            "export default job('ok-paths', 'paths of successful requests', (j) => {",
            "  j.accessLog('logs')",
            '    .filter((r) => r.status.between(OK_FROM, 299))',
            "    .groupBy('path')",
            '    .agg(() => ({ hits: count() }))',
            `    .writeCsv('${output}');`,
            '});',
            '',
          ].join('\n');
        writeFileSync(path.join(dir, 'jobs', 'ok-paths.ts'), job('logs'));
        const clash = await emrJobs('run', 'ok-paths', '--local', 'data/access.log');
        writeFileSync(path.join(dir, 'jobs', 'ok-paths.ts'), job('ok_paths'));
        const fixed = await emrJobs('run', 'ok-paths', '--local', 'data/access.log', '--rows', '0');
        rmSync(path.join(dir, 'jobs', 'ok-paths.ts'));
        rmSync(path.join(dir, 'jobs', 'limits.ts'));
        expect(clash.code).toBe(2);
        expect(clash.stderr).toMatch(/^jobs\/ok-paths\.ts:9:\d+: plan error: .*'logs'/m);
        expect(fixed.code, fixed.stderr).toBe(0);
        const rows = readFileSync(path.join(dir, 'out', 'ok-paths', 'ok_paths.csv'), 'utf8').trim().split('\n');
        const expected = new Set(topPagesOf(readFileSync(path.join(dir, 'data', 'access.log'), 'utf8'), Infinity).map(([p]) => p));
        expect(rows[0]).toBe('path,hits');
        expect(new Set(rows.slice(1).map((l) => l.split(',')[0]))).toEqual(expected);
      }, 120_000);

      it('list shows the jobs of the project, skipping a helper module', async () => {
        writeFileSync(path.join(dir, 'jobs', 'paths.ts'), 'export const STATIC = /\\.(css|js|png)$/;\n');
        const r = await emrJobs('list');
        rmSync(path.join(dir, 'jobs', 'paths.ts'));
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('top-pages');
        expect(r.stdout).not.toMatch(/│ paths\s+│/);
      }, 120_000);

      it('engines status reads the per-user engines folder, not node_modules', async () => {
        const r = await emrJobs('engines', 'status');
        expect(r.code).toBe(0);
        expect(r.stdout).not.toContain('node_modules');
      }, 60_000);
    });
  }
});
