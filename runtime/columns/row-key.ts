// Hash keys of rows for grouping, joining and distinct. One column keys by its value itself (a Map
// compares numbers by SameValueZero: NaN equals NaN, -0 equals 0); several columns by an injective string.
import { scalarAt, type Lane, type Scalar } from './lane.ts';

export type RowKey = Scalar | null;

function part(v: Scalar | null): string {
  if (v === null) return '~';
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (typeof v === 'bigint') return `b${v};`;
  return `n${Object.is(v, -0) ? 0 : v};`;
}

/** A function giving the key of row i; null keys are possible only for a single column. */
export function rowKeyReader(lanes: readonly Lane[]): (i: number) => RowKey {
  if (lanes.length === 1) {
    const l = lanes[0];
    return (i) => scalarAt(l, i);
  }
  return (i) => {
    let key = '';
    for (const l of lanes) key += part(scalarAt(l, i));
    return key;
  };
}

/** True when any key column is null at row i (such rows never match in a join). */
export function anyNullAt(lanes: readonly Lane[], i: number): boolean {
  for (const l of lanes) if (l.valid !== null && l.valid[i] === 0) return true;
  return false;
}
