// Every example job in jobs/ over every access log in ../shared/data/access_logs (and jobs/data/hosts.csv)
// on all three engines: runtime, real Pig and real Spark give equal outputs under the conformance rules.
// Jobs over CloudTrail files run over each shared CloudTrail sample (read in place) on the runtime and
// Spark; Pig refuses them at compile time (docs/codegen.md).
// (test/codegen/pyspark/spark-run.test.ts also checks runtime = Spark on these jobs, byte for byte on files;
// this file adds Pig, and compares all three with one comparator.)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ML_NODE_KINDS, nodeById, sinks, type Plan } from '../../plan/index.ts';
import { compareCase, orderRuleFor, orderViolation, type CaseOutputs } from '../harness/compare.ts';
import { parseCsvRows } from '../harness/pig-harness.ts';
import { examplePlans, ROOT } from '../codegen/pyspark/job-plans.ts';
import { runPigSettled } from './support/pig-batch.ts';
import { runReference, type Settled } from './support/reference-run.ts';
import { runSparkSettled } from './support/spark-batch.ts';
import { albLatency } from './support/alb-latency-oracle.ts';
import { toPySpark } from '../../codegen/pyspark/index.ts';
import { topNAsOrderThenLimit } from '../codegen/pig/support/top-n-by-order.ts';
import { findingText, violations } from '../harness/plan-checks/single-task.ts';

const LOG_DIR = path.join(ROOT, '../shared/data/access_logs');
const HOSTS = path.join(ROOT, 'jobs/data/hosts.csv');
// Jobs that read ALB logs (input `alb`) run over the ALB samples instead: the real one with -1 times.
const ALB_DIR = path.join(ROOT, '../shared/data/aws/alb/beats');
// Jobs that read CloudFront logs (input `cloudfront`) run over each CloudFront sample: 33- and 24-field files.
const CLOUDFRONT_DIR = path.join(ROOT, '../shared/data/aws/cloudfront/aws-log-parser');
// Pretty-printed and one-line `{"Records":[...]}` files (cloudgrep, Apache-2.0) and event-per-line files
// (beats, Elastic License: never copied).
const TRAIL_DIR = path.join(ROOT, '../shared/data/aws/cloudtrail');
const trailFiles = ['cloudgrep/cloudtrail.json', 'cloudgrep/cloudtrail_singleline.json', 'beats/console-login-json.log', 'beats/assume-role-json.log'];

interface Case {
  readonly name: string;
  readonly plan: Plan;
  readonly inputs: Record<string, string>;
}

const isMl = (p: Plan) => p.nodes.some((n) => (ML_NODE_KINDS as readonly string[]).includes(n.kind));
const logs = readdirSync(LOG_DIR).sort();
const albLogs = readdirSync(ALB_DIR).sort();
const cloudFrontLogs = readdirSync(CLOUDFRONT_DIR).sort();
const jobs = (await examplePlans()).filter((j) => !isMl(j.plan));
const readsInput = (p: Plan, input: string) => p.nodes.some((n) => n.kind === 'source' && n.input === input);
const readsAlb = (p: Plan) => readsInput(p, 'alb');
const readsTrail = (p: Plan) => p.nodes.some((n) => n.kind === 'source' && n.format.kind === 'cloudtrail');
const samplesOf = (p: Plan) => (readsTrail(p) ? trailFiles : readsAlb(p) ? albLogs : readsInput(p, 'cloudfront') ? cloudFrontLogs : logs);
const cases: Case[] = jobs.flatMap((j) =>
  samplesOf(j.plan).map((log) => {
    const all: Record<string, string> = {
      logs: path.join(LOG_DIR, log),
      hosts: HOSTS,
      alb: path.join(ALB_DIR, log),
      cloudfront: path.join(CLOUDFRONT_DIR, log),
      trail: path.join(TRAIL_DIR, log),
    };
    const used = new Set(j.plan.nodes.flatMap((n) => (n.kind === 'source' ? [n.input] : [])));
    return { name: `${j.name} over ${log}`, plan: j.plan, inputs: Object.fromEntries(Object.entries(all).filter(([k]) => used.has(k))) };
  }),
);

const results = new Map<string, { runtime: Settled; pig: Settled; spark: Settled }>();

