// Moves rows between Arrow columns without decoding them: gather by index (filter, sort, join, explode)
// and concatenation of chunks (operators that materialise). One implementation per column type.
import * as arrow from 'apache-arrow';
import type { ColumnType } from '../../plan/index.ts';
import { arrowType } from '../arrow-types.ts';
import { bitAt, nullBitmapOf } from './validity.ts';

type Props = Record<string, unknown>;
/** Copies the values of rows `idx` (-1 = null row) out of `data`. */
type Gather = (data: arrow.Data, idx: Int32Array) => Props;

function gatherFixed(data: arrow.Data, idx: Int32Array): Props {
  const src = data.values as Int32Array | Float64Array | BigInt64Array;
  const out = new (src.constructor as new (n: number) => typeof src)(idx.length);
  for (let k = 0; k < idx.length; k++) if (idx[k] >= 0) out[k] = src[idx[k]];
  return { data: out };
}

function gatherBits(data: arrow.Data, idx: Int32Array): Props {
  const src = data.values as Uint8Array;
  const out = new Uint8Array((idx.length + 7) >> 3);
  for (let k = 0; k < idx.length; k++) if (idx[k] >= 0 && bitAt(src, data.offset, idx[k])) out[k >> 3] |= 1 << (k & 7);
  return { data: out };
}

function gatherUtf8(data: arrow.Data, idx: Int32Array): Props {
  const offs = data.valueOffsets as Int32Array;
  const src = data.values as Uint8Array;
  const offsets = new Int32Array(idx.length + 1);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    offsets[k + 1] = offsets[k] + (i >= 0 ? offs[i + 1] - offs[i] : 0);
  }
  const bytes = new Uint8Array(offsets[idx.length]);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    if (i >= 0 && offs[i + 1] > offs[i]) bytes.set(src.subarray(offs[i], offs[i + 1]), offsets[k]);
  }
  return { valueOffsets: offsets, data: bytes };
}

const GATHER: { readonly [T in ColumnType]: Gather } = {
  string: gatherUtf8,
  int: gatherFixed,
  long: gatherFixed,
  double: gatherFixed,
  timestamp: gatherFixed,
  date: gatherFixed,
  boolean: gatherBits,
};

function gatherValidity(data: arrow.Data, idx: Int32Array): Uint8Array | null {
  const bitmap = data.nullBitmap as Uint8Array | undefined;
  const hasNulls = !!bitmap && bitmap.length > 0 && data.nullCount > 0;
  let anyMissing = false;
  for (let k = 0; k < idx.length && !anyMissing; k++) anyMissing = idx[k] < 0;
  if (!hasNulls && !anyMissing) return null;
  const valid = new Uint8Array(idx.length);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    valid[k] = i < 0 ? 0 : hasNulls ? bitAt(bitmap!, data.offset, i) : 1;
  }
  return valid;
}

/** The rows `idx` of `data`, in that order; an index of -1 gives a null row. */
export function takeRows(data: arrow.Data, type: ColumnType, idx: Int32Array): arrow.Data {
  const props = { type: arrowType(type), length: idx.length, ...nullBitmapOf(gatherValidity(data, idx), idx.length), ...GATHER[type](data, idx) };
  return arrow.makeData(props as Parameters<typeof arrow.makeData>[0]);
}

/** A column of `n` nulls. */
export function nullData(type: ColumnType, n: number): arrow.Data {
  const empty = arrow.makeData({ type: arrowType(type), length: 0, nullCount: 0 } as Parameters<typeof arrow.makeData>[0]);
  return takeRows(empty, type, new Int32Array(n).fill(-1));
}

/** One column holding the rows of every chunk in order (chunks must share the type). */
export function concatData(chunks: readonly arrow.Data[], type: ColumnType): arrow.Data {
  if (chunks.length === 0) return nullData(type, 0);
  if (chunks.length === 1) return chunks[0];
  // Re-gathering each chunk first gives parts at offset 0 with their own buffers, simple to splice.
  const parts = chunks.map((c) => takeRows(c, type, identity(c.length)));
  const total = parts.reduce((s, p) => s + p.length, 0);
  const valid = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    const bm = p.nullBitmap as Uint8Array | undefined;
    for (let i = 0; i < p.length; i++) valid[at + i] = bm && bm.length > 0 ? bitAt(bm, 0, i) : 1;
    at += p.length;
  }
  const props = { type: arrowType(type), length: total, ...nullBitmapOf(valid, total), ...SPLICE[type](parts, total) };
  return arrow.makeData(props as Parameters<typeof arrow.makeData>[0]);
}

const identity = (n: number) => {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx;
};

/** Joins the value buffers of parts at offset 0. */
type Splice = (parts: readonly arrow.Data[], total: number) => Props;

function spliceFixed(parts: readonly arrow.Data[], total: number): Props {
  const first = parts[0].values as Int32Array;
  const out = new (first.constructor as new (n: number) => Int32Array)(total);
  let row = 0;
  for (const p of parts) {
    out.set(p.values as Int32Array, row);
    row += p.length;
  }
  return { data: out };
}

function spliceBits(parts: readonly arrow.Data[], total: number): Props {
  const bits = new Uint8Array((total + 7) >> 3);
  let row = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++, row++) if (bitAt(p.values as Uint8Array, 0, i)) bits[row >> 3] |= 1 << (row & 7);
  }
  return { data: bits };
}

function spliceUtf8(parts: readonly arrow.Data[], total: number): Props {
  const offsets = new Int32Array(total + 1);
  const bytes = new Uint8Array(parts.reduce((s, p) => s + (p.valueOffsets as Int32Array)[p.length], 0));
  let row = 0;
  let byte = 0;
  for (const p of parts) {
    const po = p.valueOffsets as Int32Array;
    for (let i = 0; i < p.length; i++) offsets[row + i + 1] = byte + po[i + 1];
    bytes.set((p.values as Uint8Array).subarray(0, po[p.length]), byte);
    byte += po[p.length];
    row += p.length;
  }
  return { valueOffsets: offsets, data: bytes };
}

const SPLICE: { readonly [T in ColumnType]: Splice } = {
  string: spliceUtf8,
  int: spliceFixed,
  long: spliceFixed,
  double: spliceFixed,
  timestamp: spliceFixed,
  date: spliceFixed,
  boolean: spliceBits,
};
