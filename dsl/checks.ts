// Data-quality checks on a dataset: each check builds, from ordinary dataset operations, the rows its rule
// looks at (failing rows, duplicated keys, recent rows), so it means the same wherever those operations run.
import * as P from '../plan/index.ts';
import type { CheckDecl, CheckKind, CheckRule, CheckSeverity, ColumnType } from '../plan/index.ts';
import { count } from './aggregate.ts';
import type { Dataset } from './dataset.ts';
import { type Expression, type JsValue } from './expression.ts';
import { callerLocation } from './location.ts';
import type { Cols, ColumnsOfType, Row } from './row-types.ts';

/** Every check takes these. */
export interface CheckOptions {
  /** Names the check in messages and results (default: its kind and columns, `notNull(host)`). */
  readonly name?: string;
  /** `error` (default) fails the run; `warn` reports and goes on. */
  readonly severity?: CheckSeverity;
}

/** A duration: days, hours, minutes and seconds, added up. */
export interface Duration {
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
}

export interface RowCountOptions extends CheckOptions {
  /** At least this many rows. */
  readonly min?: number;
  /** At most this many rows. */
  readonly max?: number;
  /**
   * A fraction: fails when the row count differs from the previous run's by more than this fraction of it
   * (0.5: within 50%). The previous count is read from the previous run's results file (docs/cli.md).
   */
  readonly tolerance?: number;
}

export interface FreshnessOptions extends CheckOptions {
  /** The newest value must be at most this old... */
  readonly within: Duration;
  /** ...at this reference: a date parameter stands for the end of its day, a timestamp for itself. */
  readonly of: Expression<'date'> | Expression<'timestamp'>;
}

/** Types a value range applies to (ordered types). */
type RangeType = Exclude<ColumnType, 'boolean'>;
type OrderedColumns<R extends Row> = { [K in keyof R]: R[K] extends RangeType ? K : never }[keyof R] & string;

/** A check, made by one of the methods of `Checks`; passed back from the `check` callback. */
export class Check {
  /** @internal */
  constructor(
    readonly kind: CheckKind,
    readonly defaultName: string,
    readonly options: CheckOptions,
    /** @internal */ readonly build: (ds: Dataset<Row>) => Omit<CheckDecl, 'name' | 'kind' | 'dataset' | 'severity' | 'input' | 'loc'>,
    /** @internal */ readonly loc: P.SourceLoc,
  ) {}
}

type Col<R extends Row> = keyof R & string;
const list = <T>(x: T | readonly T[]): readonly T[] => (Array.isArray(x) ? (x as readonly T[]) : [x as T]);

/** What the callback of `Dataset.check` gets: one method per kind of check. Columns are checked names. */
export class Checks<R extends Row> {
  declare readonly __row: R;

  /**
   * The dataset has between `min` and `max` rows, and within `tolerance` of the previous run's count.
   * ```ts
   * c.rowCount({ min: 1 })                       // not empty
   * c.rowCount({ tolerance: 0.5, severity: 'warn' }) // within 50% of the previous run
   * ```
   */
  rowCount(options: RowCountOptions): Check {
    const bounds = [options.min !== undefined ? `min ${options.min}` : '', options.max !== undefined ? `max ${options.max}` : '', options.tolerance !== undefined ? `tolerance ${options.tolerance}` : '']
      .filter(Boolean)
      .join(', ');
    return new Check('rowCount', `rowCount(${bounds})`, options, () => ({
      rule: 'row-count' as CheckRule,
      ...(options.min !== undefined ? { minRows: options.min } : {}),
      ...(options.max !== undefined ? { maxRows: options.max } : {}),
      ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
    }), callerLocation());
  }

  /**
   * No row has a null in any of the columns; a failing row is a row with at least one.
   * ```ts
   * c.notNull(['host', 'time'])
   * // rows checked: FILTER rows BY host IS NULL OR time IS NULL (Pig) / rows.filter(col.isNull() | ...) (PySpark)
   * ```
   */
  notNull(columns: Col<R> | readonly Col<R>[], options: CheckOptions = {}): Check {
    const names = list(columns);
    return this.rowRule('notNull', `notNull(${names.join(', ')})`, options, (r) => names.map((n) => r[n].isNull()).reduce((a, b) => a.or(b)));
  }

