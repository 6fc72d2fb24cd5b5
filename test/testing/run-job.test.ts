// runJob (emr-jobs/testing) on the example jobs, checked against plain-code computations over the shared
// sample log that share nothing with the runtime: their own line regex, Maps and sorts.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { job } from '../../dsl/index.ts';
import statusByHost from '../../jobs/status-by-host.ts';
import topPages from '../../jobs/top-pages.ts';
import trafficByHour from '../../jobs/traffic-by-hour.ts';
import webAnalytics from '../../jobs/web-analytics.ts';
import { runJob } from '../../testing/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LOG = path.join(ROOT, '../shared/data/access_logs/apache_logs');
const LINES = readFileSync(LOG, 'utf8').split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
/** host, time, request, status, bytes, referer, agent; a quoted field may hold backslash escapes. */
const LINE = /^(\S+) \S+ \S+ \[(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-) "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*"$/;

interface Hit {
  host: string;
  hour: number;
  path: string | null;
  status: number;
  bytes: bigint | null;
}

function parse(line: string): Hit | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const [, host, dd, mon, yyyy, hh] = m;
  const parts = m[8].split(' ');
  const path = parts.length === 2 || parts.length === 3 ? parts[1] : m[8] === '-' ? null : m[8];
  return { host, hour: Date.UTC(+yyyy, MONTHS.indexOf(mon), +dd, +hh), path, status: +m[9], bytes: m[10] === '-' ? null : BigInt(m[10]) };
}

const HITS = LINES.map(parse);
const PARSED = HITS.filter((h): h is Hit => h !== null);
const addBytes = (a: bigint | null, b: bigint | null) => (b === null ? a : (a ?? 0n) + b);

describe('runJob on the example jobs over the shared Apache log', () => {
  it('top-pages: the ten most hit 2xx paths, counted with a Map', async () => {
    const counts = new Map<string | null, { hits: bigint; bytes: bigint | null }>();
    for (const h of PARSED.filter((x) => x.status >= 200 && x.status <= 299)) {
      const c = counts.get(h.path) ?? { hits: 0n, bytes: null };
      counts.set(h.path, { hits: c.hits + 1n, bytes: addBytes(c.bytes, h.bytes) });
    }
    const expected = [...counts]
      .sort(([pa, a], [pb, b]) => (a.hits !== b.hits ? (b.hits > a.hits ? 1 : -1) : (pa ?? '') < (pb ?? '') ? -1 : 1))
      .slice(0, 10)
      .map(([p, c]) => ({ path: p, hits: c.hits, bytes: c.bytes }));

    const run = await runJob(topPages, { inputs: { logs: { file: LOG } } });
    expect(run.outputs.top_pages).toEqual(expected);
    expect(expected[0].hits).toBeGreaterThan(100n);
  });

  it('counts the rejected lines, with their line number, reason and exact text', async () => {
    const bad = HITS.map((h, i) => (h === null ? i + 1 : 0)).filter((n) => n > 0);
    expect(bad).toEqual([8899]);
    const run = await runJob(topPages, { inputs: { logs: { file: LOG } } });
    expect(run.inputs.logs).toMatchObject({ read: LINES.length, parsed: PARSED.length, rejected: 1, byReason: { 'no-match': 1 } });
    expect(run.inputs.logs.rejects).toEqual([{ line: 8899, reason: 'no-match', text: LINES[8898] }]);
  });

  it('traffic-by-hour: requests, bytes and errors per UTC hour as Dates, in hour order', async () => {
    const hours = new Map<number, { requests: bigint; bytes: bigint | null; errors: bigint }>();
    for (const h of PARSED) {
      const c = hours.get(h.hour) ?? { requests: 0n, bytes: null, errors: 0n };
      hours.set(h.hour, { requests: c.requests + 1n, bytes: addBytes(c.bytes, h.bytes), errors: c.errors + (h.status >= 500 ? 1n : 0n) });
    }
    const run = await runJob(trafficByHour, { inputs: { logs: LINES }, options: { batchSize: 333 } });
    const rows = run.outputs.traffic_by_hour;
    expect(rows.map((r) => r.hour)).toEqual([...hours.keys()].sort((a, b) => a - b).map((ms) => new Date(ms)));
    for (const r of rows) {
      const c = hours.get((r.hour as Date).getTime())!;
      expect(r).toMatchObject({ requests: c.requests, bytes: c.bytes, errors: c.errors });
      expect(r.error_rate).toBeCloseTo(Number(c.errors) / Number(c.requests), 12);
    }
    expect(run.inputs.logs.rejects.map((x) => x.line)).toEqual([8899]);
  });

  it('status-by-host: hosts given as rows are written as the CSV the job declares and joined', async () => {
    const hosts = [
      { host: '66.249.73.135', owner: 'Google, Inc.', kind: 'crawler' },
      { host: '46.105.14.53', owner: 'OVH "SAS"', kind: null },
    ];
    const run = await runJob(statusByHost, { inputs: { logs: { file: LOG }, hosts } });
    const requests = new Map<string, number>();
    for (const h of PARSED) requests.set(h.host, (requests.get(h.host) ?? 0) + 1);
    const rows = run.outputs.status_by_host;
    expect(rows).toHaveLength(requests.size);
    expect(rows.map((r) => r.requests)).toEqual([...requests.values()].sort((a, b) => b - a).map(BigInt));
    const google = rows.find((r) => r.host === '66.249.73.135')!;
    expect(google).toMatchObject({ owner: 'Google, Inc.', kind: 'crawler', requests: BigInt(requests.get('66.249.73.135')!) });
    expect(rows.find((r) => r.host === '46.105.14.53')).toMatchObject({ owner: 'OVH "SAS"', kind: null });
    expect(rows.filter((r) => r.owner !== null)).toHaveLength(2);
    expect(run.inputs.hosts).toMatchObject({ read: 2, parsed: 2, rejected: 0 });
  });
});

