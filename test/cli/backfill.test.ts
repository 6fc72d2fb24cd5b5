// `emr-jobs backfill <pipeline>`: one pipeline run per date partition of a small log (the shared access log
// split into dt=YYYY-MM-DD folders by its own dates), success markers, skip and resume, failures, and
// --concurrency. Local engine only: an engine run per partition would cost minutes of JVM time.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './cli-harness.ts';
import { startCli, waitFor } from './cli-process.ts';
import { DAYS, writeDayFolders } from './backfill-fixture.ts';

const dir = tempDir('backfill');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const logs = path.join(dir, 'logs');

function writeLogFolders(): void {
  expect(writeDayFolders(logs)).toEqual(DAYS);
}

/** Every output file (CSV, JSON lines) under `root`, by path relative to it, with its content. */
function outputs(root: string): Record<string, string> {
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.(csv|jsonl)$/.test(f) && !f.includes('_rejects')).sort();
  return Object.fromEntries(files.map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
}

/** Every file under `root` with its modification time. */
function mtimes(root: string): Record<string, number> {
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => statSync(path.join(root, f)).isFile()).sort();
  return Object.fromEntries(files.map((f) => [f, statSync(path.join(root, f)).mtimeMs]));
}

const marker = (out: string, day: string) => path.join(out, `date=${day}`, '_SUCCESS.json');
const readMarker = (out: string, day: string) => JSON.parse(readFileSync(marker(out, day), 'utf8'));
const statusOf = (stdout: string, day: string) => new RegExp(`│ date=${day} │ (\\S+(?: run)?)`).exec(stdout)?.[1];
const range = (from: string, to: string) => ['backfill', 'web-analytics', '--from', from, '--to', to, '--local', logs];

beforeAll(writeLogFolders);

