// The window functions over one partition's rows in window order: `rows` holds positions in lanes that
// hold every row of the input; each function writes one value per row into `out` (null = null).
import type { WindowCall, WindowFrame } from '../../plan/index.ts';
import { scalarAt, type Lane, type Scalar } from '../columns/lane.ts';
import { compareScalars } from './sort-order.ts';

export interface PartitionView {
  /** Input row positions in window order. */
  readonly rows: Int32Array;
  /** True when rows[k] and rows[k - 1] have equal order keys (peers). */
  readonly peerOfPrevious: (k: number) => boolean;
}

/** One value per frame: fed values (nulls skipped) in order, read at any point. */
interface FrameState {
  add(v: Scalar): void;
  result(): Scalar | null;
}

type StateFactory = () => FrameState;

const sumLong: StateFactory = () => {
  let s = 0n;
  let seen = false;
  return {
    add: (v) => ((s = BigInt.asIntN(64, s + BigInt(v))), (seen = true)),
    result: () => (seen ? s : null),
  };
};

const sumDouble: StateFactory = () => {
  let s = 0;
  let seen = false;
  return { add: (v) => ((s += Number(v)), (seen = true)), result: () => (seen ? s : null) };
};

const average: StateFactory = () => {
  let s = 0;
  let n = 0;
  return { add: (v) => ((s += Number(v)), n++), result: () => (n === 0 ? null : s / n) };
};

const counter: StateFactory = () => {
  let n = 0n;
  return { add: () => n++, result: () => n };
};

const extreme = (sign: 1 | -1): StateFactory => () => {
  let best: Scalar | null = null;
  return {
    add: (v) => {
      if (best === null || sign * compareScalars(v, best) > 0) best = v;
    },
    result: () => best,
  };
};

function stateOf(c: WindowCall): StateFactory {
  switch (c.fn) {
    case 'sum':
      return c.arg!.type === 'double' ? sumDouble : sumLong;
    case 'avg':
      return average;
    case 'count':
      return counter;
    case 'min':
      return extreme(-1);
    default:
      return extreme(1);
  }
}

/** Aggregates over each row's frame: incremental when one end is unbounded, else recomputed per row. */
function framed(c: WindowCall, arg: Lane | null, p: PartitionView, out: (Scalar | null)[]): void {
  const n = p.rows.length;
  const make = stateOf(c);
  const valueAt = (k: number): Scalar | null => (arg === null ? 1 : scalarAt(arg, p.rows[k]));
  const feed = (s: FrameState, k: number) => {
    const v = valueAt(k);
    if (v !== null) s.add(v);
  };
  const { start, end } = c.frame as WindowFrame;
  const last = (k: number) => (end === null ? n - 1 : Math.min(n - 1, k + end));
  const first = (k: number) => (start === null ? 0 : Math.max(0, k + start));
  if (start === null) {
    const s = make();
    let fed = 0;
    for (let k = 0; k < n; k++) {
      for (; fed <= last(k); fed++) feed(s, fed);
      out[p.rows[k]] = s.result();
    }
  } else if (end === null) {
    const s = make();
    let fed = n - 1;
    for (let k = n - 1; k >= 0; k--) {
      for (; fed >= first(k); fed--) feed(s, fed);
      out[p.rows[k]] = s.result();
    }
  } else {
    for (let k = 0; k < n; k++) {
      const s = make();
      for (let j = first(k); j <= last(k); j++) feed(s, j);
      out[p.rows[k]] = s.result();
    }
  }
}

/** Computes `c` over one partition into `out` (indexed by input row position). */
export function computeWindowCall(c: WindowCall, arg: Lane | null, dflt: Scalar | null, p: PartitionView, out: (Scalar | null)[]): void {
  const n = p.rows.length;
  switch (c.fn) {
    case 'rowNumber':
      for (let k = 0; k < n; k++) out[p.rows[k]] = k + 1;
      return;
    case 'rank':
    case 'denseRank': {
      let rank = 0;
      let dense = 0;
      for (let k = 0; k < n; k++) {
        if (k === 0 || !p.peerOfPrevious(k)) {
          rank = k + 1;
          dense++;
        }
        out[p.rows[k]] = c.fn === 'rank' ? rank : dense;
      }
      return;
    }
    case 'lag':
    case 'lead': {
      const shift = c.fn === 'lag' ? -c.offset! : c.offset!;
      for (let k = 0; k < n; k++) {
        const j = k + shift;
        out[p.rows[k]] = j < 0 || j >= n ? dflt : scalarAt(arg!, p.rows[j]);
      }
      return;
    }
    default:
      framed(c, arg, p, out);
  }
}
