// Random plans over random tables (part (c) of the generators): a source, or a join of two, then a chain
// of filter/project/aggregate/distinct/explode/union/sort/join/cross/except/intersect/window steps, an optional
// final sort (+ limit), and one or two sinks. Every plan passes validatePlan; functions a target cannot express are not drawn for it.
import fc from 'fast-check';
import { AGG_NAMES, FN_NAMES, partitionColumnProblem, type AggCall, isSemiJoin, type JoinHow, type ColumnType, type WindowCall, type WindowFrame, type Expr, type NamedExpr, type ParamValues, type Plan, type PlanNode, type SinkFormat } from '../../../plan/index.ts';
import { drawPools, type ColumnSpec, type ValuePools } from '../../../testing/cell-values.ts';
import { drawCallOf } from './call-arb.ts';
import { drawn, type Draw } from '../../../testing/draw.ts';
import { colRef, drawExpr, drawLiteral, isTame, type ExprScope } from './expr-arb.ts';
import { freshName } from './hostile-names.ts';
import { ParamPool } from './param-arb.ts';
import { PlanDraft } from './plan-draft.ts';
import { asParquetTable, csvFormatOf, drawCloudFrontTable, drawColumns, drawTable, drawTextTable, pigView, type TableSpec } from './table-arb.ts';
import { allowsAggOver, allowsApproxPercentileOver, allowsGlobalAggOverMaybeEmpty, allowsJsonLines, allowsParquetSink, allowsParquetSource, fitTable, SEPARATORS, type Target } from './target-support.ts';

export interface ConformanceCase {
  readonly name: string;
  readonly target: Target;
  readonly plan: Plan;
  readonly tables: readonly TableSpec[];
  /** Values of the plan's run-time parameters (those declared with a default may be left out). */
  readonly params: ParamValues;
}

interface Step {
  readonly d: Draw;
  readonly p: PlanDraft;
  readonly target: Target;
  readonly pools: ValuePools;
  readonly tables: TableSpec[];
  readonly params: ParamPool;
}


/** A CSV table, or (`parquet`, else some) the same read from a Parquet file where the target can read its columns so. */
function source(s: Step, columns: readonly ColumnSpec[], parquet = false): PlanNode {
  const csv = fitTable(s.target, drawTable(s.d, `t${s.tables.length}`, columns, s.pools));
  const t = (parquet || s.d.chance(0.12)) && allowsParquetSource(s.target, columns) ? asParquetTable(csv) : csv;
  s.tables.push(t);
  return s.p.add({ kind: 'source', input: t.input, format: t.format === 'parquet' ? { kind: 'parquet' } : csvFormatOf(t) }, columns);
}

/**
 * A Parquet input of columns the target can read from Parquet (Pig: plain names, no times), so that Pig's
 * cases read Parquet too: few of their drawn schemas qualify.
 */
function parquetSource(s: Step): PlanNode {
  const pig = s.target === 'pig';
  return source(s, drawColumns(s.d, pig ? { types: ['string', 'int', 'long', 'double', 'boolean'], hostileRate: 0 } : {}), true);
}

/** A CloudFront log (its fixed schema) in place of a CSV table. */
function cloudFrontSource(s: Step): PlanNode {
  const t = drawCloudFrontTable(s.d, `t${s.tables.length}`);
  s.tables.push(t);
  return s.p.add({ kind: 'source', input: t.input, format: { kind: 'cloudfront' } }, t.columns);
}

/** A j.textLines input: one `line` string column. */
function textSource(s: Step): PlanNode {
  const t = drawTextTable(s.d, `t${s.tables.length}`, s.pools);
  s.tables.push(t);
  return s.p.add({ kind: 'source', input: t.input, format: { kind: 'text' } }, t.columns);
}

const scope = (s: Step, n: PlanNode): ExprScope => ({ d: s.d, cols: s.p.columns(n.id), target: s.target, params: s.params });
const names = (s: Step, n: PlanNode) => new Set(s.p.columns(n.id).map((c) => c.name));
/** Columns usable as keys: all but wild doubles. */
const keyable = (s: Step, n: PlanNode) => s.p.columns(n.id).filter((c) => c.tame);

function filter(s: Step, n: PlanNode): PlanNode {
  return s.p.add({ kind: 'filter', input: n.id, predicate: drawExpr(scope(s, n), 'boolean', s.d.int(1, 3)) });
}

