// Column lineage, derived from the plan alone: for every output column, the input columns (or rows,
// parameters, constants) its value comes from and the nodes that compute it, and apart from those, the
// columns that only decide which rows there are, their groups and order ("depends on"). Pipelines chain
// stages: a stage input read from an upstream output continues that output column's lineage by name.
import { columnsOf, visitExpr, type Expr, type ExprVisitor } from './expr.ts';
import { labelIndexer, type FitNode, type MlStage } from './ml.ts';
import { inputsOf, isSemiJoin, visitNode, type AggCall, type NodeKind, type NodeVisitor, type PlanNode, type SourceNode } from './nodes.ts';
import { bindStage, stageOrder, type PipelinePlan } from './pipeline.ts';
import { paramsOf } from './params.ts';
import { nodeById, sinks, type Plan } from './plan.ts';
import { formatLoc, type ColumnType } from './types.ts';
import type { SourceFormat } from './formats.ts';

/** Where a value comes from: an input column, the rows of an input (`count()`), a run-time parameter, or a constant. */
export type Origin =
  | { readonly kind: 'column'; readonly input: string; readonly column: string; readonly format: string }
  | { readonly kind: 'rows'; readonly input: string; readonly format: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'constant'; readonly text: string };

/** A node that computes (or renames) the value on its way to the output; `stage` in pipelines only. */
export interface LineageStep {
  readonly stage?: string;
  readonly node: string;
  readonly kind: NodeKind;
  readonly loc: string;
  readonly text: string;
}

export type InfluenceRole =
  | 'filter' | 'join key' | 'group key' | 'sort key' | 'limit' | 'distinct' | 'set operation' | 'explode'
  | 'window partition' | 'window order' | 'aggregate order' | 'split';

/** A node that decides which rows there are (or their groups, order), and the origins of the columns it reads. */
export interface Influence {
  readonly role: InfluenceRole;
  readonly stage?: string;
  readonly node: string;
  readonly loc: string;
  readonly text: string;
  readonly origins: readonly Origin[];
  /** The nodes the columns it reads were computed by (and stages they crossed), output side first. */
  readonly steps: readonly LineageStep[];
}

export interface ColumnLineage {
  /** The stage whose output this is (pipelines only). */
  readonly stage?: string;
  readonly output: string;
  readonly column: string;
  readonly type: ColumnType;
  /** The value as one expression over `input.column`, `$param` and constants (long ones keep inner column names). */
  readonly expression: string;
  readonly origins: readonly Origin[];
  /** Output side first. */
  readonly steps: readonly LineageStep[];
  readonly dependsOn: readonly Influence[];
}

/** How expressions print (the CLI's printer: plan/ knows no presentation). */
export interface ExprPrinter {
  readonly expr: (e: Expr) => string;
  readonly agg: (a: AggCall) => string;
}

/** What a node's column is made of, before it reaches an output. */
export interface Traced {
  readonly text: string;
  readonly origins: readonly Origin[];
  readonly steps: readonly LineageStep[];
  /** Influences on this column's values only (window order, first/last order); row influences are per node. */
  readonly deps: readonly Influence[];
}

/** How a source node's column and rows are traced: a job reads its inputs, a pipeline stage may read an upstream output. */
export interface SourceResolver {
  readonly column: (n: SourceNode, column: string) => Traced;
  readonly rows: (n: SourceNode) => RowsOf;
}

/** A composed text longer than this keeps the column's own name instead: the steps still show the rest. */
const MAX_TEXT = 240;

const formatText = (f: SourceFormat): string => f.kind;

const jobSources: SourceResolver = {
  column: (n, column) => ({ text: `${n.input}.${column}`, origins: [{ kind: 'column', input: n.input, column, format: formatText(n.format) }], steps: [], deps: [] }),
  rows: (n) => ({ origins: [{ kind: 'rows', input: n.input, format: formatText(n.format) }], influences: [], steps: [] }),
};

