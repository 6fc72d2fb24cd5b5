// `run` never leaves a partial output that looks complete: SIGINT / SIGTERM in the middle of a big local
// run, too many rejects, and a second run into the same --out all leave the previous outputs byte-identical
// (or absent), no stage folder and no lock; a successful run commits `_SUCCESS` and `_emr-jobs.json`.
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planHash } from '../../plan/index.ts';
import { cli, csvRows, ROOT, tempDir } from './cli-harness.ts';
import { bytesUnder, stageFolders, startCli, waitFor } from './cli-process.ts';

const SAMPLE = path.join(ROOT, '../shared/data/access_logs/apache_logs');
const work = tempDir('atomic');
const big = path.join(work, 'big.log');
/** The sample holds 10,000 lines, one of which does not parse. */
const SAMPLE_ROWS = 9_999;
const REPEAT = 40;
/** The outputs of one committed run of the sample, copied as "the previous outputs" where a test needs them. */
const base = path.join(work, 'base');
let baseRun: { stderr: string; code: number | null };

afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  baseRun = await run(base);
  const lines = readFileSync(SAMPLE);
  const out = createWriteStream(big);
  for (let i = 0; i < REPEAT; i++) if (!out.write(lines)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}, 240_000);

/** Every file under `dir` (relative path -> bytes), hidden ones included. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[path.relative(dir, p)] = readFileSync(p).toString('base64');
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

const run = (out: string, input = SAMPLE, more: string[] = []) =>
  cli(['run', 'access-log-to-csv', '--local', input, '--out', out, '--rows', '0', ...more]);

/** A copy of the committed outputs in a fresh folder; its snapshot. */
function previousOutputs(out: string): Record<string, string> {
  cpSync(base, out, { recursive: true });
  return snapshot(out);
}

// Concurrent: each test spends most of its time waiting for a child process.
describe.concurrent('run --engine local: outputs are committed only when the run succeeds', () => {
  it('writes _SUCCESS and a manifest naming the job, plan, input, rejects and outputs', async () => {
    expect(baseRun.stderr).toBe('');
    expect(baseRun.code).toBe(0);
    const out = base;
    const files = snapshot(out);
    expect(Object.keys(files).sort()).toEqual(['_SUCCESS', '_checks.json', '_emr-jobs.json', '_rejects/logs.rejects', 'requests.csv']);
    expect(files._SUCCESS).toBe('');
    const m = JSON.parse(readFileSync(path.join(out, '_emr-jobs.json'), 'utf8'));
    const job = (await import('../../jobs/access-log-to-csv.ts')).default as { plan(): Parameters<typeof planHash>[0] };
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(m).toMatchObject({
      format: 'emr-jobs/run-manifest',
      version: 1,
      job: 'access-log-to-csv',
      planHash: planHash(job.plan()),
      engine: 'local',
      emrJobsVersion: version,
      options: {},
      inputs: [
        {
          name: 'logs',
          path: SAMPLE,
          bytes: statSync(SAMPLE).size,
          rowsRead: 10_000,
          rejected: 1,
          rejectedByReason: { 'no-match': 1 },
          rejectsFile: '_rejects/logs.rejects',
        },
      ],
      outputs: [{ name: 'requests', path: 'requests.csv', format: 'csv', partitionBy: null, rows: SAMPLE_ROWS }],
    });
    expect(Date.parse(m.ended)).toBeGreaterThanOrEqual(Date.parse(m.started));
    expect(Date.now() - Date.parse(m.started)).toBeLessThan(15 * 60_000);
    expect(csvRows(path.join(out, 'requests.csv'))).toHaveLength(SAMPLE_ROWS);
  });

  it('SIGINT in the middle of a big run: exit 130, one line, previous outputs byte-identical, no stage or lock', async () => {
    const out = path.join(work, 'sigint');
    const previous = previousOutputs(out);
    const r = startCli(['run', 'access-log-to-csv', '--local', big, '--out', out, '--rows', '0']);
    // Interrupt only once the run has written part of its output into its stage folder.
    await waitFor('output bytes in the stage folder', () => stageFolders(out).some((s) => bytesUnder(path.join(out, s)) > 2_000_000));
    r.child.kill('SIGINT');
    const res = await r.done;
    expect(res.code).toBe(130);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^SIGINT: emr-jobs run access-log-to-csv \(local\) interrupted.*previous outputs in .* are intact$/)]);
    expect(snapshot(out)).toEqual(previous);
  }, 240_000);

  it('SIGTERM on a first run: exit 143 and no output folder at all', async () => {
    const out = path.join(work, 'sigterm', 'fresh');
    const r = startCli(['run', 'access-log-to-csv', '--local', big, '--out', out, '--rows', '0']);
    await waitFor('output bytes in the stage folder', () => stageFolders(out).some((s) => bytesUnder(path.join(out, s)) > 2_000_000));
    r.child.kill('SIGTERM');
    const res = await r.done;
    expect(res.code).toBe(143);
    expect(res.stderr).toMatch(/^SIGTERM: .*interrupted before it finished; nothing was written/);
    expect(existsSync(out)).toBe(false);
  }, 240_000);

  it('--max-rejects exceeded: exit 1, the previous outputs untouched, the rejected lines kept beside them', async () => {
    const out = path.join(work, 'rejects');
    const previous = previousOutputs(out);
    const r = await run(out, SAMPLE, ['--max-rejects', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/more than --max-rejects 0.*; the rejected lines are in .*_rejects\.failed\/$/m);
    const { '_rejects.failed/logs.rejects': kept, ...rest } = snapshot(out);
    expect(rest).toEqual(previous);
    expect(Buffer.from(kept ?? '', 'base64').toString()).toMatch(/:\d+\tno-match\t/);
  }, 240_000);
});