  /**
   * No two rows share the values of the columns. Rows with a null in any of them are skipped (SQL UNIQUE);
   * each key value held by more than one row fails once, and its sample shows the key and `duplicates`.
   * ```ts
   * c.unique(['host', 'hour'])
   * ```
   */
  unique(columns: Col<R> | readonly Col<R>[], options: CheckOptions = {}): Check {
    const names = [...list(columns)];
    return new Check('unique', `unique(${names.join(', ')})`, options, (ds) => {
      const counted = names.includes('duplicates') ? 'check__duplicates' : 'duplicates';
      const keyed = ds.filter((r) => names.map((n) => r[n].isNotNull()).reduce((a, b) => a.and(b)));
      const selected = keyed.groupBy(...names).agg(() => ({ [counted]: count() })).filter((r) => (r[counted] as Expression<'long'>).gt(1));
      return { rule: 'no-rows', selected: selected.node.id, samples: samplesOf(selected) };
    }, callerLocation());
  }

  /**
   * Every non-null value of the column is one of `values` (nulls pass: add notNull to refuse them).
   * ```ts
   * c.acceptedValues('method', ['GET', 'POST', 'HEAD'])
   * ```
   */
  acceptedValues<C extends Col<R>>(column: C, values: readonly JsValue<R[C]>[], options: CheckOptions = {}): Check {
    const shown = values.map((v) => (v instanceof Date ? v.toISOString() : JSON.stringify(v))).join(', ');
    return this.rowRule('acceptedValues', `acceptedValues(${column}: ${shown})`, options, (r) => r[column].isIn(values as never).not());
  }

  /**
   * Every non-null value of the column lies within [min, max] (either bound may be left out; nulls pass).
   * ```ts
   * c.range('status', { min: 100, max: 599 })
   * ```
   */
  range<C extends OrderedColumns<R>>(column: C, bounds: { readonly min?: JsValue<R[C]>; readonly max?: JsValue<R[C]> }, options: CheckOptions = {}): Check {
    if (bounds.min === undefined && bounds.max === undefined) throw new P.JobError('job', `range(${column}): give min, max or both`, callerLocation());
    const text = (v: unknown) => (v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v));
    return this.rowRule('range', `range(${column}: ${text(bounds.min)}..${text(bounds.max)})`, options, (r) => {
      const x = r[column] as Expression<ColumnType>;
      const outside = [
        ...(bounds.min !== undefined ? [x.lt(bounds.min as never)] : []),
        ...(bounds.max !== undefined ? [x.gt(bounds.max as never)] : []),
      ];
      return outside.reduce((a, b) => a.or(b));
    });
  }

  /**
   * Every non-null value of the string column matches the whole pattern (the regex subset that means the
   * same in Java and JavaScript, as `matches`; nulls pass).
   * ```ts
   * c.matches('path', '/[^ ]*')
   * ```
   */
  matches<C extends ColumnsOfType<R, 'string'>>(column: C, pattern: string, options: CheckOptions = {}): Check {
    const problem = P.regexDialectProblem(pattern);
    if (problem) throw new P.JobError('job', `matches(${column}): pattern ${JSON.stringify(pattern)} is refused: ${problem}`, callerLocation());
    return this.rowRule('matches', `matches(${column}: ${pattern})`, options, (r) => (r[column] as Expression<'string'>).matches(pattern).not());
  }

  /**
   * Every non-null value of the column is present in `otherColumn` of `other` (a foreign key; nulls pass).
   * ```ts
   * c.references('host', hosts, 'host')
   * ```
   */
  references<C extends Col<R>, R2 extends Row, C2 extends ColumnsOfType<R2, R[C]>>(column: C, other: Dataset<R2>, otherColumn: C2, options: CheckOptions = {}): Check {
    return new Check('references', `references(${column} -> ${otherColumn})`, options, (ds) => {
      const selected = ds.filter((r) => r[column].isNotNull()).antiJoin(other as unknown as Dataset<Row>, { on: [[column, otherColumn]] });
      return { rule: 'no-rows', selected: selected.node.id, samples: samplesOf(selected) };
    }, callerLocation());
  }

  /**
   * Some value of the timestamp column is at most `within` older than the reference `of` (the newest one is
   * recent enough); an empty dataset, or one with only nulls there, fails.
   * ```ts
   * const day = j.param('date', 'date');
   * c.freshness('time', { within: { hours: 26 }, of: day })
   * ```
   */
  freshness<C extends ColumnsOfType<R, 'timestamp'>>(column: C, options: FreshnessOptions): Check {
    const seconds = durationSeconds(options.within);
    const ref = options.of as Expression<ColumnType>;
    if (ref.type !== 'date' && ref.type !== 'timestamp') throw new P.JobError('job', `freshness(${column}): 'of' must be a date or timestamp, not ${ref.type}`, callerLocation());
    return new Check('freshness', `freshness(${column})`, options, (ds) => {
      const end = ref.type === 'date' ? (ref as Expression<'date'>).cast('timestamp').addDays(1) : (ref as Expression<'timestamp'>);
      const selected = ds.filter((r) => (r[column] as Expression<'timestamp'>).ge(end.addSeconds(-seconds)));
      return { rule: 'some-rows', selected: selected.node.id };
    }, callerLocation());
  }

  /**
   * A named condition every row must meet; a row where it is false fails, null passes (as SQL CHECK).
   * ```ts
   * c.expr('bytes not negative', (r) => r.bytes.ge(0))
   * ```
   */
  expr(name: string, condition: (r: Cols<R>) => Expression<'boolean'>, options: Omit<CheckOptions, 'name'> = {}): Check {
    return this.rowRule('expr', name, { ...options, name }, (r) => condition(r as never).not());
  }

  private rowRule(kind: CheckKind, name: string, options: CheckOptions, failing: (r: Record<string, Expression<ColumnType>>) => Expression<'boolean'>): Check {
    return new Check(kind, name, options, (ds) => {
      const selected = ds.filter((r) => failing(r as Record<string, Expression<ColumnType>>));
      return { rule: 'no-rows', selected: selected.node.id, samples: samplesOf(selected) };
    }, callerLocation());
  }
}

