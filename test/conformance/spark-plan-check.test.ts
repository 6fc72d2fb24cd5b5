// The Spark plan checker on physical plans in Spark's own tree format (the shapes Spark 3.5 prints for
// these plans): each single partition is classified as docs/codegen.md ("Scaling") says and named by node.
import { describe, expect, it } from 'vitest';
import { count, job } from '../../dsl/index.ts';
import { parseSparkPlan, sparkWriteFindings } from '../harness/plan-checks/spark-plan-check.ts';
import { findingText } from '../harness/plan-checks/single-task.ts';

const plan = job('plan-check', 'numbers every request, and counts them', (j) => {
  const logs = j.accessLog('logs');
  logs.window({ partitionBy: [], orderBy: ['time'] }, (_r, w) => ({ n: w.rowNumber() })).writeCsv('numbered');
  logs.agg(() => ({ requests: count() })).writeCsv('total');
}).plan();

/** The same window with partition keys: a single partition under it is a compiler defect. */
const keyedPlan = job('plan-check-keyed', "numbers each host's requests", (j) => {
  j.accessLog('logs').window({ partitionBy: ['host'], orderBy: ['time'] }, (_r, w) => ({ n: w.rowNumber() })).writeCsv('numbered');
}).plan();

const scan = '+- FileScan text [value#1] Batched: false, Format: Text';
const indent = (lines: string[], by: number) => lines.map((l) => `${'   '.repeat(by)}${l}`);

const globalWindow = [
  'AdaptiveSparkPlan isFinalPlan=false',
  '+- Window [row_number() windowspecdefinition(time#5 ASC NULLS FIRST, specifiedwindowframe(RowFrame, unboundedpreceding$(), currentrow$())) AS n#9], [time#5 ASC NULLS FIRST]',
  ...indent(['+- Sort [time#5 ASC NULLS FIRST], false, 0', ...indent(['+- Exchange SinglePartition, ENSURE_REQUIREMENTS, [plan_id=7]', ...indent([scan], 1)], 1)], 1),
].join('\n');

const globalAggregate = [
  'AdaptiveSparkPlan isFinalPlan=false',
  '+- HashAggregate(keys=[], functions=[count(1)], output=[requests#12L])',
  ...indent(['+- Exchange SinglePartition, ENSURE_REQUIREMENTS, [plan_id=3]', ...indent(['+- HashAggregate(keys=[], functions=[partial_count(1)], output=[count#14L])', ...indent([scan], 1)], 1)], 1),
].join('\n');

const coalesced = ['Coalesce 1', scan].join('\n');

describe('spark plan check', () => {
  it('reads the tree: parents by indentation', () => {
    const ops = parseSparkPlan(globalAggregate);
    expect(ops.map((o) => o.text.split(/[ (]/)[0])).toEqual(['AdaptiveSparkPlan', 'HashAggregate', 'Exchange', 'HashAggregate', 'FileScan']);
    expect(ops[4].parent).toBe(ops[3]);
    expect(ops[2].parent).toBe(ops[1]);
  });

  it('a window without partition keys is inherent, named by its node; the same Exchange under a keyed window is not', () => {
    const [f] = sparkWriteFindings(plan, 'numbered', globalWindow);
    expect([f.inherent, f.nodes]).toEqual(['global window', [expect.stringMatching(/^window_\d+ \(.*spark-plan-check\.test\.ts:\d+:\d+\)$/)]]);
    // lag/lead with a default (and string min/max) are computed by Spark under a helper name: still that window.
    const helper = sparkWriteFindings(plan, 'numbered', globalWindow.replace(' AS n#9', ' AS _w0#9'));
    expect(helper.map((x) => [x.inherent, x.nodes.map((n) => n.split(' ')[0])])).toEqual([['global window', [expect.stringMatching(/^window_\d+$/)]]]);
    const keyed = sparkWriteFindings(keyedPlan, 'numbered', globalWindow);
    expect(keyed.map((x) => x.inherent)).toEqual([null]);
    expect(findingText(keyed[0])).toMatch(/^spark output 'numbered': Exchange SinglePartition.* — one task gets every row of its input \(un-aggregated\); plan node /);
  });

  it('a global aggregate is inherent; a coalesce(1) over the input is a violation naming the sink', () => {
    expect(sparkWriteFindings(plan, 'total', globalAggregate).map((f) => [f.inherent, f.nodes.map((n) => n.split(' ')[0])])).toEqual([['global aggregate', [expect.stringMatching(/^aggregate_\d+$/)]]]);
    const [c] = sparkWriteFindings(plan, 'total', coalesced);
    expect([c.inherent, c.operator, c.nodes.map((n) => n.split(' ')[0])]).toEqual([null, 'Coalesce 1', [expect.stringMatching(/^sink_\d+$/)]]);
    expect(sparkWriteFindings(plan, 'total', coalesced.replace(scan, '+- LocalTableScan [value#1]')).map((f) => f.inherent)).toEqual(['driver rows']);
  });
});
