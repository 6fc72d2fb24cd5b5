// Writes CSV straight from input bytes into a large output buffer (RFC 4180 quoting as the runtime does),
// so the scanner's access-log-to-csv makes no string per row. Invalid UTF-8 is written as U+FFFD, as the
// runtime's decoder does.
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, writeSync } from 'node:fs';

const DAY_MS = 86_400_000;

export class ByteCsvWriter {
  private out = Buffer.allocUnsafe(1 << 22);
  private n = 0;
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  ascii(text: string): void {
    this.room(text.length);
    this.n += this.out.write(text, this.n, 'latin1');
  }

  byte(b: number): void {
    if (this.n === this.out.length) this.flush();
    this.out[this.n++] = b;
  }

  /** A text field from bytes [s, e); quoted when empty or holding `,` `"` CR LF. */
  text(buf: Buffer, s: number, e: number): void {
    let quote = s === e;
    let high = false;
    for (let p = s; p < e; p++) {
      const b = buf[p];
      if (b === 44 || b === 34 || b === 10 || b === 13) quote = true;
      else if (b >= 0x80) high = true;
    }
    if (high && !isUtf8(buf.subarray(s, e))) {
      const fixed = Buffer.from(buf.toString('utf8', s, e), 'utf8');
      return this.text(fixed, 0, fixed.length);
    }
    this.room(2 * (e - s) + 2);
    const out = this.out;
    if (!quote) {
      if (e - s > 24) buf.copy(out, this.n, s, e);
      else for (let p = s, k = this.n; p < e; p++, k++) out[k] = buf[p];
      this.n += e - s;
      return;
    }
    let k = this.n;
    out[k++] = 34;
    for (let p = s; p < e; p++) {
      const b = buf[p];
      out[k++] = b;
      if (b === 34) out[k++] = 34;
    }
    out[k++] = 34;
    this.n = k;
  }

  /** A non-negative integer below 2^53. */
  int(v: number): void {
    this.room(16);
    if (v === 0) {
      this.out[this.n++] = 48;
      return;
    }
    let digits = 0;
    for (let x = v; x > 0; x = Math.floor(x / 10)) digits++;
    let k = this.n + digits;
    this.n = k;
    for (let x = v; x > 0; x = Math.floor(x / 10)) this.out[--k] = 48 + (x % 10);
  }

  /** `yyyy-MM-ddTHH:mm:ss.SSSZ` of epoch ms (years 0000-9999). */
  timestamp(ms: number): void {
    this.room(24);
    const days = Math.floor(ms / DAY_MS);
    let rest = ms - days * DAY_MS;
    // civil_from_days (H. Hinnant)
    const z = days + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const mi = Math.floor(rest / 60_000);
    rest -= mi * 60_000;
    const sec = Math.floor(rest / 1000);
    const milli = rest - sec * 1000;
    const o = this.out;
    let k = this.n;
    k = this.put(k, y, 4), (o[k++] = 45), (k = this.put(k, m, 2)), (o[k++] = 45), (k = this.put(k, d, 2)), (o[k++] = 84);
    k = this.put(k, h, 2), (o[k++] = 58), (k = this.put(k, mi, 2)), (o[k++] = 58), (k = this.put(k, sec, 2)), (o[k++] = 46);
    k = this.put(k, milli, 3), (o[k++] = 90);
    this.n = k;
  }

  /** v as w digits (zero padded) at k; returns the index after them. */
  private put(k: number, v: number, w: number): number {
    for (let i = w - 1; i >= 0; i--, v = Math.floor(v / 10)) this.out[k + i] = 48 + (v % 10);
    return k + w;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private room(k: number): void {
    if (this.n + k <= this.out.length) return;
    this.flush();
    if (k > this.out.length) this.out = Buffer.allocUnsafe(k);
  }

  private flush(): void {
    if (this.n > 0) writeSync(this.fd, this.out, 0, this.n);
    this.n = 0;
  }
}
