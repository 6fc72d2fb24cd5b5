// Comparisons with the plan's meaning. Pig compares doubles with Double.compareTo (NaN equals NaN and is
// the greatest, -0.0 < 0.0), so double comparisons add 0.0 (making -0.0 into 0.0) and test for NaN to get
// IEEE 754 answers; booleans, which Pig does not order, compare as 0/1.
import { isNumeric, widenNumeric, type ColumnType, type NumericType } from '../../plan/index.ts';
import { and, bincond, binop, cast, int, isNotNull, isNull, konst, or, str, type BinOp, type PigExpr } from './pig-ast.ts';
import type { PigFnArgs } from './pig-fn-args.ts';

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export const NAN: PigExpr = cast('double', str('NaN'));
const ZERO = konst('0.0');

function commonType(a: ColumnType, b: ColumnType): ColumnType {
  return isNumeric(a) && isNumeric(b) ? widenNumeric(a as NumericType, b as NumericType) : a;
}

/** A double argument with -0.0 made 0.0 (a literal other than zero is left as written). */
function normalised(a: PigFnArgs, i: number): PigExpr {
  const lit = a.literal<number>(i);
  if (lit !== undefined && lit !== 0) return a.valueAs(i, 'double');
  return lit === 0 ? ZERO : binop('+', a.valueAs(i, 'double'), ZERO);
}

/**
 * Argument i is not NaN, or the other argument is null (then the comparison is null anyway, and a false
 * here would wrongly make it false); null when argument i is null. Null for a literal argument: no guard.
 */
function notNaN(a: PigFnArgs, i: number): PigExpr | null {
  if (a.literal<number>(i) !== undefined) return null;
  const guard = binop('!=', a.valueAs(i, 'double'), NAN);
  return a.literal<number>(1 - i) !== undefined ? guard : or(guard, isNull(a.valueAs(1 - i, 'double')));
}

export function isNaN(x: PigExpr): PigExpr {
  return binop('==', x, NAN);
}

function doubleCompare(op: CompareOp, a: PigFnArgs): PigExpr {
  const base = binop(op, normalised(a, 0), normalised(a, 1));
  const guards = [notNaN(a, 0), notNaN(a, 1)].filter((g): g is PigExpr => g !== null);
  if (op === '==') return guards.length ? and(base, guards[0]) : base;
  if (op === '!=') {
    // NaN differs from everything, itself too; but from null it is null, not true.
    const side = a.literal<number>(0) === undefined ? 0 : a.literal<number>(1) === undefined ? 1 : -1;
    if (side < 0) return base;
    const nan = isNaN(a.valueAs(side, 'double'));
    const other = a.literal<number>(1 - side) !== undefined ? nan : and(nan, isNotNull(a.valueAs(1 - side, 'double')));
    return or(base, other);
  }
  return and(base, ...guards);
}

const asBit = (x: PigExpr): PigExpr => bincond(x, int(1), int(0));

export function compare(op: CompareOp, a: PigFnArgs): PigExpr {
  const t = commonType(a.type(0), a.type(1));
  if (t === 'double') return doubleCompare(op, a);
  if (t === 'boolean' && op !== '==' && op !== '!=') return binop(op as BinOp, asBit(a.value(0)), asBit(a.value(1)));
  return binop(op, a.valueAs(0, t), a.valueAs(1, t));
}
