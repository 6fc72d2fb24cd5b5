// Dataset<R>: an immutable handle on one plan node whose row type R travels in the type parameter.
import * as P from '../plan/index.ts';
import type { ColumnType, Expr, JoinHow, NumericType, Schema } from '../plan/index.ts';
import { addAggregate } from './agg-outputs.ts';
import { Checks, declareChecks, type Check } from './checks.ts';
import { Expression, lit, when } from './expression.ts';
import { WINDOW_FUNCTIONS, windowCalls, type WindowFunctions, type WindowRowOf, type WindowValue } from './window.ts';
import type { JobBuilder } from './job-builder.ts';
import { callerLocation } from './location.ts';
import type { AggRowOf, ColumnsOfType, Cols, LiteralName, RenamedRow, RenameMapping, Row, RowOf, Simplify } from './row-types.ts';

type Exprs = Record<string, Expression<ColumnType>>;
/** agg() outputs: aggregates, or expressions over them (an Aggregate is an Expression). */
type Aggs = Record<string, Expression<ColumnType>>;
export type SortSpec<R extends Row> = (keyof R & string) | readonly [keyof R & string, 'asc' | 'desc'];
export type JoinKey<L extends Row, R extends Row> = (keyof L & keyof R & string) | readonly [keyof L & string, keyof R & string];
type SameNameKeys<K> = K extends string ? K : never;
/** Refuses (as `never`) a dataset with columns R does not have: union needs equal schemas. */
type NoExtraColumns<O, R> = [Exclude<keyof O, keyof R>] extends [never] ? unknown : never;
/** Refuses (as `never`) the options of a cross join whose sides share a column name: its columns must differ. */
type NoSharedColumns<O, R> = [Extract<keyof O, keyof R>] extends [never] ? unknown : never;

export interface JoinOptions<L extends Row, R extends Row, K extends JoinKey<L, R>> {
  readonly on: readonly K[];
  readonly how?: Exclude<JoinHow, 'semi' | 'anti'>;
  /**
   * `other` is small enough to hold in every task's memory (a lookup table): Spark broadcasts it, Pig
   * joins with `USING 'replicated'`, and the large side is not shuffled. Inner and left joins only.
   */
  readonly small?: boolean;
  /**
   * A few keys of this (the left) dataset hold many of its rows: Pig samples it and splits a frequent key's
   * rows over several reducers (`USING 'skewed'`); Spark relies on AQE's skew-join handling
   * (`spark.sql.adaptive.skewJoin.enabled`, on by default in 3.5). Any join kind; not with `small`.
   * ```ts
   * logs.join(hosts, { on: ['host'], how: 'left', skew: true })
   * // Pig:     JOIN logs BY host LEFT OUTER, hosts BY host USING 'skewed';
   * // PySpark: left.join(right, (F.col("l0") == F.col("r0")), "left")   (AQE splits skewed partitions)
   * ```
   */
  readonly skew?: boolean;
}

/** Keys of a semi or anti join, spelled as `join`'s. */
export interface SemiJoinOptions<L extends Row, R extends Row, K extends JoinKey<L, R>> {
  readonly on: readonly K[];
}

/** The size guard of a cross join. */
export interface CrossJoinOptions {
  /** The run fails, on every engine, when this dataset's rows times `other`'s rows exceed this. */
  readonly maxRows: number;
}

/** Partitions (null keys form one) and the order of rows within each; `orderBy` is spelled as in `orderBy()`. */
export interface WindowSpec<R extends Row> {
  readonly partitionBy?: readonly (keyof R & string)[];
  readonly orderBy: readonly SortSpec<R>[];
}

/** A session gap: seconds, or a duration in minutes and hours (added up). */
export type Gap = number | { readonly seconds?: number; readonly minutes?: number; readonly hours?: number };

export interface SessionizeOptions<R extends Row, T extends string = string> {
  /** The columns whose rows are sessionized together (a client, a user). */
  readonly by: readonly (keyof R & string)[];
  /** The time of each row. */
  readonly time: T;
  /** A row starts a new session when more than this has passed since the previous row of its `by`. */
  readonly gap: Gap;
}