function project(s: Step, n: PlanNode): PlanNode {
  const cols = s.p.columns(n.id);
  const taken = new Set<string>();
  const out: NamedExpr[] = [];
  for (let i = s.d.int(1, 5); i > 0; i--) {
    const c = s.d.pick(cols);
    const keep = s.d.chance(0.4) && !taken.has(c.name);
    const expr: Expr = keep || s.d.chance(0.2) ? colRef(c) : drawExpr(scope(s, n), s.d.pick(TYPES), s.d.int(1, 3));
    const name = keep ? c.name : freshName(s.d, taken);
    taken.add(name);
    out.push({ name, expr });
  }
  return s.p.add({ kind: 'project', input: n.id, columns: out });
}

const TYPES: readonly ColumnType[] = ['string', 'int', 'long', 'double', 'boolean', 'timestamp', 'date'];

function aggregate(s: Step, n: PlanNode): PlanNode {
  const sc = scope(s, n);
  const taken = new Set<string>();
  const keys: NamedExpr[] = [];
  let nKeys: number = s.d.weighted([[2, 0], [4, 1], [2, 2]] as const);
  if (nKeys === 0 && !allowsGlobalAggOverMaybeEmpty(s.target) && !nonEmptySource(s, n)) nKeys = 1;
  for (let i = nKeys; i > 0; i--) {
    const cands = keyable(s, n);
    const expr = cands.length && s.d.chance(0.7) ? colRef(s.d.pick(cands)) : drawExpr(sc, s.d.pick(TYPES.filter((t) => t !== 'double')), 2);
    const name = expr.kind === 'col' && !taken.has(expr.name) && s.d.chance(0.7) ? expr.name : freshName(s.d, taken);
    taken.add(name);
    keys.push({ name, expr });
  }
  const aggs: AggCall[] = [];
  for (let i = s.d.int(1, 3); i > 0; i--) {
    const name = freshName(s.d, taken);
    taken.add(name);
    aggs.push({ name, ...aggCall(s, sc) });
  }
  return s.p.add({ kind: 'aggregate', input: n.id, keys, aggs });
}

/** One aggregate over an argument it is determined for (sums of tame doubles are exact in any order). */
function aggCall(s: Step, sc: ExprScope): Omit<AggCall, 'name'> {
  const fn = s.d.pick(AGG_NAMES);
  const tameOf = (types: readonly ColumnType[]): Expr => {
    for (let i = 0; i < 6; i++) {
      const cols = sc.cols.filter((c) => types.includes(c.type) && c.tame);
      const e = cols.length && s.d.chance(0.6) ? colRef(s.d.pick(cols)) : drawExpr(sc, s.d.pick(types.filter((t) => t !== 'double')), 2);
      if (isTame(e, sc.cols)) return e;
    }
    return drawExpr(sc, 'int', 1);
  };
  switch (fn) {
    case 'count':
      return s.d.chance(0.5) ? { fn, arg: null } : { fn, arg: drawExpr(sc, s.d.pick(TYPES), 2) };
    case 'countDistinct':
      return { fn, arg: tameOf(TYPES) };
    case 'sum':
      return { fn, arg: tameOf(['int', 'long', 'double']) };
    case 'avg':
      return { fn, arg: tameOf((['int', 'long', 'double'] as const).filter((t) => allowsAggOver(s.target, 'avg', t))) };
    case 'min':
    case 'max':
      return { fn, arg: tameOf(['string', 'int', 'long', 'double', 'timestamp', 'date']) };
    case 'percentile':
      return { fn, arg: tameOf(['int', 'long', 'double']), params: [drawFraction(s)] };
    case 'approxPercentile':
      return { fn, arg: tameOf((['int', 'long', 'double'] as const).filter((t) => allowsApproxPercentileOver(s.target, t))), params: [drawFraction(s), s.d.pick(ACCURACIES)] };
    case 'varSamp':
    case 'varPop':
    case 'stddevSamp':
    case 'stddevPop':
      return { fn, arg: tameOf(['int', 'long', 'double']) };
    case 'first':
    case 'last':
      // Keys of every type, often a column of few values or a constant: ties that the value must break.
      return { fn, arg: tameOf(TYPES), orderBy: Array.from({ length: s.d.int(1, 2) }, () => ({ expr: tameOf(TYPES), desc: s.d.chance(0.5) })) };
  }
}

/**
 * Accuracies far above any group's size: Spark's percentile_approx is then within n / accuracy < 1 ranks of
 * the nearest rank, i.e. exactly it, which is what docs/semantics.md promises for such groups.
 */
