// `--param name=value` on run and compile: values change what a run writes, on the runtime and on the local
// engines; an input with a path template reads the file the values name; every mistake in a value is exit 2
// with one line naming the parameter, before anything is read or any output folder made.
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsedLines, rawLines } from './apache-log-oracle.ts';
import { APACHE_LOGS, cli, csvHeader, csvRows, tempDir } from './cli-harness.ts';
import { esmDir, writeJobFile } from './job-file-fixture.ts';

const dir = tempDir('params');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
esmDir(dir);

const job = writeJobFile(
  path.join(dir, 'esm'),
  'status-on-day',
  [
    "export default job('status-on-day', 'requests per status on a day of the month', (j) => {",
    "  const day = j.param('day', 'date');",
    "  const minStatus = j.param('min_status', 'int', { default: 0 });",
    "  const tag = j.param('tag', 'string', { default: 'none' });",
    `  j.accessLog('logs', { path: ${JSON.stringify(path.join(dir, 'logs-{day}.log'))} })`,
    '    .filter((r) => r.time.day().eq(day.day()).and(r.status.ge(minStatus)))',
    "    .groupBy('status')",
    '    .agg(() => ({ n: count() }))',
    '    .select((r) => ({ status: r.status, n: r.n, tag }))',
    "    .writeCsv('by_status');",
    '});',
  ],
  'j.param',
);

/** Status -> count of the sample log's lines on that day of May 2015 with at least that status. */
function expected(day: number, min: number, tag: string): string[][] {
  const n = new Map<number, number>();
  for (const l of parsedLines()) if (new Date(l.hourMs).getUTCDate() === day && l.status >= min) n.set(l.status, (n.get(l.status) ?? 0) + 1);
  return [...n].sort((a, b) => a[0] - b[0]).map(([s, c]) => [String(s), String(c), tag]);
}

const byStatus = (out: string) => csvRows(path.join(out, 'by_status.csv')).sort((a, b) => Number(a[0]) - Number(b[0]));

