// `emr-jobs run` with data-quality checks: the checks table in the summary and _checks.json committed beside
// the outputs; a failed error check is exit 1 naming the check, its dataset, job line and failing count,
// with nothing committed; a rowCount tolerance against the last run's results or --previous; the same on
// --engine spark and --engine pig.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, csvRows, tempDir } from './cli-harness.ts';
import { escapeRegex, esmDir, writeJobFile } from './job-file-fixture.ts';

const dir = tempDir('checks');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
esmDir(dir);

const job = writeJobFile(
  path.join(dir, 'esm'),
  'checked-orders',
  [
    "export default job('checked-orders', 'orders with checks', (j) => {",
    "  j.csv('orders', { id: 'int', status: 'int' })",
    "    .check('orders', (c) => [",
    "      c.range('status', { min: 100, max: 599 }),",
    "      c.notNull('id', { severity: 'warn' }),",
    "      c.rowCount({ tolerance: 0.5, name: 'about as many as last time' }),",
    '    ])',
    "    .writeCsv('orders_out');",
    '});',
  ],
  'c.range',
);
const file = (name: string, rows: string[]) => {
  const p = path.join(dir, name);
  writeFileSync(p, `id,status\n${rows.join('\n')}\n`);
  return p;
};
const four = file('four.csv', ['1,200', ',404', '3,500', '4,301']);
const bad = file('bad.csv', ['1,200', '2,700', '3,42', '4,200']);
const nine = file('nine.csv', ['1,200', '2,200', '3,200', '4,200', '5,200', '6,200', '7,200', '8,200', '9,200']);
const results = (out: string) => JSON.parse(readFileSync(path.join(out, '_checks.json'), 'utf8'));