export interface SinkOptions<R extends Row> {
  /** Writes one directory per value of this column (`col=value/`), like Hive partitions. */
  readonly partitionBy?: keyof R & string;
}

export interface CsvSinkOptions<R extends Row> extends SinkOptions<R> {
  /** Whether the file starts with a row of column names (default true). */
  readonly header?: boolean;
}

export function colsOf<R extends Row>(schema: Schema): Cols<R> {
  return Object.freeze(Object.fromEntries(schema.map((f) => [f.name, new Expression(P.col(f.name, f.type))]))) as Cols<R>;
}

function named(exprs: Exprs): P.NamedExpr[] {
  return Object.entries(exprs).map(([name, e]) => {
    if (!(e instanceof Expression)) throw new TypeError(`column '${name}' is not an expression (got ${typeof e})`);
    return { name, expr: e.node };
  });
}

export class Dataset<R extends Row> {
  declare readonly __row: R;
  constructor(
    /** @internal */ readonly job: JobBuilder,
    /** @internal */ readonly node: P.PlanNode,
  ) {}

  get schema(): Schema {
    return this.node.schema;
  }

  private next<R2 extends Row>(draft: Parameters<JobBuilder['add']>[0]): Dataset<R2> {
    return new Dataset<R2>(this.job, this.job.add(draft, callerLocation()));
  }

  private cols(): Cols<R> {
    return colsOf<R>(this.schema);
  }

  /**
   * Keeps rows where the predicate is true; null counts as false.
   * ```ts
   * logs.filter((r) => r.status.ge(500))
   * // Pig:     f = FILTER logs BY (status >= 500);
   * // PySpark: f = logs.filter(F.col("status") >= F.lit(500))
   * ```
   */
  filter(predicate: (r: Cols<R>) => Expression<'boolean'>): Dataset<R> {
    return this.next<R>({ kind: 'filter', input: this.node.id, predicate: predicate(this.cols()).node });
  }

  /**
   * Keeps the named columns, or computes a new row.
   * ```ts
   * logs.select('host', 'path')
   * logs.select((r) => ({ host: r.host, kb: r.bytes.div(1024) }))
   * // Pig:     s = FOREACH logs GENERATE host AS host, ((double)bytes / 1024.0) AS kb;
   * // PySpark: s = logs.select(F.col("host").alias("host"), (F.col("bytes") / F.lit(1024)).alias("kb"))
   * ```
   */
  select<K extends keyof R & string>(...names: K[]): Dataset<Simplify<Pick<R, K>>>;
  select<S extends Exprs>(fn: (r: Cols<R>) => S): Dataset<RowOf<S>>;
  select(...args: unknown[]): Dataset<Row> {
    const c = this.cols() as Record<string, Expression<ColumnType>>;
    const exprs: Exprs =
      typeof args[0] === 'function'
        ? (args[0] as (r: Cols<R>) => Exprs)(this.cols())
        : Object.fromEntries((args as string[]).map((n) => [n, c[n] ?? missing(n, this.schema)]));
    return this.next({ kind: 'project', input: this.node.id, columns: named(exprs) });
  }

  /**
   * Adds columns (or replaces those of the same name, in place).
   * ```ts
   * logs.derive((r) => ({ hour: r.time.truncHour() }))
   * ```
   */
  derive<S extends Exprs>(fn: (r: Cols<R>) => S): Dataset<Simplify<Omit<R, keyof S> & RowOf<S>>> {
    const added = fn(this.cols());
    const cols = this.schema.map((f) => ({ name: f.name, expr: f.name in added ? added[f.name].node : (P.col(f.name, f.type) as Expr) }));
    const fresh = named(added).filter((c) => !this.schema.some((f) => f.name === c.name));
    return this.next({ kind: 'project', input: this.node.id, columns: [...cols, ...fresh] });
  }