/** Lineage of every column of every output of a job. */
export function columnLineage(plan: Plan, print: ExprPrinter): ColumnLineage[] {
  const t = planTracer(plan, print, jobSources);
  return sinks(plan).flatMap((s) => t.output(s.output));
}

/** Lineage of every column of every stage output of a pipeline, traced back to the pipeline's inputs. */
export function pipelineLineage(p: PipelinePlan, print: ExprPrinter): ColumnLineage[] {
  const tracers = new Map<string, PlanTracer>();
  const out: ColumnLineage[] = [];
  for (const stage of stageOrder(p)) {
    const inStage = <T extends LineageStep | Influence>(x: T): T => (x.stage === undefined ? { ...x, stage: stage.name } : x);
    const upstream = (n: SourceNode) => {
      const b = stage.inputs[n.input];
      return b?.kind === 'stage' ? { tracer: tracers.get(b.stage)!, stage: b.stage, output: b.output } : null;
    };
    const resolver: SourceResolver = {
      column: (n, column) => {
        const up = upstream(n);
        const b = stage.inputs[n.input];
        if (!up) return jobSources.column({ ...n, input: b?.kind === 'input' ? b.input : n.input }, column);
        const l = up.tracer.outputColumn(up.output, column);
        const read = `${up.stage}.${up.output}.${column}`;
        const boundary: LineageStep = { stage: stage.name, node: n.id, kind: 'source', loc: formatLoc(n.loc), text: `${n.input}.${column} = ${read}` };
        return { text: l.expression, origins: l.origins, steps: [boundary, ...l.steps], deps: l.dependsOn };
      },
      rows: (n) => {
        const up = upstream(n);
        const b = stage.inputs[n.input];
        if (!up) return jobSources.rows({ ...n, input: b?.kind === 'input' ? b.input : n.input });
        const r = up.tracer.outputRows(up.output);
        const boundary: LineageStep = { stage: stage.name, node: n.id, kind: 'source', loc: formatLoc(n.loc), text: `rows of ${n.input} = rows of ${up.stage}.${up.output}` };
        return { ...r, steps: [boundary, ...r.steps] };
      },
    };
    const tracer = planTracer(bindStage(p, stage), print, resolver, inStage);
    tracers.set(stage.name, tracer);
    for (const s of sinks(stage.plan)) out.push(...tracer.output(s.output).map((l) => ({ stage: stage.name, ...l })));
  }
  return out;
}

/** What decides a node's rows: the inputs whose rows it is made of, and the influences on the way. */
interface RowsOf {
  readonly origins: readonly Origin[];
  readonly influences: readonly Influence[];
  /** Where the rows cross from an upstream stage (pipelines). */
  readonly steps: readonly LineageStep[];
}

interface PlanTracer {
  readonly output: (output: string) => ColumnLineage[];
  readonly outputColumn: (output: string, column: string) => ColumnLineage;
  readonly outputRows: (output: string) => RowsOf;
}

/** Traces one plan's columns, memoised per node and column. */
function planTracer(plan: Plan, print: ExprPrinter, sources: SourceResolver, tag: <T extends LineageStep | Influence>(x: T) => T = (x) => x): PlanTracer {
  const byId = nodeById(plan);
  const memo = new Map<string, Traced>();
  const rowMemo = new Map<string, RowsOf>();
  const trace = (id: string, column: string): Traced => {
    const key = `${id}\u0000${column}`;
    let t = memo.get(key);
    if (!t) {
      t = visitNode(byId.get(id)!, valueOf(column, ctx))(id);
      memo.set(key, t);
    }
    return t;
  };
  const rows = (id: string): RowsOf => {
    let r = rowMemo.get(id);
    if (!r) {
      const n = byId.get(id)!;
      if (n.kind === 'source') {
        const s = sources.rows(n);
        r = s;
      } else {
        // A prediction keeps its input's rows: the model decides values, not rows.
        const ins: RowsOf[] = (n.kind === 'predict' ? [n.input] : inputsOf(n)).map(rows);
        r = { origins: uniq(ins.flatMap((x) => x.origins)), steps: uniqSteps(ins.flatMap((x) => x.steps)), influences: uniqInfluences([...ins.flatMap((x) => x.influences), ...visitNode(n, rowInfluences(ctx)).map(tag)]) };
      }
      rowMemo.set(id, r);
    }
    return r;
  };
  const ctx: Ctx = { byId, print, sources, trace, rows, tag };
  const sinkOf = (output: string) => sinks(plan).find((s) => s.output === output)!;
  const outputColumn = (output: string, column: string): ColumnLineage => {
    const s = sinkOf(output);
    const t = trace(s.input, column);
    const type = byId.get(s.input)!.schema.find((f) => f.name === column)!.type;
    return { output, column, type, expression: t.text, origins: t.origins, steps: t.steps, dependsOn: uniqInfluences([...t.deps, ...rows(s.input).influences]) };
  };
  return {
    output: (output) => byId.get(sinkOf(output).input)!.schema.map((f) => outputColumn(output, f.name)),
    outputColumn,
    outputRows: (output) => rows(sinkOf(output).input),
  };
}