/** The first SAMPLE_ROWS rows ordered by every column: the same rows on every engine. */
function samplesOf(d: Dataset<Row>): string {
  return d.orderBy(...d.schema.map((f) => f.name)).limit(P.SAMPLE_ROWS).node.id;
}

/** A duration in seconds; `what` names it in the error (`freshness: within`), at `at` (default: the caller's line). */
export function durationSeconds(d: Duration, what = 'freshness: within', at: P.SourceLoc = callerLocation()): number {
  const unknown = Object.keys(d).filter((k) => !['days', 'hours', 'minutes', 'seconds'].includes(k));
  if (unknown.length) throw new P.JobError('job', `${what}: unknown unit '${P.printable(unknown[0])}' (units: days, hours, minutes, seconds)`, at);
  const s = (d.seconds ?? 0) + 60 * (d.minutes ?? 0) + 3600 * (d.hours ?? 0) + 86400 * (d.days ?? 0);
  if (!Number.isSafeInteger(s) || s < 0 || s > 2 ** 31 - 1) throw new P.JobError('job', `${what} ${JSON.stringify(d)} is not a whole, non-negative number of seconds`, at);
  return s;
}

/** Adds the checks to the job: their nodes, then their declarations. */
export function declareChecks(ds: Dataset<Row>, dataset: string, checks: readonly Check[], add: (c: CheckDecl) => void): void {
  if (!Array.isArray(checks)) throw new P.JobError('job', `check('${dataset}', ...): the callback must return a list of checks`, callerLocation());
  for (const c of checks) {
    if (!(c instanceof Check)) throw new P.JobError('job', `check('${dataset}', ...): ${String(c)} is not a check (use the methods of the callback's argument)`, callerLocation());
    const severity = c.options.severity ?? 'error';
    add({ name: c.options.name ?? c.defaultName, kind: c.kind, dataset, severity, input: ds.node.id, ...c.build(ds), loc: c.loc });
  }
}
