// Typed window functions for `dataset.window(spec, (r, w) => ({ ... }))`: `w` builds one WindowValue<T>
// per new column, so `w.sum(r.path)` or a lag default of the wrong type fails in the editor.
import * as P from '../plan/index.ts';
import type { ColumnType, NumericType, WindowCall } from '../plan/index.ts';
import type { SumType } from './aggregate.ts';
import { Expression, toExpr, type JsValue } from './expression.ts';
import type { Simplify } from './row-types.ts';

export class WindowValue<T extends ColumnType> {
  declare readonly __type: T;
  constructor(readonly call: Omit<WindowCall, 'name'>) {}
}

export type WindowRowOf<S extends Record<string, WindowValue<ColumnType>>> = Simplify<{ [K in keyof S]: S[K] extends WindowValue<infer T> ? T : never }>;

/**
 * A frame of rows around the current one: `{ rows: [-2, 0] }` is the two rows before and the current row,
 * `{ rows: [null, null] }` the whole partition (null = unbounded). It must hold the current row.
 */
export interface FrameSpec {
  readonly rows: readonly [number | null, number | null];
}

type Orderable = Exclude<ColumnType, 'boolean'>;

const frameOf = (f: FrameSpec | undefined): P.WindowFrame => (f === undefined ? P.RUNNING_FRAME : { start: f.rows[0], end: f.rows[1] });

const plain = (fn: P.WindowFn) => ({ fn, arg: null, offset: null, default: null, frame: null });

function framed<T extends ColumnType>(fn: P.WindowFn, e: Expression<ColumnType> | null, frame: FrameSpec | undefined): WindowValue<T> {
  return new WindowValue<T>({ fn, arg: e === null ? null : e.node, offset: null, default: null, frame: frameOf(frame) });
}

function shifted<T extends ColumnType>(fn: 'lag' | 'lead', e: Expression<T>, offset: number, dflt: JsValue<T> | null | undefined): WindowValue<T> {
  // A number default takes the value's own type (a lag of a long with default -1 is a long -1).
  const d = dflt === undefined || dflt === null ? null : typeof dflt === 'number' && P.isNumeric(e.type) ? numberLit(dflt, e.type) : toExpr<T>(dflt as JsValue<T>, e.type).node;
  return new WindowValue<T>({ fn, arg: e.node, offset, default: d, frame: null });
}

function numberLit(v: number, t: NumericType): P.Expr {
  if (t !== 'double' && !Number.isSafeInteger(v)) throw new TypeError(`default ${v} is not an integer within ±2^53 (the value is ${t})`);
  if (!Number.isFinite(v)) throw new TypeError(`default ${v} is not finite`);
  return P.lit(v, t);
}

/**
 * The functions of a window. Ranks and lag/lead follow the window's order; `sum`, `count`, `min`, `max` and
 * `avg` are running (first row of the partition to the current row, rows not range: a tie later in the order
 * is not counted yet) unless a frame is given.
 */
export class WindowFunctions {
  /** 1, 2, 3 ... in the window's order (rows with equal order keys get distinct numbers, in no defined order). */
  rowNumber(): WindowValue<'int'> { return new WindowValue(plain('rowNumber')); }
  /** 1 + the number of rows before this one that are not its peers: 1, 1, 3 for two ties then one more. */
  rank(): WindowValue<'int'> { return new WindowValue(plain('rank')); }
  /** 1 + the number of distinct order keys before this row's: 1, 1, 2. */
  denseRank(): WindowValue<'int'> { return new WindowValue(plain('denseRank')); }
  /** The value `offset` rows back in the partition, or `dflt` (null if omitted) before its first row. */
  lag<T extends ColumnType>(e: Expression<T>, offset = 1, dflt?: JsValue<T> | null): WindowValue<T> { return shifted('lag', e, offset, dflt); }
  /** The value `offset` rows ahead in the partition, or `dflt` (null if omitted) after its last row. */
  lead<T extends ColumnType>(e: Expression<T>, offset = 1, dflt?: JsValue<T> | null): WindowValue<T> { return shifted('lead', e, offset, dflt); }
  /** Sum of the non-null values in the frame (long for integers); null when there are none. */
  sum<T extends NumericType>(e: Expression<T>, frame?: FrameSpec): WindowValue<SumType<T>> { return framed('sum', e, frame); }
  /** Mean of the non-null values in the frame; null when there are none. */
  avg(e: Expression<NumericType>, frame?: FrameSpec): WindowValue<'double'> { return framed('avg', e, frame); }
  /** Rows in the frame (`count()`), or its non-null values (`count(x)`). */
  count(e?: Expression<ColumnType> | null, frame?: FrameSpec): WindowValue<'long'> { return framed('count', e ?? null, frame); }
  /** Least non-null value in the frame (NaN above every number, strings by UTF-16 units). */
  min<T extends Orderable>(e: Expression<T>, frame?: FrameSpec): WindowValue<T> { return framed('min', e, frame); }
  /** Greatest non-null value in the frame. */
  max<T extends Orderable>(e: Expression<T>, frame?: FrameSpec): WindowValue<T> { return framed('max', e, frame); }
}

export const WINDOW_FUNCTIONS = new WindowFunctions();

/** The plan calls of a window callback's result, checked to be window values. */
export function windowCalls(values: Record<string, WindowValue<ColumnType>>): WindowCall[] {
  return Object.entries(values).map(([name, v]) => {
    if (!(v instanceof WindowValue)) throw new TypeError(`window: '${name}' is not a window function (use w.rowNumber(), w.sum(...), ...)`);
    return { name, ...v.call };
  });
}
