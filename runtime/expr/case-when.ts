// CASE WHEN: each row takes the value of the first branch whose condition is true (null is not true),
// else the otherwise value; branch values are widened to the case's type.
import type { ColumnType } from '../../plan/index.ts';
import { allocValues, lane, type Lane } from '../columns/lane.ts';
import { castLane } from './cast.ts';

export function caseWhen(type: ColumnType, whens: readonly Lane[], thens: readonly Lane[], otherwise: Lane, n: number): Lane {
  const chosen = new Int32Array(n).fill(-1);
  whens.forEach((w, b) => {
    const cond = w.values as Uint8Array;
    for (let i = 0; i < n; i++) if (chosen[i] < 0 && cond[i] === 1 && (w.valid === null || w.valid[i] === 1)) chosen[i] = b;
  });
  const sources = [...thens, otherwise].map((l) => castLane(l, type));
  const out = allocValues(type, n) as unknown as unknown[];
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const src = sources[chosen[i] < 0 ? sources.length - 1 : chosen[i]];
    if (src.valid !== null && src.valid[i] === 0) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
    } else out[i] = (src.values as ArrayLike<unknown>)[i];
  }
  return lane(type, out as unknown as Lane['values'], valid);
}
