// Wires a plan into streams of record batches: one operator per live node (dispatched through a
// NodeVisitor), pruned columns, and a tee wherever a node or an input is read more than once.
import type * as arrow from 'apache-arrow';
import { bindPlanParams, checkReads, inputsOf, planChecks, type CheckDecl, isSemiJoin, nodeExprs, planParams, visitNode, type Expr, type ParamValues, type Field, type NodeVisitor, type Plan, type PlanNode, type SinkNode, type SourceNode } from '../plan/index.ts';
import { prunedFields } from './column-pruning.ts';
import { compileExpr } from './expr/compile-expr.ts';
import type { ExprSite } from './expr/kernel-types.ts';
import { crossJoin } from './kernels/cross-join.ts';
import { distinct } from './kernels/distinct.ts';
import { explode } from './kernels/explode.ts';
import { filter } from './kernels/filter.ts';
import { hashAggregate } from './kernels/hash-aggregate.ts';
import { hashJoin } from './kernels/hash-join.ts';
import { semiJoin } from './kernels/semi-join.ts';
import { setOp } from './kernels/set-op.ts';
import { limit } from './kernels/limit.ts';
import type { BatchStream, OperatorContext } from './kernels/operator-types.ts';
import { project } from './kernels/project.ts';
import { scan } from './kernels/scan.ts';
import { sort } from './kernels/sort.ts';
import { union } from './kernels/union.ts';
import { windowOperator } from './kernels/window.ts';
import { teeStream } from './shared-stream.ts';
import * as ml from './ml/index.ts';

/** Opens the batches of one job input, reading only `columns` (in the source's schema order). */
export type OpenInput = (source: SourceNode, columns: readonly Field[]) => AsyncIterable<arrow.RecordBatch>;

export interface SinkStream {
  readonly sink: SinkNode;
  /** Batches with the sink's schema. */
  readonly stream: BatchStream;
}

const siteOf = (n: PlanNode): ExprSite => ({ loc: n.loc, nodeId: n.id });

/** Compiles every expression once up front, so a bad pattern or literal fails before any input is read. */
function checkExpressions(n: PlanNode): void {
  nodeExprs(n).forEach((e) => compileExpr(e, siteOf(n)));
}

function operators(inputs: BatchStream[], ctx: OperatorContext, sourceStream: (n: SourceNode) => BatchStream): NodeVisitor<BatchStream> {
  const [input] = inputs;
  return {
    source: (n) => scan(sourceStream(n), ctx),
    filter: (n) => filter(n, input, ctx),
    project: (n) => project(n, input, ctx),
    aggregate: (n) => hashAggregate(n, input, ctx),
    join: (n) => (isSemiJoin(n.how) ? semiJoin(n, inputs[0], inputs[1], ctx) : hashJoin(n, inputs[0], inputs[1], ctx)),
    cross: (n) => crossJoin(n, inputs[0], inputs[1], ctx),
    setOp: (n) => setOp(n, inputs[0], inputs[1], ctx),
    sort: (n) => sort(n, input, ctx),
    limit: (n) => limit(n, input, ctx),
    distinct: (n) => distinct(n, input, ctx),
    union: (n) => union(n, inputs, ctx),
    explode: (n) => explode(n, input, ctx),
    window: (n) => windowOperator(n, input, ctx),
    sink: () => input,
    split: (n) => ml.splitRows(n, input, ctx),
    fit: (n) => ml.fitModel(n, input, ctx),
    predict: (n) => ml.predict(n, inputs[0], inputs[1], ctx),
    evaluate: (n) => ml.evaluate(n, inputs[0], inputs[1], ctx),
    modelParams: (n) => ml.modelParamsRows(n, input, ctx),
    saveModel: () => ml.saveModel(),
  };
}

