// Plan nodes: plain data, one kind per relational operation. Nodes name their inputs by id; each carries
// its output schema and the job-file location of the DSL call that made it.
import type { Expr } from './expr.ts';
import { ML_NODE_KINDS, mlInputs, type MlNode } from './ml.ts';
import type { AggFn } from './catalogue.ts';
import type { SourceFormat } from './formats.ts';
import { formatLoc, type Schema, type SourceLoc } from './types.ts';
import type { WindowCall } from './window.ts';

interface Base {
  readonly id: string;
  readonly loc: SourceLoc;
  readonly schema: Schema;
}

/** Reads the job input named `input` (bound at run time to a path). */
export interface SourceNode extends Base {
  readonly kind: 'source';
  readonly input: string;
  readonly format: SourceFormat;
  /**
   * Where the input is when the run names no path for it: a path or URI template whose `{name}`
   * placeholders are replaced by run-time parameter values (`s3://bucket/logs/dt={date}/`). Absent when
   * the job declares none.
   */
  readonly path?: string;
}

/** Keeps rows whose predicate is true (null counts as false). */
export interface FilterNode extends Base {
  readonly kind: 'filter';
  readonly input: string;
  readonly predicate: Expr;
}

/** Output columns, in order, each computed from the input row. */
export interface ProjectNode extends Base {
  readonly kind: 'project';
  readonly input: string;
  readonly columns: readonly NamedExpr[];
}

export interface NamedExpr {
  readonly name: string;
  readonly expr: Expr;
}

export interface AggCall {
  readonly name: string;
  readonly fn: AggFn;
  /** null only for count() of rows. */
  readonly arg: Expr | null;
  /** The literal parameters the aggregate's catalogue entry names (percentile's p, ...); absent when none. */
  readonly params?: readonly number[];
  /** first/last: the order of the group's rows (nulls first ascending, last descending); absent otherwise. */
  readonly orderBy?: readonly AggOrderKey[];
}

/** An order key of first/last: an expression over the aggregate's input, ascending or descending. */
export interface AggOrderKey {
  readonly expr: Expr;
  readonly desc: boolean;
}

/** Group by keys (null keys form one group), then one row per group: keys first, then aggregates. */
export interface AggregateNode extends Base {
  readonly kind: 'aggregate';
  readonly input: string;
  readonly keys: readonly NamedExpr[];
  readonly aggs: readonly AggCall[];
}

/** `semi` and `anti` keep left rows (each at most once, left columns only) with and without a match. */
export type JoinHow = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';

/** The join kinds whose output is the left side's rows filtered by the existence of a match. */
export const isSemiJoin = (how: JoinHow): how is 'semi' | 'anti' => how === 'semi' || how === 'anti';

/**
 * Equi-join. Output: left columns, then right columns except right keys that share their left key's
 * name (those appear once, as coalesce(left, right) — SQL's USING). Null keys never match. Semi and
 * anti joins output the left columns only.
 */
export interface JoinNode extends Base {
  readonly kind: 'join';
  readonly left: string;
  readonly right: string;
  readonly how: JoinHow;
  readonly on: readonly { readonly left: string; readonly right: string }[];
  /** The right side fits in each task's memory: broadcast (Spark), replicated (Pig). Inner/left only. */
  readonly small?: true;
  /**
   * A few keys of the left side hold many of its rows: Pig's skewed join; on Spark, AQE's skew-join handling
   * (on by default). Not with `small`; not on semi and anti joins.
   */
  readonly skew?: true;
}

/**
 * Every pair of a left row and a right row: left columns, then right columns (no name may appear on both
 * sides). The run fails, on every engine, when left rows × right rows exceeds `maxRows`.
 */
export interface CrossNode extends Base {
  readonly kind: 'cross';
  readonly left: string;
  readonly right: string;
  readonly maxRows: number;
}

/** The failure every engine reports when a cross join exceeds its guard (Pig and Spark print it as is). */
export const crossGuardMessage = (n: CrossNode): string =>
  `crossJoin at ${formatLoc(n.loc)}: more than maxRows = ${n.maxRows} rows (left rows x right rows)`;

export type SetOp = 'except' | 'intersect';