const ACCURACIES = [10_000, 100_000, 2_147_483_647];
const drawFraction = (s: Step): number => (s.d.chance(0.6) ? s.d.pick([0, 0.01, 0.1, 0.25, 0.3, 0.5, 0.75, 0.9, 0.95, 0.99, 1]) : s.d.int(0, 1000) / 1000);

/** A source whose table has rows the target reads (a one-column null is a blank line, skipped). */
function nonEmptySource(s: Step, n: PlanNode): boolean {
  const t = n.kind === 'source' ? s.tables.find((x) => x.input === n.input) : undefined;
  if (!t) return false;
  const seen = s.target === 'pig' ? pigView(t) : t;
  return seen.rows.some((r) => !(r.length === 1 && r[0] === null));
}

function distinct(s: Step, n: PlanNode): PlanNode {
  // NaN and -0.0 as distinct rows are not defined by docs/semantics.md: only rows without wild doubles.
  return s.p.columns(n.id).every((c) => c.tame) ? s.p.add({ kind: 'distinct', input: n.id }) : n;
}

function explode(s: Step, n: PlanNode): PlanNode {
  const strings = s.p.columns(n.id).filter((c) => c.type === 'string');
  if (!strings.length) return n;
  const as = freshName(s.d, names(s, n));
  const column = s.d.pick(strings).name;
  return s.p.add({ kind: 'explode', input: n.id, column, separator: s.d.pick(SEPARATORS), as });
}

function sort(s: Step, n: PlanNode): PlanNode {
  const cands = keyable(s, n);
  if (!cands.length) return n;
  const keys = Array.from({ length: s.d.int(1, Math.min(3, cands.length)) }, () => ({ column: s.d.pick(cands).name, desc: s.d.chance(0.4) }));
  const unique = keys.filter((k, i) => keys.findIndex((x) => x.column === k.column) === i);
  return s.p.add({ kind: 'sort', input: n.id, keys: unique });
}

/** Union with itself (filtered), or with another table of the same columns. */
function union(s: Step, n: PlanNode): PlanNode {
  if (n.kind === 'source' && s.d.chance(0.5)) {
    const other = source(s, s.p.columns(n.id));
    return s.p.add({ kind: 'union', inputs: [n.id, other.id] });
  }
  const branch = s.d.chance(0.7) ? filter(s, n) : n;
  return s.p.add({ kind: 'union', inputs: s.d.chance(0.5) ? [n.id, branch.id] : [branch.id, n.id] });
}

/** Joins `left` with a fresh table on 1-2 key pairs of comparable types. */
function join(s: Step, left: PlanNode): PlanNode {
  const lkeys = keyable(s, left);
  if (!lkeys.length) return left;
  const taken = names(s, left);
  const pairs: { left: ColumnSpec; right: ColumnSpec }[] = [];
  for (let i = s.d.int(1, Math.min(2, lkeys.length)); i > 0; i--) {
    const l = s.d.pick(lkeys);
    if (pairs.some((p) => p.left.name === l.name)) continue;
    const numeric = ['int', 'long', 'double'].includes(l.type);
    const type = numeric && s.d.chance(0.3) ? s.d.pick(['int', 'long', 'double'] as const) : l.type;
    const same = type === l.type && s.d.chance(0.5);
    const name = same ? l.name : freshName(s.d, taken);
    taken.add(name);
    pairs.push({ left: l, right: { name, type, tame: true } });
  }
  const others = drawColumns(s.d, { min: 0, max: 3, taken });
  const rightCols = s.d.chance(0.5) ? [...pairs.map((p) => p.right), ...others] : [...others, ...pairs.map((p) => p.right)];
  let right = source(s, rightCols);
  if (s.d.chance(0.3)) right = filter(s, right);
  const how = s.d.pick(['inner', 'left', 'right', 'full', 'semi', 'anti'] as const);
  return s.p.add({ kind: 'join', left: left.id, right: right.id, how, on: pairs.map((p) => ({ left: p.left.name, right: p.right.name })), ...joinStrategy(s, how) });
}

/**
 * Sometimes a join strategy, where the plan allows it: a small right side (broadcast, Pig `replicated`) on
 * inner and left joins, a skewed join on inner and outer ones. Neither may change the rows.
 */
function joinStrategy(s: Step, how: JoinHow): { small?: true; skew?: true } {
  const r = s.d.int(0, 9);
  if (r === 0 && (how === 'inner' || how === 'left')) return { small: true };
  if (r === 1 && !isSemiJoin(how)) return { skew: true };
  return {};
}

