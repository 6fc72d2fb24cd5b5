// Percentiles and variances on Pig, without UDFs of our own: the group's FOREACH keeps a helper bag of the
// non-null values (sorted, with piggybank's row number and count; or with the mean), and a second FOREACH
// over its output finishes each aggregate from that bag with nested FILTER / FOREACH and builtins.
import { bincond, binop, call, cast, int, isNotNull, konst, long, nullOf, ref, str, type NestedStatement, type PigExpr } from './pig-ast.ts';

const OVER = 'org.apache.pig.piggybank.evaluation.Over';
const STITCH = 'org.apache.pig.piggybank.evaluation.Stitch';

/** A value computed in a second FOREACH from the helper bag field `bag` (the first pass's `expr`). */
export interface Finish {
  readonly expr: PigExpr;
  readonly nested: readonly NestedStatement[];
}

export interface TwoPassSpelling {
  readonly expr: PigExpr;
  readonly nested: readonly NestedStatement[];
  readonly finish: (bag: string, i: number) => Finish;
}

/** A Pig double literal (always with a `.`; exponents as `E`). */
export function pigDouble(x: number): PigExpr {
  const [m, e] = String(x).split('e');
  const mantissa = m.includes('.') ? m : `${m}.0`;
  return konst(e === undefined ? mantissa : `${mantissa}E${e}`);
}

const present = (bag: string, field: string, i: number): NestedStatement => ({ alias: `present__${i}`, op: 'FILTER', input: bag, cond: isNotNull(ref(field)) });
const first = ref('$0');
const rowNumber = cast('long', ref('$1'));
const rowCount = cast('long', ref('$2'));

/** The non-null values ascending, each as (value, row number from 1, count): `{(v, rn, n)}`. */
function ranked(bag: string, field: string, i: number): Omit<TwoPassSpelling, 'finish'> {
  const sorted = `sorted__${i}`;
  const values = ref(`${sorted}.${field}`);
  return {
    nested: [present(bag, field, i), { alias: sorted, op: 'ORDER', input: `present__${i}`, keys: [{ field, desc: false }] }],
    expr: call(STITCH, values, call(OVER, values, str('row_number')), call(OVER, values, str('count'), int(-1), int(-1))),
  };
}

/** The value of the one tuple of `bag` (null when it is empty): MAX keeps the type. */
const only = (bag: string): PigExpr => call('MAX', ref(`${bag}.$0`));
const at = (alias: string, bag: string, rank: PigExpr): NestedStatement => ({ alias, op: 'FILTER', input: bag, cond: binop('==', rowNumber, rank) });

/** Spark's `percentile`: between the values at ranks floor and ceil of (n - 1) * p (0-based), by distance. */
export function percentileSpelling(bag: string, field: string, i: number, p: number): TwoPassSpelling {
  const position = (n: PigExpr) => binop('*', cast('double', binop('-', n, long(1))), pigDouble(p));
  return {
    ...ranked(bag, field, i),
    finish: (helper, j) => {
      const lo = cast('double', only(`lower__${j}`));
      const hi = cast('double', only(`upper__${j}`));
      const pos = position(call('COUNT', ref(helper)));
      const weighted = binop('+', binop('*', binop('-', call('CEIL', pos), pos), lo), binop('*', binop('-', pos, call('FLOOR', pos)), hi));
      return {
        nested: [
          at(`lower__${j}`, helper, binop('+', cast('long', call('FLOOR', position(rowCount))), long(1))),
          at(`upper__${j}`, helper, binop('+', cast('long', call('CEIL', position(rowCount))), long(1))),
        ],
        expr: bincond(binop('==', lo, hi), lo, weighted),
      };
    },
  };
}

/** The value at rank ceil(p * n), at least 1: an element of the input, of its type. */
export function nearestRankSpelling(bag: string, field: string, i: number, p: number): TwoPassSpelling {
  const rank = cast('long', call('CEIL', binop('*', pigDouble(p), cast('double', rowCount))));
  return {
    ...ranked(bag, field, i),
    finish: (helper, j) => ({
      nested: [at(`nearest__${j}`, helper, bincond(binop('>', rank, long(1)), rank, long(1)))],
      expr: only(`nearest__${j}`),
    }),
  };
}

/**
 * Variance in two passes: each non-null value (a double) beside the group's mean, then the sum of squared
 * deviations over n - ddof; null when n <= ddof. `root` takes the square root (standard deviation).
 */
export function varianceSpelling(bag: string, field: string, i: number, ddof: 0 | 1, root: boolean): TwoPassSpelling {
  const values = ref(`present__${i}.${field}`);
  return {
    nested: [present(bag, field, i)],
    expr: call(STITCH, values, call(OVER, values, str('avg(double)'), int(-1), int(-1))),
    finish: (helper, j) => ({
      nested: [{ alias: `squares__${j}`, op: 'FOREACH', input: helper, expr: squaredDeviation(first, cast('double', ref('$1'))), as: 'sq' }],
      expr: varianceOf(call('SUM', ref(`squares__${j}.sq`)), call('COUNT', ref(helper)), ddof, root),
    }),
  };
}

/** (value - mean)², in doubles. */
export function squaredDeviation(value: PigExpr, mean: PigExpr): PigExpr {
  const deviation = binop('-', value, mean);
  return binop('*', deviation, deviation);
}

/** The variance (`root`: its square root) from the sum of squared deviations and their count: null when n <= ddof. */
export function varianceOf(squares: PigExpr, n: PigExpr, ddof: 0 | 1, root: boolean): PigExpr {
  const v = binop('/', squares, cast('double', binop('-', n, long(ddof))));
  return bincond(binop('>', n, long(ddof)), root ? call('SQRT', v) : v, nullOf('double'));
}