/**
 * SQL's EXCEPT DISTINCT / INTERSECT DISTINCT of two inputs with equal schemas (by name and type, in order):
 * each distinct left row absent from (except) or present in (intersect) the right input. Rows compare with
 * null equal to null, NaN equal to NaN and -0.0 equal to 0.0 (written 0.0).
 */
export interface SetOpNode extends Base {
  readonly kind: 'setOp';
  readonly op: SetOp;
  readonly left: string;
  readonly right: string;
}

export interface SortKey {
  readonly column: string;
  readonly desc: boolean;
}

/** Sort by columns; nulls first ascending, last descending; stable for equal keys. */
export interface SortNode extends Base {
  readonly kind: 'sort';
  readonly input: string;
  readonly keys: readonly SortKey[];
}

/** First n rows of its input (deterministic only after a sort on a unique key). */
export interface LimitNode extends Base {
  readonly kind: 'limit';
  readonly input: string;
  readonly n: number;
}

export interface DistinctNode extends Base {
  readonly kind: 'distinct';
  readonly input: string;
}

/** UNION ALL of inputs with equal schemas (by name and type, in order). */
export interface UnionNode extends Base {
  readonly kind: 'union';
  readonly inputs: readonly string[];
}

/**
 * One output row per non-empty part of `column` split on the literal `separator`; the part is in `as`.
 * Rows whose column is null or has no non-empty part produce nothing.
 */
export interface ExplodeNode extends Base {
  readonly kind: 'explode';
  readonly input: string;
  readonly column: string;
  readonly separator: string;
  readonly as: string;
}

/**
 * Window functions: rows of each partition (null partition keys form one partition) in `orderBy` order
 * (nulls first ascending, last descending), each row kept with one new column per call appended.
 */
export interface WindowNode extends Base {
  readonly kind: 'window';
  readonly input: string;
  readonly partitionBy: readonly string[];
  readonly orderBy: readonly SortKey[];
  readonly calls: readonly WindowCall[];
}

/**
 * How a sink writes rows (docs/semantics.md, "Outputs"): CSV with a header row or without one, TSV (no
 * header; `\`, tab, LF and CR escaped, null is `\N`), JSON lines, Parquet (a folder of part files, never
 * partitioned).
 */
export type SinkFormat = 'csv' | 'csv-noheader' | 'tsv' | 'jsonl' | 'parquet';

export const SINK_FORMATS: readonly SinkFormat[] = ['csv', 'csv-noheader', 'tsv', 'jsonl', 'parquet'];

/** How a TSV output writes null. */
export const TSV_NULL = '\\N';

/** Writes its input as the job output named `output`. */
export interface SinkNode extends Base {
  readonly kind: 'sink';
  readonly input: string;
  readonly output: string;
  readonly format: SinkFormat;
  readonly partitionBy: string | null;
}

export type PlanNode =
  | SourceNode
  | FilterNode
  | ProjectNode
  | AggregateNode
  | JoinNode
  | CrossNode
  | SetOpNode
  | SortNode
  | LimitNode
  | DistinctNode
  | UnionNode
  | ExplodeNode
  | WindowNode
  | SinkNode
  | MlNode;

export type NodeKind = PlanNode['kind'];

export const NODE_KINDS: readonly NodeKind[] = [
  'source', 'filter', 'project', 'aggregate', 'join', 'cross', 'setOp', 'sort', 'limit', 'distinct', 'union', 'explode', 'window', 'sink', ...ML_NODE_KINDS,
];

export type NodeOf<K extends NodeKind> = Extract<PlanNode, { kind: K }>;

/** Dispatch table over node kinds: a new kind does not compile until every visitor handles it. */
export type NodeVisitor<R> = { readonly [K in NodeKind]: (n: NodeOf<K>) => R };

export function visitNode<R>(n: PlanNode, v: NodeVisitor<R>): R {
  return (v[n.kind] as (n: PlanNode) => R)(n);
}

/** Ids of the nodes a node reads. */
export function inputsOf(n: PlanNode): string[] {
  switch (n.kind) {
    case 'source':
      return [];
    case 'join':
    case 'cross':
    case 'setOp':
      return [n.left, n.right];
    case 'union':
      return [...n.inputs];
    case 'split':
    case 'fit':
    case 'predict':
    case 'evaluate':
    case 'modelParams':
    case 'saveModel':
      return mlInputs(n);
    default:
      return [n.input];
  }
}
