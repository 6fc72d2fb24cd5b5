// The printer and names: string literals that survive Pig's preprocessor and parameter substitution,
// comments that stay comments, and identifiers that are never reserved words and never collide.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { str } from '../../../codegen/pig/pig-ast.ts';
import { commentText, pigString, printExpr } from '../../../codegen/pig/pig-printer.ts';
import { helperAlias, isPlainPigName, pigName } from '../../../codegen/pig/pig-names.ts';
import { isPigReserved, PIG_RESERVED_WORDS } from '../../../codegen/pig/pig-reserved-words.ts';
import { doubleText } from '../../../codegen/pig/pig-types.ts';

/** Reads a Pig string literal back the way Pig does: \uXXXX first (preprocessor), then the lexer's escapes. */
function readPigString(literal: string): string {
  if (!literal.startsWith("'") || !literal.endsWith("'")) throw new Error(`not a literal: ${literal}`);
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      // An unescaped quote would end the literal early; an unescaped $ would be substituted.
      if (c === "'" || c === '$') throw new Error(`unescaped ${c} in ${literal}`);
      out += c;
      continue;
    }
    const n = body[++i];
    if (n === 'u') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else out += ({ n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' } as Record<string, string>)[n] ?? `?${n}`;
  }
  return out;
}

const TRICKY = fc.constantFrom("'", '"', '\\', '$', '{', 'x', 'u', '0', '\n', '\r', '\t', ' ', '-', '/', '*', 'é', '😀', '\ue000', '\u0000', '\u2028', '\u007f');

describe('pigString', () => {
  it('escapes quotes, backslashes, $ and line breaks, and writes everything else non-ASCII as \\uXXXX', () => {
    expect(pigString("it's")).toBe("'it\\'s'");
    expect(pigString('a\\b')).toBe("'a\\\\b'");
    expect(pigString('$out ${x}')).toBe("'\\$out \\${x}'");
    expect(pigString('l1\nl2\r\t')).toBe("'l1\\nl2\\r\\t'");
    expect(pigString('é😀')).toBe("'\\u00e9\\ud83d\\ude00'");
    expect(pigString('\\u0041')).toBe("'\\\\u0041'");
  });

  it('is printable ASCII and reads back as the same string (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: TRICKY }), fc.string({ unit: 'binary' })), (s) => {
        const printed = printExpr(str(s));
        expect(printed).toMatch(/^[\x20-\x7e]*$/);
        // Pig's preprocessor would take the quote of `\\'` as escaped and lose track of the literal.
        expect(printed).not.toMatch(/\\'$/);
        // A \u that Pig's preprocessor would decode only ever comes from a \uXXXX escape we wrote.
        const cut = /^SUBSTRING\((.*), 0, (\d+)\)$/.exec(printed);
        expect(cut ? readPigString(cut[1]).slice(0, Number(cut[2])) : readPigString(printed)).toBe(s);
      }),
    );
  });

  it('never ends a literal in a backslash', () => {
    expect(printExpr(str('a\\'))).toBe("SUBSTRING('a\\\\.', 0, 2)");
    expect(() => pigString('a\\')).toThrow(/cannot end in a backslash/);
  });
});

describe('commentText', () => {
  it('keeps a comment on its line and doubles backslashes (Pig decodes \\u even in comments)', () => {
    expect(commentText('a\nb\r\nc\u2028d')).toBe('a b c d');
    expect(commentText('C:\\users\\x')).toBe('C:\\\\users\\\\x');
  });

  it('writes ANSI escapes and other control characters as \\u escapes, never raw', () => {
    expect(commentText('red \u001b[31mX\u001b[0m\ttab\u0000\u009b')).toBe('red \\\\u001b[31mX\\\\u001b[0m\\\\u0009tab\\\\u0000\\\\u009b');
    expect(commentText('\u202eevil')).toBe('\\\\u202eevil');
  });
});

describe('pigName', () => {
  it('keeps plain names and encodes reserved words (any case), punctuation and unicode', () => {
    expect(pigName('host')).toBe('host');
    expect(pigName('status_code2')).toBe('status_code2');
    expect(pigName('group')).toBe('x__group');
    expect(pigName('Group')).toBe('x__Group');
    expect(pigName('my col')).toBe('x__my_20_col');
    expect(pigName('x__y')).toBe('x__x_5f__5f_y');
    expect(pigName('1st')).toBe('x__1st');
    expect(pigName('é')).toBe('x___e9_');
  });

  it('knows the reserved words of Pig 0.17, the Grunt commands and the string operators', () => {
    for (const w of ['group', 'AS', 'By', 'filter', 'store', 'matches', 'input', 'ls', 'set', 'neq', 'bag', 'in']) expect(isPigReserved(w)).toBe(true);
    expect(isPigReserved('host')).toBe(false);
    expect(PIG_RESERVED_WORDS.size).toBeGreaterThan(90);
  });

  it('gives identifiers that are plain, distinct for distinct names, and never a helper alias (property)', () => {
    const name = fc.oneof(fc.string({ unit: TRICKY, minLength: 1 }), fc.string({ minLength: 1 }), fc.constantFrom(...PIG_RESERVED_WORDS, 'x__group', 'x', 'a__b'));
    fc.assert(
      fc.property(name, name, (a, b) => {
        const [pa, pb] = [pigName(a), pigName(b)];
        expect(pa).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
        expect(isPigReserved(pa)).toBe(false);
        if (a !== b) expect(pa).not.toBe(pb);
        expect(helperAlias(pa, 'groups')).not.toBe(pb);
        expect(isPlainPigName(a) ? pa === a : pa.startsWith('x__')).toBe(true);
      }),
    );
  });
});

describe('doubleText', () => {
  it('writes a Java double literal Pig accepts, with the same value', () => {
    expect([0.1, 100, 1e21, 1.5e-7, 5e-324, -0, -2.5].map(doubleText)).toEqual(['0.1', '100.0', '1.0E21', '1.5E-7', '5.0E-324', '-0.0', '-2.5']);
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const t = doubleText(x);
      expect(t).toMatch(/^-?\d+\.\d+(E-?\d+)?$/);
      expect(Object.is(Number(t), x)).toBe(true);
    }));
  });
});