describe('run --param', () => {
  it('values given and defaults change the rows written, and the run manifest records them', async () => {
    const out = path.join(dir, 'out-a');
    const r = await cli(['run', job.file, '--local', APACHE_LOGS, '--out', out, '--param', 'day=2015-05-18']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(csvHeader(path.join(out, 'by_status.csv'))).toEqual(['status', 'n', 'tag']);
    expect(byStatus(out)).toEqual(expected(18, 0, 'none'));
    const manifest = JSON.parse(readFileSync(path.join(out, '_emr-jobs.json'), 'utf8'));
    expect(manifest.params).toEqual({ day: '2015-05-18', min_status: '0', tag: 'none' });

    const hostile = `it's "q" \\ $x`;
    const out2 = path.join(dir, 'out-b');
    const r2 = await cli(['run', job.file, '--local', APACHE_LOGS, '--out', out2, '--param', 'day=2015-05-19', '--param', 'min_status=400', '--param', `tag=${hostile}`]);
    expect(r2.code).toBe(0);
    expect(byStatus(out2)).toEqual(expected(19, 400, hostile));
    expect(byStatus(out2)).not.toEqual(byStatus(out));
  }, 120_000);

  it('an input neither --local nor --input binds is read from its path template, values filled in', async () => {
    const day19 = rawLines().filter((l) => l.includes('[19/May/2015:'));
    writeFileSync(path.join(dir, 'logs-2015-05-19.log'), `${day19.join('\n')}\n`);
    copyFileSync(APACHE_LOGS, path.join(dir, 'logs-2015-05-20.log'));
    const out = path.join(dir, 'out-template');
    const r = await cli(['run', job.file, '--out', out, '--param', 'day=2015-05-19']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(byStatus(out)).toEqual(expected(19, 0, 'none'));
    const manifest = JSON.parse(readFileSync(path.join(out, '_emr-jobs.json'), 'utf8'));
    expect(manifest.inputs[0].path).toBe(path.join(dir, 'logs-2015-05-19.log'));
    // Another value, another file (the whole log, filtered to the 20th).
    const r2 = await cli(['run', job.file, '--out', path.join(dir, 'out-template-20'), '--param', 'day=2015-05-20']);
    expect(r2.code).toBe(0);
    expect(byStatus(path.join(dir, 'out-template-20'))).toEqual(expected(20, 0, 'none'));
    expect(expected(20, 0, 'none')).not.toEqual(expected(19, 0, 'none'));
    const r3 = await cli(['run', job.file, '--out', path.join(dir, 'out-template-21'), '--param', 'day=2015-05-21']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain(`logs-2015-05-21.log: input error: no such file or folder (input 'logs')`);
  }, 120_000);

  const usage: [string, string[], RegExp][] = [
    ['an ill-typed value', ['--param', 'day=2015-13-45'], /^usage error: --param day=2015-13-45: parameter 'day' is a date; expected a date YYYY-MM-DD$/],
    ['a missing value', [], /^usage error: parameter 'day' \(date\) has no value and no default: give --param day=<a date YYYY-MM-DD>$/],
    ['an unknown name', ['--param', 'day=2015-05-18', '--param', 'dya=1'], /^usage error: --param dya=\.\.\.: the job has no parameter 'dya' \(the job's parameters: day \(date\), min_status \(int\), tag \(string\)\)$/],
    ['an int out of range', ['--param', 'day=2015-05-18', '--param', 'min_status=2147483648'], /^usage error: --param min_status=2147483648: parameter 'min_status' is a int; expected a whole number/],
  ];
  for (const [what, args, message] of usage) {
    it(`${what} is exit 2, one line naming the parameter, and no output folder`, async () => {
      const out = path.join(dir, `never-${what.replaceAll(' ', '-')}`);
      const r = await cli(['run', job.file, '--local', APACHE_LOGS, '--out', out, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }, 60_000);
  }

  it('--param without a name is a usage error of the flag', async () => {
    const r = await cli(['run', job.file, '--local', APACHE_LOGS, '--param', '=x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--param <name=value>' argument '=x' is invalid\. expected name=value/);
  });

  it.each(['pig', 'spark'] as const)('--engine %s gets the values too', async (engine) => {
    const small = path.join(dir, `small-${engine}.log`);
    writeFileSync(small, `${rawLines().filter((l) => /\[(18|19)\/May\/2015:0[0-2]/.test(l)).join('\n')}\n`);
    const out = path.join(dir, `out-${engine}`);
    const hostile = `a'b"c\\d$e \${f}`;
    const r = await cli(['run', job.file, '--local', small, '--out', out, '--engine', engine, '--param', 'day=2015-05-19', '--param', 'min_status=300', '--param', `tag=${hostile}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const want = new Map<string, number>();
    for (const l of readFileSync(small, 'utf8').split('\n').filter((x) => x.includes('[19/May/2015:'))) {
      const status = l.split('" ')[1].split(' ')[0];
      if (Number(status) >= 300) want.set(status, (want.get(status) ?? 0) + 1);
    }
    expect(want.size).toBeGreaterThan(0);
    expect(byStatus(out)).toEqual([...want].sort().map(([s, n]) => [s, String(n), hostile]));
  }, 300_000);
});

describe('compile --param', () => {
  it('the manifest lists each parameter (type, default) and records the values given; scripts hold none', async () => {
    const out = path.join(dir, 'bundle');
    const r = await cli(['compile', job.file, '--out', out, '--param', 'day=2015-05-17']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(m.params).toEqual([
      { name: 'day', type: 'date', default: null, value: '2015-05-17' },
      { name: 'min_status', type: 'int', default: '0' },
      { name: 'tag', type: 'string', default: 'none' },
    ]);
    expect(m.inputs).toEqual([{ name: 'logs', format: 'combined', path: path.join(dir, 'logs-{day}.log') }]);
    const pig = readFileSync(path.join(out, 'status-on-day.pig'), 'utf8');
    expect(pig).toContain("ToDate('$day', 'yyyy-MM-dd')");
    expect(pig).not.toContain('2015-05-17');
    const py = readFileSync(path.join(out, 'status-on-day.py'), 'utf8');
    expect(py).toContain('parser.add_argument("--day", dest="day", required=True');
    expect(py).not.toContain('2015-05-17');
    // The bundle of other values is the same plan: same plan hash, same scripts.
    const r2 = await cli(['compile', job.file, '--out', path.join(dir, 'bundle2'), '--param', 'day=2016-01-01']);
    const m2 = JSON.parse(readFileSync(path.join(dir, 'bundle2', 'manifest.json'), 'utf8'));
    expect(r2.code).toBe(0);
    expect([m2.planHash, m2.targets]).toEqual([m.planHash, m.targets]);
  }, 60_000);

  it('an ill-typed value is exit 2 and writes no bundle', async () => {
    const out = path.join(dir, 'bundle-bad');
    const r = await cli(['compile', job.file, '--out', out, '--param', 'tag=x', '--param', 'min_status=ten']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toBe("usage error: --param min_status=ten: parameter 'min_status' is a int; expected a whole number from -2147483648 to 2147483647");
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
