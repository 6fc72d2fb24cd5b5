// What each target can be asked to run, and the literal arguments (regexes, separators, time patterns)
// whose meaning is the same on every engine. Exclusions cite the compiler's own unsupported list.
import type { ColumnType, FnName } from '../../../plan/index.ts';
import type { ColumnSpec } from '../../../testing/cell-values.ts';
import { isPlainPigName } from '../../../codegen/pig/pig-names.ts';
import type { TableSpec } from './table-arb.ts';
import { PIG_UNSUPPORTED } from '../../../codegen/pig/index.ts';
import { PYSPARK_UNSUPPORTED_FUNCTIONS } from '../../../codegen/pyspark/index.ts';

export type Target = 'pig' | 'spark';
export const TARGETS: readonly Target[] = ['pig', 'spark'];

/** Whether `fn` with result type `t` is generated for a target. */
export function allowsFn(target: Target, fn: FnName, t: ColumnType): boolean {
  // codegen/pig/pig-unsupported.ts 'mod-double': Pig's % takes only int and long.
  if (target === 'pig' && fn === 'mod' && t === 'double') return !('mod-double' in PIG_UNSUPPORTED);
  // codegen/pyspark/function-catalogue.ts: functions marked unsupported (none today).
  if (target === 'spark') return !PYSPARK_UNSUPPORTED_FUNCTIONS.includes(fn);
  return true;
}

/**
 * Comparisons with NaN operands: Spark orders NaN above every number and equal to itself (docs/codegen.md,
 * PySpark, "Known differences from the runtime": NaN), so Spark's comparisons get NaN-free doubles only.
 */
export const allowsNaNCompare = (target: Target): boolean => target !== 'spark';

/**
 * Pig's documented differences (docs/codegen.md, Pig, "Known differences from the runtime") that the
 * generator steers clear of: `avg` of longs sums as long (wraps past 2^63); `round` of longs goes through
 * double (exact only below 2^53); a global aggregate over an empty input gives no row (so Pig gets global
 * aggregates only straight over a non-empty table).
 */
export function allowsAggOver(target: Target, fn: 'avg' | 'round', argType: ColumnType): boolean {
  return !(target === 'pig' && argType === 'long' && (fn === 'avg' || fn === 'round'));
}
/**
 * Spark's percentile_approx goes through double (docs/codegen.md, PySpark, "Known differences from the
 * runtime": approxPercentile), so longs beyond 2^53 come back rounded: Spark gets it over ints and doubles.
 */
export const allowsApproxPercentileOver = (target: Target, argType: ColumnType): boolean => !(target === 'spark' && argType === 'long');
export const allowsGlobalAggOverMaybeEmpty = (target: Target): boolean => target !== 'pig';

/**
 * Spark takes a CSV file's line separator from its first line break (docs/codegen.md, PySpark, "Known
 * differences from the runtime": mixed line ends); without a header, a CR inside a quoted field of the
 * first record would be that break. So Spark gets no CR in a headerless table's first record.
 */
export function fitTable(target: Target, t: TableSpec): TableSpec {
  // Pig reads unquoted input with TextLoader, which cannot skip a header (pig-unsupported.ts).
  if (target === 'pig' && t.unquoted) return { ...t, header: false };
  if (target !== 'spark' || t.header) return t;
  // The first record is the first row that is not a blank line (a one-column null).
  const first = t.rows.findIndex((r) => !(r.length === 1 && r[0] === null));
  return { ...t, rows: t.rows.map((r, i) => (i === first ? r.map((c) => (c === null ? c : c.replace(/\r/g, ''))) : r)) };
}

/**
 * A Parquet output of these columns: Pig's parquet-pig maps no Parquet type to a datetime and takes plain
 * Pig names only (codegen/pig/pig-unsupported.ts 'parquet-time', 'parquet-name').
 */
export function allowsParquetSink(target: Target, columns: readonly ColumnSpec[]): boolean {
  if (target !== 'pig') return true;
  const ok = (c: ColumnSpec) => !(c.type === 'timestamp' || c.type === 'date') && isPlainPigName(c.name);
  return columns.every(ok);
}

/** A Parquet input of these columns: parquet-pig's ParquetLoader has the limits of its storer. */
export const allowsParquetSource = allowsParquetSink;

/** JSON lines in or out: Pig cannot (codegen/pig/pig-unsupported.ts 'jsonl-source', 'jsonl-sink'). */
export const allowsJsonLines = (target: Target): boolean => target !== 'pig';

/**
 * Patterns in the syntax common to Java and JavaScript regexes, each with its number of groups. Left out:
 * `\s` (Unicode-aware in JavaScript, ASCII in Java: docs/semantics.md, Log formats), `$` (Java's also matches
 * before a final line break) and surrogate pairs inside character classes (one code point in Java, two units
 * in JavaScript without the u flag). `.` stays (the runtime makes it one code point, as in Java): the data
 * holds no U+0085, the one line terminator where Java's `.` and JavaScript's differ.
 */
export const REGEX_PATTERNS: readonly (readonly [string, number])[] = [
  ['([a-z]+)', 1], ['(\\d+)', 1], ['^([^/]*)/(.*)', 2], ['(a|b)(c)?', 2], ['[A-Z]', 0], ['(é|ß)+', 1],
  ['([^,]*),', 1], ['(\\\\)', 1], ['(\\$)(\\{)?', 2], ['x*', 0], ['(😀)', 1], ['(\\w+)', 1], ['(.)(.)', 2],
  ['"([^"]*)"', 1], ["'(.*)'", 1], ['\\.([a-z]+)', 1], ['([0-9]{2,})', 1], ['(a)|(b)', 2], ['^(\\|)', 1],
];

/** Whole-string patterns for matches, in the syntax Java and JavaScript share (plan/regex-dialect.ts). */
export const MATCH_PATTERNS: readonly string[] = [
  '[a-z]+', '\\d+', '[^/]*/.*', '(a|b)(c)?', 'x*', '.*é.*', '\\w+', '..', 'a.*', '.*\\.[a-z]+', '[A-Z][a-z]*',
  '(\\\\|,)*', '.*\\s.*', '\\S+', '^a.*', '[0-9]{2,}', '', '.*', '.*\\$.*', '[^a-z]*',
];

/** Separators for splitPart and explode: regex metacharacters, multi-character and non-BMP ones. */
export const SEPARATORS: readonly string[] = [',', '/', '.', '|', '$', '\\', '//', 'ab', '😀', ' ', '\n', '*', '?', '[', '^', '"', "'"];

/** formatTime/parseTime patterns (yyyy MM dd HH mm ss SSS, quoted text, '' for a quote, other non-letters). */
export const TIME_PATTERNS: readonly string[] = [
  'yyyy-MM-dd', 'yyyy-MM-dd HH:mm:ss', "yyyy-MM-dd'T'HH:mm:ss.SSS", 'dd/MM/yyyy HH:mm', 'HH:mm:ss.SSS',
  "'day' dd 'of' MM", 'yyyyMMdd', "yyyy/MM/dd HH'h'", "'it''s' yyyy", 'ss.SSS',
];