interface Ctx {
  readonly byId: ReadonlyMap<string, PlanNode>;
  readonly print: ExprPrinter;
  readonly sources: SourceResolver;
  readonly trace: (id: string, column: string) => Traced;
  readonly rows: (id: string) => RowsOf;
  readonly tag: <T extends LineageStep | Influence>(x: T) => T;
}

/** How each node kind makes its output column `column` (the function receives the node's own id). */
function valueOf(column: string, ctx: Ctx): NodeVisitor<(id: string) => Traced> {
  const { trace, print } = ctx;
  const pass = (input: string) => () => trace(input, column);
  const step = (n: PlanNode, text: string): LineageStep => ctx.tag({ node: n.id, kind: n.kind, loc: formatLoc(n.loc), text: `${column} = ${text}` });
  const computed = (n: PlanNode, text: string, parts: readonly Traced[], local: string, extra: { origins?: readonly Origin[]; deps?: readonly Influence[] } = {}): Traced => {
    const origins = uniq([...parts.flatMap((p) => p.origins), ...(extra.origins ?? [])]);
    return {
      text: text.length > MAX_TEXT ? column : text,
      origins: origins.length ? origins : [{ kind: 'constant', text: local }],
      steps: uniqSteps([step(n, local), ...parts.flatMap((p) => p.steps)]),
      deps: uniqInfluences([...(extra.deps ?? []), ...parts.flatMap((p) => p.deps)]),
    };
  };
  /** `e` over the input's columns, with no step of its own (an aggregate's or window's argument). */
  const operand = (input: string, e: Expr): Traced => {
    const parts = [...columnsOf(e)].map((c) => [c, trace(input, c)] as const);
    const texts = new Map(parts.map(([c, t]) => [c, t.text]));
    const params: Origin[] = [...paramsOf(e).keys()].map((name) => ({ kind: 'param', name }));
    const origins = uniq([...parts.flatMap(([, t]) => t.origins), ...params]);
    return {
      text: substituted(e, texts, print),
      origins: origins.length ? origins : [{ kind: 'constant', text: print.expr(e) }],
      steps: parts.flatMap(([, t]) => t.steps),
      deps: uniqInfluences(parts.flatMap(([, t]) => t.deps)),
    };
  };
  const expr = (n: PlanNode, input: string, e: Expr): Traced => {
    if (e.kind === 'col' && e.name === column) return trace(input, column);
    const o = operand(input, e);
    return computed(n, o.text, [o], print.expr(e));
  };
  /** The rows of an input, as what count() and row numbers are made of. */
  const rowsOf = (input: string): Traced => {
    const r = ctx.rows(input);
    return { text: '', origins: r.origins.filter((o) => o.kind === 'rows'), steps: r.steps, deps: [] };
  };
  const over = (input: string) => [...new Set(ctx.rows(input).origins.map((o) => (o.kind === 'rows' || o.kind === 'column' ? o.input : '')))].filter(Boolean).join(', ');
  return {
    source: (n) => () => ctx.sources.column(n, column),
    filter: (n) => pass(n.input),
    project: (n) => () => expr(n, n.input, n.columns.find((c) => c.name === column)!.expr),
    aggregate: (n) => () => {
      const key = n.keys.find((k) => k.name === column);
      if (key) return expr(n, n.input, key.expr);
      const a = n.aggs.find((g) => g.name === column)!;
      const arg = a.arg ? operand(n.input, a.arg) : null;
      const order = (a.orderBy ?? []).map((k) => operand(n.input, k.expr));
      const keys = n.keys.map((k) => operand(n.input, k.expr).text);
      const argText = arg ? arg.text : '';
      const orderText = a.orderBy ? ` by ${a.orderBy.map((k, i) => `${order[i].text}${k.desc ? ' desc' : ''}`).join(', ')}` : '';
      const text = `${a.fn}(${argText}${orderText}) over ${over(n.input)}${keys.length ? ` (grouped by ${keys.join(', ')})` : ''}`;
      const deps = order.length ? [influence(ctx, n, 'aggregate order', a.orderBy!.map((k) => `${print.expr(k.expr)}${k.desc ? ' desc' : ''}`).join(', '), n.input, a.orderBy!.flatMap((k) => [...columnsOf(k.expr)]))] : [];
      return computed(n, text, [arg ?? rowsOf(n.input)], `${print.agg(a)}${n.keys.length ? ` grouped by ${n.keys.map((k) => k.name).join(', ')}` : ''}`, { deps });
    },
    join: (n) => () => {
      const left = ctx.byId.get(n.left)!.schema.some((f) => f.name === column);
      if (isSemiJoin(n.how) || !left) return trace(left ? n.left : n.right, column);
      const merged = n.on.some((k) => k.left === column && k.right === column);
      if (!merged || n.how === 'inner' || n.how === 'left') return trace(n.left, column);
      const l = trace(n.left, column);
      const r = trace(n.right, column);
      return computed(n, `coalesce(${l.text}, ${r.text})`, [l, r], `coalesce(left.${column}, right.${column})`);
    },
    cross: (n) => () => trace(ctx.byId.get(n.left)!.schema.some((f) => f.name === column) ? n.left : n.right, column),
    setOp: (n) => pass(n.left),
    sort: (n) => pass(n.input),
    limit: (n) => pass(n.input),
    distinct: (n) => pass(n.input),
    union: (n) => () => {
      const parts = n.inputs.map((id) => trace(id, column));
      const texts = [...new Set(parts.map((p) => p.text))];
      return computed(n, texts.length === 1 ? texts[0] : `union(${texts.join(', ')})`, parts, `union all of ${n.inputs.join(', ')}`);
    },
    explode: (n) => () => {
      if (column !== n.as) return trace(n.input, column);
      const from = trace(n.input, n.column);
      return computed(n, `explode(${from.text}, ${JSON.stringify(n.separator)})`, [from], `explode(${n.column}, ${JSON.stringify(n.separator)})`);
    },
    window: (n) => () => {
      const c = n.calls.find((k) => k.name === column);
      if (!c) return trace(n.input, column);
      const arg = c.arg ? operand(n.input, c.arg) : null;
      const by = n.partitionBy.length ? `partition by ${n.partitionBy.join(', ')}, ` : '';
      const local = `${c.fn}(${c.arg ? print.expr(c.arg) : ''}) over (${by}order by ${n.orderBy.map((k) => `${k.column}${k.desc ? ' desc' : ''}`).join(', ')})`;
      const deps = [
        ...(n.partitionBy.length ? [influence(ctx, n, 'window partition', n.partitionBy.join(', '), n.input, n.partitionBy)] : []),
        ...(n.orderBy.length ? [influence(ctx, n, 'window order', n.orderBy.map((k) => `${k.column}${k.desc ? ' desc' : ''}`).join(', '), n.input, n.orderBy.map((k) => k.column))] : []),
      ];
      const text = `${c.fn}(${arg ? arg.text : ''}) over (${by}order by ${n.orderBy.map((k) => k.column).join(', ')})`;
      return computed(n, text, [arg ?? rowsOf(n.input)], local, { deps });
    },
    sink: (n) => pass(n.input),
    split: (n) => pass(n.input),
    fit: (n) => () => modelColumn(n, n, n.input, column, ctx),
    predict: (n) => () => {
      const fit = ctx.byId.get(n.model) as FitNode;
      if (!fit.schema.some((f) => f.name === column)) return trace(n.input, column);
      return modelColumn(n, fit, n.input, column, ctx);
    },
    evaluate: (n) => () => {
      const fit = ctx.byId.get(n.model) as FitNode;
      if (column === 'metric') return computed(n, `metric names (${n.metrics.join(', ')})`, [], n.metrics.join(', '));
      const e = fit.estimator;
      const predicted = modelColumn(n, fit, n.input, fit.schema.find((f) => f.name !== 'probability' && !f.name.startsWith('predicted_') && fit.stages.every((s) => s.kind !== 'stringIndexer' || s.output !== f.name))?.name ?? fit.schema[0].name, ctx);
      const label = e.kind === 'kMeans' ? null : stageColumn(fit, e.label, n.input, ctx);
      const parts = label ? [predicted, label.traced] : [predicted];
      return computed(n, `${n.metrics.join(', ')} of ${predicted.text}${label ? ` against ${label.text}` : ''}`, parts, `evaluate ${n.metrics.join(', ')}`);
    },
    modelParams: (n) => () => {
      const fit = ctx.byId.get(n.model) as FitNode;
      if (column !== 'value') return computed(n, `the model's ${column}`, [], `the fitted model's ${column} (${[...fit.stages.map((s) => s.kind), fit.estimator.kind].join(' -> ')})`);
      const training = trainingColumns(fit).map((c) => stageColumn(fit, c, fit.input, ctx));
      return computed(n, `fitted params of ${fit.estimator.kind} over ${training.map((t) => t.text).join(', ')}`, training.map((t) => t.traced), `fitted params of ${fit.id}`);
    },
    saveModel: (n) => () => computed(n, `the saved model of ${n.model}`, [], `save ${n.model}`),
  };
}

