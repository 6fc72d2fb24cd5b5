// The run log, `emr-jobs runs` and `emr-jobs freshness`: a local backfill (the backfill tests' day folders)
// logs one record per stage and one per partition, with owners; a failed and an interrupted partition are
// logged as such; concurrent appends from several processes never tear a line; malformed lines are reported
// with file:line and skipped; an output older than its declared expectation is stale.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_RECORD_FORMAT, type RunRecord } from '../../cli/run-log.ts';
import { DAYS, REJECTED_DAY, writeDayFolders } from './backfill-fixture.ts';
import { cli, ROOT, tempDir } from './cli-harness.ts';
import { startCli, waitFor } from './cli-process.ts';

const dir = tempDir('runlog');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const logs = path.join(dir, 'logs');
beforeAll(() => void writeDayFolders(logs));

const STAGES = ['parse', 'traffic', 'top-pages', 'bots'];
/** Every output of web-analytics' stages, sorted. */
const OUTPUTS = ['bots.host_clusters', 'bots.metrics', 'bots.model', 'parse.requests', 'top-pages.top_pages', 'traffic.traffic_by_hour'].map((o) => `web-analytics/${o}`);
const readLog = (file: string): RunRecord[] => readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as RunRecord);
const backfill = (from: string, to: string, out: string) => ['backfill', 'web-analytics', '--from', from, '--to', to, '--local', logs, '--out', out];

