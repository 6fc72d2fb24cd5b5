// A Lane is a decoded column of one batch: a typed array (or JS strings) plus one validity byte per row.
// Expression kernels compute on lanes; operators move rows as Arrow data (see take-rows.ts).
import type { ColumnType } from '../../plan/index.ts';

export type LaneArray = Int32Array | BigInt64Array | Float64Array | Uint8Array | string[];

/**
 * Values by type: int and date (days since epoch) Int32Array; long BigInt64Array; double and timestamp
 * (ms since epoch) Float64Array; boolean Uint8Array of 0/1; string JS strings. A null row holds a
 * placeholder value (0 or '') so kernels can compute on it without branching.
 */
export interface Lane {
  readonly type: ColumnType;
  readonly length: number;
  readonly values: LaneArray;
  /** 1 = valid, 0 = null; null when every row is valid. */
  readonly valid: Uint8Array | null;
}

/** A row value as a hashable JS primitive: numbers for int/double/date/timestamp/boolean, bigint for long. */
export type Scalar = string | number | bigint;

const ALLOC: { readonly [T in ColumnType]: (n: number) => LaneArray } = {
  string: (n) => new Array<string>(n).fill(''),
  int: (n) => new Int32Array(n),
  long: (n) => new BigInt64Array(n),
  double: (n) => new Float64Array(n),
  boolean: (n) => new Uint8Array(n),
  timestamp: (n) => new Float64Array(n),
  date: (n) => new Int32Array(n),
};

export function allocValues(type: ColumnType, n: number): LaneArray {
  return ALLOC[type](n);
}

export function lane(type: ColumnType, values: LaneArray, valid: Uint8Array | null): Lane {
  return { type, length: values.length, values, valid };
}

export const isValid = (l: Lane, i: number): boolean => l.valid === null || l.valid[i] === 1;

/** The value at row i as a primitive, or null. */
export function scalarAt(l: Lane, i: number): Scalar | null {
  return l.valid === null || l.valid[i] === 1 ? (l.values[i] as Scalar) : null;
}

/** A lane from primitives (null = null row); the inverse of `scalarAt`. */
export function laneOfScalars(type: ColumnType, items: readonly (Scalar | null)[]): Lane {
  const values = allocValues(type, items.length) as unknown as Scalar[];
  let valid: Uint8Array | null = null;
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (v === null) {
      valid ??= new Uint8Array(items.length).fill(1);
      valid[i] = 0;
    } else values[i] = v;
  }
  return lane(type, values as unknown as LaneArray, valid);
}

/** A lane of n copies of one value (or n nulls). */
export function constantLane(type: ColumnType, n: number, v: Scalar | null): Lane {
  const values = allocValues(type, n);
  if (v === null) return lane(type, values, new Uint8Array(n));
  (values as unknown as { fill(x: Scalar): void }).fill(v);
  return lane(type, values, null);
}

/** Validity of a result that is null wherever any input is null. */
export function andValid(n: number, ...lanes: readonly Lane[]): Uint8Array | null {
  let out: Uint8Array | null = null;
  for (const l of lanes) {
    if (l.valid === null) continue;
    if (out === null) out = l.valid.slice(0, n);
    else for (let i = 0; i < n; i++) out[i] &= l.valid[i];
  }
  return out;
}

export const ints = (l: Lane) => l.values as Int32Array;
export const longs = (l: Lane) => l.values as BigInt64Array;
export const doubles = (l: Lane) => l.values as Float64Array;
export const bools = (l: Lane) => l.values as Uint8Array;
export const strs = (l: Lane) => l.values as string[];