/** The columns fitting reads from its input: every stage input not made by an earlier stage, then features and label. */
function trainingColumns(fit: FitNode): string[] {
  const e = fit.estimator;
  const read = [...fit.stages.flatMap(stageInputs), e.features, ...(e.kind === 'kMeans' ? [] : [e.label])];
  const made = new Set(fit.stages.map((s) => s.output));
  return [...new Set(read.filter((c) => !made.has(c)))];
}

const stageInputs = (s: MlStage): readonly string[] => (s.kind === 'vectorAssembler' ? s.inputs : [s.input]);

/** A column as the model's stages compute it from `input` (a stage output, or an input column as it is). */
function stageColumn(fit: FitNode, name: string, input: string, ctx: Ctx): { text: string; traced: Traced } {
  const s = fit.stages.find((x) => x.output === name);
  if (!s) {
    const t = ctx.trace(input, name);
    return { text: t.text, traced: t };
  }
  const parts = stageInputs(s).map((c) => stageColumn(fit, c, input, ctx));
  const text = `${s.kind}(${parts.map((p) => p.text).join(', ')})`;
  const traced: Traced = {
    text,
    origins: uniq(parts.flatMap((p) => p.traced.origins)),
    steps: uniqSteps(parts.flatMap((p) => p.traced.steps)),
    deps: uniqInfluences(parts.flatMap((p) => p.traced.deps)),
  };
  return { text, traced };
}

