// Three-valued and/or/not, null tests, coalesce and case.
import { describe, expect, it } from 'vitest';
import { call, caseWhen, col, lit, type Expr } from '../../plan/index.ts';
import { evalExpr } from './support/eval-expr.ts';
import type { Value } from './support/memory-tables.ts';

const B = [true, false, null] as const;
const pairs: Value[][] = B.flatMap((a) => B.map((b) => [a, b]));
const both = (fn: 'and' | 'or') => evalExpr(call(fn, [col('a', 'boolean'), col('b', 'boolean')], 'boolean'), { a: 'boolean', b: 'boolean' }, pairs);

describe('three-valued logic', () => {
  it('and: false wins over null', () => {
    // rows: TT TF TN FT FF FN NT NF NN
    expect(both('and')).toEqual([true, false, null, false, false, false, null, false, null]);
  });
  it('or: true wins over null', () => {
    expect(both('or')).toEqual([true, true, true, true, false, null, true, null, null]);
  });
  it('not null is null; isNull and isNotNull never are', () => {
    const rows = B.map((b) => [b]);
    expect(evalExpr(call('not', [col('a', 'boolean')], 'boolean'), { a: 'boolean' }, rows)).toEqual([false, true, null]);
    expect(evalExpr(call('isNull', [col('a', 'boolean')], 'boolean'), { a: 'boolean' }, rows)).toEqual([false, false, true]);
    expect(evalExpr(call('isNotNull', [col('a', 'boolean')], 'boolean'), { a: 'boolean' }, rows)).toEqual([true, true, false]);
  });
  it('coalesce takes the first non-null, widening numbers', () => {
    const e = call('coalesce', [col('a', 'int'), col('b', 'long'), lit(7, 'int')], 'long');
    expect(evalExpr(e, { a: 'int', b: 'long' }, [[1, 2n], [null, 2n], [null, null]])).toEqual([1n, 2n, 7n]);
  });
});

describe('case', () => {
  const x = col('x', 'int');
  const gt = (n: number): Expr => call('gt', [x, lit(n, 'int')], 'boolean');
  it('takes the first true branch; a null condition is not true', () => {
    const e = caseWhen([{ when: gt(10), then: lit('big', 'string') }, { when: gt(0), then: lit('small', 'string') }], lit('none', 'string'), 'string');
    expect(evalExpr(e, { x: 'int' }, [[11], [5], [0], [null]])).toEqual(['big', 'small', 'none', 'none']);
  });
  it('widens branch values and keeps null branches null', () => {
    const e = caseWhen([{ when: gt(0), then: col('y', 'long') }], lit(null, 'int'), 'long');
    expect(evalExpr(e, { x: 'int', y: 'long' }, [[1, 5n], [1, null], [-1, 5n]])).toEqual([5n, null, null]);
    const d = caseWhen([{ when: gt(0), then: lit(1, 'int') }], lit(0.5, 'double'), 'double');
    expect(evalExpr(d, { x: 'int' }, [[3], [-3]])).toEqual([1, 0.5]);
  });
});
