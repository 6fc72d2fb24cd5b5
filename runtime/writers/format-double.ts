// Doubles as Java's Double.toString writes them (1.0, 0.30000000000000004, 1.0E20, 1.0E-5, NaN, Infinity):
// plain notation for 10^-3 <= |x| < 10^7, else d.dddE±n, always a digit after the point.
import { javaDigits } from './java-double-digits.ts';

export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const { digits, decExponent: e } = javaDigits(Math.abs(x));
  if (e > 0 && e < 8) {
    if (digits.length <= e) return `${sign}${digits.padEnd(e, '0')}.0`;
    return `${sign}${digits.slice(0, e)}.${digits.slice(e)}`;
  }
  if (e <= 0 && e > -3) return `${sign}0.${'0'.repeat(-e)}${digits}`;
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${e - 1}`;
}
