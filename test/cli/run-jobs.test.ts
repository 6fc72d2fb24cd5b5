// Every example job through `emr-jobs run` on the sample log: exit code, summary numbers, and the written
// CSV files checked against results computed straight from the raw log.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_SCHEMAS } from '../../plan/index.ts';
import { hours, parsedLines, rawLines, segments, sessions, statusByHost, topPages, topPathsPerHost, type LogLine } from './apache-log-oracle.ts';
import { albLatency } from '../conformance/support/alb-latency-oracle.ts';
import { exampleFiles } from '../codegen/pyspark/job-plans.ts';
import { APACHE_LOGS, cli, csvHeader, csvRows, HOSTS_CSV, tempDir, type CliResult } from './cli-harness.ts';

const out = tempDir('run');
afterAll(() => rmSync(out, { recursive: true, force: true }));

let lines: LogLine[];
beforeAll(() => {
  lines = parsedLines();
});

async function runJob(job: string, extra: string[] = []): Promise<{ r: CliResult; dir: string }> {
  const dir = path.join(out, job);
  const r = await cli(['run', job, '--local', APACHE_LOGS, '--out', dir, ...extra]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return { r, dir };
}

/** The summary row of an input: read, parsed, rejected, reasons. */
function inputRow(stdout: string, input: string): string[] {
  const row = stdout.split('\n').find((l) => l.startsWith(`│ ${input} `));
  if (!row) throw new Error(`no summary row for ${input}:\n${stdout}`);
  return row.split('│').slice(1, -1).map((c) => c.trim());
}

function outputRow(stdout: string, output: string): string[] {
  const row = stdout.split('\n').find((l) => l.startsWith(`│ ${output} `) && l.includes(`${output}.csv`));
  if (!row) throw new Error(`no summary row for ${output}:\n${stdout}`);
  return row.split('│').slice(1, -1).map((c) => c.trim());
}

const n = (x: number) => x.toLocaleString('en-US');

// The shared CloudTrail samples, read in place (beats files are Elastic-licensed): pretty-printed and one-line
// Records files, and event-per-line exports.
const TRAIL_FILES = ['cloudgrep/cloudtrail.json', 'cloudgrep/cloudtrail_singleline.json', 'beats/console-login-json.log', 'beats/assume-role-json.log'];

describe('emr-jobs run cloudtrail-activity on the shared CloudTrail samples', () => {
  it.each(TRAIL_FILES)('%s: every event counted under a user name and an event name, nothing rejected', async (file) => {
    const input = path.resolve(import.meta.dirname, '../../../shared/data/aws/cloudtrail', file);
    const dir = path.join(out, 'cloudtrail', file.replace(/\W/g, '_'));
    const r = await cli(['run', 'cloudtrail-activity', '--local', input, '--out', dir]);
    if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
    const events = readFileSync(input, 'utf8').match(/"eventName"/g)!.length;
    const [, , read, parsed, rejected] = inputRow(r.stdout, 'trail');
    expect([read, parsed, rejected]).toEqual([n(events), n(events), '0']);
    const csv = path.join(dir, 'activity.csv');
    expect(csvHeader(csv)).toEqual(['user', 'eventName', 'eventSource', 'events', 'failures']);
    const rows = csvRows(csv);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => !row[0] || !row[1])).toEqual([]);
    expect(rows.reduce((sum, row) => sum + Number(row[3]), 0)).toBe(events);
  }, 120_000);

  it('the failed console login is counted as a failure of its user', async () => {
    const dir = path.join(out, 'cloudtrail', 'logins');
    const input = path.resolve(import.meta.dirname, '../../../shared/data/aws/cloudtrail/beats/console-login-json.log');
    const r = await cli(['run', 'cloudtrail-activity', '--local', input, '--out', dir]);
    expect(r.code).toBe(0);
    expect(csvRows(path.join(dir, 'activity.csv'))).toEqual([
      ['JaneDoe', 'ConsoleLogin', 'signin.amazonaws.com', '1', '1'],
      ['JohnDoe', 'ConsoleLogin', 'signin.amazonaws.com', '1', '0'],
    ]);
  }, 120_000);
});

