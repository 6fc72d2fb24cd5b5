// Reads the physical plan Spark made for each write of a job (captured in the run itself by
// engines/spark_batch.py) and finds the places where one task gets the rows: an `Exchange SinglePartition`
// or a `Coalesce 1`. Each is named by the plan node it comes from, and allowed only as docs/codegen.md
// ("Scaling") says: a global aggregate, a limit, a top-n, a window with no partition keys, rows made on
// the driver or rows already aggregated. Anything else over row-level data is a violation.
import { type Plan, type PlanNode, type WindowNode } from '../../../plan/index.ts';
import { describeNode, upstreamOf, type InherentSingleTask, type SingleTaskFinding } from './single-task.ts';

export interface SparkOp {
  readonly text: string;
  readonly parent: SparkOp | null;
  readonly children: SparkOp[];
}

/** Spark's tree string (`+- `, `:- ` and 3 columns per level) as operators; the root first, then in order. */
export function parseSparkPlan(text: string): SparkOp[] {
  const ops: SparkOp[] = [];
  const stack: { op: SparkOp; depth: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^((?: {3}|: {2})*)([+:]- )(.*)$/.exec(line);
    const depth = m ? m[1].length / 3 + 1 : ops.length === 0 ? 0 : -1;
    // A line that is no operator continues the one before it (multi-line expressions, subquery banners).
    if (depth < 0 || (!m && ops.length > 0)) continue;
    while (stack.length && stack[stack.length - 1].depth >= depth) stack.pop();
    const parent = stack.length ? stack[stack.length - 1].op : null;
    const op: SparkOp = { text: (m ? m[3] : line).trim(), parent, children: [] };
    parent?.children.push(op);
    ops.push(op);
    stack.push({ op, depth });
  }
  return ops;
}

const isSingleTask = (op: SparkOp) => /^Exchange SinglePartition\b/.test(op.text) || /^Coalesce 1$/.test(op.text);
const isFileScan = (op: SparkOp) => /^(FileScan|BatchScan|Scan )/.test(op.text) && !/^Scan ExistingRDD|^LocalTableScan/.test(op.text);
const isAggregate = (op: SparkOp) => /^(HashAggregate|ObjectHashAggregate|SortAggregate)\(/.test(op.text);
const isBounding = (op: SparkOp) => isAggregate(op) || /^(LocalLimit|GlobalLimit|TakeOrderedAndProject|CollectLimit)\b/.test(op.text);
const isGlobalAggregate = (op: SparkOp | null) => op !== null && isAggregate(op) && /\(keys=\[\],/.test(op.text);

function someBelow(op: SparkOp, test: (o: SparkOp) => boolean, stop: (o: SparkOp) => boolean = () => false): boolean {
  return op.children.some((c) => !stop(c) && (test(c) || someBelow(c, test, stop)));
}

/** The single tasks of one write's physical plan, with the plan nodes they come from. */
export function sparkWriteFindings(plan: Plan, output: string | null, planText: string): SingleTaskFinding[] {
  const ops = parseSparkPlan(planText);
  const upstream = output === null ? plan.nodes : upstreamOf(plan, output);
  const sinkNodes = upstream.filter((n) => n.kind === 'sink');
  const found: SingleTaskFinding[] = [];
  const add = (op: SparkOp, nodes: readonly PlanNode[], inherent: InherentSingleTask | null, why: string) =>
    found.push({ engine: 'spark', output, operator: op.text.slice(0, 160), nodes: nodes.map(describeNode), inherent, why });
  for (const op of ops) {
    if (/^TakeOrderedAndProject\b/.test(op.text)) add(op, upstream.filter((n) => n.kind === 'limit'), 'top-n', 'each partition keeps its top n rows, one task merges them');
    if (!isSingleTask(op)) continue;
    const parent = consumerOf(op);
    if (isGlobalAggregate(parent)) add(op, upstream.filter((n) => n.kind === 'aggregate' && n.keys.length === 0), 'global aggregate', 'one partial result per partition reaches one task');
    else if (parent && /^GlobalLimit\b/.test(parent.text)) add(op, upstream.filter((n) => n.kind === 'limit'), 'limit', 'each partition keeps n rows, one task takes the first n');
    else if (!someBelow(op, isFileScan)) add(op, sinkNodes, 'driver rows', 'the rows were made on the driver, not read');
    else if (!someBelow(op, isFileScan, isBounding)) add(op, nodesUnder(parent, upstream, sinkNodes), 'aggregated rows', 'the rows reaching it are aggregated');
    else {
      const windows = globalWindows(parent, upstream);
      if (windows.length) add(op, windows, 'global window', 'the job asks for a window with no partition keys over all rows');
      else add(op, nodesUnder(parent, upstream, sinkNodes), null, 'one task gets every row of its input (un-aggregated)');
    }
  }
  return found;
}

/** The operator that needs the single partition: a Window above the Sorts (and partial window limits) it asks for. */
function consumerOf(op: SparkOp): SparkOp | null {
  let up = op.parent;
  while (up && /^(Sort|WindowGroupLimit) /.test(up.text) && up.parent) up = up.parent;
  return up && /^Window /.test(up.text) ? up : op.parent;
}

/**
 * The plan's windows without partition keys that this Spark Window computes, by their columns' names. A
 * call computed through a helper column (lag/lead with a default, string min/max) shows as `_w0#..`: a
 * Window naming no column of any plan window stands for the windows without partition keys upstream.
 */
function globalWindows(parent: SparkOp | null, upstream: readonly PlanNode[]): WindowNode[] {
  if (!parent || !/^Window\b/.test(parent.text)) return [];
  const windows = upstream.filter((n): n is WindowNode => n.kind === 'window');
  const named = windows.filter((n) => n.calls.some((c) => parent.text.includes(` AS ${c.name}#`)));
  return (named.length ? named : windows).filter((n) => n.partitionBy.length === 0);
}

/** The plan nodes a Spark operator stands for, by its kind (and, for windows, its columns' names). */
function nodesUnder(parent: SparkOp | null, upstream: readonly PlanNode[], fallback: readonly PlanNode[]): readonly PlanNode[] {
  if (!parent) return fallback;
  const kinds: Record<string, (n: PlanNode) => boolean> = {
    Window: (n) => (n.kind === 'window' && n.calls.some((c) => parent.text.includes(` AS ${c.name}#`))) || (n.kind === 'aggregate' && n.aggs.some((a) => a.fn === 'first' || a.fn === 'last')),
    Sort: (n) => n.kind === 'sort' || n.kind === 'window',
    HashAggregate: (n) => n.kind === 'aggregate' || n.kind === 'distinct' || n.kind === 'setOp',
    ObjectHashAggregate: (n) => n.kind === 'aggregate',
    SortAggregate: (n) => n.kind === 'aggregate',
  };
  const kind = /^[A-Za-z]+/.exec(parent.text)?.[0] ?? '';
  const picked = kinds[kind] ? upstream.filter(kinds[kind]) : [];
  return picked.length ? picked : fallback;
}

/** Every write of a case: its findings, the output it wrote named by the caller. */
export function sparkFindings(plan: Plan, writes: readonly { readonly output: string | null; readonly plan: string }[]): SingleTaskFinding[] {
  return writes.flatMap((w) => sparkWriteFindings(plan, w.output, w.plan));
}
