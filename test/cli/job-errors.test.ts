// Usage and job errors exit 2 with one actionable line; `--help` works on every command.
// Mistakes in a job's own code (typos, wrong types, bad outputs) are in job-mistakes.test.ts.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APACHE_LOGS, cli, tempDir } from './cli-harness.ts';
import { escapeRegex as escape, esmDir, writeJobFile } from './job-file-fixture.ts';

const dir = tempDir('errors');
beforeAll(() => esmDir(dir));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const jobFile = (name: string, body: string[], marker: string) => writeJobFile(dir, name, body, marker);

const firstLine = (s: string) => s.split('\n')[0];

describe('job errors', () => {
  it('a misspelt column is a type error at file:line:col, exit 2, before anything runs', async () => {
    const { file, line, column } = jobFile(
      'typo',
      [
        "export default job('typo', 'misspelt column', (j) => {",
        '  j.accessLog(\'logs\')',
        '    .filter((r) => r.stauts.ge(500))',
        "    .groupBy('path')",
        '    .agg(() => ({ hits: count() }))',
        "    .writeCsv('errors');",
        '});',
      ],
      'stauts',
    );
    const out = tempDir('typo-out');
    const r = await cli(['run', file, '--local', APACHE_LOGS, '--out', out]);
    expect(r.code).toBe(2);
    expect(firstLine(r.stderr)).toMatch(new RegExp(`^${escape(file)}:${line}:${column}: job error: .*'stauts'`));
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
    rmSync(out, { recursive: true, force: true });
  }, 180_000);

  it('a DSL error the types cannot see carries the job line (exit 2)', async () => {
    const { file, line, column } = jobFile(
      'esm/negative-limit',
      ["export default job('negative-limit', 'limit below zero', (j) => {", "  j.accessLog('logs').limit(-1).writeCsv('x');", '});'],
      'limit(-1)',
    );
    const r = await cli(['explain', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${file}:${line}:${column}: job error: limit: -1 is not a non-negative integer`);
  }, 180_000);

  it('an exception thrown while the job builds its plan points at the job line (exit 2)', async () => {
    const { file, line, column } = jobFile(
      'esm/bad-cast',
      ["export default job('bad-cast', 'cast a timestamp to boolean', (j) => {", "  j.accessLog('logs').select((r) => ({ b: r.time.cast('boolean') })).writeCsv('x');", '});'],
      "cast('boolean')",
    );
    const r = await cli(['explain', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${file}:${line}:${column}: job error: cannot cast timestamp to boolean`);
  }, 180_000);

  it('the same error in a job file outside an ESM package (loaded as CommonJS) names its line too', async () => {
    const { file, line, column } = jobFile(
      'cjs-negative-limit',
      ["export default job('negative-limit', 'limit below zero', (j) => {", "  j.accessLog('logs').limit(-1).writeCsv('x');", '});'],
      'limit(-1)',
    );
    const r = await cli(['explain', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${file}:${line}:${column}: job error: limit: -1 is not a non-negative integer`);
  }, 180_000);

  it('a file whose default export is not a job is exit 2 naming the file', async () => {
    const file = path.join(dir, 'not-a-job.ts');
    writeFileSync(file, 'export default 42;\n');
    const r = await cli(['explain', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: job error: the default export is not a job`);
  }, 180_000);

  it('an unknown job exits 2 and lists the jobs', async () => {
    const r = await cli(['run', 'no-such-job', '--local', APACHE_LOGS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage error: unknown job 'no-such-job' .*top-pages/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 180_000);

  it('a missing job file path exits 2 naming it', async () => {
    const r = await cli(['explain', 'jobs/nope.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('jobs/nope.ts: job error: no such job file');
  }, 180_000);

  it('a missing input file exits 2 naming it', async () => {
    const r = await cli(['run', 'top-pages', '--local', 'jobs/data/no-such.log', '--out', path.join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("jobs/data/no-such.log: input error: no such file or folder (input 'logs')");
  }, 180_000);

  it('a job with two inputs and only --local lists its inputs', async () => {
    const r = await cli(['run', 'status-by-host', '--local', APACHE_LOGS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--local binds one input.*'hosts' and 'logs'.*hosts \(csv\), logs \(combined\)/);
  }, 180_000);

  it('--input for an input the job does not have exits 2', async () => {
    const r = await cli(['run', 'top-pages', '--local', APACHE_LOGS, '--input', 'hots=jobs/data/hosts.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the job has no input 'hots' \(the job's inputs: logs \(combined\)\)/);
  }, 180_000);

  it.each([
    [['run', 'top-pages', '--local', APACHE_LOGS, '--max-rejects', 'many'], /--max-rejects.*whole number/],
    [['run', 'top-pages', '--local', APACHE_LOGS, '--engine', 'hive'], /--engine.*hive/],
    [['run', 'top-pages', '--local', APACHE_LOGS, '--frobnicate'], /unknown option '--frobnicate'/],
    [['run'], /missing required argument 'job'/],
    [['compile', 'top-pages', '--target', 'sql'], /--target.*sql/],
    [['nonsense'], /unknown command 'nonsense'/],
  ])('bad usage %j exits 2', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  }, 180_000);
});

describe('--help and --version', () => {
  it('every command and subcommand has --help (exit 0, with examples for the local commands)', async () => {
    const root = await cli(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain('Exit codes');
    expect(root.stdout).toMatch(/`jobs`.*builtin/s);
    const commands = commandNames(root.stdout);
    expect(commands).toEqual(expect.arrayContaining(['list', 'explain', 'run', 'compile', 'engines']));
    const engines = await cli(['engines', '--help']);
    const warehouse = await cli(['warehouse', '--help']);
    expect(commandNames(warehouse.stdout)).toEqual(['ddl', 'load']);
    const all = [...commands.map((c) => [c]), ...commandNames(engines.stdout).map((c) => ['engines', c]), ...commandNames(warehouse.stdout).map((c) => ['warehouse', c])];
    const results = await Promise.all(all.map((args) => cli([...args, '--help'])));
    results.forEach((r, i) => {
      expect(r.code, all[i].join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: emr-jobs /);
      if (['list', 'explain', 'run', 'compile', 'engines', 'warehouse'].includes(all[i][0]) && all[i].join(' ') !== 'warehouse') expect(r.stdout, all[i].join(' ')).toMatch(/Examples?:/);
    });
  }, 240_000);

  it('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  }, 180_000);
});

function commandNames(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return section
    .split(/\n\s*\n/)[0]
    .split('\n')
    .map((l) => /^ {2}(\S+)/.exec(l)?.[1])
    .filter((c): c is string => !!c && c !== 'help');
}
