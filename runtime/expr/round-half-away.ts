// round(x, d) half away from zero on the decimal text of x (Java's Double.toString digits), as Spark's
// round does through BigDecimal: round(2.675, 2) = 2.68 although the double 2.675 is slightly below it.
import { javaDigits } from '../writers/java-double-digits.ts';

/** Rounds 0.digits × 10^decExponent to d decimal places; null when it has no digit beyond them. */
function roundDigits(digits: string, decExponent: number, d: number): number | null {
  const keep = decExponent + d;
  if (keep >= digits.length) return null;
  if (keep < 0) return 0;
  const up = digits.charCodeAt(keep) >= 53; // '5'
  const kept = BigInt(digits.slice(0, keep) || '0') + (up ? 1n : 0n);
  return Number(`${kept}e${-d}`);
}

export function roundDouble(x: number, d: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  const { digits, decExponent } = javaDigits(Math.abs(x));
  const r = roundDigits(digits, decExponent, d);
  return r === null ? x : r === 0 ? 0 : x < 0 ? -r : r;
}

/** round of an int or long: exact digits, so only negative d changes the value. */
export function roundIntegral(v: bigint, d: number): number {
  if (v === 0n || d >= 0) return Number(v);
  const text = (v < 0n ? -v : v).toString();
  const r = roundDigits(text, text.length, d);
  return r === null ? Number(v) : r === 0 ? 0 : v < 0n ? -r : r;
}
