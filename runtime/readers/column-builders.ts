// Arrow column builders, one per plan column type: values go straight into typed arrays (growing by
// doubling), and `finish` hands them to arrow.makeData without copying.
import * as arrow from 'apache-arrow';
import type { ColumnType } from '../../plan/index.ts';
import { arrowType } from '../arrow-types.ts';
import type { Cell } from './cell.ts';

export interface ColumnBuilder {
  append(v: Cell): void;
  /** The column so far as Arrow data; the builder starts a new, empty column. */
  finish(): arrow.Data;
}

/** Rows to allocate for at first: a multiple of 8 (whole bitmap bytes), at most 1024 until rows arrive. */
export const initialCapacity = (batchSize: number): number => Math.max(8, Math.ceil(Math.min(batchSize, 1024) / 8) * 8);

/** The validity bitmap shared by every builder: bit i set means row i holds a value. */
abstract class Base implements ColumnBuilder {
  protected length = 0;
  protected nulls = 0;
  private valid: Uint8Array;

  constructor(
    protected readonly type: ColumnType,
    protected capacity: number,
  ) {
    this.valid = new Uint8Array(capacity >> 3);
  }

  append(v: Cell): void {
    if (this.length === this.capacity) this.grow();
    if (v === null) this.nulls++;
    else {
      this.valid[this.length >> 3] |= 1 << (this.length & 7);
      this.set(this.length, v);
    }
    this.length++;
  }

  /** Counts a valid row whose value the subclass has stored itself. */
  protected appendValid(): void {
    if (this.length === this.capacity) this.grow();
    this.valid[this.length >> 3] |= 1 << (this.length & 7);
    this.length++;
  }

  finish(): arrow.Data {
    const n = this.length;
    const props = {
      type: arrowType(this.type),
      length: n,
      nullCount: this.nulls,
      nullBitmap: this.nulls > 0 ? this.valid.subarray(0, (n + 7) >> 3) : undefined,
      ...this.buffers(n),
    };
    // The next batch will likely be as large: start at this one's capacity instead of growing again.
    this.length = 0;
    this.nulls = 0;
    this.valid = new Uint8Array(this.capacity >> 3);
    this.reset(this.capacity);
    // The props match the type by construction; makeData's overloads cannot see that through a union.
    return arrow.makeData(props as unknown as Parameters<typeof arrow.makeData>[0]) as arrow.Data;
  }

  private grow(): void {
    this.capacity *= 2;
    this.valid = extend(this.valid, this.capacity >> 3);
    this.resize(this.capacity);
  }

  protected abstract set(i: number, v: Exclude<Cell, null>): void;
  protected abstract buffers(n: number): object;
  protected abstract resize(capacity: number): void;
  /** Fresh buffers for `capacity` rows (the ones handed to Arrow are not reused). */
  protected abstract reset(capacity: number): void;
}

type Typed = Int32Array | Float64Array | BigInt64Array | Uint8Array;

function extend<A extends Typed>(a: A, size: number): A {
  const b = new (a.constructor as new (n: number) => A)(size);
  b.set(a as never);
  return b;
}

/** Fixed-width values of up to 32 bits or doubles: int, double, date (days in 32 bits). */
class FixedBuilder<A extends Int32Array | Float64Array> extends Base {
  private values: A;
  constructor(
    type: ColumnType,
    capacity: number,
    private readonly make: (n: number) => A,
    private readonly store: (a: A, i: number, v: Exclude<Cell, null>) => void,
  ) {
    super(type, capacity);
    this.values = make(capacity);
  }
  protected set(i: number, v: Exclude<Cell, null>): void {
    this.store(this.values, i, v);
  }
  protected buffers(n: number): object {
    return { data: this.values.subarray(0, n) };
  }
  protected resize(capacity: number): void {
    this.values = extend(this.values, capacity);
  }
  protected reset(capacity: number): void {
    this.values = this.make(capacity);
  }
}

/**
 * 64-bit values (long, timestamp): numbers, which are integers of at most 53 bits, are stored as two 32-bit
 * halves, so that no BigInt is made per row; bigints (longs past 53 bits) are stored as they are.
 */