/** The streams a data-quality check reads: the checked rows, the rows its rule selects, their samples. */
export interface CheckStreams {
  readonly check: CheckDecl;
  readonly input: BatchStream;
  readonly selected: BatchStream | null;
  readonly samples: BatchStream | null;
  /** The columns of `samples`, in order. */
  readonly sampleFields: readonly Field[];
}

/**
 * The stream of every sink; nothing is read until they are iterated. Parameters read by expressions
 * become constants of their values first. The plan's checks are left out (see buildPlanStreams).
 */
export function buildSinkStreams(unbound: Plan, batchSize: number, openInput: OpenInput, params: ParamValues = {}): SinkStream[] {
  return buildPlanStreams({ ...unbound, checks: undefined }, batchSize, openInput, params).sinks;
}

/** Columns a check reads of each node: all of the rows it selects and samples, one of the checked rows (to count them). */
function checkRoots(plan: Plan): Map<string, string[]> {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const roots = new Map<string, string[]>();
  const add = (id: string, cols: string[]) => roots.set(id, [...new Set([...(roots.get(id) ?? []), ...cols])]);
  for (const c of planChecks(plan)) {
    add(c.input, byId.get(c.input)!.schema.slice(0, 1).map((f) => f.name));
    for (const id of checkReads(c).slice(1)) add(id, byId.get(id)!.schema.map((f) => f.name));
  }
  return roots;
}

/**
 * The streams of every sink and of every check, which must all be iterated together (a node read by several
 * is read once and shared).
 */
export function buildPlanStreams(unbound: Plan, batchSize: number, openInput: OpenInput, params: ParamValues = {}): { sinks: SinkStream[]; checks: CheckStreams[] } {
  const plan: Plan = { ...unbound, nodes: bindPlanParams(planParams(unbound), unbound.nodes, params) };
  const fields = prunedFields(plan, checkRoots(plan));
  const live = plan.nodes.filter((n) => fields.has(n.id));
  live.forEach(checkExpressions);

  const readers = new Map<string, number>();
  const read = (id: string) => readers.set(id, (readers.get(id) ?? 0) + 1);
  for (const n of live) inputsOf(n).forEach(read);
  for (const c of planChecks(plan)) checkReads(c).forEach(read);
  const pending = new Map<string, BatchStream[]>();
  const take = (id: string) => pending.get(id)!.shift()!;

  // Sources of the same input (and schema) share one read of the file, with the union of their columns.
  const sources = live.filter((n): n is SourceNode => n.kind === 'source');
  const groupKey = (s: SourceNode) => `${s.input}\u0000${JSON.stringify(s.schema)}`;
  const shared = new Map<string, BatchStream[]>();
  const groups = new Map<string, SourceNode[]>();
  for (const s of sources) groups.set(groupKey(s), [...(groups.get(groupKey(s)) ?? []), s]);
  for (const [key, members] of groups) {
    const wanted = new Set(members.flatMap((s) => fields.get(s.id)!.map((f) => f.name)));
    const columns = members[0].schema.filter((f) => wanted.has(f.name));
    shared.set(key, teeStream(openInput(members[0], columns), members.length));
  }
  const sourceStream = (s: SourceNode) => shared.get(groupKey(s))!.shift()!;

  const sinks: SinkStream[] = [];
  for (const n of live) {
    const ids = inputsOf(n);
    const ctx: OperatorContext = { batchSize, out: fields.get(n.id)!, inputs: ids.map((id) => fields.get(id)!), site: siteOf(n) };
    const stream = visitNode(n, operators(ids.map(take), ctx, sourceStream));
    if (n.kind === 'sink') sinks.push({ sink: n, stream });
    else pending.set(n.id, teeStream(stream, readers.get(n.id) ?? 0));
  }
  const checks = planChecks(plan).map((check) => ({
    check,
    input: take(check.input),
    selected: check.selected !== undefined ? take(check.selected) : null,
    samples: check.samples !== undefined ? take(check.samples) : null,
    sampleFields: check.samples !== undefined ? fields.get(check.samples)! : [],
  }));
  return { sinks, checks };
}
