// An output buffer that row encoders write bytes into, handed to the file in chunks of about CHUNK_BYTES:
// no string per row or per batch, and memory bounded by a chunk plus the longest row.
import type { TextFile } from './text-file.ts';

const CHUNK_BYTES = 1 << 20;

export class ByteOutput {
  buf: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  pos = 0;

  /** Room for n more bytes (a row longer than a chunk grows the buffer). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  get full(): boolean {
    return this.pos >= CHUNK_BYTES;
  }

  /** Writes the bytes so far to the file; the file keeps the buffer, so a fresh one is started. */
  async flush(file: TextFile): Promise<void> {
    if (this.pos === 0) return;
    const done = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, this.buf.length >= 2 * CHUNK_BYTES ? CHUNK_BYTES : this.buf.length));
    this.pos = 0;
    await file.writeBytes(done);
  }

  /** An ASCII string (number and time texts). */
  ascii(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  /** Any string, UTF-8 encoded. */
  utf8(s: string): void {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Bytes [s, e) of src. */
  copy(src: Buffer, s: number, e: number): void {
    const n = e - s;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    // A native copy costs more than a short loop.
    if (n < 24) for (let k = s; k < e; k++) buf[p++] = src[k];
    else p += src.copy(buf, p, s, e);
    this.pos = p;
  }
}
