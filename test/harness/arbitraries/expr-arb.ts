// Random typed expressions of bounded depth over a schema, drawing from every function of the catalogue
// with arguments of valid types, kept where docs/semantics.md defines the result on every engine.
import fc from 'fast-check';
import { call, cast, caseWhen, castAllowed, col, lit, type ColumnType, type Expr, type FnName } from '../../../plan/index.ts';
import { freshValue, type ColumnSpec } from '../../../testing/cell-values.ts';
import { drawn, type Draw } from '../../../testing/draw.ts';
import { HOSTILE_STRINGS } from './hostile-names.ts';
import type { ParamPool } from './param-arb.ts';
import { MATCH_PATTERNS, REGEX_PATTERNS, SEPARATORS, TIME_PATTERNS, allowsAggOver, allowsFn, allowsNaNCompare, type Target } from './target-support.ts';

export interface ExprScope {
  readonly d: Draw;
  readonly cols: readonly ColumnSpec[];
  readonly target: Target;
  /** Where a leaf may be a run-time parameter instead of a literal. */
  readonly params?: ParamPool;
}

type Maker = (s: ExprScope, depth: number) => Expr;
type Producer = readonly [weight: number, make: Maker];

const NUMERIC = ['int', 'long', 'double'] as const;
const ANY: readonly ColumnType[] = ['string', 'int', 'long', 'double', 'boolean', 'timestamp', 'date'];
const wider = (a: ColumnType, b: ColumnType): ColumnType => (a === 'double' || b === 'double' ? 'double' : a === 'long' || b === 'long' ? 'long' : 'int');

/** A random expression of type `t`. */
export function drawExpr(s: ExprScope, t: ColumnType, depth: number): Expr {
  if (depth <= 0 || s.d.chance(0.3)) return leaf(s, t);
  const makers = PRODUCERS[t];
  return s.d.weighted(makers)(s, depth - 1);
}

/** A column of type t (usually), a literal, or a run-time parameter holding a literal's value. */
function leaf(s: ExprScope, t: ColumnType): Expr {
  const cols = s.cols.filter((c) => c.type === t);
  if (cols.length && s.d.chance(0.75)) return colRef(s.d.pick(cols));
  const l = drawLiteral(s.d, t);
  if (s.params && l.kind === 'lit' && s.d.chance(0.25)) return s.params.ref(s.d, t, l.value) ?? l;
  return l;
}

export const colRef = (c: ColumnSpec): Expr => col(c.name, c.type);

/** A literal of type t; sometimes a typed null. Longs stay within ±2^53 (plan/expr.ts). */
export function drawLiteral(d: Draw, t: ColumnType): Expr {
  if (d.chance(0.05)) return lit(null, t);
  switch (t) {
    case 'string':
      return lit(d.chance(0.6) ? d.pick(HOSTILE_STRINGS) : freshValue(d, 'string', true), 'string');
    case 'int':
      return lit(d.pick([0, 1, -1, 2, 7, -3, 10, 100, 2147483647, -2147483648, d.int(-1000, 1000)]), 'int');
    case 'long':
      return lit(d.pick([0, 1, -1, 3, 4294967296, 2 ** 53 - 1, -(2 ** 53 - 1), d.int(-1000, 1000)]), 'long');
    case 'double':
      return lit(d.pick([0, 1, -1, 0.5, 0.1, 2.675, -1.5, 1e20, 1e-7, 123456.789, d.int(-800, 800) / 8]), 'double');
    case 'boolean':
      return lit(d.chance(0.5), 'boolean');
    case 'timestamp':
      return lit(freshValue(d, 'timestamp', true), 'timestamp');
    case 'date':
      return lit(freshValue(d, 'date', true), 'date');
  }
}

const fnCall = (fn: FnName, type: ColumnType, ...args: Expr[]) => call(fn, args, type);
const intLit = (n: number) => lit(n, 'int');

/** A double argument that is finite and of moderate size: tame columns and literals only. */
function tameDouble(s: ExprScope): Expr {
  const cols = s.cols.filter((c) => c.type === 'double' && c.tame);
  return cols.length && s.d.chance(0.7) ? colRef(s.d.pick(cols)) : lit(s.d.int(-800, 800) / 8, 'double');
}

/** Two numeric operands whose wider type is t. */
function numericPair(s: ExprScope, t: ColumnType, depth: number): [Expr, Expr] {
  const narrower = NUMERIC.filter((x) => wider(x, t) === t);
  const other = s.d.pick(narrower);
  const pair: [Expr, Expr] = [drawExpr(s, t, depth), drawExpr(s, other, depth)];
  return s.d.chance(0.5) ? pair : [pair[1], pair[0]];
}

const arith = (t: ColumnType): Producer[] =>
  (['add', 'sub', 'mul', 'mod'] as const)
    .map((fn): Producer => [fn === 'mod' ? 1 : 2, (s, k) => (allowsFn(s.target, fn, t) ? fnCall(fn, t, ...numericPair(s, t, k)) : drawExpr(s, t, k))]);

