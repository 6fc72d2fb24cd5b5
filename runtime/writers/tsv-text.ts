// TSV fields as every engine writes them: no quoting; `\`, tab, LF and CR in a value are written `\\`,
// `\t`, `\n`, `\r`, and null is `\N`, so a field never holds a tab or a line end and '' differs from null.
import { TSV_NULL } from '../../plan/index.ts';

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const UNESCAPES: Readonly<Record<string, string>> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

/** One TSV field: the value's text escaped, or `\N` for null. */
export function tsvField(text: string | null): string {
  if (text === null) return TSV_NULL;
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : text;
}

/** The values of one TSV line (without its line end): `\N` is null, escapes undone. */
export function parseTsvLine(line: string): (string | null)[] {
  return line.split('\t').map((f) => (f === TSV_NULL ? null : f.replace(/\\([\\tnr])/g, (_, c: string) => UNESCAPES[c])));
}

/** The rows of a TSV text: one per `\n`-ended line. */
export function parseTsvRows(text: string): (string | null)[][] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map(parseTsvLine);
}
