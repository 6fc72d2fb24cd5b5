// The log regexes of plan/formats.ts are written in the syntax Java and JavaScript share, with Java's
// meaning: `\s`/`\S` are ASCII whitespace and `.` excludes Java's line terminators. These rewrite a pattern
// so a JavaScript RegExp, or DuckDB's RE2, means exactly that.

const SPACE = ' \\t\\n\\x0B\\f\\r';
const JS_DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';
const RE2_DOT = '[^\\n\\r\\x{85}\\x{2028}\\x{2029}]';

function rewrite(source: string, dot: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[++i];
      if (next === 's') out += inClass ? SPACE : `[${SPACE}]`;
      else if (next === 'S' && !inClass) out += `[^${SPACE}]`;
      else if (next === 'S') throw new Error(`regex ${source}: \\S inside a class is not supported`);
      else out += c + next;
    } else if (inClass) {
      inClass = c !== ']';
      out += c;
    } else {
      inClass = c === '[';
      out += c === '.' ? dot : c;
    }
  }
  return out;
}

export const toJsRegex = (source: string): RegExp => new RegExp(rewrite(source, JS_DOT));
export const toRe2 = (source: string): string => rewrite(source, RE2_DOT);