// Hand-made scripts the plan checks must refuse, run in the same Spark session: an output written by one
// task, and a window made global.
const handMade = (job: string, edit: (script: string) => string) => {
  const c = cases.find((x) => x.name.startsWith(`${job} over`))!;
  const script = edit(toPySpark(c.plan));
  if (script === toPySpark(c.plan)) throw new Error(`the hand-made ${job} script is unchanged`);
  return { plan: c.plan, inputs: c.inputs, script };
};
const negatives = [
  handMade('access-log-to-csv', (s) => s.replace('write_csv(df_source_1, ', 'write_csv(df_source_1.coalesce(1), ')),
  handMade('sessions', (s) => s.replace('df_window_2_window = Window.partitionBy(F.col("`host`"))', 'df_window_2_window = Window.partitionBy()')),
];
let negativeRuns: Settled[] = [];
// The same for Pig's EXPLAIN, made in the Pig batch's JVM: the top-n as Pig's ORDER then LIMIT (every row
// shuffled and sorted), where the compiler writes TopN.
const topPages = cases.find((x) => x.name.startsWith('top-pages over'))!;
const pigNegatives = [
  { plan: topPages.plan, inputs: topPages.inputs, editPig: (s: string) => topNAsOrderThenLimit(s, { limit: 'limit_5', sort: 'sort_4', by: 'hits DESC, path ASC', n: 10 }) },
];
let pigNegativeRuns: Settled[] = [];

beforeAll(async () => {
  const engineCases = cases.map((c) => ({ plan: c.plan, inputs: c.inputs }));
  const [pigAll, sparkAll] = await Promise.all([runPigSettled([...engineCases, ...pigNegatives], { plans: true }), runSparkSettled([...engineCases, ...negatives])]);
  const pig = pigAll.slice(0, engineCases.length);
  pigNegativeRuns = pigAll.slice(engineCases.length);
  const spark = sparkAll.slice(0, engineCases.length);
  negativeRuns = sparkAll.slice(engineCases.length);
  // The shared log has one truncated line (line 8899, ../shared/data/README.md): every engine drops it.
  // The CloudFront samples have none: their #Version and #Fields lines are no rejects.
  for (const [i, c] of cases.entries()) {
    const rejects = readsInput(c.plan, 'cloudfront') ? 0 : 1;
    results.set(c.name, { runtime: await runReference(c.plan, c.inputs, { rejects }), pig: pig[i], spark: spark[i] });
  }
}, 20 * 60_000);

const outputsOf = (s: Settled, who: string): CaseOutputs => {
  if (!s.ok) throw new Error(`${who} failed: ${s.error}`);
  return s.outputs;
};

