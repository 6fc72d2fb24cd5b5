// `emr-jobs run <pipeline>`: the stages run in dependency order, each committed into <out>/<stage>/, an
// upstream output feeding the stages that read it; --only and --from-stage rerun part of it.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APACHE_LOGS, cli, tempDir } from './cli-harness.ts';

const dir = tempDir('pipeline');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (...p: string[]) => readFileSync(path.join(...p), 'utf8');

describe('run <pipeline>', () => {
  const out = path.join(dir, 'wa');

  it('runs every stage in order; traffic over the parsed CSV equals traffic-by-hour over the raw log', async () => {
    const r = await cli(['run', 'web-analytics', '--local', APACHE_LOGS, '--param', 'date=2015-05-17', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const order = [...r.stdout.matchAll(/^stage (\S+) \(/gm)].map((m) => m[1]);
    expect(order).toEqual(['parse', 'traffic', 'top-pages', 'bots']);
    expect(r.stdout).toMatch(/^pipeline web-analytics: 4 stages done, 2 loads skipped \(no --warehouse\) in [\d.]+ s; outputs in /m);
    for (const [stage, file] of [['parse', 'requests.csv'], ['traffic', 'traffic_by_hour.csv'], ['top-pages', 'top_pages.csv'], ['bots', 'host_clusters.csv']]) {
      expect(statSync(path.join(out, stage, file)).size).toBeGreaterThan(0);
      expect(statSync(path.join(out, stage, '_SUCCESS')).isFile()).toBe(true);
    }
    const direct = path.join(dir, 'direct');
    const t = await cli(['run', 'traffic-by-hour', '--local', APACHE_LOGS, '--out', direct, '--rows', '0']);
    expect(t.code).toBe(0);
    expect(read(out, 'traffic', 'traffic_by_hour.csv')).toBe(read(direct, 'traffic_by_hour.csv'));
    // The parse stage keeps every parsed request, and traffic read them all back with nothing rejected.
    const requests = read(out, 'parse', 'requests.csv').trimEnd().split('\n').length - 1;
    expect(requests).toBe(9999);
    const manifest = JSON.parse(read(out, 'traffic', '_emr-jobs.json'));
    expect(manifest.job).toBe('traffic-by-hour');
    expect(manifest.inputs.map((i: { name: string; path: string; rejected: number }) => [i.name, i.path, i.rejected])).toEqual([['logs', path.join(out, 'parse', 'requests.csv'), 0]]);
  }, 240_000);

  it('--only reruns one stage from the outputs already written; --from-stage the rest of the order', async () => {
    const before = statSync(path.join(out, 'parse', 'requests.csv')).mtimeMs;
    const r = await cli(['run', 'web-analytics', '--only', 'top-pages', '--param', 'date=2015-05-17', '--out', out]);
    expect(r.code).toBe(0);
    expect([...r.stdout.matchAll(/^stage (\S+) \(/gm)].map((m) => m[1])).toEqual(['top-pages']);
    expect(r.stdout).toContain('1 stage done (3 not selected)');
    expect(statSync(path.join(out, 'parse', 'requests.csv')).mtimeMs).toBe(before);
    const f = await cli(['run', 'web-analytics', '--from-stage', 'top-pages', '--param', 'date=2015-05-17', '--out', out]);
    expect(f.code).toBe(0);
    expect([...f.stdout.matchAll(/^stage (\S+) \(/gm)].map((m) => m[1])).toEqual(['top-pages', 'bots']);
  }, 240_000);

  it('a stage whose upstream never ran, an unknown stage or parameter: exit 2 before anything runs', async () => {
    const empty = path.join(dir, 'empty');
    const r = await cli(['run', 'web-analytics', '--only', 'traffic', '--param', 'date=2015-05-17', '--out', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("input error: stage 'traffic' reads 'parse.requests', which no finished run of stage 'parse' has written");
    const u = await cli(['run', 'web-analytics', '--only', 'nope', '--param', 'date=2015-05-17', '--out', empty]);
    expect(u.code).toBe(2);
    expect(u.stderr.trim()).toBe("usage error: --only nope: pipeline 'web-analytics' has no stage 'nope' (its stages: parse, traffic, top-pages, bots)");
    const p = await cli(['run', 'web-analytics', '--local', APACHE_LOGS, '--param', 'day=2015-05-17', '--out', empty]);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain("--param day=...: pipeline 'web-analytics' and its stages declare no parameter 'day' (parameters: date (date), bucket (string))");
    const j = await cli(['run', 'top-pages', '--local', APACHE_LOGS, '--only', 'x', '--out', empty]);
    expect(j.code).toBe(2);
    expect(j.stderr.trim()).toBe("usage error: --only and --from-stage apply to pipelines; 'top-pages' is a job");
    const c = await cli(['explain', 'web-analytics']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("'web-analytics' is a pipeline: explain draws it with --dag");
  }, 240_000);
});

describe('compile <pipeline>', () => {
  it('writes one job bundle per stage for its own engine and one manifest in dependency order; same pipeline, same bytes', async () => {
    const a = path.join(dir, 'build-a');
    const b = path.join(dir, 'build-b');
    for (const out of [a, b]) {
      const r = await cli(['compile', 'web-analytics', '--out', out, '--param', 'date=2015-05-17']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const files = (d: string) => (readdirSync(d, { recursive: true }) as string[]).sort();
    expect(files(a)).toEqual(files(b));
    for (const f of files(a).filter((x) => x.includes('.'))) expect(read(a, f)).toBe(read(b, f));
    const m = JSON.parse(read(a, 'manifest.json'));
    expect(m.stages.map((s: { name: string; engine: string; script: { script: string }; after: string[] }) => [s.name, s.engine, s.script.script, s.after])).toEqual([
      ['parse', 'pig', 'parse/access-log-to-csv.pig', []],
      ['traffic', 'spark', 'traffic/traffic-by-hour.py', ['parse']],
      ['top-pages', 'spark', 'top-pages/top-pages.py', ['parse']],
      ['bots', 'spark', 'bots/bot-clusters.py', ['parse']],
    ]);
    expect(m.params.find((x: { name: string }) => x.name === 'date')).toEqual({ name: 'date', type: 'date', default: null, value: '2015-05-17' });
    // The Spark stage reads the parsed CSV, not the raw log.
    const traffic = read(a, 'traffic', 'traffic-by-hour.py');
    expect(traffic).toMatch(/= read_csv_lines\(/);
    expect(traffic).not.toMatch(/= read_log\(/);
    expect(read(a, 'parse', 'access-log-to-csv.pig')).toContain('REGEX_EXTRACT_ALL');
    const t = await cli(['compile', 'web-analytics', '--target', 'pig', '--out', a]);
    expect(t.code).toBe(2);
    expect(t.stderr.trim()).toBe("usage error: --target applies to jobs; each stage of pipeline 'web-analytics' compiles for its own engine");
  }, 120_000);
});
