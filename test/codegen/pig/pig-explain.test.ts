// Pig's EXPLAIN of every example job's script, read for single-reducer work over row-level data (GROUP ALL
// without a combiner, an ORDER that is no global sort, PARALLEL 1, default_parallel), and of hand-made
// scripts that do it, all in one JVM (test/harness/plan-checks/pig-explain-check.ts; docs/codegen.md "Scaling").
import { beforeAll, describe, expect, it } from 'vitest';
import { toPig } from '../../../codegen/pig/index.ts';
import { count, first, job, last, median, min, stddevSamp, sum, varPop } from '../../../dsl/index.ts';
import { pigAvailable } from '../../../engines/pig-runner.ts';
import { isJobError, ML_NODE_KINDS, type Plan } from '../../../plan/index.ts';
import { examplePlans } from '../pyspark/job-plans.ts';
import { explainParams, explainPigScripts, mapReduceJobs, pigExplainFindings } from '../../harness/plan-checks/pig-explain-check.ts';
import { findingText, violations, type SingleTaskFinding } from '../../harness/plan-checks/single-task.ts';
import { topNAsOrderThenLimit } from './support/top-n-by-order.ts';

const isMl = (p: Plan) => p.nodes.some((n) => (ML_NODE_KINDS as readonly string[]).includes(n.kind));
const compiles = (p: Plan) => {
  try {
    toPig(p);
    return true;
  } catch (e) {
    if (isJobError(e)) return false;
    throw e;
  }
};
const all = (await examplePlans()).filter((j) => !isMl(j.plan));
const jobs = all.filter((j) => compiles(j.plan));

/** EXPLAIN reads no data: the paths only have to be plain. */
const paramsOf = (plan: Plan) => explainParams(plan, { root: '/explain', script: '/explain/job.pig' });

const plan = (name: string) => jobs.find((j) => j.name === name)!.plan;
const edited = (name: string, from: string, to: string) => {
  const script = toPig(plan(name));
  if (!script.includes(from)) throw new Error(`the ${name} script has no ${JSON.stringify(from)}`);
  return { plan: plan(name), script: script.replace(from, to) };
};
// Hand-made: a sort on one reducer with parallelism pinned, a window grouped ALL, and top-pages' top-n as
// Pig's ORDER then LIMIT (every row shuffled and sorted to keep 10).
const negatives = [
  edited('path-segments', 'sort_6 = ORDER filter_5 BY hits DESC, segment ASC;', "SET default_parallel 1;\nsort_6 = ORDER filter_5 BY hits DESC, segment ASC PARALLEL 1;"),
  edited('sessions', 'window_2__partitions = GROUP window_2__rows BY w__p0;', 'window_2__partitions = GROUP window_2__rows ALL;'),
  { plan: plan('top-pages'), script: topNAsOrderThenLimit(toPig(plan('top-pages')), { limit: 'limit_5', sort: 'sort_4', by: 'hits DESC, path ASC', n: 10 }) },
];

// A skewed join: its sampling job (no alias of its own) is inherent, named by the join.
const skewed = job('skewed', 'a skewed left join', (j) => {
  j.csv('a', { k: 'string', v: 'int' }).join(j.csv('b', { k: 'string', w: 'int' }), { on: ['k'], how: 'left', skew: true }).writeCsv('out');
}).plan();

// Global aggregates: of a bag (a median) without a combiner, listed as such; of sums and counts, combined; of
// variances and first/last, combined passes over the rows and ORDER + LIMIT (only their order samples listed).
const bagged = job('bagged', 'the median response size of the day, and a count', (j) => {
  j.accessLog('logs').agg((r) => ({ requests: count(), middle: median(r.bytes) })).writeCsv('out');
}).plan();
const combined = job('combined', 'requests and bytes of the day', (j) => {
  j.accessLog('logs').agg((r) => ({ requests: count(), bytes: sum(r.bytes) })).writeCsv('out');
}).plan();
const fromRows = job('from-rows', 'the spread of the sizes, the first and last paths of the day, and a count', (j) => {
  j.accessLog('logs').agg((r) => ({
    requests: count(), spread: stddevSamp(r.bytes), vp: varPop(r.bytes), entry: first(r.path, { orderBy: r.time }), exit: last(r.path, { orderBy: [r.time, [r.host, 'desc']] }), least: min(r.bytes.mul(0.5)),
  })).writeCsv('out');
}).plan();

