// A call of a chosen catalogue function with arguments of valid types, so that expression-heavy cases use
// every function about equally often (type-directed drawing alone reaches some functions rarely).
import { FUNCTIONS, call, isColumnType, lit, type ColumnType, type Expr, type FnName, type FnSpec } from '../../../plan/index.ts';
import { drawExpr, nanFreeDouble, type ExprScope } from './expr-arb.ts';
import { MATCH_PATTERNS, REGEX_PATTERNS, SEPARATORS, TIME_PATTERNS, allowsAggOver, allowsFn, allowsNaNCompare } from './target-support.ts';

const ANY: readonly ColumnType[] = ['string', 'int', 'long', 'double', 'boolean', 'timestamp', 'date'];
const NUMERIC: readonly ColumnType[] = ['int', 'long', 'double'];
const COMPARISONS: readonly FnName[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];

/** How many arguments a function takes (the variadic ones: a range). */
const ARITY: Partial<Record<FnName, readonly [number, number]>> = {
  neg: [1, 1], abs: [1, 1], not: [1, 1], isNull: [1, 1], isNotNull: [1, 1], lower: [1, 1], upper: [1, 1],
  trim: [1, 1], length: [1, 1], year: [1, 1], month: [1, 1], day: [1, 1], hour: [1, 1], truncHour: [1, 1],
  truncDay: [1, 1], floor: [1, 1], ceil: [1, 1], substring: [3, 3], concat: [2, 3], coalesce: [2, 3],
  minute: [1, 1], second: [1, 1], dayOfWeek: [1, 1], dayOfYear: [1, 1], weekOfYear: [1, 1], truncMinute: [1, 1], truncWeek: [1, 1],
  truncMonth: [1, 1], truncYear: [1, 1], toEpochSeconds: [1, 1], toEpochMillis: [1, 1], fromEpochSeconds: [1, 1], fromEpochMillis: [1, 1],
};

/** Literal arguments (patterns, separators, group numbers, digits), by function and position. */
function literalArg(s: ExprScope, fn: FnName, i: number, pattern: readonly [string, number]): Expr | null {
  const d = s.d;
  switch (fn) {
    case 'regexExtract':
      return i === 1 ? lit(pattern[0], 'string') : i === 2 ? lit(d.int(0, pattern[1]), 'int') : null;
    case 'matches':
      return i === 1 ? lit(d.pick(MATCH_PATTERNS), 'string') : null;
    case 'splitPart':
      return i === 1 ? lit(d.pick(SEPARATORS), 'string') : i === 2 ? lit(d.int(0, 4), 'int') : null;
    case 'formatTime':
    case 'parseTime':
      return i === 1 ? lit(d.pick(TIME_PATTERNS), 'string') : null;
    case 'round':
      return i === 1 ? lit(d.int(-2, 4), 'int') : null;
    case 'substring':
      return i > 0 ? lit(d.int(0, 6), 'int') : null;
    default:
      return null;
  }
}

/** A call of `fn` whose argument types the catalogue accepts, or null when none was found. */
export function drawCallOf(s: ExprScope, fn: FnName, depth: number): Expr | null {
  const spec: FnSpec = FUNCTIONS[fn];
  const [lo, hi] = ARITY[fn] ?? [2, 2];
  for (let attempt = 0; attempt < 30; attempt++) {
    const n = s.d.int(lo, hi);
    const pattern = s.d.pick(REGEX_PATTERNS);
    const first = s.d.pick(ANY);
    const args: Expr[] = [];
    for (let i = 0; i < n; i++) {
      const fixed = literalArg(s, fn, i, pattern);
      if (fixed) {
        args.push(fixed);
        continue;
      }
      // Same-typed arguments are the common case (comparisons, coalesce, arithmetic): favour them.
      const t = i > 0 && s.d.chance(0.6) ? (NUMERIC.includes(first) ? s.d.pick(NUMERIC) : first) : i === 0 ? first : s.d.pick(ANY);
      const nanFree = COMPARISONS.includes(fn) && t === 'double' && !allowsNaNCompare(s.target);
      args.push(nanFree ? nanFreeDouble(s, depth) : drawExpr(s, t, depth));
    }
    const result = spec.result(args.map((a) => a.type));
    if (!isColumnType(result) || !allowsFn(s.target, fn, result)) continue;
    if (fn === 'round' && !allowsAggOver(s.target, 'round', args[0].type)) continue;
    return call(fn, args, result);
  }
  return null;
}
