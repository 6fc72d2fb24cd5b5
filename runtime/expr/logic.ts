// Three-valued and/or/not, and the null tests: and is false if either side is false, or if neither is
// false and one is null it is null; or is the dual; isNull/isNotNull/coalesce never propagate nulls.
import { allocValues, lane, type Lane } from '../columns/lane.ts';
import { castLane } from './cast.ts';
import type { FnKernelFactory } from './kernel-types.ts';

/** `dominant` (0 for and, 1 for or) decides the result whenever either side is a valid `dominant`. */
function threeValued(dominant: 0 | 1): FnKernelFactory {
  return () => (args, n) => {
    const [a, b] = args;
    const av = a.values as Uint8Array;
    const bv = b.values as Uint8Array;
    const out = new Uint8Array(n);
    let valid: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      const aOk = a.valid === null || a.valid[i] === 1;
      const bOk = b.valid === null || b.valid[i] === 1;
      if ((aOk && av[i] === dominant) || (bOk && bv[i] === dominant)) out[i] = dominant;
      else if (aOk && bOk) out[i] = 1 - dominant;
      else {
        valid ??= new Uint8Array(n).fill(1);
        valid[i] = 0;
      }
    }
    return lane('boolean', out, valid);
  };
}

const nullTest = (whenNull: 0 | 1): FnKernelFactory => () => (args, n) => {
  const out = new Uint8Array(n).fill(1 - whenNull);
  const v = args[0].valid;
  if (v !== null) for (let i = 0; i < n; i++) if (v[i] === 0) out[i] = whenNull;
  return lane('boolean', out, null);
};

const coalesce: FnKernelFactory = (call) => (args, n) => {
  const lanes = args.map((a) => castLane(a, call.type));
  const out = allocValues(call.type, n) as unknown as unknown[];
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const src = lanes.find((l) => l.valid === null || l.valid[i] === 1);
    if (src) out[i] = (src.values as ArrayLike<unknown>)[i];
    else {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
    }
  }
  return lane(call.type, out as unknown as Lane['values'], valid);
};

export const LOGIC = {
  and: threeValued(0),
  or: threeValued(1),
  not: () => (args, n) => {
    const a = args[0].values as Uint8Array;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i] ? 0 : 1;
    return lane('boolean', out, args[0].valid === null ? null : args[0].valid.slice(0, n));
  },
  isNull: nullTest(1),
  isNotNull: nullTest(0),
  coalesce,
} satisfies Record<string, FnKernelFactory>;
