// Converts between Arrow column data and lanes, one decoder and one encoder per column type.
import * as arrow from 'apache-arrow';
import type { ColumnType } from '../../plan/index.ts';
import { arrowType } from '../arrow-types.ts';
import { lane, type Lane } from './lane.ts';
import { bitAt, nullBitmapOf, validityOf } from './validity.ts';

type Decoder = (data: arrow.Data) => Lane['values'];
type Encoder = (l: Lane) => Record<string, unknown>;

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Decodes UTF-8 rows; ASCII-only buffers are decoded in one call and sliced, which is much faster. */
function decodeStrings(data: arrow.Data): string[] {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const n = data.length;
  const out = new Array<string>(n);
  const buf = asBuffer(bytes);
  const lo = offsets[0];
  const hi = offsets[n];
  let ascii = true;
  for (let i = lo; i < hi; i++) {
    if (bytes[i] > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    const all = buf.toString('latin1', lo, hi);
    for (let i = 0; i < n; i++) out[i] = all.slice(offsets[i] - lo, offsets[i + 1] - lo);
  } else {
    for (let i = 0; i < n; i++) out[i] = buf.toString('utf8', offsets[i], offsets[i + 1]);
  }
  return out;
}

const DECODE: { readonly [T in ColumnType]: Decoder } = {
  string: decodeStrings,
  int: (d) => d.values as Int32Array,
  date: (d) => d.values as Int32Array,
  long: (d) => d.values as BigInt64Array,
  double: (d) => d.values as Float64Array,
  timestamp: (d) => {
    const src = d.values as BigInt64Array;
    // Read as 32-bit halves: a value within ±2^53 (every real time) needs no BigInt.
    const halves = new Int32Array(src.buffer, src.byteOffset, src.length * 2);
    const out = new Float64Array(d.length);
    for (let i = 0; i < d.length; i++) {
      const hi = halves[2 * i + 1];
      out[i] = hi > -0x200000 && hi < 0x200000 ? hi * 0x100000000 + (halves[2 * i] >>> 0) : Number(src[i]);
    }
    return out;
  },
  boolean: (d) => {
    const bits = d.values as Uint8Array;
    const out = new Uint8Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = bitAt(bits, d.offset, i);
    return out;
  },
};

/** The lane of one Arrow column (zero-copy for fixed-width numbers: do not mutate its values). */
export function decodeLane(data: arrow.Data, type: ColumnType): Lane {
  return lane(type, DECODE[type](data), validityOf(data));
}

function encodeStrings(l: Lane): Record<string, unknown> {
  const values = l.values as string[];
  const offsets = new Int32Array(l.length + 1);
  let total = 0;
  for (let i = 0; i < l.length; i++) {
    total += Buffer.byteLength(values[i], 'utf8');
    offsets[i + 1] = total;
  }
  const bytes = Buffer.allocUnsafe(total);
  for (let i = 0; i < l.length; i++) bytes.write(values[i], offsets[i], 'utf8');
  return { valueOffsets: offsets, data: new Uint8Array(bytes.buffer, bytes.byteOffset, total) };
}

const ENCODE: { readonly [T in ColumnType]: Encoder } = {
  string: encodeStrings,
  int: (l) => ({ data: l.values }),
  date: (l) => ({ data: l.values }),
  long: (l) => ({ data: l.values }),
  double: (l) => ({ data: l.values }),
  timestamp: (l) => {
    const src = l.values as Float64Array;
    const out = new BigInt64Array(l.length);
    for (let i = 0; i < l.length; i++) out[i] = Number.isFinite(src[i]) ? BigInt(Math.trunc(src[i])) : 0n;
    return { data: out };
  },
  boolean: (l) => {
    const src = l.values as Uint8Array;
    const out = new Uint8Array((l.length + 7) >> 3);
    for (let i = 0; i < l.length; i++) if (src[i]) out[i >> 3] |= 1 << (i & 7);
    return { data: out };
  },
};

/** Arrow data holding the lane's rows (nulls from its validity). */
export function encodeLane(l: Lane): arrow.Data {
  const props = { type: arrowType(l.type), length: l.length, ...nullBitmapOf(l.valid, l.length), ...ENCODE[l.type](l) };
  return arrow.makeData(props as Parameters<typeof arrow.makeData>[0]);
}
