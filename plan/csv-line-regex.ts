// The default CSV mode's record: one physical line of RFC 4180 fields (a quoted field may hold delimiters
// and `""`, not line breaks). One regex text serves the three engines, so they split and reject alike: the
// runtime walks a line field by field with FIELD, Pig (REGEX_EXTRACT_ALL, MATCHES) and Spark (regexp_extract,
// rlike) match the whole line with the record and well-formed regexes built from it. The text is what
// java.util.regex and JavaScript (without the `u` flag) both read the same way: no possessive or atomic
// forms (JavaScript has none), so every part is written so that it cannot backtrack far — a quoted field
// ends at its first `"` not doubled, an unquoted one at the first delimiter — and a long malformed line fails
// in linear time; no `$` (Java's matches before a final line terminator such as U+0085).
import type { CsvFormat } from './formats.ts';

/** Characters with a meaning somewhere in a Java or JavaScript regex, inside or outside a class (`&&`, `-`). */
const META = new Set('\\^$.|?*+()[]{}-&'.split(''));

/** Regex text matching `s` literally, as Java and JavaScript read it inside and outside a class. */
function literal(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (META.has(s[i])) out += `\\${s[i]}`;
    else if (c < 0x20 || c >= 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return out;
}

/** A quoted field, quotes included: `""` inside is one quote (the loop turns only at a `""`). */
const QUOTED = '"[^"]*(?:""[^"]*)*"';

/** An unquoted field: no `"`, up to the delimiter (a first character alone need not start one). */
function unquoted(delimiter: string): string {
  const d0 = literal(delimiter[0]);
  if (delimiter.length === 1) return `[^"${d0}]*`;
  return `[^"${d0}]*(?:(?!${literal(delimiter)})${d0}[^"${d0}]*)*`;
}

/** One field's raw text (quoted or not), without a group. */
export const csvFieldRegex = (delimiter: string): string => `(?:${QUOTED}|${unquoted(delimiter)})`;

/** The end of the text: `$` would also match before a final line terminator in Java. */
const END = '(?![\\s\\S])';

/** A line of any number of well-formed fields: a line that fails it has malformed quoting (`bad-csv`). */
export function csvWellFormedRegex(delimiter: string): string {
  const f = csvFieldRegex(delimiter);
  return `^${f}(?:${literal(delimiter)}${f})*${END}`;
}

/**
 * A line of exactly the schema's `n` fields, group i+1 the raw text of field i (with its quotes, if quoted);
 * with `extraFields: 'ignore'`, well-formed fields may follow. A well-formed line that fails it has another
 * number of fields (`wrong-field-count`).
 */
export function csvRecordRegex(format: CsvFormat, n: number): string {
  const f = csvFieldRegex(format.delimiter);
  const d = literal(format.delimiter);
  const fields = Array.from({ length: n }, () => `(${f})`).join(d);
  return `^${fields}${format.extraFields === 'ignore' ? `(?:${d}${f})*` : ''}${END}`;
}