  /** All columns but the named ones. */
  drop<K extends keyof R & string>(...names: K[]): Dataset<Simplify<Omit<R, K>>> {
    const keep = this.schema.filter((f) => !(names as string[]).includes(f.name));
    return this.next({ kind: 'project', input: this.node.id, columns: keep.map((f) => ({ name: f.name, expr: P.col(f.name, f.type) })) });
  }

  /**
   * Renames columns; the others keep their names and places, and every column keeps its type. The new names
   * are literal types without `as const`; a name typed plain `string` is refused (the row would accept any name).
   * ```ts
   * hosts.rename({ host: 'client' })   // Dataset<{ client: 'string'; owner: 'string' }>
   * // Pig:     FOREACH hosts GENERATE host AS client, owner AS owner;
   * // PySpark: df.select(F.col("host").alias("client"), F.col("owner").alias("owner"))
   * ```
   */
  rename<const M extends { readonly [K in keyof R]?: string }>(mapping: M & RenameMapping<M>): Dataset<RenamedRow<R, M>> {
    const m = mapping as Record<string, string>;
    const columns = this.schema.map((f) => ({ name: m[f.name] ?? f.name, expr: P.col(f.name, f.type) as Expr }));
    return this.next({ kind: 'project', input: this.node.id, columns });
  }

  /**
   * Groups rows by columns, or by computed keys; finish with `.agg(...)`.
   * ```ts
   * logs.groupBy('path').agg((r) => ({ hits: count(), bytes: sum(r.bytes) }))
   * // Pig:     g = GROUP logs BY path; a = FOREACH g GENERATE group AS path, COUNT_STAR(logs) AS hits, SUM(logs.bytes) AS bytes;
   * // PySpark: a = logs.groupBy(F.col("path").alias("path")).agg(F.count(F.lit(1)).alias("hits"), F.sum("bytes").alias("bytes"))
   * ```
   */
  groupBy<K extends keyof R & string>(...keys: K[]): Grouped<R, Simplify<Pick<R, K>>>;
  groupBy<S extends Exprs>(fn: (r: Cols<R>) => S): Grouped<R, RowOf<S>>;
  groupBy(...args: unknown[]): Grouped<R, Row> {
    const c = this.cols() as Record<string, Expression<ColumnType>>;
    const keys: Exprs =
      typeof args[0] === 'function'
        ? (args[0] as (r: Cols<R>) => Exprs)(this.cols())
        : Object.fromEntries((args as string[]).map((n) => [n, c[n] ?? missing(n, this.schema)]));
    return new Grouped(this, named(keys));
  }

  /** Aggregates the whole dataset into one row. */
  agg<A extends Aggs>(fn: (r: Cols<R>) => A): Dataset<AggRowOf<A>> {
    return new Grouped<R, {}>(this, []).agg(fn) as unknown as Dataset<AggRowOf<A>>;
  }

  /**
   * Equi-join on key columns: a name both sides share, or a `[left, right]` pair. Keys with the same
   * name appear once; other clashing names must be renamed first.
   * ```ts
   * counts.join(hosts, { on: ['host'], how: 'left' })
   * ```
   */
  join<R2 extends Row, K extends JoinKey<R, R2>>(
    other: Dataset<R2>,
    options: JoinOptions<R, R2, K>,
  ): Dataset<Simplify<R & Omit<R2, SameNameKeys<K>>>> {
    if (other.job !== this.job) throw new TypeError('join: both datasets must belong to the same job');
    const on = options.on.map((k) => (typeof k === 'string' ? { left: k, right: k } : { left: k[0], right: k[1] }));
    const small = options.small === true ? { small: true as const } : {};
    const skew = options.skew === true ? { skew: true as const } : {};
    return this.next({ kind: 'join', left: this.node.id, right: other.node.id, how: options.how ?? 'inner', on, ...small, ...skew });
  }