/** A column the model adds (prediction, cluster, indexed label...): the stages over `input`, plus what the model was trained on. */
function modelColumn(n: PlanNode, fit: FitNode, input: string, column: string, ctx: Ctx): Traced {
  const e = fit.estimator;
  const indexer = fit.stages.find((s) => s.kind === 'stringIndexer' && s.output === column);
  const li = labelIndexer(fit);
  const features = stageColumn(fit, e.features, input, ctx);
  const value = indexer
    ? stageColumn(fit, column, input, ctx)
    : { text: li && column === `predicted_${li.input}` ? `labels of ${li.input}(${e.kind}(${features.text}))` : `${e.kind}(${features.text})`, traced: features.traced };
  const training = trainingColumns(fit).map((c) => stageColumn(fit, c, fit.input, ctx));
  const trained: Traced = {
    text: '',
    origins: uniq(training.flatMap((t) => t.traced.origins)),
    steps: uniqSteps([ctx.tag({ node: fit.id, kind: 'fit', loc: formatLoc(fit.loc), text: `model = ${e.kind} trained on ${trainingColumns(fit).join(', ')}` }), ...training.flatMap((t) => t.traced.steps)]),
    deps: uniqInfluences([...training.flatMap((t) => t.traced.deps), ...ctx.rows(fit.input).influences]),
  };
  const origins = uniq([...value.traced.origins, ...trained.origins]);
  return {
    text: value.text.length > MAX_TEXT ? column : value.text,
    origins,
    steps: uniqSteps([ctx.tag({ node: n.id, kind: n.kind, loc: formatLoc(n.loc), text: `${column} = ${localModelText(fit, column)}` }), ...value.traced.steps, ...trained.steps]),
    deps: uniqInfluences([...value.traced.deps, ...trained.deps]),
  };
}

