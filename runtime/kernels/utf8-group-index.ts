// Group ids of string keys read straight from Arrow UTF-8 data: FNV-1a over the bytes, open addressing,
// keys compared byte by byte. No JS string is made per row, only one per group (for the output).
import type * as arrow from 'apache-arrow';
import type { Scalar } from '../columns/lane.ts';
import { validityOf } from '../columns/validity.ts';

const EMPTY = -1;

const utf8Text = (bytes: Uint8Array, s: number, e: number): string => Buffer.from(bytes.buffer, bytes.byteOffset + s, e - s).toString('utf8');

/** Groups of one string key column, numbered with the aggregate's other groups in first-seen order. */
export class Utf8KeyGroups {
  private readonly index = new Utf8GroupIndex();
  private nullGroup = -1;

  /**
   * Sets gid[i] for each row of `data` (UTF-8 key column); a key seen for the first time gets id `groups`
   * (then groups + 1, ...) and its value is pushed onto `keys`. Returns the new number of groups.
   */
  assign(data: arrow.Data, gid: Int32Array, groups: number, keys: (Scalar | null)[]): number {
    const offsets = data.valueOffsets as Int32Array;
    const bytes = data.values as Uint8Array;
    const valid = validityOf(data);
    const index = this.index;
    for (let i = 0; i < data.length; i++) {
      if (valid !== null && valid[i] === 0) {
        if (this.nullGroup < 0) {
          this.nullGroup = groups++;
          keys.push(null);
        }
        gid[i] = this.nullGroup;
        continue;
      }
      const s = offsets[i];
      const e = offsets[i + 1];
      const g = index.idOf(bytes, s, e, groups);
      if (g === groups) {
        groups++;
        keys.push(utf8Text(bytes, s, e));
      }
      gid[i] = g;
    }
    return groups;
  }
}

class Utf8GroupIndex {
  /** Group id per slot, EMPTY when free; the size is a power of two, at most half full. */
  private slots = new Int32Array(1024).fill(EMPTY);
  private hashes = new Int32Array(256);
  private starts = new Int32Array(257);
  private bytes = new Uint8Array(16 * 1024);
  private ids = new Int32Array(256);
  private count = 0;

  /** The group id of bytes [s, e) of src; a key seen for the first time gets `fresh`. */
  idOf(src: Uint8Array, s: number, e: number, fresh: number): number {
    let h = 0x811c9dc5 | 0;
    for (let p = s; p < e; p++) h = Math.imul(h ^ src[p], 0x01000193);
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const k = this.slots[slot];
      if (k === EMPTY) return this.add(slot, h, src, s, e, fresh);
      if (this.hashes[k] === h && this.sameKey(k, src, s, e)) return this.ids[k];
    }
  }

  private sameKey(k: number, src: Uint8Array, s: number, e: number): boolean {
    const ks = this.starts[k];
    if (this.starts[k + 1] - ks !== e - s) return false;
    const bytes = this.bytes;
    for (let p = s, q = ks; p < e; p++, q++) if (src[p] !== bytes[q]) return false;
    return true;
  }

  private add(slot: number, h: number, src: Uint8Array, s: number, e: number, id: number): number {
    const k = this.count++;
    if (k + 1 >= this.hashes.length) {
      this.hashes = grow(this.hashes, this.hashes.length * 2);
      this.ids = grow(this.ids, this.ids.length * 2);
      this.starts = grow(this.starts, this.starts.length * 2);
    }
    const at = this.starts[k];
    if (at + (e - s) > this.bytes.length) this.bytes = grow(this.bytes, Math.max(this.bytes.length * 2, at + (e - s)));
    this.bytes.set(src.subarray(s, e), at);
    this.starts[k + 1] = at + (e - s);
    this.hashes[k] = h;
    this.ids[k] = id;
    this.slots[slot] = k;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let k = 0; k < this.count; k++) {
      let slot = this.hashes[k] & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = k;
    }
    this.slots = slots;
  }
}

function grow<A extends Int32Array | Uint8Array>(a: A, size: number): A {
  const b = new (a.constructor as new (n: number) => A)(size);
  b.set(a as never);
  return b;
}