  /**
   * The rows of this dataset with at least one match in `other` (each once, this dataset's columns only).
   * Null keys never match, so a row with a null key is dropped.
   * ```ts
   * logs.semiJoin(bots, { on: [['host', 'ip']] })
   * // Pig:     g = COGROUP logs BY host, (FILTER bots BY ip IS NOT NULL) BY ip;  FILTER g BY NOT IsEmpty(right); FLATTEN(logs)
   * // PySpark: l.join(r, l.host == r.ip, "left_semi")
   * ```
   */
  semiJoin<R2 extends Row, K extends JoinKey<R, R2>>(other: Dataset<R2>, options: SemiJoinOptions<R, R2, K>): Dataset<R> {
    return this.existenceJoin('semiJoin', 'semi', other, options.on);
  }

  /**
   * The rows of this dataset with no match in `other` (this dataset's columns only). Null keys never
   * match, so a row with a null key is kept.
   * ```ts
   * logs.antiJoin(bots, { on: [['host', 'ip']] })
   * // Pig:     as semiJoin, with FILTER g BY IsEmpty(right)
   * // PySpark: l.join(r, l.host == r.ip, "left_anti")
   * ```
   */
  antiJoin<R2 extends Row, K extends JoinKey<R, R2>>(other: Dataset<R2>, options: SemiJoinOptions<R, R2, K>): Dataset<R> {
    return this.existenceJoin('antiJoin', 'anti', other, options.on);
  }

  private existenceJoin(what: string, how: 'semi' | 'anti', other: Dataset<Row>, keys: readonly JoinKey<Row, Row>[]): Dataset<R> {
    if (other.job !== this.job) throw new TypeError(`${what}: both datasets must belong to the same job`);
    const on = keys.map((k) => (typeof k === 'string' ? { left: k, right: k } : { left: k[0], right: k[1] }));
    return this.next({ kind: 'join', left: this.node.id, right: other.node.id, how, on });
  }

  /**
   * Every pair of a row of this dataset and a row of `other`: this dataset's columns, then `other`'s (rename
   * clashing names first). A size guard: the run fails, on every engine, when rows × other rows > `maxRows`.
   * ```ts
   * byDay.crossJoin(hosts, { maxRows: 100_000 })
   * // Pig:     sizes = CROSS (COUNT_STAR of byDay), (COUNT_STAR of hosts);
   * //          ASSERT sizes BY rows__left * rows__right <= 100000L, 'crossJoin at ...: more than maxRows = 100000 rows ...';
   * //          c = CROSS byDay, hosts, sizes;  (then the columns of byDay and hosts)
   * // PySpark: cross_join_within(l, r, 100000, "crossJoin at ..."): raises when l.count() * r.count() > 100000, else l.crossJoin(r)
   * ```
   */
  crossJoin<R2 extends Row>(...args: [other: Dataset<R2>, options: CrossJoinOptions] & NoSharedColumns<R2, R>): Dataset<Simplify<R & R2>> {
    // Rest arguments, as in `union`: a plain parameter typed with R in a conditional type would make Dataset invariant.
    const [other, options] = args;
    if (other.job !== this.job) throw new TypeError('crossJoin: both datasets must belong to the same job');
    return this.next({ kind: 'cross', left: this.node.id, right: other.node.id, maxRows: options.maxRows });
  }

  /**
   * The distinct rows of this dataset that `other` does not hold (SQL's EXCEPT DISTINCT); schemas must be
   * equal. Nulls equal nulls, NaN equals NaN and -0.0 equals 0.0 (written 0.0).
   * ```ts
   * today.except(yesterday)
   * // Pig:     g = COGROUP today BY (every column, nulls encoded), yesterday BY (...); FILTER g BY IsEmpty(yesterday)
   * // PySpark: today.subtract(yesterday)
   * ```
   */
  except<O extends R>(...other: [Dataset<O>] & NoExtraColumns<O, R>): Dataset<R> {
    return this.setOp('except', other[0]);
  }

  /**
   * The distinct rows of this dataset that `other` holds too (SQL's INTERSECT DISTINCT); schemas must be
   * equal. Nulls equal nulls, NaN equals NaN and -0.0 equals 0.0 (written 0.0).
   * ```ts
   * today.intersect(yesterday)
   * // Pig:     as except, with FILTER g BY NOT IsEmpty(today) AND NOT IsEmpty(yesterday)
   * // PySpark: today.intersect(yesterday)
   * ```
   */
  intersect<O extends R>(...other: [Dataset<O>] & NoExtraColumns<O, R>): Dataset<R> {
    return this.setOp('intersect', other[0]);
  }

