// CSV rows of a record batch as UTF-8 bytes, written straight from the Arrow buffers: strings are copied
// as they are stored (no decode and re-encode) and quoted by looking for the four bytes that need it.
// The text is the one row-formats.ts gives (same quoting, same number and time texts), byte for byte.
import type * as arrow from 'apache-arrow';
import type { ColumnType, Field } from '../../plan/index.ts';
import { decodeLane } from '../columns/lane-codec.ts';
import type { Scalar } from '../columns/lane.ts';
import { columnData } from '../columns/record-batch.ts';
import { bitAt } from '../columns/validity.ts';
import { civilFromDays, floorDiv, MS_PER_DAY } from '../expr/civil-time.ts';
import type { ByteOutput } from './byte-output.ts';
import { TEXT_OF } from './format-value.ts';

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/** Writes the field of row i (nothing for null). */
type FieldWriter = (i: number, out: ByteOutput) => void;

const asBuffer = (a: Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Whether row i is null, for data with an Arrow null bitmap (undefined: no nulls). */
function nullTest(data: arrow.Data): ((i: number) => boolean) | undefined {
  const bitmap = data.nullBitmap as Uint8Array | undefined;
  if (!bitmap || bitmap.length === 0 || data.nullCount === 0) return undefined;
  const off = data.offset;
  return (i) => bitAt(bitmap, off, i) === 0;
}

/**
 * Strings: a field is quoted when it is empty or holds `"`, `,`, CR or LF (none of which occurs inside a
 * multi-byte UTF-8 sequence). The next position of each such byte is remembered, so the column's bytes
 * are searched (natively) about once, whatever the number of rows.
 */
function stringWriter(data: arrow.Data): FieldWriter {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = asBuffer(data.values as Uint8Array);
  const isNull = nullTest(data);
  const next = [-1, -1, -1, -1];
  const special = [QUOTE, COMMA, CR, LF];
  const needsQuotes = (s: number, e: number): boolean => {
    for (let k = 0; k < 4; k++) {
      let p = next[k];
      if (p < s && p !== Infinity) {
        p = bytes.indexOf(special[k], s);
        next[k] = p = p < 0 ? Infinity : p;
      }
      if (p < e) return true;
    }
    return false;
  };
  return (i, out) => {
    if (isNull !== undefined && isNull(i)) return;
    const s = offsets[i];
    const e = offsets[i + 1];
    if (s === e) {
      out.ensure(2);
      out.buf[out.pos++] = QUOTE;
      out.buf[out.pos++] = QUOTE;
    } else if (!needsQuotes(s, e)) out.copy(bytes, s, e);
    else {
      out.byte(QUOTE);
      let from = s;
      for (let q = bytes.indexOf(QUOTE, s); q >= 0 && q < e; q = bytes.indexOf(QUOTE, q + 1)) {
        out.copy(bytes, from, q + 1);
        out.byte(QUOTE);
        from = q + 1;
      }
      out.copy(bytes, from, e);
      out.byte(QUOTE);
    }
  };
}

/** Decimal digits of a safe integer. */
function writeInteger(v: number, out: ByteOutput): void {
  if (v < 0 || v > 0xffffffff) {
    out.ascii(String(v));
    return;
  }
  out.ensure(10);
  const buf = out.buf;
  let n = 1;
  for (let t = v; t >= 10; t = Math.floor(t / 10)) n++;
  let p = out.pos + n;
  out.pos = p;
  do {
    const q = Math.floor(v / 10);
    buf[--p] = 48 + v - q * 10;
    v = q;
  } while (v > 0);
}

function intWriter(data: arrow.Data): FieldWriter {
  const values = data.values as Int32Array;
  const isNull = nullTest(data);
  return (i, out) => {
    if (isNull === undefined || !isNull(i)) writeInteger(values[i], out);
  };
}

/** Longs: read as two 32-bit halves, so that values of up to 53 bits need no BigInt. */
function longWriter(data: arrow.Data): FieldWriter {
  const values = data.values as BigInt64Array;
  const halves = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const isNull = nullTest(data);
  return (i, out) => {
    if (isNull !== undefined && isNull(i)) return;
    const hi = halves[2 * i + 1];
    if (hi >= 0 && hi < 0x200000) writeInteger(hi * 0x100000000 + (halves[2 * i] >>> 0), out);
    else out.ascii(String(values[i]));
  };
}

const twoDigits = (buf: Buffer, p: number, v: number): void => {
  buf[p] = 48 + Math.floor(v / 10);
  buf[p + 1] = 48 + (v % 10);
};

/**
 * Timestamps as `yyyy-MM-ddTHH:mm:ss.SSSZ` (formatIsoTimestamp's text): the date part of the last day is
 * kept, since rows of a log come in time order; years outside 0-9999 take formatIsoTimestamp itself.
 */
function timestampWriter(data: arrow.Data): FieldWriter {
  const values = data.values as BigInt64Array;
  const halves = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const isNull = nullTest(data);
  const ymd = new Int32Array(3);
  let lastDay = NaN;
  let lastYear = 0;
  const date = Buffer.alloc(11);
  return (i, out) => {
    if (isNull !== undefined && isNull(i)) return;
    const hi = halves[2 * i + 1];
    const ms = hi > -0x200000 && hi < 0x200000 ? hi * 0x100000000 + (halves[2 * i] >>> 0) : Number(values[i]);
    const day = floorDiv(ms, MS_PER_DAY);
    if (day !== lastDay) {
      civilFromDays(day, ymd);
      lastDay = day;
      lastYear = ymd[0];
      date.write(`${String(ymd[0]).padStart(4, '0')}-${String(ymd[1]).padStart(2, '0')}-${String(ymd[2]).padStart(2, '0')}T`, 0, 'latin1');
    }
    if (lastYear < 0 || lastYear > 9999) {
      out.ascii(TEXT_OF.timestamp(ms));
      return;
    }
    out.ensure(24);
    const buf = out.buf;
    const p = out.pos;
    date.copy(buf, p, 0, 11);
    const t = ms - day * MS_PER_DAY;
    const secs = Math.floor(t / 1000);
    const milli = t - secs * 1000;
    twoDigits(buf, p + 11, Math.floor(secs / 3600));
    buf[p + 13] = 58;
    twoDigits(buf, p + 14, Math.floor(secs / 60) % 60);
    buf[p + 16] = 58;
    twoDigits(buf, p + 17, secs % 60);
    buf[p + 19] = 46;
    buf[p + 20] = 48 + Math.floor(milli / 100);
    twoDigits(buf, p + 21, milli % 100);
    buf[p + 23] = 90;
    out.pos = p + 24;
  };
}

/** Other types: their text (always ASCII, never empty, never holding a byte that needs quotes). */
const textWriter = (type: ColumnType) => (data: arrow.Data): FieldWriter => {
  const lane = decodeLane(data, type);
  const values = lane.values as ArrayLike<Scalar>;
  const valid = lane.valid;
  const text = TEXT_OF[type];
  return (i, out) => {
    if (valid === null || valid[i] === 1) out.ascii(text(values[i]));
  };
};

const WRITERS: { readonly [T in ColumnType]: (data: arrow.Data) => FieldWriter } = {
  string: stringWriter,
  int: intWriter,
  long: longWriter,
  double: textWriter('double'),
  boolean: textWriter('boolean'),
  timestamp: timestampWriter,
  date: textWriter('date'),
};

/** Writes the batch's rows from `from` until the output holds a chunk; returns the next row. */
export type CsvRowEncoder = (from: number, out: ByteOutput) => number;

export function csvRowEncoder(batch: arrow.RecordBatch, fields: readonly Field[]): CsvRowEncoder {
  const writers = fields.map((f) => WRITERS[f.type](columnData(batch, f.name)));
  const n = batch.numRows;
  const last = writers.length - 1;
  return (from, out) => {
    let i = from;
    for (; i < n && !out.full; i++) {
      for (let c = 0; c < last; c++) {
        writers[c](i, out);
        out.byte(COMMA);
      }
      if (last >= 0) writers[last](i, out);
      out.byte(LF);
    }
    return i;
  };
}