/** Crosses with a fresh small table of 1-2 columns, under a guard the product never reaches. */
function cross(s: Step, left: PlanNode): PlanNode {
  const right = source(s, drawColumns(s.d, { min: 1, max: 2, taken: names(s, left) }));
  return s.p.add({ kind: 'cross', left: left.id, right: right.id, maxRows: 1_000_000 });
}

/**
 * Except or intersect with another table of the same columns (drawn from the same value pools, so rows
 * meet, NaN and -0.0 included) or with a filtered copy of itself. Every column is a key: only tame ones,
 * or a source's own values (exact on every engine, wild doubles included).
 */
function setOp(s: Step, n: PlanNode): PlanNode {
  if (n.kind !== 'source' && !s.p.columns(n.id).every((c) => c.tame)) return n;
  const other = n.kind === 'source' && s.d.chance(0.6) ? source(s, s.p.columns(n.id)) : filter(s, n);
  const [left, right] = s.d.chance(0.7) ? [n, other] : [other, n];
  return s.p.add({ kind: 'setOp', op: s.d.pick(['except', 'intersect'] as const), left: left.id, right: right.id });
}

const WINDOW_AGGS = ['count', 'sum', 'avg', 'min', 'max'] as const;

const FRAMES: readonly WindowFrame[] = [
  { start: null, end: 0 }, { start: null, end: 0 }, { start: -1, end: 0 }, { start: -2, end: 1 }, { start: 0, end: null }, { start: null, end: null }, { start: 0, end: 0 },
];

/**
 * A window over 0-2 partition keys, ordered by every other column: rows with equal order keys are then equal
 * rows, so row numbers, lag/lead and ROWS frames give the same rows on every engine whatever order ties take.
 * With a wild double (NaN, -0.0: equal keys, different rows) among the columns, only ranks are drawn.
 */
function windowStep(s: Step, n: PlanNode): PlanNode {
  const sc = scope(s, n);
  const cols = s.p.columns(n.id);
  const keys = keyable(s, n);
  const parts = !keys.length || s.d.chance(0.3) ? [] : [...new Set(Array.from({ length: s.d.int(1, 2) }, () => s.d.pick(keys).name))];
  const rest = cols.filter((c) => !parts.includes(c.name));
  if (!rest.length) return n;
  const shuffled = [...rest];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = s.d.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const order = shuffled.map((c) => ({ column: c.name, desc: s.d.chance(0.4) }));
  const ranksOnly = !cols.every((c) => c.tame);
  const taken = names(s, n);
  const calls: WindowCall[] = [];
  for (let i = s.d.int(1, 4); i > 0; i--) {
    const name = freshName(s.d, taken);
    taken.add(name);
    calls.push({ name, ...windowCall(s, sc, ranksOnly) });
  }
  return s.p.add({ kind: 'window', input: n.id, partitionBy: parts, orderBy: order, calls });
}

function windowCall(s: Step, sc: ExprScope, ranksOnly: boolean): Omit<WindowCall, 'name'> {
  const plain = { arg: null, offset: null, default: null, frame: null };
  const fn = s.d.pick(ranksOnly ? (['rank', 'denseRank'] as const) : (['rowNumber', 'rank', 'denseRank', 'lag', 'lead', 'agg', 'agg', 'agg'] as const));
  if (fn === 'rowNumber' || fn === 'rank' || fn === 'denseRank') return { fn, ...plain };
  if (fn === 'lag' || fn === 'lead') {
    const t = s.d.pick(TYPES);
    const dflt = s.d.chance(0.4) ? drawLiteral(s.d, t) : null;
    return { fn, arg: drawExpr(sc, t, 2), offset: s.d.pick([1, 1, 2, 3]), default: dflt, frame: null };
  }
  const agg = aggCall(s, sc);
  const frame = s.d.pick(FRAMES);
  // Window aggregates are the five running ones; other aggregates' arguments are counted instead.
  const aggFn = (WINDOW_AGGS as readonly string[]).includes(agg.fn) ? (agg.fn as (typeof WINDOW_AGGS)[number]) : 'count';
  return { fn: aggFn, arg: agg.arg, offset: null, default: null, frame };
}

const MIDDLE: readonly (readonly [number, (s: Step, n: PlanNode) => PlanNode])[] = [
  [4, filter], [4, project], [3, aggregate], [1, distinct], [1, explode], [1, union], [1, sort], [1, join], [1, cross], [1, setOp], [3, windowStep],
];