describe('runJob inputs and errors', () => {
  const people = job('people', 'Adults by name', (j) => {
    j.csv('people', { name: 'string', age: 'int', seen: 'timestamp' })
      .filter((r) => r.age.ge(18))
      .orderBy('name')
      .writeCsv('adults');
  });

  it('reads rows, raw lines and rejects bad CSV records with the column named', async () => {
    const rows = await runJob(people, { inputs: { people: [{ name: 'ann', age: 30, seen: new Date('2015-05-17T10:05:03.250Z') }, { name: 'bob', age: 9 }] } });
    expect(rows.outputs.adults).toEqual([{ name: 'ann', age: 30, seen: new Date('2015-05-17T10:05:03.250Z') }]);
    const lines = await runJob(people, { inputs: { people: ['name,age,seen', 'cy,41,2015-05-17 10:00:00', 'dan,old,', 'eve,20,'] } });
    expect(lines.outputs.adults).toEqual([
      { name: 'cy', age: 41, seen: new Date('2015-05-17T10:00:00Z') },
      { name: 'eve', age: 20, seen: null },
    ]);
    expect(lines.inputs.people.rejects).toEqual([{ line: 3, reason: 'bad-csv', detail: expect.stringContaining('age'), text: 'dan,old,' }]);
  });

  it('says which input and row does not fit, and which input is missing or unknown', async () => {
    await expect(runJob(people, { inputs: { people: [{ name: 'x', age: '30' }] } })).rejects.toThrow(/input 'people' row 1: column 'age' \(int\) needs a 32-bit integer number, got string "30"/);
    await expect(runJob(people, { inputs: { people: [{ nmae: 'x' }] } })).rejects.toThrow(/unknown column 'nmae'/);
    await expect(runJob(people, { inputs: {} })).rejects.toThrow(/no data given for input 'people'/);
    await expect(runJob(people, { inputs: { people: [], extra: [] } })).rejects.toThrow(/has no input 'extra'/);
  });

  it('hands back the check results; a failed error check throws unless failOnChecks is false; a pipeline is refused', async () => {
    const checked = job('checked', 'Adults, checked', (j) => {
      j.csv('people', { name: 'string', age: 'int' })
        .check('people', (c) => [c.notNull('name'), c.range('age', { min: 0, max: 150 }, { severity: 'warn' })])
        .writeCsv('all');
    });
    const good = await runJob(checked, { inputs: { people: ['name,age', 'ann,30'] } });
    expect(good.checks.map((c) => [c.name, c.status])).toEqual([['notNull(name)', 'pass'], ['range(age: 0..150)', 'pass']]);
    const bad = ['name,age', ',30', 'bob,200'];
    await expect(runJob(checked, { inputs: { people: bad } })).rejects.toThrow(/notNull\(name\)/);
    const kept = await runJob(checked, { inputs: { people: bad }, options: { failOnChecks: false } });
    expect(kept.checks.map((c) => [c.name, c.status, c.failing])).toEqual([['notNull(name)', 'fail', 1], ['range(age: 0..150)', 'fail', 1]]);
    expect(kept.outputs.all).toHaveLength(2);
    await expect(runJob(webAnalytics as never, { inputs: {} })).rejects.toThrow("runJob: 'web-analytics' is a pipeline, not a job");
  });

  it('maxRejects turns too many rejects into a failure, as --max-rejects does', async () => {
    await expect(runJob(people, { inputs: { people: ['name,age,seen', 'a,x,', 'b,y,'] }, options: { maxRejects: 1 } })).rejects.toThrow(/more than --max-rejects 1/);
  });

  it('leaves no temporary file behind, whether the run succeeds or fails', async () => {
    const own = mkdtempSync(path.join(tmpdir(), 'emr-jobs-runjob-tmp-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = own;
    try {
      expect(tmpdir()).toBe(own);
      await runJob(people, { inputs: { people: ['name,age,seen', 'a,x,', 'ann,30,'] } });
      await expect(runJob(people, { inputs: { people: ['name,age,seen', 'a,x,', 'b,y,'] }, options: { maxRejects: 1 } })).rejects.toThrow();
      await expect(runJob(people, { inputs: { people: [{ name: 1 }] } })).rejects.toThrow();
      expect(readdirSync(own)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      rmSync(own, { recursive: true, force: true });
    }
  });
});
