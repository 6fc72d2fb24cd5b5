// Typed expression builders. An Expression<T> wraps a plan expression whose type is T, so the editor
// rejects `sum(r.path)` or `r.status.lower()` before a job ever runs.
import * as P from '../plan/index.ts';
import type { ColumnType, Expr, FnName, NumericType } from '../plan/index.ts';

export type { ColumnType, NumericType };

/** The JS value that can stand for a literal of type T. */
export type JsValue<T extends ColumnType> = T extends 'string'
  ? string
  : T extends NumericType
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'timestamp'
        ? Date
        : T extends 'date'
          ? string
          : never;

/** Types that compare with T: numbers compare with numbers, other types only with themselves. */
export type Comparable<T extends ColumnType> = T extends NumericType ? NumericType : T;

export type Widen<A extends ColumnType, B extends ColumnType> = A extends 'double'
  ? 'double'
  : B extends 'double'
    ? 'double'
    : A extends 'long'
      ? 'long'
      : B extends 'long'
        ? 'long'
        : 'int';

/** The plan type a JS number literal gets: integers are int (long past 32 bits), others double. */
export type NumberType<N extends number> = number extends N
  ? 'double'
  : `${N}` extends `${string}.${string}` | `${string}e${string}`
    ? 'double'
    : 'int';

export type Operand<T extends ColumnType> = Expression<T> | JsValue<T>;
type NumOperand = Expression<NumericType> | number;
type TypeOfNum<O> = O extends Expression<infer U> ? U : O extends number ? NumberType<O> : never;

export class Expression<T extends ColumnType> {
  /** Phantom: carries T for the type checker only. */
  declare readonly __type: T;
  constructor(readonly node: Expr) {}

  get type(): T {
    return this.node.type as T;
  }

  // comparisons
  eq(other: Operand<Comparable<T>>): Expression<'boolean'> { return cmp('eq', this, other); }
  ne(other: Operand<Comparable<T>>): Expression<'boolean'> { return cmp('ne', this, other); }
  lt(other: Operand<Comparable<T>>): Expression<'boolean'> { return cmp('lt', this, other); }
  le(other: Operand<Comparable<T>>): Expression<'boolean'> { return cmp('le', this, other); }
  gt(other: Operand<Comparable<T>>): Expression<'boolean'> { return cmp('gt', this, other); }
  ge(other: Operand<Comparable<T>>): Expression<'boolean'> { return cmp('ge', this, other); }
  /** lo <= x AND x <= hi. */
  between(lo: Operand<Comparable<T>>, hi: Operand<Comparable<T>>): Expression<'boolean'> {
    return this.ge(lo).and(this.le(hi));
  }
  /** x = v1 OR x = v2 ...; false for an empty list. */
  isIn(values: readonly Operand<Comparable<T>>[]): Expression<'boolean'> {
    if (values.length === 0) return lit(false);
    return values.map((v) => this.eq(v)).reduce((a, b) => a.or(b));
  }

  // logic (three-valued)
  and(this: Expression<'boolean'>, other: Operand<'boolean'>): Expression<'boolean'> { return fn('and', 'boolean', this, toExpr(other)); }
  or(this: Expression<'boolean'>, other: Operand<'boolean'>): Expression<'boolean'> { return fn('or', 'boolean', this, toExpr(other)); }
  not(this: Expression<'boolean'>): Expression<'boolean'> { return fn('not', 'boolean', this); }

  // nulls
  isNull(): Expression<'boolean'> { return fn('isNull', 'boolean', this); }
  isNotNull(): Expression<'boolean'> { return fn('isNotNull', 'boolean', this); }
  /** This value, or `other` where it is null. */
  orElse(other: Operand<T>): Expression<T> { return coalesce(this, toExpr(other, this.type) as Expression<T>); }

