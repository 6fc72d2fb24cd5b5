// round half away from zero on the decimal text, floor/ceil/abs, and every cast of docs/semantics.md.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, cast, col, lit, type ColumnType } from '../../plan/index.ts';
import { evalExpr } from './support/eval-expr.ts';
import type { Value } from './support/memory-tables.ts';

const round = (type: ColumnType, d: number, values: Value[]) =>
  evalExpr(call('round', [col('x', type), lit(d, 'int')], 'double'), { x: type }, values.map((v) => [v]));
const castOf = (from: ColumnType, to: ColumnType, values: Value[]) => evalExpr(cast(col('x', from), to), { x: from }, values.map((v) => [v]));

describe('round half away from zero on the decimal text', () => {
  it('rounds as written, not as stored', () => {
    expect(round('double', 2, [2.675, 1.005, -2.675, 0.125, 2.5, -2.5, 1.4999999999999998, null])).toEqual([2.68, 1.01, -2.68, 0.13, 2.5, -2.5, 1.5, null]);
    expect(round('double', 0, [2.5, -2.5, 0.5, -0.4, 1e300, NaN, Infinity])).toEqual([3, -3, 1, 0, 1e300, NaN, Infinity]);
    expect(round('double', -2, [1250, 1249.9, -1250])).toEqual([1300, 1200, -1300]);
    expect(round('int', -1, [15, -15, 14, 7])).toEqual([20, -20, 10, 10]);
    expect(round('long', 1, [123n])).toEqual([123]);
  });
  it('agrees with rounding the decimal string by hand', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 3 }), (units, d) => {
        // x has exactly 4 decimals in its shortest text (or fewer), so the reference rounds that text.
        const x = units / 10_000;
        const text = x.toFixed(4);
        const neg = text.startsWith('-');
        const [ip, fp] = text.replace('-', '').split('.');
        let kept = BigInt(ip + fp.slice(0, d));
        if (fp.charCodeAt(d) >= 53) kept += 1n;
        const want = Number(`${kept}e-${d}`) * (neg ? -1 : 1);
        expect(round('double', d, [x])).toEqual([want === 0 ? 0 : want]);
      }),
    );
  });
});

describe('floor, ceil, abs', () => {
  it('floor and ceil return long, like Java (long) casts', () => {
    const f = (fn: 'floor' | 'ceil', values: Value[]) => evalExpr(call(fn, [col('x', 'double')], 'long'), { x: 'double' }, values.map((v) => [v]));
    expect(f('floor', [1.5, -1.5, NaN, 1e30, -1e30, null])).toEqual([1n, -2n, 0n, 2n ** 63n - 1n, -(2n ** 63n), null]);
    expect(f('ceil', [1.5, -1.5, 2])).toEqual([2n, -1n, 2n]);
    expect(evalExpr(call('floor', [col('x', 'int')], 'long'), { x: 'int' }, [[-3]])).toEqual([-3n]);
  });
  it('abs of doubles', () => {
    expect(evalExpr(call('abs', [col('x', 'double')], 'double'), { x: 'double' }, [[-1.5], [-0], [NaN]])).toEqual([1.5, 0, NaN]);
  });
});

describe('casts', () => {
  it('string to int/long: sign and digits, spaces trimmed, out of range null', () => {
    expect(castOf('string', 'int', [' 42 ', '+7', '-0', '2147483647', '2147483648', '1.5', '', '1e3', 'x', null])).toEqual([
      42, 7, 0, 2147483647, null, null, null, null, null, null,
    ]);
    expect(castOf('string', 'long', ['9223372036854775807', '-9223372036854775808', '9223372036854775808', '\t1'])).toEqual([
      2n ** 63n - 1n, -(2n ** 63n), null, null,
    ]);
  });
  it('string to double: decimal and scientific, NaN and Infinity spelled as written', () => {
    expect(castOf('string', 'double', ['1.5', ' -2e3 ', '.5', '5.', 'NaN', '-Infinity', '1,5', 'abc', ''])).toEqual([1.5, -2000, 0.5, 5, NaN, -Infinity, null, null, null]);
  });
  it('double to int/long truncates toward zero and saturates; long to int wraps', () => {
    expect(castOf('double', 'int', [1.9, -1.9, 3e9, -3e9, NaN])).toEqual([1, -1, 2147483647, -2147483648, 0]);
    expect(castOf('double', 'long', [-2.5, 1e19])).toEqual([-2n, 2n ** 63n - 1n]);
    expect(castOf('long', 'int', [2n ** 32n + 5n, -1n])).toEqual([5, -1]);
  });
  it('to string uses the output text forms', () => {
    expect(castOf('double', 'string', [1, 1e20, 0.1, NaN, null])).toEqual(['1.0', '1.0E20', '0.1', 'NaN', null]);
    expect(castOf('boolean', 'string', [true, false])).toEqual(['true', 'false']);
    expect(castOf('timestamp', 'string', [Date.UTC(2015, 4, 17, 10, 5, 3)])).toEqual(['2015-05-17T10:05:03.000Z']);
    expect(castOf('date', 'string', [16572])).toEqual(['2015-05-17']);
    expect(castOf('long', 'string', [-(2n ** 63n)])).toEqual(['-9223372036854775808']);
  });
  it('string to boolean accepts true/false in any case', () => {
    expect(castOf('string', 'boolean', ['TRUE', 'False', 'yes', '1', ''])).toEqual([true, false, null, null, null]);
  });
  it('timestamps and dates convert through UTC days, and parse from ISO text', () => {
    expect(castOf('timestamp', 'date', [Date.UTC(2015, 4, 17, 23, 59), -1])).toEqual([16572, -1]);
    expect(castOf('date', 'timestamp', [16572])).toEqual([Date.UTC(2015, 4, 17)]);
    expect(castOf('string', 'timestamp', ['2015-05-17T10:05:03.000Z', '2015-05-17 10:05:03', '2015-05-17', '2015-13-01', 'x'])).toEqual([
      Date.UTC(2015, 4, 17, 10, 5, 3), Date.UTC(2015, 4, 17, 10, 5, 3), Date.UTC(2015, 4, 17), null, null,
    ]);
    expect(castOf('string', 'date', ['2016-02-29', '2015-02-29'])).toEqual([16860, null]);
  });
  it('to string and back keeps doubles exactly', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const [text] = castOf('double', 'string', [x]);
        expect(castOf('string', 'double', [text])).toEqual([x]);
      }),
    );
  });
});
