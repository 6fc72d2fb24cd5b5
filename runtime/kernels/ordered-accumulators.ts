// first and last by order: each group keeps the one row that comes first so far, in the call's order (nulls
// first ascending, last descending) with ties broken by the value ascending; last reverses every direction.
// Rows whose value is null are skipped; -0.0 is kept as 0.0, so that tied zeros give one answer.
import type { AggOrderKey, ColumnType } from '../../plan/index.ts';
import { laneOfScalars, type Lane, type Scalar } from '../columns/lane.ts';
import type { Accumulator } from './accumulators.ts';
import { compareScalars } from './sort-order.ts';

const at = (l: Lane, i: number): Scalar | null => (l.valid !== null && l.valid[i] === 0 ? null : (l.values as ArrayLike<Scalar>)[i]);

/** Compares two values ascending, nulls first. */
const nullsFirst = (a: Scalar | null, b: Scalar | null): number => (a === null || b === null ? (a === null ? 0 : 1) - (b === null ? 0 : 1) : compareScalars(a, b));

/** One row of a group: its value and its order keys. */
interface Candidate {
  readonly value: Scalar;
  readonly keys: readonly (Scalar | null)[];
}

/**
 * Negative when `a` comes before `b` in `order` (value ascending after the keys); `reversed` flips every
 * direction, the value's too, which makes `first` of that order `last` of this one.
 */
export function compareCandidates(order: readonly AggOrderKey[], reversed: boolean, a: Candidate, b: Candidate): number {
  for (let k = 0; k < order.length; k++) {
    const c = nullsFirst(a.keys[k], b.keys[k]);
    if (c !== 0) return order[k].desc !== reversed ? -c : c;
  }
  const c = compareScalars(a.value, b.value);
  return reversed ? -c : c;
}

export const orderedAcc = (reversed: boolean) => (argType: ColumnType | null, _params: readonly number[], order: readonly AggOrderKey[] = []): Accumulator => {
  const best: (Candidate | undefined)[] = [];
  return {
    add(groups, arg, rows, keys = []) {
      for (let i = 0; i < rows; i++) {
        const raw = at(arg!, i);
        if (raw === null) continue;
        const value = raw === 0 ? 0 : raw;
        const row = { value, keys: keys.map((l) => at(l, i)) };
        const b = best[groups[i]];
        if (b === undefined || compareCandidates(order, reversed, row, b) < 0) best[groups[i]] = row;
      }
    },
    finish: (k) => laneOfScalars(argType!, Array.from({ length: k }, (_, g) => best[g]?.value ?? null)),
  };
};