describe('the run log of a local backfill', () => {
  const log = path.join(dir, 'backfill-runs.jsonl');
  const env = { EMR_JOBS_RUN_LOG: log };
  const out = path.join(dir, 'out');

  beforeAll(async () => {
    // Two partitions at a time: the records of concurrent partitions go to the same file.
    const r = await cli([...backfill(DAYS[0], REJECTED_DAY, out), '--concurrency', '2'], env);
    expect(r.code).toBe(1); // the rejected day fails, the others are done
    expect(r.stdout).toContain('4 done, 0 skipped, 1 failed');
  }, 240_000);

  it('holds one record per stage and one per partition, each with its partition, owner, plan hash and outputs', () => {
    const records = readLog(log);
    for (const r of records) expect(r.format).toBe(RUN_RECORD_FORMAT);
    const marker = (day: string) => JSON.parse(readFileSync(path.join(out, `date=${day}`, '_SUCCESS.json'), 'utf8'));
    for (const day of DAYS) {
      const mine = records.filter((r) => r.partition === `date=${day}`);
      const pipelineRun = mine.filter((r) => r.kind === 'pipeline');
      expect(pipelineRun).toHaveLength(1);
      expect(pipelineRun[0]).toMatchObject({ job: 'web-analytics', pipeline: 'web-analytics', status: 'succeeded', engine: 'local', owner: 'data-eng@example.com', freshWithin: 36 * 3600 });
      expect(pipelineRun[0].planHash).toBe(marker(day).pipelineHash);
      expect(pipelineRun[0].params).toEqual({ date: day, bucket: 'emr-jobs-example' });
      const stages = mine.filter((r) => r.kind === 'stage');
      expect(stages.map((s) => s.stage)).toEqual(STAGES);
      for (const s of stages) expect(s).toMatchObject({ status: 'succeeded', pipeline: 'web-analytics', owner: 'data-eng@example.com', error: null });
      // The rows a stage's record gives are those its marker gives, and the file is where the record says.
      const parse = stages.find((s) => s.stage === 'parse')!;
      expect(parse.outputs).toEqual([{ name: 'requests', path: path.join(out, `date=${day}`, 'parse', 'requests.csv'), rows: marker(day).stages[0].rows.requests }]);
      expect(existsSync(parse.outputs[0].path)).toBe(true);
      expect(parse.inputs).toEqual([{ name: 'logs', path: path.join(logs, `dt=${day}`), bytes: readFileSync(path.join(logs, `dt=${day}`, 'access.log')).length }]);
      const manifest = JSON.parse(readFileSync(path.join(out, `date=${day}`, 'parse', '_emr-jobs.json'), 'utf8'));
      expect(parse.rejected).toBe(manifest.inputs[0].rejected);
      expect(parse.planHash).toBe(manifest.planHash);
      // The pipeline record gathers its stages' outputs.
      expect(pipelineRun[0].outputs.map((o) => o.name).sort()).toEqual(OUTPUTS.map((o) => o.replace('web-analytics/', '')));
      expect(Date.parse(pipelineRun[0].started)).toBeLessThanOrEqual(Date.parse(stages[0].started));
      expect(Date.parse(pipelineRun[0].ended)).toBeGreaterThanOrEqual(Date.parse(stages[3].ended));
    }
  });

  it('logs the failed partition as failed, with the error, and no output rows', () => {
    const failed = readLog(log).filter((r) => r.partition === `date=${REJECTED_DAY}`);
    expect(failed.map((r) => [r.kind, r.stage, r.status])).toEqual([['stage', 'parse', 'failed'], ['pipeline', null, 'failed']]);
    for (const r of failed) expect(r.error).toMatch(/rejected/);
    expect(failed[0].outputs).toEqual([{ name: 'requests', path: path.join(out, `date=${REJECTED_DAY}`, 'parse', 'requests.csv'), rows: null }]);
    expect(existsSync(failed[0].outputs[0].path)).toBe(false);
  });

  it('logs a partition that fails before its first stage (its input folder is missing) as failed, naming the cause', async () => {
    const missing = path.join(dir, 'missing-runs.jsonl');
    const r = await cli(backfill('2015-05-22', '2015-05-22', path.join(dir, 'out-missing')), { EMR_JOBS_RUN_LOG: missing });
    expect(r.code).toBe(1);
    const records = readLog(missing);
    expect(records.map((x) => [x.kind, x.partition, x.status])).toEqual([['pipeline', 'date=2015-05-22', 'failed']]);
    expect(records[0]).toMatchObject({ job: 'web-analytics', owner: 'data-eng@example.com', params: { date: '2015-05-22', bucket: 'emr-jobs-example' }, outputs: [] });
    expect(records[0].error).toContain('dt=2015-05-22');
    const failed = await cli(['runs', '--status', 'failed', '--format', 'json'], { EMR_JOBS_RUN_LOG: missing });
    expect((JSON.parse(failed.stdout) as RunRecord[]).map((x) => x.partition)).toEqual(['date=2015-05-22']);
  }, 60_000);

  it('runs prints them as a table, filtered by --job, --status and --limit, or as JSON', async () => {
    const all = await cli(['runs', '--limit', '100'], env);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/│ started +│ run +│ partition +│ status +│ engine +│ rows written │ rejected │ checks +│ seconds │ owner +│ cluster │ cost │/);
    expect(all.stdout).toMatch(/│ web-analytics\/parse +│ date=2015-05-18 │ succeeded │ local +│/);
    expect(all.stdout).toMatch(/│ web-analytics +│ date=2015-05-21 │ failed +│ local +│/);
    expect(all.stdout).toContain('data-eng@example.com');
    expect(all.stdout).toMatch(/^22 of 22 runs in /m); // 4 partitions x (4 stages + the pipeline), and the failed one's parse stage and pipeline
    const failed = await cli(['runs', '--status', 'failed', '--format', 'json'], env);
    expect((JSON.parse(failed.stdout) as RunRecord[]).map((r) => `${r.kind} ${r.partition}`).sort()).toEqual(['pipeline date=2015-05-21', 'stage date=2015-05-21']);
    const two = await cli(['runs', '--job', 'web-analytics', '--limit', '2', '--format', 'json'], env);
    expect(JSON.parse(two.stdout)).toEqual(readLog(log).sort((a, b) => Date.parse(a.started) - Date.parse(b.started)).slice(-2));
    // A job's name also finds its runs as a pipeline stage.
    const stageRuns = await cli(['runs', '--job', 'top-pages', '--format', 'json'], env);
    expect((JSON.parse(stageRuns.stdout) as RunRecord[]).map((r) => `${r.stage} ${r.partition}`).sort()).toEqual(DAYS.map((d) => `top-pages date=${d}`));
    const none = await cli(['runs', '--job', 'sessions'], env);
    expect(none.stdout).toMatch(/^no runs match in /);
    const future = await cli(['runs', '--since', '2999-01-01'], env);
    expect(future.stdout).toMatch(/^no runs match in /);
    const recent = await cli(['runs', '--since', '1h', '--format', 'json'], env);
    expect(JSON.parse(recent.stdout)).toHaveLength(22);
    const bad = await cli(['runs', '--since', 'yesterday'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--since <date|duration>' argument 'yesterday' is invalid. expected a date (2015-05-17), a UTC date and time (2015-05-17T06:00:00Z) or an age (36h, 7d, 1d12h)");
  }, 60_000);

  it('freshness lists each stage output with its owner, last partition and age: fresh', async () => {
    const r = await cli(['freshness', '--fail-on-stale', '--job', 'web-analytics'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const o of OUTPUTS) {
      expect(r.stdout).toMatch(new RegExp(`│ ${o} +│ data-eng@example.com │ \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d │ date=2015-05-20 │ \\d+[sm]( \\d+s)? +│ 1d 12h +│ fresh +│`));
    }
    expect(r.stdout).toMatch(/^6 outputs, 0 stale, in /m);
    const json = JSON.parse((await cli(['freshness', '--format', 'json', '--job', 'web-analytics'], env)).stdout);
    const parse = json.find((f: { output: string }) => f.output === 'web-analytics/parse.requests');
    const newest = readLog(log).filter((x) => x.stage === 'parse' && x.status === 'succeeded').sort((a, b) => Date.parse(a.ended) - Date.parse(b.ended)).at(-1)!;
    expect(parse).toMatchObject({ owner: 'data-eng@example.com', lastSuccess: newest.ended, lastPartition: 'date=2015-05-20', freshWithin: 129600, stale: false, neverRun: false, path: newest.outputs[0].path });
    expect(parse.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(parse.ageSeconds).toBeLessThan(600);
  }, 60_000);

  it("freshness lists the project's declared outputs that never ran as stale, not the jobs run as stages", async () => {
    const r = await cli(['freshness', '--fail-on-stale'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/│ sessions\.sessions +│ web-team@example\.com +│ +│ +│ +│ 1d 12h +│ STALE \(never run\) │/);
    for (const o of OUTPUTS) expect(r.stdout).toMatch(new RegExp(`│ ${o} +│ data-eng@example.com +│ .* │ fresh +│`));
    // access-log-to-csv runs as web-analytics' parse stage: its output is that stage's.
    expect(r.stdout).not.toContain('access-log-to-csv.requests');
    expect(r.stderr).toMatch(/runtime error: \d+ stale outputs: .*sessions\.sessions \(web-team@example\.com\)/);
    const json = JSON.parse((await cli(['freshness', '--format', 'json'], env)).stdout);
    expect(json.find((f: { output: string }) => f.output === 'sessions.sessions')).toEqual({
      output: 'sessions.sessions', owner: 'web-team@example.com', lastSuccess: null, lastPartition: null, ageSeconds: null, freshWithin: 129600, path: null, neverRun: true, stale: true,
    });
  }, 60_000);
});

describe('an interrupted backfill', () => {
  it('logs the partition running at the signal as interrupted, and the one before as succeeded', async () => {
    const log = path.join(dir, 'interrupted-runs.jsonl');
    const out = path.join(dir, 'killed');
    const run = startCli(backfill(DAYS[0], DAYS[3], out), { EMR_JOBS_RUN_LOG: log });
    await waitFor('the first partition marker', () => existsSync(path.join(out, `date=${DAYS[0]}`, '_SUCCESS.json')));
    process.kill(run.pid, 'SIGINT');
    expect((await run.done).code).toBe(130);
    const records = readLog(log);
    expect(records.filter((r) => r.partition === `date=${DAYS[0]}`).every((r) => r.status === 'succeeded')).toBe(true);
    const second = records.filter((r) => r.partition === `date=${DAYS[1]}`);
    expect(second.find((r) => r.kind === 'pipeline')?.status).toBe('interrupted');
    // The stages before the signal succeeded; the one running then is interrupted; none after it ran.
    const stages = second.filter((r) => r.kind === 'stage').map((r) => r.status);
    expect(stages.length).toBeGreaterThan(0);
    expect(stages.slice(0, -1).every((s) => s === 'succeeded')).toBe(true);
    expect(stages.at(-1)).toBe('interrupted');
    expect(records.some((r) => r.partition === `date=${DAYS[2]}`)).toBe(false);
    const table = await cli(['runs', '--status', 'interrupted'], { EMR_JOBS_RUN_LOG: log });
    expect(table.stdout).toMatch(/│ web-analytics +│ date=2015-05-18 │ interrupted │ local +│/);
  }, 240_000);
});

describe('appending', () => {
  it('concurrent appends from several processes never tear or lose a line', async () => {
    const log = path.join(dir, 'concurrent.jsonl');
    const writers = 6;
    const each = 150;
    // Each writer appends records with a large parameter, so a torn write would show as a broken line.
    const script = `
      const { appendRunRecord, newRunRecord } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'cli', 'run-log.js'))});
      const w = Number(process.argv[1]);
      for (let i = 0; i < ${each}; i++) {
        appendRunRecord(newRunRecord({ kind: 'job', job: 'writer-' + w, pipeline: null, stage: null, partition: null, planHash: 'h', params: { i: String(i), pad: 'x'.repeat(20000 + w) },
          inputs: [], outputs: [{ name: 'o', path: '/o', rows: i }], rejected: 0, checks: null, started: new Date().toISOString(), ended: new Date().toISOString(),
          status: 'succeeded', error: null, engine: 'local', clusterId: null, costUsd: null, owner: 'w', freshWithin: null }), ${JSON.stringify(log)});
      }`;
    await Promise.all(Array.from({ length: writers }, (_, w) => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, String(w)], { stdio: 'inherit' });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${w} exited ${code}`))));
    })));
    const records = readLog(log); // JSON.parse of every line: a torn one would throw
    expect(records).toHaveLength(writers * each);
    for (let w = 0; w < writers; w++) {
      const mine = records.filter((r) => r.job === `writer-${w}`);
      expect(mine.map((r) => Number(r.params.i))).toEqual(Array.from({ length: each }, (_, i) => i));
      expect(mine.every((r) => r.params.pad.length === 20000 + w)).toBe(true);
    }
  }, 120_000);
});

describe('reading a log by hand', () => {
  const record = (job: string, ended: Date, status: RunRecord['status'], fresh: number | null, owner: string | null): RunRecord => ({
    format: RUN_RECORD_FORMAT, version: 1, id: job + status, kind: 'job', job, pipeline: null, stage: null, partition: null, planHash: 'h', params: {},
    inputs: [], outputs: [{ name: 'out', path: `/data/${job}.csv`, rows: 3 }], rejected: 0, checks: { passed: 2, warned: 1, failed: 0 },
    started: new Date(ended.getTime() - 5000).toISOString(), ended: ended.toISOString(), status, error: status === 'failed' ? 'boom' : null,
    engine: 'emr', clusterId: 'j-ABC', costUsd: 0.12, owner, freshWithin: fresh,
  });
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);

  it('malformed lines are reported with file:line and skipped; stale outputs are flagged, and --fail-on-stale exits 1', async () => {
    const log = path.join(dir, 'by-hand.jsonl');
    const lines = [
      JSON.stringify(record('old-job', hoursAgo(50), 'succeeded', 36 * 3600, 'ops@example.com')),
      '{"format":"emr-jobs/run-record","job":"torn',
      JSON.stringify(record('new-job', hoursAgo(1), 'succeeded', 36 * 3600, 'web@example.com')),
      JSON.stringify({ format: 'something-else' }),
      '',
      JSON.stringify(record('broken-job', hoursAgo(2), 'failed', 3600, null)),
      JSON.stringify(record('loose-job', hoursAgo(400), 'succeeded', null, null)),
    ];
    writeFileSync(log, `${lines.join('\n')}\n`);
    // From a folder without jobs: only the log's outputs are listed.
    const elsewhere = path.join(dir, 'no-project');
    mkdirSync(elsewhere, { recursive: true });
    const r = await cli(['freshness', '--log', log, '--fail-on-stale'], {}, elsewhere);
    expect(r.code).toBe(1);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^warning: ${log.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2: not JSON \\(.*\\); skipped$`)),
      `warning: ${log}:4: not a run record ("format" is not "emr-jobs/run-record"); skipped`,
    ]);
    expect(r.stdout).toMatch(/│ old-job\.out +│ ops@example\.com +│ .* │ +│ 2d 2h +│ 1d 12h +│ STALE +│/);
    expect(r.stdout).toMatch(/│ new-job\.out +│ web@example\.com +│ .* │ +│ 1h( \d+s)? +│ 1d 12h +│ fresh +│/);
    expect(r.stdout).toMatch(/│ broken-job\.out +│ +│ +│ +│ +│ 1h +│ STALE +│/);
    expect(r.stdout).toMatch(/│ loose-job\.out +│ .* │ 16d 16h +│ +│ no expectation │/);
    expect(r.stderr).toContain('runtime error: 2 stale outputs: broken-job.out (no owner), old-job.out (ops@example.com)');

    const runs = await cli(['runs', '--log', log]);
    expect(runs.code).toBe(0);
    expect(runs.stdout).toMatch(/│ old-job +│ +│ succeeded │ emr +│ 3 +│ 0 +│ 2 ok, 1 warned, 0 failed │ 5\.00 +│ ops@example\.com │ j-ABC +│ \$0\.12 │/);
    expect(runs.stdout).toMatch(/^4 of 4 runs in /m);
    const since = await cli(['runs', '--log', log, '--since', '3h', '--format', 'json']);
    expect((JSON.parse(since.stdout) as RunRecord[]).map((x) => x.job)).toEqual(['broken-job', 'new-job']);
  }, 60_000);

  it('a log not written yet holds no run; flags for S3 are refused without --s3', async () => {
    const none = await cli(['runs', '--log', path.join(dir, 'none.jsonl')]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^no runs in .*none\.jsonl$/m);
    const bucket = await cli(['freshness', '--bucket', 'b']);
    expect(bucket.code).toBe(2);
    expect(bucket.stderr).toContain('--bucket applies to --s3 only');
    const help = await cli(['runs', '--help']);
    expect(help.stdout).toContain('--since <date|duration>');
    expect(help.stdout).toContain('Exit codes:');
    expect(help.stdout.match(/default:? 50/g)).toEqual(['default: 50']); // commander adds the default once
  }, 60_000);
});