const found = new Map<string, SingleTaskFinding[]>();
let skewedFound: SingleTaskFinding[] = [];
let globalFound: SingleTaskFinding[][] = [];
let negativeFound: SingleTaskFinding[][] = [];
let uncombinedFound: SingleTaskFinding[] = [];
let topPagesExplain = '';
let segmentsExplain = '';

beforeAll(async () => {
  // Hand-made: the one group of fromRows made uncombinable (SIZE is no algebraic function).
  const uncombined = { plan: fromRows, script: toPig(fromRows).replace('COUNT_STAR(aggregate_2__rows) AS requests', 'SIZE(aggregate_2__rows) AS requests') };
  if (uncombined.script === toPig(fromRows)) throw new Error('the from-rows script has no COUNT_STAR of its rows');
  const scripts = [...jobs.map((j) => ({ plan: j.plan, script: toPig(j.plan) })), ...negatives, ...[bagged, combined, fromRows, skewed].map((p) => ({ plan: p, script: toPig(p) })), uncombined];
  const explained = await explainPigScripts(scripts.map((s) => ({ script: s.script, params: paramsOf(s.plan) })));
  const findings = scripts.map((s, i) => pigExplainFindings(s.plan, s.script, explained[i]));
  jobs.forEach((j, i) => found.set(j.name, findings[i]));
  topPagesExplain = explained[jobs.findIndex((j) => j.name === 'top-pages')];
  segmentsExplain = explained[jobs.findIndex((j) => j.name === 'path-segments')];
  negativeFound = findings.slice(jobs.length, jobs.length + negatives.length);
  globalFound = findings.slice(findings.length - 5, findings.length - 2);
  skewedFound = findings[findings.length - 2];
  uncombinedFound = violations(findings[findings.length - 1]);
}, 5 * 60_000);