  // arithmetic
  add<O extends NumOperand>(this: Expression<NumericType>, o: O): Expression<Widen<T, TypeOfNum<O>>> { return arith('add', this, o); }
  sub<O extends NumOperand>(this: Expression<NumericType>, o: O): Expression<Widen<T, TypeOfNum<O>>> { return arith('sub', this, o); }
  mul<O extends NumOperand>(this: Expression<NumericType>, o: O): Expression<Widen<T, TypeOfNum<O>>> { return arith('mul', this, o); }
  mod<O extends NumOperand>(this: Expression<NumericType>, o: O): Expression<Widen<T, TypeOfNum<O>>> { return arith('mod', this, o); }
  /** Always floating division; null when dividing by zero. */
  div(this: Expression<NumericType>, o: NumOperand): Expression<'double'> { return fn('div', 'double', this, toExpr(o)); }
  neg(this: Expression<NumericType>): Expression<T> { return fn('neg', this.type, this) as Expression<never>; }
  abs(this: Expression<NumericType>): Expression<T> { return fn('abs', this.type, this) as Expression<never>; }
  /** Rounds half away from zero to `digits` decimal places. */
  round(this: Expression<NumericType>, digits = 0): Expression<'double'> { return fn('round', 'double', this, intLit(digits)); }
  floor(this: Expression<NumericType>): Expression<'long'> { return fn('floor', 'long', this); }
  ceil(this: Expression<NumericType>): Expression<'long'> { return fn('ceil', 'long', this); }

  // strings (positions and lengths in UTF-16 code units)
  lower(this: Expression<'string'>): Expression<'string'> { return fn('lower', 'string', this); }
  upper(this: Expression<'string'>): Expression<'string'> { return fn('upper', 'string', this); }
  trim(this: Expression<'string'>): Expression<'string'> { return fn('trim', 'string', this); }
  length(this: Expression<'string'>): Expression<'int'> { return fn('length', 'int', this); }
  /** `len` characters from 0-based `start`, clipped to the string. */
  substring(this: Expression<'string'>, start: Operand<'int'>, len: Operand<'int'>): Expression<'string'> {
    return fn('substring', 'string', this, toExpr(start, 'int'), toExpr(len, 'int'));
  }
  concat(this: Expression<'string'>, ...parts: Operand<'string'>[]): Expression<'string'> {
    return fn('concat', 'string', this, ...parts.map((p) => toExpr(p)));
  }
  startsWith(this: Expression<'string'>, prefix: Operand<'string'>): Expression<'boolean'> { return fn('startsWith', 'boolean', this, toExpr(prefix)); }
  endsWith(this: Expression<'string'>, suffix: Operand<'string'>): Expression<'boolean'> { return fn('endsWith', 'boolean', this, toExpr(suffix)); }
  contains(this: Expression<'string'>, part: Operand<'string'>): Expression<'boolean'> { return fn('contains', 'boolean', this, toExpr(part)); }
  /** Group `group` of the first match of `pattern` (Java/JS common regex syntax); null when none. */
  regexExtract(this: Expression<'string'>, pattern: string, group = 1): Expression<'string'> {
    return fn('regexExtract', 'string', this, lit(pattern), intLit(group));
  }
  /**
   * True when `pattern` matches the whole string (Pig's MATCHES); null for a null string. The pattern uses
   * the regex syntax Java and JavaScript share (no `$`, `\\b`, inline flags…); others are refused.
   * ```ts
   * r.path.matches('/api/v[0-9]+/.*')
   * // Pig:     (REGEX_EXTRACT(path, '\\A(?:/api/v[0-9]+/.*)\\z', 0) IS NOT NULL)
   * // PySpark: F.col('path').rlike('^(?:/api/v[0-9]+/.*)\\z')
   * ```
   */
  matches(this: Expression<'string'>, pattern: string): Expression<'boolean'> {
    const problem = P.regexDialectProblem(pattern);
    if (problem) throw new TypeError(`matches: pattern ${JSON.stringify(pattern)} is refused: ${problem}`);
    return fn('matches', 'boolean', this, lit(pattern));
  }
  /** Part `n` (1-based) of the string split on the literal `separator`; null when there is none. */
  splitPart(this: Expression<'string'>, separator: string, n: number): Expression<'string'> {
    return fn('splitPart', 'string', this, lit(separator), intLit(n));
  }
  /** Parses with a pattern such as `yyyy-MM-dd HH:mm:ss` as UTC; null when the text does not match. */
  parseTime(this: Expression<'string'>, pattern: string): Expression<'timestamp'> { return fn('parseTime', 'timestamp', this, lit(pattern)); }