  // `other` is a one-element rest parameter, as in `union`: a plain parameter of type Dataset<O> & ... would
  // make Dataset invariant in its row type.
  private setOp(op: P.SetOp, other: Dataset<Row>): Dataset<R> {
    if (other.job !== this.job) throw new TypeError(`${op}: both datasets must belong to the same job`);
    return this.next({ kind: 'setOp', op, left: this.node.id, right: other.node.id });
  }

  /**
   * Sorts by columns: `'hits'` or `['hits', 'desc']`. Nulls sort first ascending, last descending.
   * ```ts
   * pages.orderBy(['hits', 'desc'], 'path')
   * // Pig:     o = ORDER pages BY hits DESC, path ASC;
   * // PySpark: o = pages.orderBy(F.col("hits").desc_nulls_last(), utf16(F.col("path")).asc_nulls_first())  (strings in UTF-16 order)
   * ```
   */
  orderBy(...keys: SortSpec<R>[]): Dataset<R> {
    return this.next({ kind: 'sort', input: this.node.id, keys: sortKeys(keys) });
  }

  /** The first n rows. */
  limit(n: number): Dataset<R> {
    return this.next({ kind: 'limit', input: this.node.id, n });
  }

  /** Removes duplicate rows. */
  distinct(): Dataset<R> {
    return this.next({ kind: 'distinct', input: this.node.id });
  }

  /** All rows of this dataset and the others (UNION ALL); schemas must be equal. */
  union<O extends R>(...others: Dataset<O>[] & NoExtraColumns<O, R>): Dataset<R> {
    return this.next({ kind: 'union', inputs: [this.node.id, ...others.map((o) => o.node.id)] });
  }

  /**
   * One row per non-empty part of a string column split on a literal separator.
   * ```ts
   * logs.explode('path', { separator: '/', as: 'segment' })
   * ```
   */
  explode<C extends ColumnsOfType<R, 'string'>, A extends string>(
    column: C,
    options: { readonly separator: string; readonly as: A & LiteralName<A, 'explode: `as` must be one string literal; write it inline or declare it with const'> },
  ): Dataset<Simplify<Omit<R, A> & { [K in A]: 'string' }>> {
    return this.next({ kind: 'explode', input: this.node.id, column, separator: options.separator, as: options.as });
  }

  /**
   * Window functions: each row kept, with new columns computed over the rows of its partition in order.
   * Top 3 paths per host: `.window({ partitionBy: ['host'], orderBy: [['hits', 'desc'], 'path'] }, (r, w) => ({ rn: w.rowNumber() })).filter((r) => r.rn.le(3))`.
   * ```ts
   * hits.window({ partitionBy: ['host'], orderBy: [['hits', 'desc']] }, (r, w) => ({ rank: w.rank(), running: w.sum(r.hits) }))
   * // Pig:     GROUP BY host; FOREACH { o = ORDER rows BY hits DESC; GENERATE FLATTEN(Stitch(o, Over(o, 'rank', -1, -1, 2), Over(o.hits, 'sum(long)', -1, 0))); }
   * // PySpark: w = Window.partitionBy("host").orderBy(F.col("hits").desc_nulls_last()); F.rank().over(w), F.sum("hits").over(w.rowsBetween(Window.unboundedPreceding, 0))
   * ```
   */
  window<S extends Record<string, WindowValue<ColumnType>>>(
    spec: WindowSpec<R>,
    fn: (r: Cols<R>, w: WindowFunctions) => S,
  ): Dataset<Simplify<R & WindowRowOf<S>>> {
    const calls = windowCalls(fn(this.cols(), WINDOW_FUNCTIONS));
    return this.next({ kind: 'window', input: this.node.id, partitionBy: [...(spec.partitionBy ?? [])], orderBy: sortKeys(spec.orderBy), calls });
  }