/** A model column over the names the model reads (`kMeans(standardScaler(vectorAssembler(a, b)))`). */
function localModelText(fit: FitNode, column: string): string {
  const local = (name: string): string => {
    const s = fit.stages.find((x) => x.output === name);
    return s ? `${s.kind}(${stageInputs(s).map(local).join(', ')})` : name;
  };
  if (fit.stages.some((s) => s.output === column)) return local(column);
  const li = labelIndexer(fit);
  const e = `${fit.estimator.kind}(${local(fit.estimator.features)})`;
  return li && column === `predicted_${li.input}` ? `labels of ${li.input}(${e})` : e;
}

/** The influences a node adds to the rows of its output (beyond its inputs'). */
function rowInfluences(ctx: Ctx): NodeVisitor<Influence[]> {
  const all = (id: string) => ctx.byId.get(id)!.schema.map((f) => f.name);
  const none = () => [];
  return {
    source: none,
    filter: (n) => [influence(ctx, n, 'filter', ctx.print.expr(n.predicate), n.input, [...columnsOf(n.predicate)])],
    project: none,
    aggregate: (n) => (n.keys.length ? [influence(ctx, n, 'group key', n.keys.map((k) => (k.expr.kind === 'col' && k.expr.name === k.name ? k.name : `${k.name} = ${ctx.print.expr(k.expr)}`)).join(', '), n.input, n.keys.flatMap((k) => [...columnsOf(k.expr)]))] : []),
    join: (n) => [{
      ...influence(ctx, n, 'join key', `${n.how} join on ${n.on.map((k) => (k.left === k.right ? k.left : `${k.left} = ${k.right}`)).join(', ')}`, n.left, n.on.map((k) => k.left)),
      ...bothSides(ctx, n.left, n.on.map((k) => k.left), n.right, n.on.map((k) => k.right)),
    }],
    cross: none,
    setOp: (n) => [{ ...influence(ctx, n, 'set operation', `${n.op} (whole rows)`, n.left, all(n.left)), ...bothSides(ctx, n.left, all(n.left), n.right, all(n.right)) }],
    sort: (n) => [influence(ctx, n, 'sort key', n.keys.map((k) => `${k.column}${k.desc ? ' desc' : ''}`).join(', '), n.input, n.keys.map((k) => k.column))],
    limit: (n) => [influence(ctx, n, 'limit', `first ${n.n} rows`, n.input, [])],
    distinct: (n) => [influence(ctx, n, 'distinct', 'distinct rows (whole rows)', n.input, all(n.input))],
    union: none,
    explode: (n) => [influence(ctx, n, 'explode', `one row per part of ${n.column} split on ${JSON.stringify(n.separator)}`, n.input, [n.column])],
    window: none,
    sink: none,
    split: (n) => {
      const by = n.by ?? all(n.input);
      return [influence(ctx, n, 'split', `${n.side} side of a ${n.fraction} split (seed ${n.seed}) by ${n.by ? n.by.join(', ') : 'whole rows'}`, n.input, by)];
    },
    fit: none,
    predict: none,
    evaluate: none,
    modelParams: none,
    saveModel: none,
  };
}

