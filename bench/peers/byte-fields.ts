// Field conversions on bytes for the scanner peer: CLF time, bytes, `-` as null and the request-line split,
// each with the meaning of plan/formats.ts.
import { clfInstant } from './clf-time-text.ts';
import { WS } from './byte-line-parser.ts';

const LONG_MAX = 2n ** 63n - 1n;
const MONTH_KEYS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map(
  (m) => (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2),
);

/** Two ASCII digits at p as a number, or -1. */
function two(buf: Buffer, p: number): number {
  const a = buf[p] - 48;
  const b = buf[p + 1] - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** UTC ms of `dd/MMM/yyyy:HH:mm:ss ±hhmm` in [s, e), or NaN (bad-time). */
export function clfTimeMs(buf: Buffer, s: number, e: number): number {
  if (e - s !== 26 || buf[s + 2] !== 47 || buf[s + 6] !== 47 || buf[s + 11] !== 58 || buf[s + 14] !== 58 || buf[s + 17] !== 58 || buf[s + 20] !== 32) {
    return NaN;
  }
  const month = MONTH_KEYS.indexOf((buf[s + 3] << 16) | (buf[s + 4] << 8) | buf[s + 5]) + 1;
  const sign = buf[s + 21] === 43 ? 1 : buf[s + 21] === 45 ? -1 : 0;
  const d = two(buf, s), y1 = two(buf, s + 7), y2 = two(buf, s + 9), h = two(buf, s + 12), mi = two(buf, s + 15), sec = two(buf, s + 18);
  const oh = two(buf, s + 22), om = two(buf, s + 24);
  if (month === 0 || sign === 0 || (d | y1 | y2 | h | mi | sec | oh | om) < 0 || om > 59) return NaN;
  return clfInstant(y1 * 100 + y2, month, d, h, mi, sec, sign * (oh * 60 + om));
}

export const isDash = (buf: Buffer, s: number, e: number): boolean => e - s === 1 && buf[s] === 45;

/** Bytes in [s, e) (`-` or digits, as matched): null for `-`, undefined past 64 bits (bad-number). */
export function bytesValue(buf: Buffer, s: number, e: number): number | null | undefined {
  if (buf[s] === 45) return null;
  if (e - s > 15) {
    const big = BigInt(buf.toString('latin1', s, e));
    if (big > LONG_MAX) return undefined;
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('a bytes value past 2^53: this peer keeps numbers as doubles');
    return Number(big);
  }
  let v = 0;
  for (let p = s; p < e; p++) v = v * 10 + buf[p] - 48;
  return v;
}

export const digitsValue = (buf: Buffer, s: number, e: number): number => {
  let v = 0;
  for (let p = s; p < e; p++) v = v * 10 + buf[p] - 48;
  return v;
};

/**
 * Splits the request [s, e) with `^(\S+) (\S+)(?: (\S+))?$` into r = method, path, protocol ranges (start, end;
 * -1 for null). When it does not match: method and protocol null, path the whole request (null if `-`).
 */
export function splitRequest(buf: Buffer, s: number, e: number, r: Int32Array): void {
  let p = s;
  while (p < e && WS[buf[p]] === 0) p++;
  if (p > s && p < e && buf[p] === 32) {
    const pathStart = ++p;
    while (p < e && WS[buf[p]] === 0) p++;
    if (p > pathStart) {
      let protoStart = -1;
      if (p < e && buf[p] === 32) {
        let k = p + 1;
        while (k < e && WS[buf[k]] === 0) k++;
        if (k === e && k > p + 1) protoStart = p + 1;
      }
      if (p === e || protoStart >= 0) {
        r[0] = s, r[1] = pathStart - 1, r[2] = pathStart, r[3] = p;
        r[4] = protoStart, r[5] = protoStart >= 0 ? e : -1;
        return;
      }
    }
  }
  r[0] = r[1] = r[4] = r[5] = -1;
  if (isDash(buf, s, e)) r[2] = r[3] = -1;
  else (r[2] = s), (r[3] = e);
}
