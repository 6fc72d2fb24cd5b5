// `emr-jobs run <pipeline>`: the stages run in dependency order, each committed into <out>/<stage>/, an
// upstream output feeding the stages that read it; --only and --from-stage rerun part of it.
import { readFileSync, rmSync, statSync } from 'node:fs';
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
    expect(r.stdout).toMatch(/^pipeline web-analytics: 4 stages done in [\d.]+ s; outputs in /m);
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
    const c = await cli(['compile', 'web-analytics']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("'web-analytics' is a pipeline; this command takes a job");
  }, 240_000);
});
