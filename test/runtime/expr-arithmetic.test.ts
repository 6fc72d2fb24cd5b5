// Arithmetic and comparison kernels: Java wrap-around, div/mod null on zero, three-valued comparisons.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, col, lit, type ColumnType, type FnName } from '../../plan/index.ts';
import { evalExpr } from './support/eval-expr.ts';
import type { Value } from './support/memory-tables.ts';

const INT = fc.oneof(fc.integer(), fc.constantFrom(-2147483648, 2147483647, 0, -1, 1));
const LONG = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n));
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 5 });

function binary(fn: FnName, ta: ColumnType, tb: ColumnType, out: ColumnType, rows: Value[][]): Value[] {
  return evalExpr(call(fn, [col('a', ta), col('b', tb)], out), { a: ta, b: tb }, rows);
}

describe('integer arithmetic wraps like Java', () => {
  const wrap32 = (v: bigint) => Number(BigInt.asIntN(32, v));
  const cases: [FnName, (a: bigint, b: bigint) => bigint][] = [
    ['add', (a, b) => a + b],
    ['sub', (a, b) => a - b],
    ['mul', (a, b) => a * b],
  ];
  for (const [fn, ref] of cases) {
    it(`${fn} on int wraps at 32 bits; nulls propagate`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(nullable(INT), nullable(INT)), { maxLength: 40 }), (rows) => {
          const got = binary(fn, 'int', 'int', 'int', rows);
          expect(got).toEqual(rows.map(([a, b]) => (a === null || b === null ? null : wrap32(ref(BigInt(a), BigInt(b))))));
        }),
      );
    });
    it(`${fn} on long wraps at 64 bits`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(nullable(LONG), nullable(LONG)), { maxLength: 40 }), (rows) => {
          const got = binary(fn, 'long', 'long', 'long', rows);
          expect(got).toEqual(rows.map(([a, b]) => (a === null || b === null ? null : BigInt.asIntN(64, ref(a, b)))));
        }),
      );
    });
  }

  it('int op long is long, computed without losing the int', () => {
    const got = binary('add', 'int', 'long', 'long', [[2147483647, 1n], [-5, 2n ** 63n - 1n]]);
    expect(got).toEqual([2147483648n, 2n ** 63n - 6n]);
  });

  it('neg and abs of MIN_VALUE stay MIN_VALUE', () => {
    for (const fn of ['neg', 'abs'] as const) {
      expect(evalExpr(call(fn, [col('a', 'int')], 'int'), { a: 'int' }, [[-2147483648], [5], [null]])).toEqual([-2147483648, fn === 'neg' ? -5 : 5, null]);
      expect(evalExpr(call(fn, [col('a', 'long')], 'long'), { a: 'long' }, [[-(2n ** 63n)], [-3n]])).toEqual([-(2n ** 63n), fn === 'neg' ? 3n : 3n]);
    }
  });
});

describe('div and mod', () => {
  it('div is floating and null on a zero divisor', () => {
    const rows: Value[][] = [[7, 2], [1, 0], [-1, 0], [0, 0], [null, 3], [3, null], [-7, 2]];
    expect(binary('div', 'int', 'int', 'double', rows)).toEqual([3.5, null, null, null, null, null, -3.5]);
    expect(binary('div', 'double', 'double', 'double', [[1, -0], [NaN, 1], [1, 3]])).toEqual([null, NaN, 1 / 3]);
    expect(binary('div', 'long', 'int', 'double', [[2n ** 62n, 4]])).toEqual([2 ** 60]);
  });

  it('mod takes the sign of the dividend (Java %), null on zero', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(INT, INT), { maxLength: 30 }), (rows) => {
        const got = binary('mod', 'int', 'int', 'int', rows);
        // BigInt % truncates toward zero, as Java's % does.
        expect(got).toEqual(rows.map(([a, b]) => (b === 0 ? null : Number(BigInt(a) % BigInt(b)))));
      }),
    );
    expect(binary('mod', 'int', 'int', 'int', [[-7, 3], [7, -3], [-2147483648, -1]])).toEqual([-1, 1, 0]);
    expect(binary('mod', 'long', 'long', 'long', [[-(2n ** 63n), -1n], [-7n, 0n]])).toEqual([0n, null]);
    expect(binary('mod', 'double', 'double', 'double', [[-7.5, 2], [7.5, -2], [1, 0]])).toEqual([-1.5, 1.5, null]);
  });
});

describe('comparisons', () => {
  const cmp = (fn: FnName, ta: ColumnType, tb: ColumnType, rows: Value[][]) => binary(fn, ta, tb, 'boolean', rows);

  it('compare numbers across types and are null with a null side', () => {
    const rows: Value[][] = [[1, 1n], [2, 1n], [1, 2n], [null, 1n], [1, null]];
    expect(cmp('eq', 'int', 'long', rows)).toEqual([true, false, false, null, null]);
    expect(cmp('lt', 'int', 'long', rows)).toEqual([false, false, true, null, null]);
    expect(cmp('ge', 'int', 'long', rows)).toEqual([true, true, false, null, null]);
    expect(cmp('gt', 'int', 'double', [[1, 0.5], [1, 1.5]])).toEqual([true, false]);
  });

  it('NaN is unordered: only ne holds', () => {
    const rows: Value[][] = [[NaN, NaN], [NaN, 1]];
    for (const fn of ['eq', 'lt', 'le', 'gt', 'ge'] as const) expect(cmp(fn, 'double', 'double', rows)).toEqual([false, false]);
    expect(cmp('ne', 'double', 'double', rows)).toEqual([true, true]);
  });

  it('strings compare by UTF-16 code units', () => {
    // U+1F600 is stored as surrogates D83D DE00, below U+FF5E in UTF-16 but above it in code points.
    const rows: Value[][] = [['\u{1F600}', '\uFF5E'], ['a', 'b'], ['b', 'B'], ['', 'a']];
    expect(cmp('lt', 'string', 'string', rows)).toEqual([true, true, false, true]);
  });

  it('booleans order false before true; timestamps and dates by instant', () => {
    expect(cmp('lt', 'boolean', 'boolean', [[false, true], [true, false], [true, true]])).toEqual([true, false, false]);
    expect(cmp('lt', 'timestamp', 'timestamp', [[-1, 0], [5, 5]])).toEqual([true, false]);
    expect(cmp('le', 'date', 'date', [[-3, -2], [10, 9]])).toEqual([true, false]);
  });

  it('compare against literals', () => {
    const e = call('ge', [col('t', 'timestamp'), lit('2015-05-17T10:05:03.000Z', 'timestamp')], 'boolean');
    const at = Date.UTC(2015, 4, 17, 10, 5, 3);
    expect(evalExpr(e, { t: 'timestamp' }, [[at], [at - 1], [null]])).toEqual([true, false, null]);
  });
});
