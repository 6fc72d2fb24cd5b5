// Every example job run by runPlan over the real sample log, its written files compared with an
// independent computation (readline + the shared regex + Maps) written in this file.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDefinition } from '../../dsl/index.ts';
import { runPlan, type RunResult } from '../../runtime/index.ts';
import { readCombinedLog, type LogRecord } from './support/access-log-reference.ts';
import { albLatency } from '../conformance/support/alb-latency-oracle.ts';
import { exampleFiles } from '../codegen/pyspark/job-plans.ts';

const LOGS = '../shared/data/access_logs/apache_logs';
const HOSTS = 'jobs/data/hosts.csv';
const ALB = '../shared/data/aws/alb/beats/application-lb-http.log';
const INPUT_FILES: Record<string, string> = { hosts: HOSTS, iris: 'jobs/data/iris.data', alb: ALB };
const JOBS = exampleFiles().jobs;
const out = mkdtempSync(join(tmpdir(), 'emr-jobs-e2e-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Cell = string | null;
/** CSV rows with null for empty unquoted fields (and "" for quoted empty ones). */
const readCsv = (path: string): Cell[][] =>
  parse(readFileSync(path), { cast: (v, ctx) => (v === '' && !ctx.quoting ? null : v) }) as Cell[][];
const text = (v: string | number | bigint | null) => (v === null ? null : String(v));
const iso = (ms: number) => new Date(ms).toISOString();
const byDescThenAsc = <T>(count: (t: T) => number, name: (t: T) => string) => (a: T, b: T) =>
  count(b) - count(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);

let records: LogRecord[];
let rejectedLines: number[];
const results = new Map<string, { result: RunResult; dir: string }>();

beforeAll(async () => {
  ({ records, rejectedLines } = await readCombinedLog(LOGS));
  for (const file of JOBS) {
    const def = (await import(`../../jobs/${file}`)).default as JobDefinition;
    for (const batchSize of [8192, 7]) {
      const dir = join(out, `${def.name}-${batchSize}`);
      const plan = def.plan();
      const inputs = Object.fromEntries(plan.nodes.flatMap((n) => (n.kind === 'source' ? [[n.input, INPUT_FILES[n.input] ?? LOGS]] : [])));
      results.set(`${def.name}-${batchSize}`, { result: await runPlan(plan, inputs, { outDir: dir, batchSize }), dir });
    }
  }
}, 120_000);

/** The rows of a job's output file, the same for both batch sizes. */
function output(job: string, name: string): Cell[][] {
  const [a, b] = [8192, 7].map((s) => readCsv(join(results.get(`${job}-${s}`)!.dir, `${name}.csv`)));
  expect(b).toEqual(a);
  return a;
}

describe('alb-latency over the real ALB sample', () => {
  it('equals the plain-code computation: -1 times counted as failed and left out of the percentiles', () => {
    const expected = albLatency(ALB).map((r) => r.map((v) => (v === null ? null : String(v))));
    const rows = output('alb-latency', 'alb_latency');
    expect(rows[0]).toEqual(['target_group_arn', 'hour', 'requests', 'failed', 'p50', 'p95', 'p99']);
    expect(rows.slice(1).map((r) => r.map((v, i) => (i >= 4 && v !== null ? String(Number(v)) : v)))).toEqual(expected);
    expect(expected).toEqual([[expect.stringContaining('targetgroup/test-lb-instances'), '2019-10-11T15:00:00.000Z', '10', '7', '0.001', '0.001', '0.001']]);
  });
});

describe('example jobs over apache_logs', () => {
  it('the reference reads 9,999 records and rejects line 8899', () => {
    expect(records).toHaveLength(9999);
    expect(rejectedLines).toEqual([8899]);
  });

  it('counts inputs and writes the rejected line to the rejects file', () => {
    const { result, dir } = results.get('access-log-to-csv-8192')!;
    expect(result.inputs).toEqual([
      { name: 'logs', path: LOGS, rowsRead: 10000, rowsParsed: 9999, rejected: 1, byReason: { 'no-match': 1 }, rejectsFile: join(dir, '_rejects', 'logs.rejects'), firstReject: `${LOGS}:8899` },
    ]);
    const lines = readFileSync(join(dir, '_rejects', 'logs.rejects'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\.\.\/shared\/data\/access_logs\/apache_logs:8899\tno-match\t46\.118\.127\.106 /);
  });

  it('access-log-to-csv writes every parsed record', () => {
    const rows = output('access-log-to-csv', 'requests');
    expect(rows[0]).toEqual(['host', 'ident', 'user', 'time', 'method', 'path', 'protocol', 'status', 'bytes', 'referer', 'agent']);
    expect(rows.slice(1)).toEqual(
      records.map((r) => [r.host, r.ident, r.user, iso(r.time), r.method, r.path, r.protocol, text(r.status), text(r.bytes), r.referer, r.agent]),
    );
    const { result } = results.get('access-log-to-csv-8192')!;
    expect(result.outputs[0]).toMatchObject({ name: 'requests', rows: 9999, columns: rows[0] });
    expect(result.outputs[0].preview).toEqual(rows.slice(1, 11));
  });

  it('top-pages: 2xx hits and bytes per path, top 10', () => {
    const pages = new Map<string | null, { hits: number; bytes: bigint | null }>();
    for (const r of records) {
      if (r.status < 200 || r.status > 299) continue;
      const p = pages.get(r.path) ?? { hits: 0, bytes: null };
      p.hits++;
      if (r.bytes !== null) p.bytes = (p.bytes ?? 0n) + r.bytes;
      pages.set(r.path, p);
    }
    const want = [...pages].sort(byDescThenAsc(([, p]) => p.hits, ([path]) => path ?? '')).slice(0, 10);
    expect(output('top-pages', 'top_pages')).toEqual([['path', 'hits', 'bytes'], ...want.map(([path, p]) => [path, text(p.hits), text(p.bytes)])]);
  });

  it('traffic-by-hour: requests, bytes, errors and error rate per UTC hour', () => {
    const hours = new Map<number, { requests: number; bytes: bigint | null; errors: number }>();
    for (const r of records) {
      const h = r.time - (r.time % 3_600_000);
      const e = hours.get(h) ?? { requests: 0, bytes: null, errors: 0 };
      e.requests++;
      if (r.bytes !== null) e.bytes = (e.bytes ?? 0n) + r.bytes;
      if (r.status >= 500) e.errors++;
      hours.set(h, e);
    }
    const rows = output('traffic-by-hour', 'traffic_by_hour');
    expect(rows[0]).toEqual(['hour', 'requests', 'bytes', 'errors', 'error_rate']);
    const want = [...hours].sort(([a], [b]) => a - b);
    expect(rows.slice(1).map((r) => r.slice(0, 4))).toEqual(want.map(([h, e]) => [iso(h), text(e.requests), text(e.bytes), text(e.errors)]));
    expect(rows.slice(1).map((r) => Number(r[4]))).toEqual(want.map(([, e]) => e.errors / e.requests));
    expect(rows.slice(1).every((r) => /^\d\.\d+(E-\d+)?$/.test(r[4]!))).toBe(true);
  });

  it('path-segments: hits and distinct hosts per non-empty segment of the path before ?', () => {
    const segs = new Map<string, { hits: number; hosts: Set<string> }>();
    for (const r of records) {
      if (r.path === null) continue;
      for (const s of r.path.split('?')[0].split('/')) {
        if (s === '') continue;
        const e = segs.get(s) ?? { hits: 0, hosts: new Set() };
        e.hits++;
        e.hosts.add(r.host);
        segs.set(s, e);
      }
    }
    const want = [...segs].filter(([, e]) => e.hits >= 20).sort(byDescThenAsc(([, e]) => e.hits, ([s]) => s));
    expect(output('path-segments', 'segments')).toEqual([['segment', 'hits', 'hosts'], ...want.map(([s, e]) => [s, text(e.hits), text(e.hosts.size)])]);
  });

  it('status-by-host: status classes per host, left-joined with the hosts lookup', () => {
    const owners = new Map((parse(readFileSync(HOSTS), { columns: true }) as Record<string, string>[]).map((h) => [h.host, h]));
    const hosts = new Map<string, number[]>();
    for (const r of records) {
      const c = hosts.get(r.host) ?? [0, 0, 0, 0];
      c[0]++;
      c[r.status < 400 ? 1 : r.status <= 499 ? 2 : 3]++;
      hosts.set(r.host, c);
    }
    const want = [...hosts].sort(byDescThenAsc(([, c]) => c[0], ([h]) => h));
    const rows = output('status-by-host', 'status_by_host');
    expect(rows[0]).toEqual(['host', 'requests', 'ok', 'client_errors', 'server_errors', 'owner', 'kind']);
    expect(rows.slice(1)).toEqual(want.map(([h, c]) => [h, ...c.map(String), owners.get(h)?.owner ?? null, owners.get(h)?.kind ?? null]));
    expect(rows.some((r) => r[5] === 'RCN "Residential" Cable')).toBe(true);
  });
});