class Int64Builder extends Base {
  private values = new BigInt64Array(this.capacity);
  private halves = new Int32Array(this.values.buffer);
  protected set(i: number, v: Exclude<Cell, null>): void {
    if (typeof v === 'bigint') this.values[i] = v;
    else {
      const n = v as number;
      const hi = Math.floor(n / 0x100000000);
      this.halves[2 * i] = n - hi * 0x100000000;
      this.halves[2 * i + 1] = hi;
    }
  }
  protected buffers(n: number): object {
    return { data: this.values.subarray(0, n) };
  }
  protected resize(capacity: number): void {
    this.values = extend(this.values, capacity);
    this.halves = new Int32Array(this.values.buffer);
  }
  protected reset(capacity: number): void {
    this.values = new BigInt64Array(capacity);
    this.halves = new Int32Array(this.values.buffer);
  }
}

class BoolBuilder extends Base {
  private bits = new Uint8Array(this.capacity >> 3);
  protected set(i: number, v: Exclude<Cell, null>): void {
    if (v === true) this.bits[i >> 3] |= 1 << (i & 7);
  }
  protected buffers(n: number): object {
    return { data: this.bits.subarray(0, (n + 7) >> 3) };
  }
  protected resize(capacity: number): void {
    this.bits = extend(this.bits, capacity >> 3);
  }
  protected reset(capacity: number): void {
    this.bits = new Uint8Array(capacity >> 3);
  }
}

const encoder = new TextEncoder();

/** UTF-8 bytes plus offsets; byte storage grows independently of the row count. */
export class Utf8Builder extends Base {
  private offsets = new Int32Array(this.capacity + 1);
  private bytes = new Uint8Array(this.capacity * 32);
  private end = 0;
  protected set(_i: number, v: Exclude<Cell, null>): void {
    const s = v as string;
    // A UTF-16 unit never needs more than 3 UTF-8 bytes.
    if (this.end + s.length * 3 > this.bytes.length) this.bytes = extend(this.bytes, Math.max(this.bytes.length * 2, this.end + s.length * 3));
    this.end += encoder.encodeInto(s, this.bytes.subarray(this.end)).written;
  }
  override append(v: Cell): void {
    super.append(v);
    // Every row, null or not, ends where the bytes end so far.
    this.offsets[this.length] = this.end;
  }
  /** Appends bytes [s, e) of src, which must be valid UTF-8 (no decode and re-encode). */
  appendBytes(src: Buffer, s: number, e: number): void {
    const n = e - s;
    if (this.end + n > this.bytes.length) this.bytes = extend(this.bytes, Math.max(this.bytes.length * 2, this.end + n));
    const bytes = this.bytes;
    let end = this.end;
    // A native copy costs more than a short loop.
    if (n < 24) for (let k = s; k < e; k++) bytes[end++] = src[k];
    else end += src.copy(bytes, end, s, e);
    this.end = end;
    this.appendValid();
    this.offsets[this.length] = end;
  }
  protected buffers(n: number): object {
    return { valueOffsets: this.offsets.subarray(0, n + 1), data: this.bytes.subarray(0, this.end) };
  }
  protected resize(capacity: number): void {
    this.offsets = extend(this.offsets, capacity + 1);
  }
  protected reset(capacity: number): void {
    this.offsets = new Int32Array(capacity + 1);
    this.bytes = new Uint8Array(this.bytes.length);
    this.end = 0;
  }
}

/** One builder factory per column type: a new plan type does not compile until it has a builder. */
export const COLUMN_BUILDERS: { readonly [T in ColumnType]: (capacity: number) => ColumnBuilder } = {
  string: (c) => new Utf8Builder('string', c),
  int: (c) => new FixedBuilder('int', c, (n) => new Int32Array(n), (a, i, v) => (a[i] = v as number)),
  long: (c) => new Int64Builder('long', c),
  double: (c) => new FixedBuilder('double', c, (n) => new Float64Array(n), (a, i, v) => (a[i] = v as number)),
  boolean: (c) => new BoolBuilder('boolean', c),
  timestamp: (c) => new Int64Builder('timestamp', c),
  date: (c) => new FixedBuilder('date', c, (n) => new Int32Array(n), (a, i, v) => (a[i] = v as number)),
};