  // time (UTC)
  year(this: Expression<'timestamp' | 'date'>): Expression<'int'> { return fn('year', 'int', this); }
  month(this: Expression<'timestamp' | 'date'>): Expression<'int'> { return fn('month', 'int', this); }
  day(this: Expression<'timestamp' | 'date'>): Expression<'int'> { return fn('day', 'int', this); }
  hour(this: Expression<'timestamp'>): Expression<'int'> { return fn('hour', 'int', this); }
  minute(this: Expression<'timestamp'>): Expression<'int'> { return fn('minute', 'int', this); }
  second(this: Expression<'timestamp'>): Expression<'int'> { return fn('second', 'int', this); }
  /**
   * ISO day of the week: Monday 1 to Sunday 7.
   * ```ts
   * r.time.dayOfWeek()
   * // Pig:     (int)ToString(time, 'e')
   * // PySpark: F.weekday(F.col("time")) + 1
   * ```
   */
  dayOfWeek(this: Expression<'timestamp' | 'date'>): Expression<'int'> { return fn('dayOfWeek', 'int', this); }
  /** Day of the year, 1-366. */
  dayOfYear(this: Expression<'timestamp' | 'date'>): Expression<'int'> { return fn('dayOfYear', 'int', this); }
  /** ISO 8601 week, 1-53: weeks start on Monday and week 1 holds the year's first Thursday (2021-01-03 is in week 53). */
  weekOfYear(this: Expression<'timestamp' | 'date'>): Expression<'int'> { return fn('weekOfYear', 'int', this); }
  truncMinute(this: Expression<'timestamp'>): Expression<'timestamp'> { return fn('truncMinute', 'timestamp', this); }
  truncHour(this: Expression<'timestamp'>): Expression<'timestamp'> { return fn('truncHour', 'timestamp', this); }
  truncDay(this: Expression<'timestamp'>): Expression<'timestamp'> { return fn('truncDay', 'timestamp', this); }
  /** Monday 00:00 UTC of the ISO week. */
  truncWeek(this: Expression<'timestamp'>): Expression<'timestamp'> { return fn('truncWeek', 'timestamp', this); }
  truncMonth(this: Expression<'timestamp'>): Expression<'timestamp'> { return fn('truncMonth', 'timestamp', this); }
  truncYear(this: Expression<'timestamp'>): Expression<'timestamp'> { return fn('truncYear', 'timestamp', this); }
  /** Whole seconds since 1970-01-01T00:00Z, rounded down (-0.5 s is -1). */
  toEpochSeconds(this: Expression<'timestamp'>): Expression<'long'> { return fn('toEpochSeconds', 'long', this); }
  /** Milliseconds since 1970-01-01T00:00Z. */
  toEpochMillis(this: Expression<'timestamp'>): Expression<'long'> { return fn('toEpochMillis', 'long', this); }
  /**
   * `end - this` in whole seconds, truncated toward zero (positive when `end` is later).
   * ```ts
   * r.first.secondsBetween(r.last)
   * // Pig:     ((ToMilliSeconds(last) - ToMilliSeconds(first)) / 1000L)
   * // PySpark: d = F.unix_millis(F.col("last")) - F.unix_millis(F.col("first")); ((d - d % 1000) / 1000).cast("long")
   * ```
   */
  secondsBetween(this: Expression<'timestamp'>, end: Operand<'timestamp'>): Expression<'long'> { return fn('secondsBetween', 'long', this, toExpr(end)); }
  /** `end - this` in milliseconds (positive when `end` is later). */
  millisBetween(this: Expression<'timestamp'>, end: Operand<'timestamp'>): Expression<'long'> { return fn('millisBetween', 'long', this, toExpr(end)); }
  /**
   * This instant plus `n` seconds (`n` may be negative); null when the result falls outside years 0001-9999.
   * ```ts
   * r.time.addSeconds(-30)
   * // Pig:     (<n and result in range> ? ToDate(ToMilliSeconds(time) + (-30L * 1000L)) : (datetime)null)
   * // PySpark: F.when(<n and result in range>, F.timestamp_millis(F.unix_millis(F.col("time")) + F.lit(-30).cast("long") * 1000))
   * ```
   */
  addSeconds(this: Expression<'timestamp'>, n: IntOperand): Expression<'timestamp'> { return fn('addSeconds', 'timestamp', this, wholeArg(n)); }
  addMinutes(this: Expression<'timestamp'>, n: IntOperand): Expression<'timestamp'> { return fn('addMinutes', 'timestamp', this, wholeArg(n)); }
  addHours(this: Expression<'timestamp'>, n: IntOperand): Expression<'timestamp'> { return fn('addHours', 'timestamp', this, wholeArg(n)); }
  /** Plus `n` days of 24 hours (UTC has no daylight saving). */
  addDays(this: Expression<'timestamp'>, n: IntOperand): Expression<'timestamp'> { return fn('addDays', 'timestamp', this, wholeArg(n)); }
  /** Formats with a pattern of yyyy MM dd HH mm ss SSS and literal text, in UTC. */
  format(this: Expression<'timestamp'>, pattern: string): Expression<'string'> { return fn('formatTime', 'string', this, lit(pattern)); }