describe('run with checks', { timeout: 120_000 }, () => {
  const out = path.join(dir, 'out');

  it('prints the checks, commits _checks.json beside the outputs, and goes on past a failed warn check', async () => {
    const r = await cli(['run', job.file, '--local', four, '--out', out, '--rows', '0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ range\(status: 100\.\.599\)\s+│ range\s+│ orders\s+│ error\s+│ pass\s+│ 0\s+│ 4\s+│/);
    expect(r.stdout).toMatch(/│ notNull\(id\)\s+│ notNull\s+│ orders\s+│ warn\s+│ fail\s+│ 1\s+│ 4\s+│/);
    expect(r.stdout).toContain(`warning: check 'notNull(id)' (notNull, warn) on orders at ${job.file}`);
    expect(r.stdout).toContain('failed: 1 failing row of 4; e.g. {"id":null,"status":"404"}');
    const doc = results(out);
    expect(doc.checks.map((c: { name: string; status: string; previousRows?: number | null }) => [c.name, c.status, c.previousRows])).toEqual([
      ['range(status: 100..599)', 'pass', undefined],
      ['notNull(id)', 'fail', undefined],
      ['about as many as last time', 'pass', null],
    ]);
    expect(csvRows(path.join(out, 'orders_out.csv'))).toHaveLength(4);
  });

  it('a failed error check is exit 1 naming it; the previous outputs and results stay', async () => {
    const before = readFileSync(path.join(out, '_checks.json'), 'utf8');
    const r = await cli(['run', job.file, '--local', bad, '--out', out, '--rows', '0']);
    expect(r.code).toBe(1);
    const line = `${escapeRegex(job.file)}:${job.line}`;
    expect(r.stderr).toMatch(new RegExp(`${line}:\\d+: runtime error: check 'range\\(status: 100\\.\\.599\\)' \\(range, error\\) on orders at ${line} failed: 2 failing rows of 4; e\\.g\\. \\{"id":"2","status":"700"\\}, \\{"id":"3","status":"42"\\}`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toMatch(/│ range\(status: 100\.\.599\)\s+│ range\s+│ orders\s+│ error\s+│ fail\s+│ 2\s+│ 4\s+│/);
    expect(r.stdout).not.toContain('failing rows of'); // the run's error is printed once, on stderr
    expect(readFileSync(path.join(out, '_checks.json'), 'utf8')).toBe(before);
    expect(csvRows(path.join(out, 'orders_out.csv'))).toEqual([['1', '200'], ['', '404'], ['3', '500'], ['4', '301']]);
  });

  it('a rowCount tolerance compares with the last successful run, or with --previous', async () => {
    const r = await cli(['run', job.file, '--local', nine, '--out', out, '--rows', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("check 'about as many as last time' (rowCount, error) on orders");
    expect(r.stderr).toContain('failed: 9 rows (previous run: 4)');
    const other = path.join(dir, 'other');
    const ok = await cli(['run', job.file, '--local', nine, '--out', other, '--rows', '0', '--previous', path.join(dir, 'nowhere')]);
    expect(ok.code).toBe(2);
    expect(ok.stderr).toMatch(/usage error: --previous .*nowhere: no check results file there/);
    const fresh = await cli(['run', job.file, '--local', nine, '--out', other, '--rows', '0']);
    expect(fresh.code).toBe(0);
    expect(results(other).checks[2]).toMatchObject({ status: 'pass', rows: 9, previousRows: null });
    const compared = await cli(['run', job.file, '--local', four, '--out', other, '--rows', '0', '--previous', out]);
    expect(compared.code).toBe(0);
    expect(results(other).checks[2]).toMatchObject({ status: 'pass', rows: 4, previousRows: 4 });
  });

  it('--engine spark: the script evaluates the checks; a failed error check is exit 1 with the runtime\'s message, nothing committed', async () => {
    // The last successful run into `out` read four rows: nine is not within 50% of them.
    const spark = path.join(dir, 'spark');
    const r = await cli(['run', job.file, '--local', nine, '--out', spark, '--rows', '0', '--engine', 'spark', '--previous', out]);
    expect(r.code).toBe(1);
    // The rowCount check is declared two lines below the range check.
    const line = `${escapeRegex(job.file)}:${job.line + 2}`;
    expect(r.stderr).toMatch(new RegExp(`^${line}:\\d+: runtime error: check 'about as many as last time' \\(rowCount, error\\) on orders at ${line} failed: 9 rows \\(previous run: 4\\)\n$`));
    expect(r.stdout).toMatch(/│ about as many as last time\s+│ rowCount\s+│ orders\s+│ error\s+│ fail\s+│ 1\s+│ 9\s+│/);
    expect(r.stdout).toMatch(/│ range\(status: 100\.\.599\)\s+│ range\s+│ orders\s+│ error\s+│ pass\s+│ 0\s+│ 9\s+│/);
    expect(existsSync(path.join(spark, 'orders_out.csv'))).toBe(false);
    expect(existsSync(path.join(spark, '_checks.json'))).toBe(false);
  }, 300_000);

  it('--engine pig: the same _checks.json as the runtime (previous rows from --previous), and a failed error check exits 1 with the same message, nothing committed', { timeout: 900_000 }, async () => {
    const local = path.join(dir, 'pig-local');
    const previous = path.join(dir, 'pig-previous');
    expect((await cli(['run', job.file, '--local', four, '--out', previous])).code).toBe(0);
    expect((await cli(['run', job.file, '--local', four, '--out', local, '--previous', previous])).code).toBe(0);
    const pig = path.join(dir, 'pig');
    const ran = await cli(['run', job.file, '--local', four, '--out', pig, '--engine', 'pig', '--previous', previous]);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(results(pig)).toEqual(results(local));
    expect(results(pig).checks[2]).toMatchObject({ status: 'pass', rows: 4, previousRows: 4 });
    expect(ran.stdout).toContain('about as many as last time');

    const localBad = await cli(['run', job.file, '--local', bad, '--out', path.join(dir, 'pig-local-bad')]);
    const pigBad = await cli(['run', job.file, '--local', bad, '--out', path.join(dir, 'pig-bad'), '--engine', 'pig']);
    expect(localBad.code).toBe(1);
    expect(pigBad.code).toBe(1);
    const message = (t: string) => t.split('\n').find((l) => l.includes("check 'range(status: 100..599)'"));
    expect(message(pigBad.stderr)).toBeDefined();
    expect(message(pigBad.stderr)).toBe(message(localBad.stderr));
    expect(pigBad.stderr).toContain(`at ${job.file}:${job.line} failed: 2 failing rows of 4; e.g. {"id":"2","status":"700"}, {"id":"3","status":"42"}`);
    expect(existsSync(path.join(dir, 'pig-bad', 'orders_out.csv'))).toBe(false);
  });
});
