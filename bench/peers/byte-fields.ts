// Field conversions on bytes for the scanner peer: CLF time, bytes, `-` as null and the request-line split,
// each with the meaning of plan/formats.ts.
import { clfInstant } from './clf-time-text.ts';
import { MONTH_KEYS, two } from '../../runtime/readers/clf-byte-fields.ts';

export { digitsValue, splitRequest } from '../../runtime/readers/clf-byte-fields.ts';

const LONG_MAX = 2n ** 63n - 1n;

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

