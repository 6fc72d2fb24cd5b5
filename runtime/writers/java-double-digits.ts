// The decimal digits Java 17 (the JVM of EMR 7, Pig and Spark here) prints for a double: its
// Double.toString is not always the shortest round-trip form (e.g. 2^60 prints 1.15292150460684698E18),
// so this reproduces its digit generation (a Steele & White free-format loop with fixed-width fast paths).
// BigInt stands in for Java's int/long/big-integer arithmetic; the fixed-width paths wrap like Java's.

/** |x| = 0.d1d2…dn × 10^decExponent, digits as Java generates them (trailing zeros possible after a carry). */
export interface JavaDigits {
  readonly digits: string;
  readonly decExponent: number;
}

const POW5: bigint[] = Array.from({ length: 400 }, (_, i) => 5n ** BigInt(i));
/** Bit lengths of 5^i for the i Java tabulates (0..26); beyond, Java estimates 3 bits per factor. */
const N5BITS = POW5.slice(0, 27).map((p) => (p === 1n ? 0 : p.toString(2).length));
const pow5 = (i: number) => POW5[i] ?? 5n ** BigInt(i);

const view = new DataView(new ArrayBuffer(8));

function trailingZeros(v: bigint): number {
  let n = 0;
  while ((v & 1n) === 0n) {
    v >>= 1n;
    n++;
  }
  return n;
}

/** floor of Java's estimate of log10 of the value (from mantissa bits and binary exponent). */
function estimateDecExp(fract: bigint, binExp: number): number {
  view.setBigUint64(0, 0x3ff0000000000000n | (fract & 0xfffffffffffffn));
  const d2 = view.getFloat64(0);
  return Math.floor((d2 - 1.5) * 0.289529654 + 0.176091259 + binExp * 0.301029995663981);
}

/** Digits of an integer value after rounding off `insignificant` low digits (half up). */
function longDigits(value: bigint, insignificant: number): JavaDigits {
  let decExponent = 0;
  if (insignificant !== 0) {
    const pow10 = 10n ** BigInt(insignificant);
    const residue = value % pow10;
    value /= pow10;
    decExponent += insignificant;
    if (residue >= pow10 >> 1n) value++;
  }
  let s = value.toString();
  const stripped = s.replace(/0+$/, '');
  decExponent += s.length;
  s = stripped;
  return { digits: s, decExponent };
}

function roundUp(digits: number[], decExponent: number): JavaDigits {
  let i = digits.length - 1;
  while (digits[i] === 9 && i > 0) digits[i--] = 0;
  if (digits[i] === 9) {
    digits[0] = 1;
    return { digits: digits.join(''), decExponent: decExponent + 1 };
  }
  digits[i]++;
  return { digits: digits.join(''), decExponent };
}

/** Java's digit generation for a finite, positive double. */
export function javaDigits(x: number): JavaDigits {
  view.setFloat64(0, x);
  const raw = view.getBigUint64(0);
  let fract = raw & 0xfffffffffffffn;
  let binExp = Number(raw >> 52n);
  let nSignificantBits = 53;
  if (binExp === 0) {
    const lz = 64 - fract.toString(2).length;
    const shift = lz - 11;
    fract <<= BigInt(shift);
    binExp = 1 - shift;
    nSignificantBits = 64 - lz;
  } else fract |= 1n << 52n;
  binExp -= 1023;

  const tailZeros = trailingZeros(fract);
  const nFractBits = 53 - tailZeros;
  const nTinyBits = Math.max(0, nFractBits - binExp - 1);
  // Integers below 2^63: the exact digits, less those finer than the double's precision.
  if (binExp <= 62 && binExp >= -21 && nTinyBits === 0 && nFractBits + N5BITS[0] < 64) {
    const insignificant = binExp > nSignificantBits ? insignificantDigitsForPow2(binExp - nSignificantBits - 1) : 0;
    const value = binExp >= 52 ? fract << BigInt(binExp - 52) : fract >> BigInt(52 - binExp);
    return longDigits(value, insignificant);
  }

  let decExp = estimateDecExp(fract, binExp);
  const B5 = Math.max(0, -decExp);
  let B2 = B5 + nTinyBits + binExp;
  const S5 = Math.max(0, decExp);
  let S2 = S5 + nTinyBits;
  const M5 = B5;
  let M2 = B2 - nSignificantBits;
  fract >>= BigInt(tailZeros);
  B2 -= nFractBits - 1;
  const common = Math.min(B2, S2);
  B2 -= common;
  S2 -= common;
  M2 -= common;
  // At a power of two the next smaller double is half as far away.
  if (nFractBits === 1) M2 -= 1;
  if (M2 < 0) {
    B2 -= M2;
    S2 -= M2;
    M2 = 0;
  }
  const bBits = nFractBits + B2 + (B5 < N5BITS.length ? N5BITS[B5] : B5 * 3);
  const tenSBits = S2 + 1 + (S5 + 1 < N5BITS.length ? N5BITS[S5 + 1] : (S5 + 1) * 3);
  const fixedWidth = bBits < 64 && tenSBits < 64 ? (bBits < 32 && tenSBits < 32 ? 32 : 64) : 0;

  const digits: number[] = [];
  let low: boolean;
  let high: boolean;
  let lowDigitDifference: bigint;
  // Java insists on a digit after the point, so E-form output develops at least two digits.
  const eForm = () => decExp < -3 || decExp >= 8;
  if (fixedWidth) {
    const w = BigInt.asIntN.bind(null, fixedWidth);
    let b = w(w(fract * pow5(B5)) << BigInt(B2));
    const s = w(pow5(S5) << BigInt(S2));
    let m = w(pow5(M5) << BigInt(M2));
    const tens = w(s * 10n);
    let q = b / s;
    b = w(10n * (b % s));
    m = w(m * 10n);
    low = b < m;
    high = w(b + m) > tens;
    if (q === 0n && !high) decExp--;
    else digits.push(Number(q));
    if (eForm()) high = low = false;
    while (!low && !high) {
      q = b / s;
      b = w(10n * (b % s));
      m = w(m * 10n);
      if (m > 0n) {
        low = b < m;
        high = w(b + m) > tens;
      } else low = high = true;
      digits.push(Number(q));
    }
    lowDigitDifference = w(w(b << 1n) - tens);
  } else {
    const S = pow5(S5) << BigInt(S2);
    let B = (fract * pow5(B5)) << BigInt(B2);
    let M = pow5(M5 + 1) << BigInt(M2 + 1);
    const tenS = S * 10n;
    let q = B / S;
    B = (B % S) * 10n;
    low = B < M;
    high = B + M >= tenS;
    if (q === 0n && !high) decExp--;
    else digits.push(Number(q));
    if (eForm()) high = low = false;
    while (!low && !high) {
      q = B / S;
      B = (B % S) * 10n;
      M *= 10n;
      low = B < M;
      high = B + M >= tenS;
      digits.push(Number(q));
    }
    const twice = B << 1n;
    lowDigitDifference = high && low ? (twice > tenS ? 1n : twice < tenS ? -1n : 0n) : 0n;
  }
  const decExponent = decExp + 1;
  const last = digits[digits.length - 1];
  const up = high && (!low || lowDigitDifference > 0n || (lowDigitDifference === 0n && (last & 1) === 1));
  return up ? roundUp(digits, decExponent) : { digits: digits.join(''), decExponent };
}

/** Decimal digits of 2^p2 minus one: how many low digits of such an integer carry no information. */
function insignificantDigitsForPow2(p2: number): number {
  return p2 > 1 && p2 < 64 ? (2n ** BigInt(p2)).toString().length - 1 : 0;
}