  cast<U extends ColumnType>(to: U): Expression<U> {
    if (!P.castAllowed(this.type, to)) throw new TypeError(`cannot cast ${this.type} to ${to}`);
    return new Expression<U>(P.cast(this.node, to));
  }
}

function fn<R extends ColumnType>(name: FnName, type: R, ...args: (Expression<ColumnType> | Expr)[]): Expression<R> {
  const nodes = args.map((a) => (a instanceof Expression ? a.node : a));
  const r = P.fnResult(name, nodes.map((n) => n.type));
  if (!P.isColumnType(r)) throw new TypeError(`${name}: ${r}`);
  return new Expression<R>(P.call(name, nodes, r));
}

function cmp(name: FnName, a: Expression<ColumnType>, b: unknown): Expression<'boolean'> {
  return fn(name, 'boolean', a, toExpr(b as Operand<ColumnType>, a.type));
}

function arith<R extends ColumnType>(name: FnName, a: Expression<NumericType>, b: NumOperand): Expression<R> {
  const rhs = toExpr(b);
  return fn(name, P.widenNumeric(a.type, rhs.type as NumericType) as R, a, rhs);
}

type IntOperand = Expression<'int' | 'long'> | number;

/** An int or long expression, or an integral number (an int literal, or long past 32 bits). */
function wholeArg(n: IntOperand): Expression<'int' | 'long'> {
  if (n instanceof Expression) return n;
  if (!Number.isSafeInteger(n)) throw new TypeError(`expected an integer within ±2^53, got ${n}`);
  return new Expression(P.lit(n, Math.abs(n) <= 2147483647 ? 'int' : 'long'));
}

function intLit(n: number): Expression<'int'> {
  if (!Number.isInteger(n)) throw new TypeError(`expected an integer, got ${n}`);
  return new Expression(P.lit(n, 'int'));
}

/** The plan type of a JS value; `hint` decides between string/date and number widths where it can. */
function typeOfValue(v: unknown, hint?: ColumnType): ColumnType {
  if (typeof v === 'string') return hint === 'date' ? 'date' : 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Date) return 'timestamp';
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return 'double';
    return Math.abs(v) <= 2147483647 ? 'int' : 'long';
  }
  throw new TypeError(`cannot use ${String(v)} as a literal`);
}

export function toExpr<T extends ColumnType>(v: Operand<T> | Expression<ColumnType>, hint?: ColumnType): Expression<T> {
  if (v instanceof Expression) return v as Expression<T>;
  return lit(v as JsValue<T>, hint) as unknown as Expression<T>;
}

