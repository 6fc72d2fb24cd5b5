// The plan's regexes mean in JavaScript what they mean in Java: ASCII `\s`/`\S`, `.` without Java's line terminators.
import { describe, expect, it } from 'vitest';
import { LOG_LINE_PATTERNS } from '../../../plan/index.ts';
import { javaRegex, javaRegexSource } from '../../../runtime/readers/java-regex.ts';

describe('javaRegex', () => {
  it('makes \\s and \\S ASCII-only, as java.util.regex does by default', () => {
    const re = javaRegex('^(\\S+) (\\S+)$');
    // U+00A0 and U+3000 are whitespace to JavaScript's \s but not to Java's
    expect(re.exec('a\u00a0b c\u3000d')?.slice(1)).toEqual(['a\u00a0b', 'c\u3000d']);
    expect(new RegExp('^(\\S+) (\\S+)$').test('a\u00a0b c')).toBe(false);
    expect(javaRegex('^a\\s*$').test('a \t\x0B\f\r')).toBe(true);
    expect(javaRegex('^a\\s*$').test('a\u00a0')).toBe(false);
  });

  it("keeps `.` off Java's line terminators (including U+0085) and leaves escapes and classes alone", () => {
    expect(javaRegex('^a.b$').test('a\u0085b')).toBe(false);
    expect(javaRegex('^a.b$').test('a\u00a0b')).toBe(true);
    expect(javaRegexSource('[^\\]]\\.\\d[.\\s]')).toBe('[^\\]]\\.\\d[. \\t\\n\\x0B\\f\\r]');
    expect(() => javaRegexSource('[\\S]')).toThrow(/not supported/);
  });

  it('compiles every log line pattern', () => {
    for (const p of Object.values(LOG_LINE_PATTERNS)) {
      expect(() => javaRegex(p.regex)).not.toThrow();
      if (p.request) expect(() => javaRegex(p.request!.regex)).not.toThrow();
    }
  });
});