describe.concurrent('run --out is locked while a run writes into it', () => {
  it('a second run fails fast (exit 2) naming the first one; the first completes whole', async () => {
    const out = path.join(work, 'locked');
    const first = startCli(['run', 'access-log-to-csv', '--local', SAMPLE, '--out', out, '--rows', '0']);
    // Freeze the first run while it holds the lock, so the second one meets it for sure.
    await waitFor('the lock file', () => existsSync(path.join(out, '.emr-jobs.lock')));
    first.child.kill('SIGSTOP');
    try {
      const second = await run(out);
      expect(second.code).toBe(2);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
      expect(second.stderr).toContain(`another emr-jobs run is writing there (pid ${first.pid} on ${hostname()}, started `);
    } finally {
      first.child.kill('SIGCONT');
    }
    const res = await first.done;
    expect(res.code).toBe(0);
    expect(csvRows(path.join(out, 'requests.csv'))).toHaveLength(SAMPLE_ROWS);
    expect(readdirSync(out).sort()).toEqual(['_SUCCESS', '_checks.json', '_emr-jobs.json', '_rejects', 'requests.csv']);
  }, 240_000);

  it('a stale lock (its process is gone) is taken over with a warning', async () => {
    const out = path.join(work, 'stale');
    previousOutputs(out);
    const dead = spawnSync('true');
    writeFileSync(path.join(out, '.emr-jobs.lock'), JSON.stringify({ pid: dead.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', command: 'run x' }));
    const r = await run(out);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe(`warning: --out ${out}: taking over a stale lock of pid ${dead.pid} (started 2026-01-01T00:00:00.000Z, no longer running)`);
    expect(existsSync(path.join(out, '.emr-jobs.lock'))).toBe(false);
    expect(existsSync(path.join(out, '_SUCCESS'))).toBe(true);
  }, 240_000);
});

describe('run: --out and inputs that cannot work are usage errors (exit 2), checked before the run', () => {
  const file = path.join(work, 'a-file');
  beforeAll(() => writeFileSync(file, 'not a folder\n'));

  it('--out a file, under a file, under /proc: one line naming the path, nothing created', async () => {
    const cases: [string, RegExp][] = [
      [file, /^usage error: --out .*a-file: is a file, not a folder$/],
      [path.join(file, 'x', 'y'), /^usage error: --out .*a-file\/x\/y: .*a-file is a file, so it cannot hold a folder$/],
      ['/proc/emr-jobs-out', /^usage error: --out \/proc\/emr-jobs-out: \/proc is a kernel file system/],
    ];
    const results = await Promise.all(cases.map(([out]) => run(out)));
    results.forEach((r, i) => {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(cases[i][1])]);
    });
    expect(readFileSync(file, 'utf8')).toBe('not a folder\n');
  }, 180_000);

  it('an input that is a folder with no file to read or missing: exit 2, one line naming it, no output folder made', async () => {
    const empty = path.join(work, 'empty-input');
    mkdirSync(empty, { recursive: true });
    writeFileSync(path.join(empty, '_SUCCESS'), '');
    const cases: [string, RegExp][] = [
      [empty, /no file in this folder \(names starting with _ or \. are skipped, as Hadoop does\) \(input 'logs'\)$/],
      [path.join(work, 'no-such.log'), /no such file or folder \(input 'logs'\)$/],
    ];
    const outs = cases.map((_, i) => path.join(work, `bad-input-${i}`));
    const results = await Promise.all(cases.map(([input], i) => run(outs[i], input)));
    results.forEach((r, i) => {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(cases[i][1])]);
      expect(r.stderr).toContain(cases[i][0]);
      expect(existsSync(outs[i])).toBe(false);
    });
  }, 180_000);

  it('an empty input file runs, and the summary says it read no lines', async () => {
    const file = path.join(work, 'empty.log');
    writeFileSync(file, '');
    // top-pages: access-log-to-csv checks that its requests are not empty.
    const r = await cli(['run', 'top-pages', '--local', file, '--out', path.join(work, 'from-empty'), '--rows', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`logs: no lines read: ${file} is empty, so the outputs hold nothing from it`);
  }, 60_000);
});