describe('emr-jobs run on jobs/data/apache_logs', () => {
  it('the sample log has 10,000 lines, one of which the combined regex rejects (line 8899)', () => {
    expect(rawLines()).toHaveLength(10_000);
    expect(lines).toHaveLength(9_999);
  });

  it('access-log-to-csv: 10,000 read, 9,999 parsed, 1 rejected (no-match, line 8899); 9,999 rows written', async () => {
    const { r, dir } = await runJob('access-log-to-csv');
    const [, file, read, parsed, rejected, reasons, rejectsFile] = inputRow(r.stdout, 'logs');
    expect([file, read, parsed, rejected, reasons]).toEqual([APACHE_LOGS, '10,000', '9,999', '1', 'no-match: 1']);
    const rejects = readFileSync(path.resolve(rejectsFile), 'utf8').trimEnd().split('\n');
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatch(new RegExp(`^${APACHE_LOGS}:8899\\tno-match`));
    expect(rejects[0].split('\t')[2]).toBe(rawLines()[8898]);
    const csv = path.join(dir, 'requests.csv');
    expect(csvHeader(csv)).toEqual(LOG_SCHEMAS.combined.map((f) => f.name));
    expect(csvRows(csv)).toHaveLength(9_999);
    expect(outputRow(r.stdout, 'requests').slice(1)).toEqual(['9,999', path.join(dir, 'requests.csv')]);
    expect(r.stdout).toContain('requests: first 10 of 9,999 rows');
  }, 240_000);

  it('top-pages: the ten most hit 2xx paths, as computed from the raw log', async () => {
    const { r, dir } = await runJob('top-pages', ['--rows', '3']);
    expect(inputRow(r.stdout, 'logs').slice(2, 5)).toEqual(['10,000', '9,999', '1']);
    const csv = path.join(dir, 'top_pages.csv');
    expect(csvHeader(csv)).toEqual(['path', 'hits', 'bytes']);
    expect(csvRows(csv)).toEqual(topPages(lines));
    expect(r.stdout).toContain('top_pages: first 3 of 10 rows');
  }, 240_000);

  it('status-by-host (with --input hosts=...): per-host counts joined with the owner table', async () => {
    const { r, dir } = await runJob('status-by-host', ['--input', `hosts=${HOSTS_CSV}`, '--rows', '0']);
    expect(inputRow(r.stdout, 'logs').slice(2, 5)).toEqual(['10,000', '9,999', '1']);
    expect(inputRow(r.stdout, 'hosts').slice(1, 5)).toEqual([HOSTS_CSV, '11', '11', '0']);
    const expected = statusByHost(lines);
    const csv = path.join(dir, 'status_by_host.csv');
    expect(csvHeader(csv)).toEqual(['host', 'requests', 'ok', 'client_errors', 'server_errors', 'owner', 'kind']);
    expect(csvRows(csv)).toEqual(expected);
    expect(outputRow(r.stdout, 'status_by_host')[1]).toBe(n(expected.length));
    expect(r.stdout).not.toContain('first 0 of');
  }, 240_000);

  it('traffic-by-hour: one row per UTC hour, requests adding up to 9,999', async () => {
    const { dir } = await runJob('traffic-by-hour');
    const rows = csvRows(path.join(dir, 'traffic_by_hour.csv'));
    expect(rows).toHaveLength(hours(lines));
    expect(rows.reduce((s, row) => s + Number(row[1]), 0)).toBe(9_999);
    const times = rows.map((row) => Date.parse(row[0]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  }, 240_000);

  it('bot-clusters: one row per client host with its request count, ordered by cluster then requests', async () => {
    const { r, dir } = await runJob('bot-clusters', ['--rows', '0']);
    expect(inputRow(r.stdout, 'logs').slice(2, 5)).toEqual(['10,000', '9,999', '1']);
    const csv = path.join(dir, 'host_clusters.csv');
    const header = csvHeader(csv);
    const rows = csvRows(csv);
    const [host, requests, cluster] = ['host', 'requests', 'cluster'].map((c) => header.indexOf(c));
    const expected = new Map(statusByHost(lines).map((row) => [row[0], row[1]]));
    expect(rows).toHaveLength(expected.size);
    expect(new Map(rows.map((row) => [row[host], row[requests]]))).toEqual(expected);
    const key = (row: string[]) => [Number(row[cluster]), -Number(row[requests])];
    rows.slice(1).forEach((row, i) => {
      const [a, b] = [key(rows[i]), key(row)];
      expect(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]), `row ${i + 2}`).toBe(true);
    });
  }, 240_000);

  it('sessions: 30-minute sessions per client host, as cut from the raw log', async () => {
    const { dir } = await runJob('sessions', ['--rows', '0']);
    const csv = path.join(dir, 'sessions.csv');
    const header = csvHeader(csv);
    expect(header).toEqual(['host', 'session', 'start', 'end', 'requests', 'pages', 'length_s']);
    const rows = csvRows(csv).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : Number(a[1]) - Number(b[1])));
    const expected = sessions(lines);
    expect(rows).toEqual(expected);
    // Not one session per request, nor one per host: the gap really cuts.
    expect(new Set(expected.map((r) => r[0])).size).toBeLessThan(expected.length);
    expect(expected.length).toBeLessThan(lines.length);
    expect(expected.reduce((n, r) => n + Number(r[4]), 0)).toBe(lines.length);
  }, 240_000);

  it('sessions --param min_requests=5 keeps the sessions of at least 5 requests', async () => {
    const { dir } = await runJob('sessions', ['--rows', '0', '--param', 'min_requests=5']);
    const rows = csvRows(path.join(dir, 'sessions.csv')).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : Number(a[1]) - Number(b[1])));
    const expected = sessions(lines).filter((r) => Number(r[4]) >= 5);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(sessions(lines).length);
    expect(rows).toEqual(expected);
  }, 240_000);

  it('top-paths-per-host: the three most hit paths of each client host, ties by path', async () => {
    const { dir } = await runJob('top-paths-per-host', ['--rows', '0']);
    const csv = path.join(dir, 'top_paths.csv');
    expect(csvHeader(csv)).toEqual(['host', 'path', 'hits', 'rank']);
    const rows = csvRows(csv).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : Number(a[3]) - Number(b[3])));
    expect(rows).toEqual(topPathsPerHost(lines));
  }, 240_000);

  it('path-segments: segments with at least 20 hits, hits as counted from the raw log', async () => {
    const { dir } = await runJob('path-segments');
    const rows = csvRows(path.join(dir, 'segments.csv'));
    const expected = segments(lines);
    expect(rows).toHaveLength(expected.size);
    for (const [segment, hits] of rows.map((row) => [row[0], Number(row[1])] as const)) expect(hits, segment).toBe(expected.get(segment));
  }, 240_000);
});