const unaryNum = (t: ColumnType): Producer[] => [
  [1, (s, k) => fnCall('neg', t, drawExpr(s, t, k))],
  [1, (s, k) => fnCall('abs', t, drawExpr(s, t, k))],
];

/** coalesce of 2-3 arguments whose types unify to t (numbers widen). */
const coalesceOf = (t: ColumnType): Producer => [1, (s, k) => {
  const types = (NUMERIC as readonly ColumnType[]).includes(t) ? NUMERIC.filter((x) => wider(x, t) === t) : [t];
  const args = Array.from({ length: s.d.int(2, 3) }, () => drawExpr(s, s.d.pick(types), k));
  if (!args.some((a) => a.type === t)) args[0] = drawExpr(s, t, k);
  return fnCall('coalesce', t, ...args);
}];

const caseOf = (t: ColumnType): Producer => [1, (s, k) => {
  const branches = Array.from({ length: s.d.int(1, 2) }, () => ({ when: drawExpr(s, 'boolean', k), then: drawExpr(s, t, k) }));
  return caseWhen(branches, s.d.chance(0.3) ? lit(null, t) : drawExpr(s, t, k), t);
}];

/** A cast to t from any type validation allows (plan/derive.ts castAllowed). */
const castTo = (t: ColumnType): Producer => [2, (s, k) => {
  const from = s.d.pick(ANY.filter((f) => f !== t && castAllowed(f, t)));
  return cast(from === 'double' && s.d.chance(0.5) ? tameDouble(s) : drawExpr(s, from, k), t);
}];

