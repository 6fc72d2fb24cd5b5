// The regex syntax whose meaning Java (Pig, Spark) and JavaScript (the runtime) share, for patterns that
// must mean one thing on every engine (`matches`). Anything outside it is refused with the reason.

/** Escapes with one meaning in both: classes, control characters and escaped punctuation. */
const SAME_ESCAPES = new Set([...'dDwWsStnrf', ...'\\.*+?()[]{}|^$/-']);

/** Why `pattern` may mean something else in Java than in JavaScript, or null when it cannot. */
export function regexDialectProblem(pattern: string): string | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const next = pattern[i + 1];
    if (c >= '\uD800' && c <= '\uDFFF') return 'a character outside the BMP is one character in Java and two in JavaScript';
    if (c === '\\') {
      if (next === undefined) return 'it ends with a lone backslash';
      // \b, \A, \z, \Q..\E, \p{..}, \h, \v, octal and backreferences differ or do not exist in one of them.
      if (!SAME_ESCAPES.has(next)) return `the escape \\${next} differs between Java and JavaScript regexes`;
      if (inClass && next === 'S') return '\\S inside [...] is not supported';
      i++;
    } else if (inClass) {
      if (c === '[') return 'a [ inside [...] is a nested class in Java and a plain [ in JavaScript; write \\[';
      if (c === '&' && next === '&') return '&& inside [...] is an intersection in Java only';
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      // A leading ] (or ^]) is literal in Java and ends an empty class in JavaScript.
      const j = next === '^' ? i + 2 : i + 1;
      if (pattern[j] === ']') return 'a ] first in [...] is literal in Java and closes the class in JavaScript; write \\]';
    } else if (c === '{' && !/^\{\d+(,\d*)?\}/.test(pattern.slice(i))) {
      return 'a { that starts no {n}, {n,} or {n,m} is literal in JavaScript and an error in Java; write \\{';
    } else if (c === '$') {
      return '$ also matches before a final line break in Java, and the whole string is matched anyway';
    } else if ((c === '+' || c === '?' || c === '*' || c === '}') && next === '+') {
      return 'possessive quantifiers exist in Java only';
    } else if (c === '(' && next === '?') {
      const k = pattern[i + 2];
      // (?:, (?=, (?!, (?<=, (?<! and named groups mean the same; inline flags (?i) do not exist in JavaScript.
      if (k !== ':' && k !== '=' && k !== '!' && k !== '<') return `the group (?${k ?? ''} differs between Java and JavaScript regexes`;
    }
  }
  return inClass ? 'a [ is not closed' : null;
}
