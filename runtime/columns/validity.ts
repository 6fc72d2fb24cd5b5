// Validity in two shapes: Arrow's bit-packed null bitmaps (with a bit offset) and the one-byte-per-row
// form (1 = valid) that kernels index directly.
import type * as arrow from 'apache-arrow';

/** One byte per row, 1 where valid; null when the column has no nulls. */
export function validityOf(data: arrow.Data): Uint8Array | null {
  const bitmap = data.nullBitmap as Uint8Array | undefined;
  if (!bitmap || bitmap.length === 0 || data.nullCount === 0) return null;
  const out = new Uint8Array(data.length);
  const off = data.offset;
  for (let i = 0; i < data.length; i++) {
    const b = off + i;
    out[i] = (bitmap[b >> 3] >> (b & 7)) & 1;
  }
  return out;
}

/** Packs one byte per row (non-zero = set) into an LSB-first bitmap. */
export function packBits(bytes: Uint8Array, length = bytes.length): Uint8Array {
  const out = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) if (bytes[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}

/** Reads bit `i` of an LSB-first bitmap whose first row sits at bit `offset`. */
export function bitAt(bitmap: Uint8Array, offset: number, i: number): number {
  const b = offset + i;
  return (bitmap[b >> 3] >> (b & 7)) & 1;
}

/** The `nullBitmap`/`nullCount` pair for `makeData`; no bitmap when every row is valid. */
export function nullBitmapOf(valid: Uint8Array | null, length: number): { nullBitmap?: Uint8Array; nullCount: number } {
  if (valid === null) return { nullCount: 0 };
  let nulls = 0;
  for (let i = 0; i < length; i++) if (!valid[i]) nulls++;
  return nulls === 0 ? { nullCount: 0 } : { nullBitmap: packBits(valid, length), nullCount: nulls };
}
