// The total order used by orderBy, min and max: numbers ascending with NaN above +Infinity (as Java's
// Double.compare and Spark order it), strings by UTF-16 code units, false < true, times by instant.
import type { Scalar } from '../columns/lane.ts';
import type { Lane } from '../columns/lane.ts';

export function compareScalars(a: Scalar, b: Scalar): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  // Only NaN is unordered with itself and everything else.
  const aNaN = a !== a;
  const bNaN = b !== b;
  return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
}

/** Compares rows i and j of a lane ascending, nulls first. */
export function laneComparator(l: Lane): (i: number, j: number) => number {
  const v = l.values as ArrayLike<Scalar>;
  const valid = l.valid;
  if (valid === null) return (i, j) => compareScalars(v[i], v[j]);
  return (i, j) => {
    const a = valid[i];
    const b = valid[j];
    if (a === 0 || b === 0) return a - b;
    return compareScalars(v[i], v[j]);
  };
}