describe('emr-jobs run on the other sample data', () => {
  it('iris-classifier on jobs/data/iris.data: 150 rows read, none rejected; summary counts match the files', async () => {
    const dir = path.join(out, 'iris-classifier');
    const r = await cli(['run', 'iris-classifier', '--local', 'jobs/data/iris.data', '--out', dir, '--rows', '0']);
    expect(r.code).toBe(0);
    expect(inputRow(r.stdout, 'iris').slice(1, 5)).toEqual(['jobs/data/iris.data', '150', '150', '0']);
    expect(outputRow(r.stdout, 'predictions')[1]).toBe(String(csvRows(path.join(dir, 'predictions.csv')).length));
  }, 240_000);

  it('alb-latency on the real ALB sample: requests, failed (-1) and p50/p95/p99 as plain code computes them', async () => {
    const log = path.resolve(import.meta.dirname, '../../../shared/data/aws/alb/beats/application-lb-http.log');
    const dir = path.join(out, 'alb-latency');
    const r = await cli(['run', 'alb-latency', '--local', log, '--out', dir, '--rows', '0']);
    expect(r.code, r.stderr).toBe(0);
    const csv = path.join(dir, 'alb_latency.csv');
    expect(csvHeader(csv)).toEqual(['target_group_arn', 'hour', 'requests', 'failed', 'p50', 'p95', 'p99']);
    const rows = csvRows(csv);
    const expected = albLatency(log);
    expect(expected.map((e) => e[3])).toEqual([7]);
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => {
      const want = expected[i];
      expect([row[0], new Date(row[1]).toISOString(), Number(row[2]), Number(row[3])]).toEqual([want[0] ?? '', ...want.slice(1, 4)]);
      for (let k = 4; k < 7; k++) {
        if (want[k] === null) expect(row[k]).toBe('');
        else expect(Math.abs(Number(row[k]) - (want[k] as number))).toBeLessThanOrEqual(1e-12);
      }
    });
  }, 240_000);

  it.each(['cloudfront-multiple.log', 'cloudfront_entry2.csv'])(
    'cloudfront-by-edge on the shared CloudFront sample %s: no line rejected; requests, bytes and error rate as plain code computes them',
    async (file) => {
      const log = path.resolve(import.meta.dirname, '../../../shared/data/aws/cloudfront/aws-log-parser', file);
      const dir = path.join(out, `cloudfront-by-edge-${file}`);
      const r = await cli(['run', 'cloudfront-by-edge', '--local', log, '--out', dir, '--rows', '0']);
      expect(r.code, r.stderr).toBe(0);
      const text = readFileSync(log, 'utf8');
      const records = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split('\t'));
      expect(inputRow(r.stdout, 'cloudfront').slice(1, 5)).toEqual([log, String(records.length), String(records.length), '0']);
      // W3C fields: 2 x-edge-location, 3 sc-bytes, 8 sc-status, 13 x-edge-result-type.
      const groups = new Map<string, { n: number; bytes: number; errors: number }>();
      for (const f of records) {
        const g = groups.get(`${f[2]},${f[13]}`) ?? { n: 0, bytes: 0, errors: 0 };
        groups.set(`${f[2]},${f[13]}`, { n: g.n + 1, bytes: g.bytes + Number(f[3]), errors: g.errors + (Number(f[8]) >= 400 ? 1 : 0) });
      }
      const expected = [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, g]) => [...k.split(','), String(g.n), String(g.bytes), String(g.errors), g.errors / g.n]);
      const csv = path.join(dir, 'cloudfront_by_edge.csv');
      expect(csvHeader(csv)).toEqual(['x_edge_location', 'x_edge_result_type', 'requests', 'bytes', 'errors', 'error_rate']);
      expect(csvRows(csv).map((row) => [...row.slice(0, 5), Number(row[5])])).toEqual(expected);
    },
    240_000,
  );

  it('every job in jobs/ has a run case in this file, every pipeline one in run-pipeline.test.ts', () => {
    const casesIn = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:runJob\(|'run', )'([a-z0-9-]+)'/g)].map((m) => m[1]);
    const { jobs, pipelines } = exampleFiles();
    const covered = casesIn(import.meta.filename);
    expect(jobs.map((f) => f.slice(0, -3)).filter((j) => !covered.includes(j))).toEqual([]);
    const pipelineCases = casesIn(path.join(import.meta.dirname, 'run-pipeline.test.ts'));
    expect(pipelines.map((f) => f.slice(0, -3)).filter((j) => !pipelineCases.includes(j))).toEqual([]);
  });
});