  /**
   * Sessions: per value of \`by\`, rows in \`time\` order; a row starts a new session when more than \`gap\` has
   * passed since the previous row (strictly more), or when it is the first. Adds \`session\` (1, 2, ... per
   * \`by\`) and \`session_index\` (1, 2, ... within the session); both are null where the time is null.
   * ```ts
   * logs.sessionize({ by: ['host'], time: 'time', gap: { minutes: 30 } })
   * ```
   */
  sessionize<T extends ColumnsOfType<R, 'timestamp'>>(options: SessionizeOptions<R, T>): Dataset<Simplify<R & { session: 'long'; session_index: 'int' }>> {
    const gapMs = gapMillis(options.gap);
    const by = [...options.by];
    const time = options.time as string;
    for (const name of [PREV, STARTS, 'session', 'session_index']) if (this.schema.some((f) => f.name === name)) throw new TypeError(`sessionize: the input already has a column '${name}'`);
    const c = (d: Dataset<Row>, name: string) => (d.cols() as Record<string, Expression<ColumnType>>)[name];
    const withPrev = (this as Dataset<Row>).window({ partitionBy: by, orderBy: [time] }, (r, w) => ({ [PREV]: w.lag(r[time]) }));
    const starts = withPrev.derive(() => {
      const t = c(withPrev, time) as Expression<'timestamp'>;
      const prev = c(withPrev, PREV) as Expression<'timestamp'>;
      return { [STARTS]: when(t.isNull(), lit(0)).when(prev.isNull().or(prev.millisBetween(t).gt(gapMs)), lit(1)).otherwise(lit(0)) };
    });
    // Among rows of equal time the one that starts the session comes first, so the running sum agrees with lag.
    const numbered = starts.window({ partitionBy: by, orderBy: [time, [STARTS, 'desc']] }, (r, w) => ({ [SESSION]: w.sum(r[STARTS] as Expression<'int'>) }));
    const session = numbered.derive(() => ({ session: when(c(numbered, time).isNotNull(), c(numbered, SESSION) as Expression<'long'>).end() }));
    const indexed = session.window({ partitionBy: [...by, 'session'], orderBy: [time] }, (_r, w) => ({ [INDEX]: w.rowNumber() }));
    const out = indexed.derive(() => ({ session_index: when(c(indexed, time).isNotNull(), c(indexed, INDEX) as Expression<'int'>).end() }));
    return out.select(...this.schema.map((f) => f.name), 'session', 'session_index') as never;
  }

  /**
   * Data-quality checks on this dataset, reported under the label `dataset`; the rows go on unchanged. An
   * `error` check that fails stops the run, a `warn` one is reported (docs/semantics.md, "Checks").
   * ```ts
   * requests.check('requests', (c) => [c.rowCount({ min: 1 }), c.notNull('host'), c.range('status', { min: 100, max: 599 })])
   * // Pig: the checked relations counted by one GROUP, cogrouped with the failing rows' samples into one row,
   * // stored as `_checks.json` (two MapReduce jobs); a failed error check fails the script with its message.
   * // PySpark: the counts in one pass (`count_rows`), samples only of a failed check, the same document and
   * // failure, before any output is written.
   * ```
   */
  check(dataset: string, checks: (c: Checks<R>) => readonly Check[]): Dataset<R> {
    declareChecks(this as unknown as Dataset<Row>, dataset, checks(new Checks<R>()), (c) => this.job.addCheck(c));
    return this;
  }

  /**
   * Writes the dataset as the CSV output `name` (RFC 4180 quoting; a header row unless `header: false`).
   * ```ts
   * pages.writeCsv('top_pages')
   * pages.writeCsv('top_pages_rows', { header: false })
   * ```
   * Pig: `STORE … USING PigStorage(',')` of each value's CSV field text (the header is added when the part
   * files are gathered). PySpark: `df.write.csv(path, header=…)`.
   */
  writeCsv(name: string, options: CsvSinkOptions<R> = {}): void {
    const format = options.header === false ? 'csv-noheader' : 'csv';
    this.next({ kind: 'sink', input: this.node.id, output: name, format, partitionBy: options.partitionBy ?? null });
  }