function influence(ctx: Ctx, n: PlanNode, role: InfluenceRole, text: string, input: string, columns: readonly string[]): Influence {
  const read = [...new Set(columns)].map((c) => ctx.trace(input, c));
  return ctx.tag({ role, node: n.id, loc: formatLoc(n.loc), text, origins: uniq(read.flatMap((t) => t.origins)), steps: uniqSteps(read.flatMap((t) => t.steps)) });
}

/** Origins and steps of columns read on both sides of a join or set operation. */
function bothSides(ctx: Ctx, left: string, leftColumns: readonly string[], right: string, rightColumns: readonly string[]): Pick<Influence, 'origins' | 'steps'> {
  const read = [...leftColumns.map((c) => ctx.trace(left, c)), ...rightColumns.map((c) => ctx.trace(right, c))];
  return { origins: uniq(read.flatMap((t) => t.origins)), steps: uniqSteps(read.flatMap((t) => t.steps)) };
}

/** `e` printed with each column replaced by its text upstream (parenthesised unless it is one term). */
function substituted(e: Expr, texts: ReadonlyMap<string, string>, print: ExprPrinter): string {
  const sub: ExprVisitor<Expr> = {
    col: (c) => ({ ...c, name: term(texts.get(c.name) ?? c.name) }),
    lit: (l) => l,
    param: (p) => p,
    call: (c) => ({ ...c, args: c.args.map((a) => visitExpr(a, sub)) }),
    case: (c) => ({ ...c, branches: c.branches.map((b) => ({ when: visitExpr(b.when, sub), then: visitExpr(b.then, sub) })), otherwise: visitExpr(c.otherwise, sub) }),
    cast: (c) => ({ ...c, expr: visitExpr(c.expr, sub) }),
  };
  return print.expr(visitExpr(e, sub));
}

/** One term: a name, or a name followed by one parenthesised argument list. */
function term(text: string): string {
  const m = /^[\w.$]+\(/.exec(text);
  if (!m) return /^[\w.$]+$/.test(text) ? text : `(${text})`;
  let depth = 0;
  for (let i = m[0].length - 1; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i === text.length - 1 ? text : `(${text})`;
  }
  return `(${text})`;
}

/** The first of each key, in order. */
function uniqBy<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const x of xs) if (!seen.has(key(x))) seen.set(key(x), x);
  return [...seen.values()];
}

const uniq = (origins: readonly Origin[]) => uniqBy(origins, (o) => JSON.stringify(o));
const uniqSteps = (xs: readonly LineageStep[]) => uniqBy(xs, (x) => `${x.stage ?? ''}\u0000${x.node}\u0000${x.text}`);
const uniqInfluences = (xs: readonly Influence[]) => uniqBy(xs, (x) => `${x.stage ?? ''}\u0000${x.node}\u0000${x.role}`);

/** An origin as text: `logs.path (combined)`, `rows of logs (combined)`, `param date`, `constant 1`. */
export function originText(o: Origin): string {
  switch (o.kind) {
    case 'column':
      return `${o.input}.${o.column} (${o.format})`;
    case 'rows':
      return `rows of ${o.input} (${o.format})`;
    case 'param':
      return `param ${o.name}`;
    case 'constant':
      return `constant ${o.text}`;
  }
}
