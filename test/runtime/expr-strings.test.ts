// String kernels in UTF-16 code units, regexExtract with Java regex meaning, splitPart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, col, lit, type ColumnType, type Expr, type FnName } from '../../plan/index.ts';
import { evalExpr, SITE } from './support/eval-expr.ts';
import { compileExpr } from '../../runtime/expr/compile-expr.ts';
import { JobError } from '../../plan/index.ts';

const s = col('s', 'string');
const on = (e: Expr, values: (string | null)[]) => evalExpr(e, { s: 'string' }, values.map((v) => [v]));
const fn1 = (fn: FnName, type: ColumnType) => call(fn, [s], type);
const TEXT = fc.string({ unit: fc.constantFrom('a', 'B', ' ', ',', '"', '\n', 'é', '\u{1F600}', '\uFF5E', '-', '/') });

describe('string functions', () => {
  it('lower/upper/length count UTF-16 code units and propagate null', () => {
    expect(on(fn1('upper', 'string'), ['abc é', null])).toEqual(['ABC É', null]);
    expect(on(fn1('lower', 'string'), ['ÀB', ''])).toEqual(['àb', '']);
    expect(on(fn1('length', 'int'), ['\u{1F600}', 'ab', '', null])).toEqual([2, 2, 0, null]);
  });

  it('trim removes U+0020 only', () => {
    expect(on(fn1('trim', 'string'), ['  a b  ', '\ta\t', ' \u00a0x ', '   '])).toEqual(['a b', '\ta\t', '\u00a0x', '']);
  });

  it('substring: 0-based start, clipped window', () => {
    const sub = (start: number, len: number) => call('substring', [s, lit(start, 'int'), lit(len, 'int')], 'string');
    expect(on(sub(1, 2), ['hello', 'h', null])).toEqual(['el', '', null]);
    expect(on(sub(3, 100), ['hello'])).toEqual(['lo']);
    expect(on(sub(-2, 4), ['hello'])).toEqual(['he']);
    expect(on(sub(2, -1), ['hello'])).toEqual(['']);
    fc.assert(
      fc.property(TEXT, fc.integer({ min: -5, max: 20 }), fc.integer({ min: -5, max: 20 }), (text, start, len) => {
        const [got] = on(sub(start, len), [text]);
        // Reference: the code units at positions start..start+len-1 that exist.
        let want = '';
        for (let i = start; i < start + len; i++) if (i >= 0 && i < text.length) want += text[i];
        // Arrow holds UTF-8, where a surrogate cut in half becomes U+FFFD.
        expect(got).toBe(new TextDecoder().decode(new TextEncoder().encode(want)));
      }),
    );
  });

  it('concat is null when any part is null', () => {
    const e = call('concat', [s, lit('-', 'string'), col('t', 'string')], 'string');
    expect(evalExpr(e, { s: 'string', t: 'string' }, [['a', 'b'], ['a', null], [null, 'b'], ['', '']])).toEqual(['a-b', null, null, '-']);
  });

  it('startsWith, endsWith, contains', () => {
    const rows = [['/a/b', '/a'], ['/a/b', 'b'], ['x', ''], [null, 'x']];
    const e = (fn: FnName) => evalExpr(call(fn, [s, col('t', 'string')], 'boolean'), { s: 'string', t: 'string' }, rows);
    expect(e('startsWith')).toEqual([true, false, true, null]);
    expect(e('endsWith')).toEqual([false, true, true, null]);
    expect(e('contains')).toEqual([true, true, true, null]);
  });
});

describe('matches', () => {
  const m = (p: string) => call('matches', [s, lit(p, 'string')], 'boolean');
  it('is true only when the pattern matches the whole string; null for null', () => {
    expect(on(m('a+'), ['aaa', 'aab', 'baa', '', null])).toEqual([true, false, false, false, null]);
    expect(on(m('a|ab'), ['ab', 'a', 'abc'])).toEqual([true, true, false]);
    expect(on(m('x*'), [''])).toEqual([true]);
    expect(on(m('/api/v[0-9]+/.*'), ['/api/v2/users', '/api/v/x', 'x/api/v2/'])).toEqual([true, false, false]);
  });
  it('means what Java means: . is one code point and no line terminator; \\s is ASCII whitespace', () => {
    expect(on(m('a.b'), ['a\u{1F600}b', 'a\nb', 'a\u0085b'])).toEqual([true, false, false]);
    expect(on(m('a\\sb'), ['a\tb', 'a\u00a0b'])).toEqual([true, false]);
    expect(on(m('abc'), ['abc\n'])).toEqual([false]);
  });
  it('refuses a pattern whose meaning differs between Java and JavaScript, and a bad pattern', () => {
    for (const p of ['a$', '\\bword', '\\Aa', '(?i)a', '[a[b]]', '[a&&b]', 'a*+', '[]a]', '\\p{L}', '\\1', '\u{1F600}+', 'a{', 'a{x}']) {
      expect(() => compileExpr(m(p), SITE), p).toThrow(/refused/);
    }
    expect(() => compileExpr(m('('), SITE)).toThrow(JobError);
  });
});

describe('regexExtract', () => {
  const re = (p: string, g: number) => call('regexExtract', [s, lit(p, 'string'), lit(g, 'int')], 'string');
  it('returns the group of the first match, null without a match or when the group did not take part', () => {
    expect(on(re('(\\d+)-(\\d+)', 2), ['a 12-34 56-78', 'none', null])).toEqual(['34', null, null]);
    expect(on(re('(a)|(b)', 1), ['b'])).toEqual([null]);
    expect(on(re('x*', 0), ['abc'])).toEqual(['']);
  });
  it('means what Java means by \\s and . (ASCII whitespace; no match across U+0085)', () => {
    expect(on(re('a(\\s)b', 1), ['a\u00a0b', 'a\tb'])).toEqual([null, '\t']);
    expect(on(re('(a.b)', 1), ['a\u0085b', 'a\u00e9b'])).toEqual([null, 'a\u00e9b']);
  });
  it('rejects a bad pattern or a missing group at the plan site', () => {
    expect(() => compileExpr(re('(', 1), SITE)).toThrow(JobError);
    expect(() => compileExpr(re('(a)', 2), SITE)).toThrow(/group 2 does not exist/);
  });
});

describe('splitPart', () => {
  const part = (sep: string, n: number) => call('splitPart', [s, lit(sep, 'string'), lit(n, 'int')], 'string');
  it('keeps empty parts, is 1-based, null past the end', () => {
    expect(on(part('/', 1), ['/a//b', 'x', null])).toEqual(['', 'x', null]);
    expect(on(part('/', 3), ['/a//b', 'x'])).toEqual(['', null]);
    expect(on(part('/', 4), ['/a//b'])).toEqual(['b']);
    expect(on(part('?', 1), ['/p?q=1', '/p'])).toEqual(['/p', '/p']);
    expect(on(part('/', 0), ['a/b'])).toEqual([null]);
  });
  it('matches a reference split on the literal separator', () => {
    fc.assert(
      fc.property(TEXT, fc.constantFrom('/', ',', '--', '.', '\u{1F600}'), fc.integer({ min: 1, max: 6 }), (text, sep, n) => {
        const parts = text.split(sep);
        expect(on(part(sep, n), [text])).toEqual([n <= parts.length ? parts[n - 1] : null]);
      }),
    );
  });
});
