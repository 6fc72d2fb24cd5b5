// The generic shape of a scalar kernel: null if any argument is null, else a per-row function that may
// itself return null (no match, division by zero, unparsable text).
import type { ColumnType } from '../../plan/index.ts';
import { allocValues, andValid, lane, type Lane, type Scalar } from '../columns/lane.ts';

export function rowwise(type: ColumnType, n: number, args: readonly Lane[], f: (i: number) => Scalar | null): Lane {
  const out = allocValues(type, n) as unknown as Scalar[];
  let valid = andValid(n, ...args);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const r = f(i);
    if (r === null) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
    } else out[i] = r;
  }
  return lane(type, out as unknown as Lane['values'], valid);
}
