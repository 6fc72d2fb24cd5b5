// Column names and string literals meant to break naive code generation: quotes, `$`, backslashes,
// spaces, dots, `::`, unicode, and reserved words of Pig Latin, Python and Spark SQL.
import type { Draw } from '../../../testing/draw.ts';

/** Reserved words of Pig Latin (keywords and Grunt commands) that make tempting column names. */
export const PIG_RESERVED_NAMES = [
  'group', 'as', 'by', 'filter', 'foreach', 'generate', 'order', 'join', 'load', 'store', 'distinct', 'limit',
  'union', 'split', 'cogroup', 'matches', 'bag', 'tuple', 'map', 'int', 'long', 'chararray', 'null', 'all',
  'input', 'output', 'rank', 'cube', 'sample', 'set', 'ls', 'cat',
] as const;

/** Python keywords and names a PySpark script itself uses. */
export const PYTHON_RESERVED_NAMES = [
  'class', 'lambda', 'def', 'None', 'True', 'False', 'import', 'from', 'and', 'or', 'not', 'is', 'in', 'pass',
  'return', 'yield', 'global', 'F', 'spark', 'args', 'main', 'self', '__init__', 'df', 'col', 'sum', 'len',
] as const;

/** Names with characters every target must escape or encode. */
export const PUNCTUATED_NAMES = [
  "it's", 'say "hi"', 'back\\slash', '$amount', '${x}', '$1', 'a b', ' padded ', 'a.b', 'x::y', 'group::x',
  'a,b', 'tab\there', '1st', '-dash', '#hash', 'semi;colon', 'per%cent', 'q?', '`tick`', 'brace{}', 'eq=1',
  'slash/x', 'colon:x', '日本', 'é', '😀 emoji', 'ﬀ', 'İstanbul', 'naïve', '__', 'x__y', '_c0', 'f1',
] as const;

export const HOSTILE_NAMES: readonly string[] = [...PIG_RESERVED_NAMES, ...PYTHON_RESERVED_NAMES, ...PUNCTUATED_NAMES];

const PLAIN = ['id', 'name', 'value', 'host', 'path', 'status', 'bytes', 'ts', 'day', 'score', 'flag', 'n', 'k', 'v'];

/** One column name: hostile most of the time, sometimes plain. */
export function drawName(d: Draw, hostileRate = 0.6): string {
  return d.chance(hostileRate) ? d.pick(HOSTILE_NAMES) : d.pick(PLAIN);
}

/** A name not in `taken` (names compare exactly: `Status` and `status` are two columns). */
export function freshName(d: Draw, taken: ReadonlySet<string>, hostileRate = 0.6): string {
  for (let i = 0; i < 8; i++) {
    const n = drawName(d, hostileRate);
    if (!taken.has(n)) return n;
  }
  let i = taken.size;
  while (taken.has(`c${i}`)) i++;
  return `c${i}`;
}

/** String literals for expressions: the characters a target's string syntax has to escape. */
export const HOSTILE_STRINGS = [
  '', ' ', 'a', 'A', 'x', "'", '"', "it's", 'say "hi"', '\\', 'back\\slash', '\\n', '\n', 'line1\nline2', '\t',
  '\r\n', '$', '$x', '${x}', '%s', '{0}', ',', ';', '/', '.', '|', '*', '?', '(', ')', '[', ']', '^',
  'é', 'É', 'ß', 'İ', 'Σ', '日本', '😀', '𝄞x', 'null', 'None', 'group', '--', '/*', '#', 'a,b', ' padded ',
] as const;
