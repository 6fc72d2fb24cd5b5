// formatDouble against Java 17's Double.toString and the documented examples.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDouble } from '../../runtime/writers/format-double.ts';

// Expected strings were produced by java.lang.Double.toString on OpenJDK 17 (see the fixture's header).
const fixture = JSON.parse(readFileSync(new URL('./fixtures/java-double-tostring.json', import.meta.url), 'utf8')) as {
  cases: [string, string][];
};
const fromBits = (hex: string) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, BigInt(`0x${hex}`));
  return v.getFloat64(0);
};

describe('formatDouble', () => {
  it('writes what Java 17 Double.toString writes for every fixture value', () => {
    expect(fixture.cases.length).toBeGreaterThan(400);
    const wrong = fixture.cases.filter(([bits, java]) => formatDouble(fromBits(bits)) !== java);
    expect(wrong).toEqual([]);
  });

  it('spells the special values and the documented examples', () => {
    expect(formatDouble(1)).toBe('1.0');
    expect(formatDouble(1e20)).toBe('1.0E20');
    expect(formatDouble(1e-5)).toBe('1.0E-5');
    expect(formatDouble(NaN)).toBe('NaN');
    expect(formatDouble(Infinity)).toBe('Infinity');
    expect(formatDouble(-Infinity)).toBe('-Infinity');
    expect(formatDouble(0)).toBe('0.0');
    expect(formatDouble(-0)).toBe('-0.0');
    expect(formatDouble(0.1 + 0.2)).toBe('0.30000000000000004');
  });

  it('reads back to the same double, in Java notation', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = formatDouble(x);
        expect(Object.is(Number(s), x)).toBe(true);
        const a = Math.abs(x);
        if (a >= 1e-3 && a < 1e7) expect(s).toMatch(/^-?\d+\.\d+$/);
        else if (x !== 0) expect(s).toMatch(/^-?\d\.\d+E-?\d+$/);
      }),
      { numRuns: 5000 },
    );
  });
});