describe('example jobs on all three engines', () => {
  it('cover every job in jobs/ that has no ML stage, over every access log', () => {
    const files = readdirSync(path.join(ROOT, 'jobs')).filter((f) => f.endsWith('.ts'));
    expect(jobs.length).toBeGreaterThanOrEqual(5);
    expect(jobs.length).toBeLessThanOrEqual(files.length);
    expect(logs).toContain('apache_logs');
    expect(cases).toHaveLength(jobs.reduce((n, j) => n + samplesOf(j.plan).length, 0));
    expect(albLogs).toContain('application-lb-http.log');
    expect(cloudFrontLogs).toHaveLength(5);
    expect(jobs.filter((j) => readsTrail(j.plan)).map((j) => j.name)).toEqual(['cloudtrail-activity']);
  });

  it("hosts.csv has no empty field, so Pig's reading of \"\" as null (docs/engines.md) cannot matter here", () => {
    const rows = parseCsvRows(readFileSync(HOSTS, 'utf8'));
    expect(rows.flat().filter((c) => c === null || c === '')).toEqual([]);
  });

  it.each(cases.map((c) => c.name))('%s: runtime = pig = spark', (name) => {
    const c = cases.find((x) => x.name === name)!;
    const r = results.get(name)!;
    const runtime = outputsOf(r.runtime, 'runtime');
    const spark = outputsOf(r.spark, 'spark');
    for (const s of sinks(c.plan)) {
      expect(runtime[s.output].length, `${s.output} is empty: the comparison would prove little`).toBeGreaterThan(0);
      const rule = orderRuleFor(c.plan, s);
      if (rule.kind === 'ordered') expect(orderViolation(runtime[s.output], s.schema.map((f) => f.type), rule.keys)).toBeNull();
    }
    if (readsTrail(c.plan)) {
      expect(r.pig.ok ? 'compiled' : r.pig.error).toMatch(/pig cannot express CloudTrail input/);
      expect(compareCase(c.plan, runtime, spark, { labels: ['runtime', 'spark'] }).diff).toBe('');
      return;
    }
    const pig = outputsOf(r.pig, 'pig');
    expect(compareCase(c.plan, runtime, pig, { labels: ['runtime', 'pig'] }).diff).toBe('');
    expect(compareCase(c.plan, runtime, spark, { labels: ['runtime', 'spark'] }).diff).toBe('');
    expect(compareCase(c.plan, pig, spark, { labels: ['pig', 'spark'] }).diff).toBe('');
  });

  it.each(cases.map((c) => c.name))('%s: no single Spark task over row-level data (physical plan of each write)', (name) => {
    const s = results.get(name)!.spark;
    if (!s.ok) throw new Error(`spark failed: ${s.error}`);
    expect(s.singleTasks, 'the plans of the writes were not captured').toBeDefined();
    expect(violations(s.singleTasks!).map(findingText)).toEqual([]);
  });

  it('the Spark plan check finds a coalesce(1) and a global window in hand-made scripts, naming the node and job line', () => {
    const texts = negativeRuns.map((r) => {
      if (!r.ok) throw new Error(`hand-made script failed: ${r.error}`);
      return violations(r.singleTasks ?? []).map(findingText);
    });
    expect(texts[0]).toHaveLength(1);
    expect(texts[0][0]).toMatch(/^spark output 'requests': Coalesce 1 — .*; plan node sink_\d+ \(jobs\/access-log-to-csv\.ts:\d+:\d+\)$/);
    expect(texts[1]).toHaveLength(1);
    expect(texts[1][0]).toMatch(/^spark output 'sessions': Exchange SinglePartition.* — one task gets every row .*; plan node window_2 \(jobs\/sessions\.ts:10:\d+\)$/);
  });

  it.each(cases.filter((c) => !readsTrail(c.plan)).map((c) => c.name))('%s: no single Pig reducer over row-level data (EXPLAIN in the batch\'s JVM)', (name) => {
    const s = results.get(name)!.pig;
    if (!s.ok) throw new Error(`pig failed: ${s.error}`);
    expect(s.singleTasks, 'the EXPLAIN was not read').toBeDefined();
    expect(violations(s.singleTasks!).map(findingText)).toEqual([]);
  });

  it("the Pig plan check of the batch finds a top-n as ORDER then LIMIT, and the case's run still ran", () => {
    const [r] = pigNegativeRuns;
    if (!r.ok) throw new Error(`hand-made script failed: ${r.error}`);
    expect(violations(r.singleTasks ?? []).map(findingText)).toEqual([
      expect.stringMatching(/^pig script: script line \d+: limit_5 = LIMIT sort_4 10; — a top-n as ORDER then LIMIT: every row is shuffled and sorted to keep n \(TopN keeps n rows per map\); plan node limit_5 \(jobs\/top-pages\.ts:10:6\)$/),
    ]);
    expect(r.outputs.top_pages).toEqual(outputsOf(results.get(topPages.name)!.pig, 'pig').top_pages);
  });

  it('the top-n of top-pages is its one inherent single task on Spark and on Pig (TopN, combined per map)', () => {
    const { spark, pig } = results.get(cases.find((c) => c.name.startsWith('top-pages'))!.name)!;
    for (const s of [spark, pig]) expect(s.ok && s.singleTasks!.map((f) => [f.inherent, f.nodes.join()])).toEqual([['top-n', 'limit_5 (jobs/top-pages.ts:10:6)']]);
  });

  it('the top-level sorts are really compared in order', () => {
    const ordered = cases.filter((c) => sinks(c.plan).some((s) => orderRuleFor(c.plan, s).kind === 'ordered'));
    expect(ordered.map((c) => c.name).some((n) => n.startsWith('top-pages'))).toBe(true);
    const top = cases.find((c) => c.name.startsWith('top-pages'))!;
    expect(nodeById(top.plan).get(sinks(top.plan)[0].input)!.kind).toBe('limit');
  });

  it.each(trailFiles)('cloudtrail-activity over %s: every event counted under a user and an event name', (file) => {
    const r = results.get(`cloudtrail-activity over ${file}`)!;
    const events = readFileSync(path.join(TRAIL_DIR, file), 'utf8').match(/"eventName"/g)!.length;
    for (const [who, s] of [['runtime', r.runtime], ['spark', r.spark]] as const) {
      const rows = outputsOf(s, who).activity;
      expect(rows.every((row) => row[0] !== null && row[1] !== null), `${who}: ${JSON.stringify(rows)}`).toBe(true);
      expect(rows.reduce((n, row) => n + Number(row[3]), 0), who).toBe(events);
    }
  });

  it.each(albLogs)('alb-latency over %s equals the plain-code computation on the runtime, Pig and Spark', (log) => {
    const r = results.get(`alb-latency over ${log}`)!;
    const expected = albLatency(path.join(ALB_DIR, log));
    expect(expected.length).toBeGreaterThan(0);
    // The real sample's failed requests (-1) are counted, and left out of the percentiles.
    if (log === 'application-lb-http.log') expect(expected.map((e) => e[3])).toEqual([7]);
    for (const [who, s] of [['runtime', r.runtime], ['pig', r.pig], ['spark', r.spark]] as const) {
      const rows = outputsOf(s, who).alb_latency;
      expect(rows.length, who).toBe(expected.length);
      rows.forEach((row, i) => {
        const want = expected[i];
        expect([row[0], new Date(row[1]!).toISOString(), Number(row[2]), Number(row[3])], who).toEqual(want.slice(0, 4));
        for (let k = 4; k < 7; k++) {
          if (want[k] === null) expect(row[k], who).toBeNull();
          else expect(Math.abs(Number(row[k]) - (want[k] as number)), `${who} ${row.join(',')}`).toBeLessThanOrEqual(1e-12);
        }
      });
    }
  });
});
