// A hash map keyed by byte ranges (open addressing, FNV-1a): groups rows by a text column without making a
// string per row. Keys are copied into one arena; each entry has a hit count and a bytes sum.

export class ByteKeyMap {
  private slots = new Int32Array(1 << 14).fill(-1);
  private hashes = new Int32Array(1024);
  private starts = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private arena = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  hits = new Float64Array(1024);
  bytes = new Float64Array(1024);
  seen = new Uint8Array(1024);
  size = 0;

  /** The entry of key [s, e), added (zeroed) when new. */
  entry(buf: Buffer, s: number, e: number): number {
    let h = 0x811c9dc5 | 0;
    for (let p = s; p < e; p++) h = Math.imul(h ^ buf[p], 0x01000193);
    const mask = this.slots.length - 1;
    const len = e - s;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const idx = this.slots[i];
      if (idx < 0) {
        this.slots[i] = this.add(buf, s, e, h);
        if (this.size * 2 > this.slots.length) this.rehash();
        return this.size - 1;
      }
      if (this.hashes[idx] === h && this.lengths[idx] === len && this.same(idx, buf, s, len)) return idx;
    }
  }

  key(idx: number): string {
    return this.arena.toString('utf8', this.starts[idx], this.starts[idx] + this.lengths[idx]);
  }

  private same(idx: number, buf: Buffer, s: number, len: number): boolean {
    const a = this.arena;
    const k = this.starts[idx];
    for (let j = 0; j < len; j++) if (a[k + j] !== buf[s + j]) return false;
    return true;
  }

  private add(buf: Buffer, s: number, e: number, h: number): number {
    const n = this.size;
    if (n === this.hashes.length) this.grow();
    if (this.used + (e - s) > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + (e - s)));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    buf.copy(this.arena, this.used, s, e);
    this.hashes[n] = h;
    this.starts[n] = this.used;
    this.lengths[n] = e - s;
    this.used += e - s;
    this.size = n + 1;
    return n;
  }

  private grow(): void {
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.hashes = g(this.hashes);
    this.starts = g(this.starts);
    this.lengths = g(this.lengths);
    this.hits = g(this.hits);
    this.bytes = g(this.bytes);
    this.seen = g(this.seen);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let idx = 0; idx < this.size; idx++) {
      let i = this.hashes[idx] & mask;
      while (slots[i] >= 0) i = (i + 1) & mask;
      slots[i] = idx;
    }
    this.slots = slots;
  }
}
