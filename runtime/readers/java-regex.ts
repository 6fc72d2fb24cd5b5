// Compiles the plan's Java/JavaScript-common regexes so that JavaScript matches exactly what Java matches:
// `\s`, `\S` and `.` differ between the two (JavaScript's `\s` is Unicode whitespace; its `.` matches U+0085
// and, without the u flag, half of a surrogate pair).
import { JobError } from '../../plan/index.ts';

/** Java's `\s`: ASCII whitespace only. */
const SPACE = ' \\t\\n\\x0B\\f\\r';
/**
 * Java's `.` without DOTALL: one code point but its line terminators. A surrogate pair is one code point, so
 * `.` takes both halves or neither (no backtracking into the middle of a pair); a lone surrogate is one too.
 */
const DOT =
  '(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^\\n\\r\\u0085\\u2028\\u2029\\uD800-\\uDFFF]' +
  '|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF])';

/** Rewrites a regex source so that a JavaScript RegExp (no flags) means what `java.util.regex` means. */
export function javaRegexSource(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1];
      i++;
      if (next === 's') out += inClass ? SPACE : `[${SPACE}]`;
      else if (next === 'S') {
        if (inClass) throw new JobError('plan', `regex ${JSON.stringify(source)}: \\S inside [...] is not supported`);
        out += `[^${SPACE}]`;
      } else out += c + (next ?? '');
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else out += c === '.' ? DOT : c;
  }
  return out;
}

export function javaRegex(source: string): RegExp {
  return new RegExp(javaRegexSource(source));
}
