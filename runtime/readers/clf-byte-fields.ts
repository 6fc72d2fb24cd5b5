// Field conversions on the bytes of a matched Common/Combined line, for the fast path of the log reader:
// the CLF time, unsigned decimal digits and the request-line split, each meaning exactly what
// log-field-conversions.ts and log-line-parser.ts mean on the decoded text.
import { daysFromCivil, daysInMonth, MS_PER_DAY } from '../expr/civil-time.ts';
import { JAVA_SPACE } from './clf-byte-matcher.ts';

/** `MMM` month names as three bytes in one number, January first. */
export const MONTH_KEYS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map(
  (m) => (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2),
);

/** Two ASCII digits at p as a number, or -1. */
export function two(buf: Buffer, p: number): number {
  const a = buf[p] - 48;
  const b = buf[p + 1] - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days of the last few distinct `dd/MMM/yyyy` texts: logs mix a handful of offsets, so of local dates. */
const DAY_SLOTS = 4;

/**
 * `dd/MMM/yyyy:HH:mm:ss ±hhmm` in [s, e) as UTC ms, or NaN where parseClfTime gives null. Accepted texts
 * are all ASCII, so they are the same text as the decoded one. The epoch days of the last few dates seen
 * are kept: consecutive lines nearly always share one, so the month lookup and calendar arithmetic are
 * skipped for almost every line.
 */
export class ClfTimeBytes {
  private readonly keys = new Uint8Array(DAY_SLOTS * 11);
  private readonly days = new Float64Array(DAY_SLOTS);
  private used = 0;
  private nextSlot = 0;

  ms(buf: Buffer, s: number, e: number): number {
    if (e - s !== 26 || buf[s + 2] !== 47 || buf[s + 6] !== 47 || buf[s + 11] !== 58 || buf[s + 14] !== 58 || buf[s + 17] !== 58 || buf[s + 20] !== 32) {
      return NaN;
    }
    const h = two(buf, s + 12);
    const mi = two(buf, s + 15);
    const sec = two(buf, s + 18);
    const sign = buf[s + 21] === 43 ? 1 : buf[s + 21] === 45 ? -1 : 0;
    const oh = two(buf, s + 22);
    const om = two(buf, s + 24);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN;
    if (sign === 0 || oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) return NaN;
    const day = this.day(buf, s);
    if (Number.isNaN(day)) return NaN;
    return day * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000 - sign * (oh * 60 + om) * 60_000;
  }

  /** Epoch day of the `dd/MMM/yyyy` at s, or NaN when there is no such day. */
  private day(buf: Buffer, s: number): number {
    const keys = this.keys;
    for (let k = 0; k < this.used; k++) {
      const o = k * 11;
      let same = true;
      for (let j = 0; j < 11; j++) {
        if (buf[s + j] !== keys[o + j]) {
          same = false;
          break;
        }
      }
      if (same) return this.days[k];
    }
    const day = civilDay(buf, s);
    if (Number.isNaN(day)) return NaN;
    const k = this.nextSlot;
    this.nextSlot = (k + 1) % DAY_SLOTS;
    this.used = Math.max(this.used, k + 1);
    for (let j = 0; j < 11; j++) keys[k * 11 + j] = buf[s + j];
    this.days[k] = day;
    return day;
  }
}

/** Epoch day of `dd/MMM/yyyy` at s, or NaN (no such month or day). */
function civilDay(buf: Buffer, s: number): number {
  const month = MONTH_KEYS.indexOf((buf[s + 3] << 16) | (buf[s + 4] << 8) | buf[s + 5]) + 1;
  const d = two(buf, s);
  const y1 = two(buf, s + 7);
  const y2 = two(buf, s + 9);
  if (month === 0 || d < 0 || y1 < 0 || y2 < 0) return NaN;
  const y = y1 * 100 + y2;
  if (d < 1 || d > daysInMonth(y, month)) return NaN;
  return daysFromCivil(y, month, d);
}

/** The value of the ASCII digits [s, e) (at most 15 of them, so that it is exact). */
export function digitsValue(buf: Buffer, s: number, e: number): number {
  let v = 0;
  for (let p = s; p < e; p++) v = v * 10 + buf[p] - 48;
  return v;
}

/**
 * Splits the request [s, e) with `^(\S+) (\S+)(?: (\S+))?$` into `r`: method, path, protocol ranges
 * (start, end; -1 for null). When it does not match: method and protocol null, the path the whole request
 * (null if it is `-`).
 */
export function splitRequest(buf: Buffer, s: number, e: number, r: Int32Array): void {
  let p = s;
  while (p < e && JAVA_SPACE[buf[p]] === 0) p++;
  if (p > s && p < e && buf[p] === 32) {
    const pathStart = ++p;
    while (p < e && JAVA_SPACE[buf[p]] === 0) p++;
    if (p > pathStart) {
      let protoStart = -1;
      if (p < e && buf[p] === 32) {
        let k = p + 1;
        while (k < e && JAVA_SPACE[buf[k]] === 0) k++;
        if (k === e && k > p + 1) protoStart = p + 1;
      }
      if (p === e || protoStart >= 0) {
        r[0] = s;
        r[1] = pathStart - 1;
        r[2] = pathStart;
        r[3] = p;
        r[4] = protoStart;
        r[5] = protoStart >= 0 ? e : -1;
        return;
      }
    }
  }
  r[0] = r[1] = r[4] = r[5] = -1;
  if (e - s === 1 && buf[s] === 45) r[2] = r[3] = -1;
  else {
    r[2] = s;
    r[3] = e;
  }
}