describe("Pig's EXPLAIN of the example jobs: no single reducer over row-level data", () => {
  it('Pig is installed and the jobs Pig can express are all explained', () => {
    expect(pigAvailable()).toBe(true);
    expect(jobs.length).toBeGreaterThanOrEqual(8);
    expect(all.filter((j) => !jobs.includes(j)).map((j) => j.name)).toEqual(['cloudtrail-activity']);
  });

  it.each(jobs.map((j) => j.name))('%s', (name) => {
    expect(violations(found.get(name)!).map(findingText)).toEqual([]);
  });

  it('the ordered outputs are global sorts, with only the order sample on one reducer', () => {
    expect(found.get('path-segments')!.map((f) => [f.inherent, f.nodes.join()])).toEqual([['order sample', 'sort_6 (jobs/path-segments.ts:11:6)']]);
  });

  it("top-pages' top-n is a GROUP ALL combined by TopN (n rows per map reach the one reducer), and no ORDER", () => {
    expect(found.get('top-pages')!.map((f) => [f.inherent, f.operator, f.nodes.join()])).toEqual([
      ['top-n', 'limit_5__whole: Local Rearrange on Constant(all) with a Combine Plan', 'limit_5 (jobs/top-pages.ts:10:6)'],
    ]);
    const [top] = mapReduceJobs(topPagesExplain).filter((j) => j.map.includes('limit_5__whole: Local Rearrange'));
    expect([top.map, top.combined, top.reduce].map((t) => /POUserFunc\(emrjobs\.pig\.TopN(\$\w+)?\)/.exec(String(t))?.[1] ?? t)).toEqual(['$Initial', true, '$Final']);
    expect(topPagesExplain.split('\nCombine Plan\n').some((c) => /^[^\n]*\n(?:[^\n]*\n){0,8}[^\n]*POUserFunc\(emrjobs\.pig\.TopN\$Intermed\)/.test(c))).toBe(true);
    expect(topPagesExplain).not.toMatch(/RandomSampleLoader|Global sort: true/);
  });

  it('finds default_parallel, PARALLEL 1, a GROUP ALL of row-level data and a top-n as ORDER then LIMIT in hand-made scripts, naming node and job line', () => {
    const [pinned, global, orderLimit] = negativeFound.map((fs) => violations(fs).map(findingText));
    // EXPLAIN prints no parallelism: PARALLEL 1 and default_parallel are read from the script's text.
    expect(pinned).toHaveLength(2);
    expect(pinned[0]).toMatch(/^pig script: script line \d+: SET default_parallel 1; — pins the number of reducers/);
    expect(pinned[1]).toMatch(/^pig script: script line \d+: sort_6 = ORDER .* PARALLEL 1; — PARALLEL 1 gives the statement one reducer; plan node sort_6 \(jobs\/path-segments\.ts:11:6\)$/);
    expect(global).toEqual([expect.stringMatching(/window_2__partitions: Local Rearrange on Constant\(all\) — GROUP ALL without a combiner: every row reaches one reducer; plan node window_2 \(jobs\/sessions\.ts:10:6\)$/)]);
    expect(orderLimit).toEqual([
      expect.stringMatching(/^pig script: script line \d+: limit_5 = LIMIT sort_4 10; — a top-n as ORDER then LIMIT: every row is shuffled and sorted to keep n \(TopN keeps n rows per map\); plan node limit_5 \(jobs\/top-pages\.ts:10:6\)$/),
    ]);
    // Its ORDER is still a global sort: the ORDER then LIMIT itself is what is refused.
    expect(negativeFound[2].map((f) => f.inherent)).toContain('order sample');
  });

  it('a global aggregate of sums and counts is no violation; of variances two combined passes and of first/last the samples of their ORDERs; of a median, a global bag aggregate', () => {
    const [bag, sums, rows] = globalFound;
    expect(bag.map((f) => [f.inherent, f.nodes.join().split(' ')[0]])).toEqual([['global bag aggregate', 'aggregate_2']]);
    expect(violations(sums)).toEqual([]);
    // The variance's two passes are combined GROUP ALLs: the aggregate's own, then the centred squares'.
    expect(rows.map((f) => [f.inherent, f.operator.split(':')[0]])).toEqual([
      ['global aggregate', 'aggregate_2__groups'], ['global aggregate', 'aggregate_2__squaresall'],
      ['order sample', 'aggregate_2__ordered4'], ['order sample', 'aggregate_2__ordered5'],
    ]);
    expect(violations(rows)).toEqual([]);
  });

  it('a global aggregate without a combiner and without a percentile is a violation', () => {
    expect(uncombinedFound.map(findingText)).toEqual([
      expect.stringMatching(/^pig script: aggregate_2__groups: Local Rearrange on Constant\(all\) — GROUP ALL without a combiner: every row reaches one reducer; plan node aggregate_2 \(test\/codegen\/pig\/pig-explain\.test\.ts:\d+:\d+\)$/),
    ]);
  });

  it("a skewed join's sampling job is its one single reducer, inherent, named by the join", () => {
    expect(skewedFound.map((f) => [f.inherent, f.operator, f.nodes.join()])).toEqual([
      ['join sample', 'PoissonSampleLoader: Local Rearrange on Constant(all)', expect.stringMatching(/^join_3 \(test\/codegen\/pig\/pig-explain\.test\.ts:\d+:\d+\)$/)],
    ]);
  });

  it('finds an ORDER that is no global sort (its EXPLAIN with the range partitioning taken out)', () => {
    expect(segmentsExplain).toMatch(/^Global sort: true$/m);
    const oneReducer = segmentsExplain.replace(/^Global sort: true$/gm, 'Global sort: false');
    expect(violations(pigExplainFindings(plan('path-segments'), toPig(plan('path-segments')), oneReducer)).map(findingText)).toEqual([
      'pig script: sort_6: ORDER — the ORDER is no global (range-partitioned) sort: one reducer sorts every row; plan node sort_6 (jobs/path-segments.ts:11:6)',
    ]);
  });

  it('finds a top-n whose GROUP ALL lost its combiner (its EXPLAIN without the Combine Plan)', () => {
    const uncombined = topPagesExplain.replace(/\nCombine Plan\n/g, '\nCombine-less\n');
    expect(violations(pigExplainFindings(plan('top-pages'), toPig(plan('top-pages')), uncombined)).map(findingText)).toEqual([
      'pig script: limit_5__whole: Local Rearrange on Constant(all) — GROUP ALL without a combiner: every row reaches one reducer; plan node limit_5 (jobs/top-pages.ts:10:6)',
    ]);
  });
});