/** A literal. Strings, numbers (int if integral, else double), booleans, Dates (timestamps). */
export function lit<V extends string | number | boolean | Date>(
  value: V,
  hint?: ColumnType,
): Expression<V extends string ? 'string' : V extends number ? NumberType<V> : V extends boolean ? 'boolean' : 'timestamp'> {
  const t = typeOfValue(value, hint);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`literal ${value} is not finite`);
  const v = value instanceof Date ? value.toISOString() : (value as string | number | boolean);
  return new Expression(P.lit(v, t));
}

/** A typed null literal. */
export function nullOf<T extends ColumnType>(type: T): Expression<T> {
  return new Expression<T>(P.lit(null, type));
}

/** The first non-null of its arguments. */
export function coalesce<T extends ColumnType>(first: Expression<T>, ...rest: Operand<T>[]): Expression<T> {
  return fn('coalesce', first.type, first, ...rest.map((r) => toExpr(r, first.type)));
}

/** The plan type of a JS literal value. */
export type LitType<V> = V extends Expression<infer T> ? T : V extends string ? 'string' : V extends number ? NumberType<V> : V extends boolean ? 'boolean' : V extends Date ? 'timestamp' : never;

/**
 * CASE WHEN ... THEN ... ELSE ... END, built as `when(c, v).when(c2, v2).otherwise(d)`.
 * ```ts
 * when(r.status.ge(500), 1).otherwise(0)
 * // Pig:     ((status >= 500) ? 1 : 0)
 * // PySpark: F.when(F.col("status") >= F.lit(500), F.lit(1)).otherwise(F.lit(0))
 * ```
 */
export function when<V extends Expression<ColumnType> | string | number | boolean | Date>(
  cond: Expression<'boolean'>,
  then: V,
): CaseBuilder<LitType<V>> {
  return new CaseBuilder<LitType<V>>([]).when(cond, then as Expression<LitType<V>>);
}

export class CaseBuilder<T extends ColumnType> {
  constructor(private readonly branches: readonly { when: Expr; then: Expr }[]) {}
  when(cond: Expression<'boolean'>, then: Expression<T> | JsValue<T>): CaseBuilder<T> {
    return new CaseBuilder<T>([...this.branches, { when: cond.node, then: toExpr(then).node }]);
  }
  /** Closes the case; without an `otherwise` value unmatched rows get null. */
  otherwise(value?: Expression<T> | JsValue<T>): Expression<T> {
    const first = this.branches[0].then.type;
    const other = value === undefined ? P.lit(null, first) : toExpr(value, first).node;
    const t = P.unify(
      [...this.branches.map((b) => b.then), other].map((x) => ({ t: x.type, isNull: x.kind === 'lit' && x.value === null })),
      'when',
    ) as T;
    return new Expression<T>(P.caseWhen(this.branches, other, t));
  }
  end(): Expression<T> {
    return this.otherwise();
  }
}

/**
 * The instant `n` seconds after 1970-01-01T00:00Z; null when it falls outside years 0001-9999.
 * ```ts
 * fromEpochSeconds(r.unix_time)
 * // Pig:     (<unix_time in range> ? ToDate((long)unix_time * 1000L) : (datetime)null)
 * // PySpark: F.when(F.col("unix_time").between(-62135596800, 253402300799), F.timestamp_seconds(F.col("unix_time")))
 * ```
 */
export const fromEpochSeconds = (n: IntOperand): Expression<'timestamp'> => fn('fromEpochSeconds', 'timestamp', wholeArg(n));
/** The instant `n` milliseconds after 1970-01-01T00:00Z; null when it falls outside years 0001-9999. */
export const fromEpochMillis = (n: IntOperand): Expression<'timestamp'> => fn('fromEpochMillis', 'timestamp', wholeArg(n));

/** Plain functions mirroring the methods, for those who prefer `lower(r.path)`. */
export const lower = (e: Expression<'string'>) => e.lower();
export const upper = (e: Expression<'string'>) => e.upper();
export const concat = (first: Expression<'string'>, ...rest: Operand<'string'>[]) => first.concat(...rest);
export const not = (e: Expression<'boolean'>) => e.not();
