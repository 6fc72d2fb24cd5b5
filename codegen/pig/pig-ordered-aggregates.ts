// first and last by order on Pig, with builtins only: the rows projection adds each order key (a NaN flag
// before a double one, -0.0 as 0.0) and the value; per group a nested FILTER keeps the rows with a value,
// ORDER puts them in the call's order with the value as the last key (last: every direction reversed), and
// LIMIT 1 keeps the first; MAX of that one-tuple bag is its value (null for an empty bag).
import type { AggCall, ColumnType, Expr } from '../../plan/index.ts';
import { bincond, binop, call, FALSE, int, isNotNull, isNull, nullOf, ref, TRUE, type GenerateItem, type NestedStatement, type PigExpr } from './pig-ast.ts';
import { isNaN } from './pig-compare.ts';
import { zeroSigned } from './pig-row-nodes.ts';

/** One key of the nested ORDER. */
export interface NestedOrderKey {
  readonly field: string;
  readonly desc: boolean;
}

/** The rows projection's items for an ordered call's keys (after its value field `value`), and the ORDER keys. */
export function orderedFields(a: AggCall, i: number, value: string, pigOf: (e: Expr) => PigExpr): { items: GenerateItem[]; keys: NestedOrderKey[] } {
  const items: GenerateItem[] = [];
  const keys: NestedOrderKey[] = [];
  const add = (name: string, expr: PigExpr, type: ColumnType, desc: boolean) => {
    // As compileSort: a NaN flag first (the shuffle leaves NaN nowhere in particular), and -0.0 as 0.0.
    if (type === 'double') {
      items.push({ expr: bincond(isNaN(expr), int(1), int(0)), as: `${name}n` });
      keys.push({ field: `${name}n`, desc });
    }
    items.push({ expr: zeroSigned(expr, type), as: name });
    keys.push({ field: name, desc });
  };
  (a.orderBy ?? []).forEach((k, j) => add(`order__${i}k${j}`, pigOf(k.expr), k.expr.type, k.desc));
  // The value breaks ties, ascending; it is already in the projection, so only its NaN flag is added.
  if (a.arg!.type === 'double') {
    items.push({ expr: bincond(isNaN(pigOf(a.arg!)), int(1), int(0)), as: `${value}n` });
    keys.push({ field: `${value}n`, desc: false });
  }
  keys.push({ field: value, desc: false });
  return { items, keys };
}

/** The value as the projection holds it: doubles without -0.0; booleans as 1/0, since MAX takes no booleans. */
export function orderedValue(value: PigExpr, type: ColumnType): PigExpr {
  return type === 'boolean' ? bincond(value, int(1), int(0)) : zeroSigned(value, type);
}

/** The ORDER keys of first, or (`reversed`) of last: every direction reversed, the tie-break included. */
export function orderKeys(keys: readonly NestedOrderKey[], reversed: boolean): NestedOrderKey[] {
  return keys.map((k) => ({ field: k.field, desc: k.desc !== reversed }));
}

/** The result from the projected value `v` (null for none): booleans back from 1/0. */
export function orderedResult(v: PigExpr, type: ColumnType): PigExpr {
  return type === 'boolean' ? bincond(isNull(v), nullOf('boolean'), bincond(binop('==', v, int(1)), TRUE, FALSE)) : v;
}

/** The nested statements and the value of first (or, `reversed`, last) of `field` over `bag`. */
export function orderedSpelling(bag: string, field: string, i: number, type: ColumnType, keys: readonly NestedOrderKey[], reversed: boolean) {
  const present = `present__${i}`;
  const ordered = `ordered__${i}`;
  const top = `top__${i}`;
  const nested: NestedStatement[] = [
    { alias: present, op: 'FILTER', input: bag, cond: isNotNull(ref(field)) },
    { alias: ordered, op: 'ORDER', input: present, keys: orderKeys(keys, reversed) },
    { alias: top, op: 'LIMIT', input: ordered, n: 1 },
  ];
  return { nested, expr: orderedResult(call('MAX', ref(`${top}.${field}`)), type) };
}