describe('backfill <pipeline>', () => {
  const clean = path.join(dir, 'clean');

  it('runs every partition once, each as run <pipeline> --param date=...; a second run skips them all and touches nothing', async () => {
    const r = await cli([...range(DAYS[0], DAYS[3]), '--out', clean]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const day of DAYS) expect(statusOf(r.stdout, day)).toBe('done');
    expect(r.stdout).toMatch(/^backfill web-analytics: 4 daily partitions \(2015-05-17 to 2015-05-20\): 4 done, 0 skipped, 0 failed in [\d.]+ s; outputs in /m);
    const m = readMarker(clean, '2015-05-18');
    expect(m.pipeline).toBe('web-analytics');
    expect(m.pipelineHash).toMatch(/^[0-9a-f]{64}$/);
    expect(m.partition).toEqual({ param: 'date', value: '2015-05-18' });
    expect(m.params).toEqual({ date: '2015-05-18', bucket: 'emr-jobs-example' });
    expect(m.stages.map((s: { stage: string }) => s.stage)).toEqual(['parse', 'traffic', 'top-pages', 'bots']);
    // Each day's requests are that day's lines of the log, every one parsed.
    const lines = readFileSync(path.join(logs, 'dt=2015-05-18', 'access.log'), 'utf8').trimEnd().split('\n').length;
    expect(m.stages[0].rows).toEqual({ requests: lines });
    expect(readFileSync(path.join(clean, 'date=2015-05-18', 'parse', 'requests.csv'), 'utf8').trimEnd().split('\n').length - 1).toBe(lines);
    expect(readdirSync(clean).sort()).toEqual(DAYS.map((d) => `date=${d}`));

    // The same partition run alone gives the same files.
    const alone = path.join(dir, 'alone');
    const a = await cli(['run', 'web-analytics', '--local', path.join(logs, 'dt=2015-05-18'), '--param', 'date=2015-05-18', '--out', alone, '--rows', '0']);
    expect(a.code).toBe(0);
    expect(outputs(alone)).toEqual(outputs(path.join(clean, 'date=2015-05-18')));

    const before = mtimes(clean);
    const again = await cli([...range(DAYS[0], DAYS[3]), '--out', clean]);
    expect(again.code).toBe(0);
    for (const day of DAYS) expect(again.stdout).toContain(`date=${day}: skipped (done)`);
    expect(again.stdout).toContain('0 done, 4 skipped, 0 failed');
    expect(mtimes(clean)).toEqual(before);
  }, 240_000);

  it('killed after the first partition, a rerun finishes only the rest, with the outputs of an uninterrupted run', async () => {
    const out = path.join(dir, 'killed');
    const run = startCli([...range(DAYS[0], DAYS[3]), '--out', out]);
    await waitFor('the first partition marker', () => existsSync(marker(out, DAYS[0])));
    process.kill(run.pid, 'SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/SIGINT: backfill web-analytics: 4 daily partitions .*: 1 done, 0 skipped, 0 failed, 1 interrupted, 2 not run .*; rerun the same command to finish the rest/);
    expect(r.stderr).toMatch(/│ date=2015-05-18 │ interrupted │/);
    expect(DAYS.map((d) => existsSync(marker(out, d)))).toEqual([true, false, false, false]);
    // Nothing of the interrupted stage run is left: no staging folder, no lock.
    const left = readdirSync(out, { recursive: true }) as string[];
    expect(left.filter((f) => /\.emr-jobs-tmp-|\.emr-jobs\.lock/.test(f))).toEqual([]);

    const rerun = await cli([...range(DAYS[0], DAYS[3]), '--out', out]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('date=2015-05-17: skipped (done)');
    expect(rerun.stdout).toContain('3 done, 1 skipped, 0 failed');
    expect(outputs(out)).toEqual(outputs(clean));
  }, 240_000);

  it('--concurrency 2 writes the same outputs as one partition at a time', async () => {
    const out = path.join(dir, 'two');
    const r = await cli([...range(DAYS[0], DAYS[3]), '--out', out, '--concurrency', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 done, 0 skipped, 0 failed');
    expect(Object.keys(outputs(out)).length).toBe(4 * 6);
    expect(outputs(out)).toEqual(outputs(clean));
  }, 240_000);

  it('a missing partition folder and an entirely rejected day fail alone; the other partitions still complete', async () => {
    const out = path.join(dir, 'failing');
    const r = await cli([...range('2015-05-16', '2015-05-21'), '--out', out]);
    expect(r.code).toBe(1);
    expect(statusOf(r.stdout, '2015-05-16')).toBe('failed');
    expect(statusOf(r.stdout, '2015-05-21')).toBe('failed');
    for (const day of DAYS) expect(statusOf(r.stdout, day)).toBe('done');
    expect(r.stderr).toContain(`date=2015-05-16: ${path.join(logs, 'dt=2015-05-16')}: input error: no folder for this partition: --local ${logs} holds one dt={date} subfolder per partition`);
    expect(r.stderr).toMatch(/date=2015-05-21: .*rejected/);
    expect(r.stderr).toContain('runtime error: 2 of 6 partitions failed (date=2015-05-16, date=2015-05-21); rerun the same command to retry them');
    expect(existsSync(marker(out, '2015-05-16'))).toBe(false);
    expect(existsSync(marker(out, '2015-05-21'))).toBe(false);
    expect(outputs(out)).toEqual(outputs(clean));
    const fast = await cli([...range('2015-05-16', '2015-05-21'), '--out', path.join(dir, 'fast'), '--fail-fast']);
    expect(fast.code).toBe(1);
    expect(statusOf(fast.stdout, '2015-05-17')).toBe('not run');
  }, 240_000);

  it('a marker of another plan hash or other parameters runs the partition again and says why; --force runs it anyway', async () => {
    const out = path.join(dir, 'changed');
    cpSync(clean, out, { recursive: true });
    const day = DAYS[1];
    const old = readMarker(out, day);
    // A marker left by another version of the pipeline (another plan hash); the hash of a changed pipeline
    // differing is test/pipeline's concern, and a new pipeline file would cost a type check here.
    const other = 'f'.repeat(64);
    writeFileSync(marker(out, day), JSON.stringify({ ...old, pipelineHash: other }));
    const r = await cli([...range(day, day), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`date=${day}: runs again: the pipeline changed since it was done (plan hash ${'f'.repeat(12)} -> ${old.pipelineHash.slice(0, 12)})`);
    expect(r.stdout).toContain('1 done, 0 skipped');
    expect(readMarker(out, day).pipelineHash).toBe(old.pipelineHash);
    expect(readMarker(out, day).finished > old.finished).toBe(true);

    const q = await cli([...range(DAYS[2], DAYS[2]), '--out', out, '--param', 'bucket=other']);
    expect(q.stdout).toContain(`date=${DAYS[2]}: runs again: parameters changed since it was done: bucket emr-jobs-example -> other`);
    expect(q.code).toBe(0);
    expect(readMarker(out, DAYS[2]).params.bucket).toBe('other');
    const f = await cli([...range(DAYS[2], DAYS[2]), '--out', out, '--param', 'bucket=other', '--force']);
    expect(f.stdout).toContain(`date=${DAYS[2]}: runs again: forced (--force)`);
    expect(f.stdout).toContain('1 done, 0 skipped');
    expect(f.code).toBe(0);
  }, 240_000);

  // Bounds and ranges are checked in test/pipeline/backfill-partitions.test.ts; here, one of them end to end.
  it('flags are checked before any partition runs: exit 2 naming the flag', async () => {
    const out = path.join(dir, 'usage');
    const cases: [string[], string][] = [
      [range('2012-01-01', '2015-05-17'), 'usage error: --from 2012-01-01 --to 2015-05-17 is 1,233 daily partitions, more than 1,000: add --yes to run them all'],
      [[...range('2015-05-17', '2015-05-18'), '--param', 'day=1'], "usage error: --param day=...: pipeline 'web-analytics' and its stages declare no parameter 'day' (parameters: date (date), bucket (string))"],
      [[...range('2015-05-17', '2015-05-18'), '--param', 'date=2015-05-17'], "usage error: --param date=...: backfill gives the partition parameter 'date' itself, one value per partition from --from to --to; drop it"],
      [['backfill', 'web-analytics', '--from', '2015-05-17', '--to', '2015-05-18', '--local', `${logs}/{day}`], `usage error: --local ${logs}/{day}: the template names {day}, which is not a parameter of pipeline 'web-analytics' (parameters: date, bucket)`],
      [['backfill', 'web-analytics', '--from', '2015-05-17', '--to', '2015-05-18', '--local', 'jobs/data/apache_logs'], 'usage error: --local jobs/data/apache_logs: a file; backfill reads a folder holding one subfolder per partition, or a path template such as logs/{date}.log'],
      [[...range('2015-05-17', '2015-05-18'), '--emr'], 'usage error: --out applies to local backfills (on EMR each stage runs on its declared engine, one partition after another on one cluster, writing to S3): drop --out'],
      [[...range('2015-05-17', '2015-05-18'), '--dry-run'], 'usage error: --dry-run applies with --emr (add --emr to backfill on EMR)'],
      [['backfill', 'top-pages', '--from', '2015-05-17', '--to', '2015-05-18'], "usage error: backfill takes a pipeline; 'top-pages' is a job (run it per date with emr-jobs run top-pages --param ...)"],
    ];
    for (const [args, message] of cases) {
      const r = await cli([...args, '--out', out]);
      expect(r.stderr.trim()).toBe(message);
      expect(r.code).toBe(2);
    }
    expect(existsSync(out)).toBe(false);
  }, 240_000);
});