function sink(s: Step, n: PlanNode, output: string): void {
  const text: SinkFormat = s.d.chance(0.3) ? s.d.pick(['tsv', 'csv-noheader'] as const) : 'csv';
  // Parquet is read back with the runtime's Parquet reader, from every engine's output (and the runtime's).
  let parquet = s.d.chance(0.12);
  if (parquet && !allowsParquetSink(s.target, s.p.columns(n.id))) {
    const stored = parquetColumns(s, n);
    if (stored) n = stored;
    else parquet = false;
  }
  const cols = s.p.columns(n.id);
  const format: SinkFormat = parquet ? 'parquet' : allowsJsonLines(s.target) && s.d.chance(0.15) ? 'jsonl' : text;
  // A partition column names folders: names the plan refuses there (`eq=1`, `slash/x`, `_c0`) stay columns.
  const keys = cols.filter((c) => c.tame && partitionColumnProblem(c.name) === null);
  // A Parquet output is never partitioned (plan/validate.ts).
  const partitionBy = !parquet && cols.length >= 2 && keys.length && s.d.chance(0.08) ? s.d.pick(keys).name : null;
  s.p.add({ kind: 'sink', input: n.id, output, format, partitionBy });
}

/**
 * For Pig's Parquet output: the columns it can store (no times) under plain names, unless the node is a sort
 * or a limit (the order rule of a sink is its input's: a project in between would lose it), or none is left.
 */
function parquetColumns(s: Step, n: PlanNode): PlanNode | null {
  const kept = s.p.columns(n.id).filter((c) => c.type !== 'timestamp' && c.type !== 'date');
  if (n.kind === 'sort' || n.kind === 'limit' || kept.length === 0) return null;
  return s.p.add({ kind: 'project', input: n.id, columns: kept.map((c, i) => ({ name: `pq_${i}`, expr: colRef(c) })) });
}

/**
 * A case that is mostly expressions: one table, then a select of 8-12 computed columns written out as they
 * are, so that every function is exercised often and its result reaches the output.
 */
function expressionCase(s: Step): PlanNode {
  let n = source(s, drawColumns(s.d, { min: 3, max: 6 }));
  if (s.d.chance(0.2)) n = filter(s, n);
  const taken = new Set<string>();
  const columns: NamedExpr[] = [];
  for (let i = s.d.int(8, 12); i > 0; i--) {
    const name = freshName(s.d, taken);
    taken.add(name);
    // Every function about equally often, its arguments drawn by type.
    const call = drawCallOf(scope(s, n), s.d.pick(FN_NAMES), s.d.int(0, 1));
    columns.push({ name, expr: call ?? drawExpr(scope(s, n), s.d.pick(TYPES), 2) });
  }
  return s.p.add({ kind: 'project', input: n.id, columns });
}

export function drawCase(d: Draw, target: Target, name: string): ConformanceCase {
  const s: Step = { d, p: new PlanDraft(), target, pools: drawPools(d), tables: [], params: new ParamPool() };
  const done = (description: string): ConformanceCase => ({ name, target, plan: s.p.plan(name, description, s.params.decls), tables: s.tables, params: s.params.values() });
  if (d.chance(0.4)) {
    sink(s, expressionCase(s), 'out');
    return done(`random expressions for ${target}`);
  }
  let n = d.chance(0.1) ? cloudFrontSource(s) : d.chance(0.1) ? textSource(s) : d.chance(0.15) ? parquetSource(s) : source(s, drawColumns(d));
  if (d.chance(0.25)) n = join(s, n);
  else if (d.chance(0.1)) n = setOp(s, n);
  if (d.chance(0.2)) n = windowStep(s, d.chance(0.3) ? filter(s, n) : n);
  let branch: PlanNode | null = null;
  for (let i = d.int(0, 4); i > 0; i--) {
    n = d.weighted(MIDDLE)(s, n);
    if (!branch && d.chance(0.08)) branch = n;
  }
  if (d.chance(0.35)) {
    n = sort(s, n);
    if (n.kind === 'sort' && d.chance(0.6)) n = s.p.add({ kind: 'limit', input: n.id, n: d.int(0, 12) });
  }
  sink(s, n, 'out');
  if (branch && branch.id !== n.id) sink(s, branch, 'out_2');
  return done(`random plan for ${target}`);
}

/** A random conformance case for one target: tables and a plan over them. */
export const caseArb = (target: Target): fc.Arbitrary<ConformanceCase> =>
  drawn((d) => drawCase(d, target, `random-${target}`));