  /**
   * Writes the dataset as the tab-separated output `name`: no header row; in values `\`, tab, LF and CR are
   * written `\\`, `\t`, `\n`, `\r`, and null is `\N` (so '' and null differ).
   * ```ts
   * pages.writeTsv('top_pages')
   * ```
   * Pig: `STORE … USING PigStorage('\t')` of each value's escaped text. PySpark: the escaped fields joined
   * by tabs, written with `df.write.text`.
   */
  writeTsv(name: string, options: SinkOptions<R> = {}): void {
    this.next({ kind: 'sink', input: this.node.id, output: name, format: 'tsv', partitionBy: options.partitionBy ?? null });
  }

  /**
   * Writes the dataset as the Parquet output `name`: a folder `name/` of `part-NNNNN.parquet` files, read in
   * name order (types as docs/semantics.md maps them; Snappy compression). Not partitioned.
   * ```ts
   * pages.writeParquet('top_pages')
   * ```
   * Pig: `STORE … USING org.apache.parquet.pig.ParquetStorer()` (no timestamp or date columns).
   * PySpark: `df.write.parquet(path)` with timestamps as TIMESTAMP_MILLIS.
   */
  writeParquet(name: string): void {
    this.next({ kind: 'sink', input: this.node.id, output: name, format: 'parquet', partitionBy: null });
  }

  /** Writes the dataset as the JSON-lines output `name` (one object per line). */
  writeJson(name: string, options: SinkOptions<R> = {}): void {
    this.next({ kind: 'sink', input: this.node.id, output: name, format: 'jsonl', partitionBy: options.partitionBy ?? null });
  }
}

export class Grouped<R extends Row, K extends Row> {
  constructor(
    private readonly dataset: Dataset<R>,
    private readonly keys: P.NamedExpr[],
  ) {}

  /**
   * One row per group: the keys, then one column per output: an aggregate, or an expression over aggregates.
   * ```ts
   * logs.groupBy('host').agg((r) => ({ hits: count(), meanBytes: sum(r.bytes).div(count()) }))
   * // Pig:     the aggregates per group, then a FOREACH computing (double)agg_1 / (double)hits
   * // PySpark: .agg(F.count(F.lit(1)).alias("hits"), F.sum("bytes").alias("agg_1")).select(...)
   * ```
   */
  agg<A extends Aggs>(fn: (r: Cols<R>) => A): Dataset<Simplify<K & AggRowOf<A>>> {
    const d = this.dataset;
    return new Dataset(d.job, addAggregate(d.job, d.node.id, this.keys, fn(colsOf<R>(d.schema)), callerLocation()));
  }
}

function sortKeys(keys: readonly SortSpec<Row>[]): P.SortKey[] {
  return keys.map((k) => (typeof k === 'string' ? { column: k, desc: false } : { column: k[0], desc: k[1] === 'desc' }));
}

const PREV = 'sessionize__prev';
const STARTS = 'sessionize__starts';
const SESSION = 'sessionize__session';
const INDEX = 'sessionize__index';

function gapMillis(gap: Gap): number {
  const seconds = typeof gap === 'number' ? gap : (gap.seconds ?? 0) + 60 * (gap.minutes ?? 0) + 3600 * (gap.hours ?? 0);
  if (!Number.isFinite(seconds) || seconds < 0) throw new TypeError(`sessionize: gap ${JSON.stringify(gap)} is not a non-negative duration`);
  const ms = Math.round(seconds * 1000);
  if (!Number.isSafeInteger(ms)) throw new TypeError(`sessionize: gap ${JSON.stringify(gap)} is too large`);
  return ms;
}

function missing(name: string, schema: Schema): never {
  throw new TypeError(`no column '${name}' (columns: ${schema.map((f) => f.name).join(', ')})`);
}

export type { NumericType };
