// Window functions: per partition, rows in a given order, one new value per row computed over its
// neighbours (ranks, lag/lead) or over a frame of rows around it (running and framed aggregates).
import type { Expr } from './expr.ts';
import type { ColumnType } from './types.ts';

export const WINDOW_FNS = ['rowNumber', 'rank', 'denseRank', 'lag', 'lead', 'sum', 'count', 'min', 'max', 'avg'] as const;
export type WindowFn = (typeof WINDOW_FNS)[number];

/** The functions computed over a frame of rows; the others read the partition's order only. */
export const FRAMED_WINDOW_FNS: readonly WindowFn[] = ['sum', 'count', 'min', 'max', 'avg'];
export const isFramedWindowFn = (fn: WindowFn): boolean => FRAMED_WINDOW_FNS.includes(fn);

/**
 * Rows from `start` to `end` relative to the current row (-2 = two rows before, 0 = the current row,
 * null = the partition's first or last row). The frame always holds the current row: start <= 0 <= end.
 */
export interface WindowFrame {
  readonly start: number | null;
  readonly end: number | null;
}

/** Unbounded preceding to the current row: a running aggregate (ties are not peers: rows, not range). */
export const RUNNING_FRAME: WindowFrame = Object.freeze({ start: null, end: 0 });

export interface WindowCall {
  readonly name: string;
  readonly fn: WindowFn;
  /** The value read: null for rowNumber, rank, denseRank and count() of rows. */
  readonly arg: Expr | null;
  /** lag and lead: how many rows back or ahead (>= 1); null otherwise. */
  readonly offset: number | null;
  /** lag and lead: the value where that row is outside the partition (a literal; null literal for none). */
  readonly default: Expr | null;
  /** The aggregates' frame; null for the other functions. */
  readonly frame: WindowFrame | null;
}

/** What a window function returns given its argument's type, or an error message. */
export function windowResult(c: WindowCall, argType: ColumnType | null): ColumnType | string {
  switch (c.fn) {
    case 'rowNumber':
    case 'rank':
    case 'denseRank':
      return 'int';
    case 'count':
      return 'long';
    case 'sum':
      return argType === 'int' || argType === 'long' ? 'long' : argType === 'double' ? 'double' : `sum needs a number, got ${argType}`;
    case 'avg':
      return argType === 'int' || argType === 'long' || argType === 'double' ? 'double' : `avg needs a number, got ${argType}`;
    case 'min':
    case 'max':
      return argType === null || argType === 'boolean' ? `${c.fn} needs an orderable value, got ${argType}` : argType;
    case 'lag':
    case 'lead':
      return argType ?? `${c.fn} needs a value`;
  }
}

/** A problem with the call's shape (arguments, offset, default, frame) that types alone do not show. */
export function windowCallProblem(c: WindowCall): string | null {
  const needsArg = c.fn !== 'rowNumber' && c.fn !== 'rank' && c.fn !== 'denseRank' && c.fn !== 'count';
  if (needsArg && c.arg === null) return `${c.fn}: needs an argument`;
  if (!needsArg && c.fn !== 'count' && c.arg !== null) return `${c.fn}: takes no argument`;
  const shifts = c.fn === 'lag' || c.fn === 'lead';
  if (shifts && (c.offset === null || !Number.isInteger(c.offset) || c.offset < 1 || c.offset > 2 ** 31 - 1)) {
    return `${c.fn}: offset ${c.offset} is not a positive integer`;
  }
  if (!shifts && (c.offset !== null || c.default !== null)) return `${c.fn}: takes no offset or default`;
  if (shifts && c.default !== null && c.default.kind !== 'lit') return `${c.fn}: the default must be a literal`;
  if (isFramedWindowFn(c.fn)) {
    if (c.frame === null) return `${c.fn}: needs a frame`;
    const { start, end } = c.frame;
    const bad = (x: number | null) => x !== null && (!Number.isInteger(x) || Math.abs(x) > 2 ** 31 - 2);
    if (bad(start) || bad(end)) return `${c.fn}: frame bounds must be integers or null (unbounded), got [${start}, ${end}]`;
    if ((start !== null && start > 0) || (end !== null && end < 0)) {
      return `${c.fn}: the frame [${start}, ${end}] must hold the current row (start <= 0 <= end)`;
    }
  } else if (c.frame !== null) return `${c.fn}: takes no frame`;
  return null;
}