/** Comparable operand types: equal types, or any two numbers. */
function comparison(s: ExprScope, k: number): Expr {
  const fn = s.d.pick(['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const);
  const t = s.d.pick(ANY);
  const u = (NUMERIC as readonly ColumnType[]).includes(t) ? s.d.pick(NUMERIC) : t;
  const operand = (x: ColumnType) => (x === 'double' && !allowsNaNCompare(s.target) ? nanFreeDouble(s, k) : drawExpr(s, x, k));
  return fnCall(fn, 'boolean', operand(t), operand(u));
}

/** A double that cannot be NaN: tame values, and integers through casts, division and rounding. */
export function nanFreeDouble(s: ExprScope, k: number): Expr {
  const whole = () => drawExpr(s, s.d.pick(['int', 'long'] as const), k);
  return s.d.weighted<() => Expr>([
    [2, () => tameDouble(s)],
    [1, () => cast(whole(), 'double')],
    [1, () => fnCall('div', 'double', whole(), whole())],
    [1, () => fnCall('round', 'double', tameDouble(s), intLit(s.d.int(-1, 2)))],
  ])();
}

const str = (s: ExprScope, k: number) => drawExpr(s, 'string', k);
const ts = (s: ExprScope, k: number) => drawExpr(s, 'timestamp', k);
const tsOrDate = (s: ExprScope, k: number) => drawExpr(s, s.d.pick(['timestamp', 'date'] as const), k);

/** Epoch seconds or millis: often of a timestamp (so in range), else any int or long (often out of range: null). */
function epochAmount(s: ExprScope, k: number, fn: 'fromEpochSeconds' | 'fromEpochMillis'): Expr {
  if (s.d.chance(0.6)) return fnCall(fn === 'fromEpochSeconds' ? 'toEpochSeconds' : 'toEpochMillis', 'long', ts(s, k));
  return drawExpr(s, s.d.pick(['int', 'long'] as const), k);
}

/** An amount to add: small literals (negative too), else any int or long expression. */
const addAmount = (s: ExprScope, k: number): Expr =>
  s.d.chance(0.5) ? lit(s.d.int(-100_000, 100_000), s.d.pick(['int', 'long'] as const)) : drawExpr(s, s.d.pick(['int', 'long'] as const), k);

/*
 * Left out on purpose: negative substring bounds, whose clipping docs/semantics.md does not define.
 */
const PRODUCERS: { readonly [T in ColumnType]: readonly Producer[] } = {
  int: [
    ...arith('int'), ...unaryNum('int'),
    [2, (s, k) => fnCall('length', 'int', str(s, k))],
    [2, (s, k) => fnCall(s.d.pick(['year', 'month', 'day'] as const), 'int', drawExpr(s, s.d.pick(['timestamp', 'date'] as const), k))],
    [1, (s, k) => fnCall('hour', 'int', ts(s, k))],
    [2, (s, k) => fnCall(s.d.pick(['minute', 'second'] as const), 'int', ts(s, k))],
    [2, (s, k) => fnCall(s.d.pick(['dayOfWeek', 'dayOfYear', 'weekOfYear'] as const), 'int', tsOrDate(s, k))],
    coalesceOf('int'), caseOf('int'), castTo('int'),
  ],
  long: [
    ...arith('long'), ...unaryNum('long'),
    [2, (s, k) => {
      const arg = s.d.chance(0.3) ? tameDouble(s) : drawExpr(s, s.d.pick(NUMERIC), k);
      return fnCall(s.d.pick(['floor', 'ceil'] as const), 'long', arg);
    }],
    [2, (s, k) => fnCall(s.d.pick(['toEpochSeconds', 'toEpochMillis'] as const), 'long', ts(s, k))],
    [2, (s, k) => fnCall(s.d.pick(['secondsBetween', 'millisBetween'] as const), 'long', ts(s, k), ts(s, k))],
    coalesceOf('long'), caseOf('long'), castTo('long'),
  ],
  double: [
    ...arith('double'), ...unaryNum('double'),
    [2, (s, k) => fnCall('div', 'double', drawExpr(s, s.d.pick(NUMERIC), k), drawExpr(s, s.d.pick(NUMERIC), k))],
    [2, (s, k) => {
      const t = s.d.pick(NUMERIC.filter((x) => allowsAggOver(s.target, 'round', x)));
      return fnCall('round', 'double', drawExpr(s, t, k), intLit(s.d.int(-2, 4)));
    }],
    coalesceOf('double'), caseOf('double'), castTo('double'),
  ],
  boolean: [
    [4, comparison],
    [2, (s, k) => fnCall(s.d.pick(['and', 'or'] as const), 'boolean', drawExpr(s, 'boolean', k), drawExpr(s, 'boolean', k))],
    [1, (s, k) => fnCall('not', 'boolean', drawExpr(s, 'boolean', k))],
    [2, (s, k) => fnCall(s.d.pick(['isNull', 'isNotNull'] as const), 'boolean', drawExpr(s, s.d.pick(ANY), k))],
    [2, (s, k) => fnCall(s.d.pick(['startsWith', 'endsWith', 'contains'] as const), 'boolean', str(s, k), str(s, k))],
    [1, (s, k) => fnCall('matches', 'boolean', str(s, k), lit(s.d.pick(MATCH_PATTERNS), 'string'))],
    coalesceOf('boolean'), caseOf('boolean'), castTo('boolean'),
  ],
  string: [
    [2, (s, k) => fnCall(s.d.pick(['lower', 'upper', 'trim'] as const), 'string', str(s, k))],
    [2, (s, k) => fnCall('substring', 'string', str(s, k), intLit(s.d.int(0, 6)), intLit(s.d.int(0, 6)))],
    [2, (s, k) => fnCall('concat', 'string', ...Array.from({ length: s.d.int(2, 3) }, () => str(s, k)))],
    [2, (s, k) => {
      const [pattern, groups] = s.d.pick(REGEX_PATTERNS);
      return fnCall('regexExtract', 'string', str(s, k), lit(pattern, 'string'), intLit(s.d.int(0, groups)));
    }],
    [2, (s, k) => fnCall('splitPart', 'string', str(s, k), lit(s.d.pick(SEPARATORS), 'string'), intLit(s.d.int(0, 4)))],
    [2, (s, k) => fnCall('formatTime', 'string', ts(s, k), lit(s.d.pick(TIME_PATTERNS), 'string'))],
    coalesceOf('string'), caseOf('string'), castTo('string'),
  ],
  timestamp: [
    [2, (s, k) => fnCall(s.d.pick(['truncMinute', 'truncHour', 'truncDay', 'truncWeek', 'truncMonth', 'truncYear'] as const), 'timestamp', ts(s, k))],
    [1, (s, k) => {
      const fn = s.d.pick(['fromEpochSeconds', 'fromEpochMillis'] as const);
      return fnCall(fn, 'timestamp', epochAmount(s, k, fn));
    }],
    [2, (s, k) => fnCall(s.d.pick(['addSeconds', 'addMinutes', 'addHours', 'addDays'] as const), 'timestamp', ts(s, k), addAmount(s, k))],
    [2, (s, k) => {
      const p = s.d.pick(TIME_PATTERNS);
      // Text that matches the pattern now and then: a formatted timestamp, else any string.
      const text = s.d.chance(0.5) ? fnCall('formatTime', 'string', ts(s, k), lit(p, 'string')) : str(s, k);
      return fnCall('parseTime', 'timestamp', text, lit(p, 'string'));
    }],
    coalesceOf('timestamp'), caseOf('timestamp'), castTo('timestamp'),
  ],
  date: [coalesceOf('date'), caseOf('date'), castTo('date')],
};

/** An expression arbitrary over fixed columns (for tests of one target's expressions). */
export const exprArb = (cols: readonly ColumnSpec[], t: ColumnType, target: Target, depth = 3): fc.Arbitrary<Expr> =>
  drawn((d) => drawExpr({ d, cols, target }, t, depth));

/** True when an expression's values are determined enough to be a key, a sort key or a sum argument. */
export function isTame(e: Expr, cols: readonly ColumnSpec[]): boolean {
  if (e.type !== 'double') return true;
  if (e.kind === 'lit') return true;
  return e.kind === 'col' && cols.some((c) => c.name === e.name && c.tame);
}

