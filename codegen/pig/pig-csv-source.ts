// CSV sources with `multiline: true` through piggybank's CSVExcelStorage (RFC 4180 quoting, fields over
// several lines), every field loaded as text with one extra field to see records with too many or too few
// fields, then checked and converted with the plan's strict rules; records the runtime rejects are filtered
// out, and stored with their reason in the input's rejects folder (their fields joined again: Pig does not
// keep the raw text). With `quote: 'none'`, lines through TextLoader, each field cut out by REGEX_EXTRACT
// (null past the last field, as CSVExcelStorage gives it), so the checks below are the same for both. The
// default mode (a record per line) is pig-csv-line-source.ts.
import type { ColumnType, SourceNode } from '../../plan/index.ts';
import { pigUnsupported } from './pig-unsupported.ts';
import { ISO_DATE_REGEX, javaRegexLiteral, offsetRegex } from '../common/java-regex-text.ts';
import { and, bincond, binop, call, cast, int, isNotNull, isNull, matches, not, nullOf, or, ref, str, type PigExpr } from './pig-ast.ts';
import { DOUBLE_TEXT, integerText, textToDouble, textToInt, textToLong, trimSpaces } from './pig-casts.ts';
import type { PigContext } from './pig-context.ts';
import { pigName } from './pig-names.ts';
import { pigType } from './pig-types.ts';
import { malformedQuotingNotice } from '../common/csv-quoting-notice.ts';
import { storeRejects } from './pig-rejects.ts';
import { compileCsvLineSource } from './pig-csv-line-source.ts';

const CSV_EXCEL_STORAGE = 'org.apache.pig.piggybank.storage.CSVExcelStorage';

/**
 * The runtime's data-file timestamps: `yyyy-MM-dd`, then optionally `T` or a space, `HH:mm[:ss[.fraction]]`
 * and a zone (`Z`, `±hh`, `±hhmm`, `±hh:mm`); no zone is UTC.
 */
const DATA_TIMESTAMP =
  `${ISO_DATE_REGEX}(?:[T ](?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?(?:Z|[+-](?:${offsetRegex(':?')}|(?:0\\d|1[0-7]|18)))?)?`;

/** When text (already trimmed) is a value of the type; strings always are. */
export const CSV_VALID_TEXT: { readonly [T in ColumnType]: ((t: PigExpr) => PigExpr) | null } = {
  string: null,
  int: (t) => integerText(t, 32, '[+-]?'),
  long: (t) => integerText(t, 64, '[+-]?'),
  double: (t) => matches(t, DOUBLE_TEXT),
  boolean: (t) => isNotNull(cast('boolean', t)),
  timestamp: (t) => matches(t, DATA_TIMESTAMP),
  date: (t) => matches(t, ISO_DATE_REGEX),
};

/** Joda's ISO parser takes `T`, offsets as written and any fraction length; it is cut to milliseconds first. */
function dataTimestamp(t: PigExpr): PigExpr {
  const iso = call('REPLACE', call('REPLACE', t, str('^(.{10}) '), str('$1T')), str('(\\.\\d{3})\\d+'), str('$1'));
  return call('ToDate', call('ToMilliSeconds', call('ToDate', iso)));
}

export const CSV_CONVERT: { readonly [T in ColumnType]: (t: PigExpr) => PigExpr } = {
  string: (t) => t,
  int: textToInt,
  long: textToLong,
  double: textToDouble,
  boolean: (t) => cast('boolean', t),
  timestamp: dataTimestamp,
  date: (t) => call('ToDate', t, str('yyyy-MM-dd')),
};

export function compileCsvSource(node: SourceNode, ctx: PigContext): void {
  if (node.format.kind !== 'csv') throw new Error('internal: not a CSV source');
  const { header, delimiter } = node.format;
  if (delimiter.length !== 1 || delimiter === '\\') throw pigUnsupported('csv-delimiter', node, JSON.stringify(delimiter));
  const unquoted = node.format.quote === 'none';
  if (unquoted && header) throw pigUnsupported('csv-unquoted-header', node);
  if (!unquoted && !node.format.multiline) return compileCsvLineSource(node, ctx);
  const raw = ctx.helper(node, 'raw');
  const valid = ctx.helper(node, 'valid');
  const field = (i: number) => ref(`f${i + 1}`);
  const n = node.schema.length;
  const extra = `f${n + 1}`;
  if (unquoted) loadUnquoted(node, ctx, raw, delimiter);
  else {
    const args = [str(delimiter), str('YES_MULTILINE'), str('UNIX'), str(header ? 'SKIP_INPUT_HEADER' : 'DEFAULT')];
    const notice = malformedQuotingNotice(node, 'pig');
    ctx.emit(node, `read input '${node.input}' as CSV (RFC 4180), every field as text, plus one to catch extra fields${notice ? `. Note: ${notice}` : ''}`, {
      kind: 'load',
      alias: raw,
      param: ctx.param(node.input),
      loader: call(CSV_EXCEL_STORAGE, ...args),
      schema: [...node.schema.map((_, i) => ({ name: `f${i + 1}`, type: 'chararray' as const })), { name: extra, type: 'chararray' }],
    });
  }
  // CSVExcelStorage gives null for a field the record lacks and '' for an empty one (quoted or not), so the
  // last field is null for a short record (a blank line too) and the extra one non-null for a long one
  // (allowed when the schema is a prefix: extraFields 'ignore').
  const fieldCount = [isNotNull(field(n - 1)), ...(node.format.extraFields === 'ignore' ? [] : [isNull(ref(extra))])];
  const checks: PigExpr[] = [...fieldCount];
  if (n === 1) checks.push(not(blankRecord(field)));
  node.schema.forEach((f, i) => {
    const v = CSV_VALID_TEXT[f.type];
    if (v) checks.push(or(binop('==', field(i), str('')), v(trimSpaces(field(i)))));
  });
  ctx.emit(node, 'drop records with another number of fields or a value not of its column type (rejected)', {
    kind: 'filter', alias: valid, input: raw, cond: and(...checks),
  });
  if (ctx.claimRejects(node.input)) storeCsvRejects(node, ctx, raw, and(...checks), and(...fieldCount), delimiter);
  ctx.emit(node, "typed columns; an empty field is null (Pig reads \"\" as '' too, so both are null here)", {
    kind: 'foreach',
    alias: ctx.alias(node.id),
    input: valid,
    items: node.schema.map((f, i) => {
      const t = f.type === 'string' ? field(i) : trimSpaces(field(i));
      return { expr: bincond(binop('==', field(i), str('')), nullOf(pigType(f.type)), CSV_CONVERT[f.type](t)), as: pigName(f.name) };
    }),
  });
}

/** A blank line as CSVExcelStorage loads it: one empty field (or none). */
const blankRecord = (f: (i: number) => PigExpr): PigExpr => and(or(isNull(f(0)), binop('==', f(0), str(''))), isNull(f(1)));

/**
 * `quote: 'none'`: lines as Hadoop splits them (LF, CR, CRLF), those of only characters up to U+0020 left
 * out (Spark's line-based CSV reader skips them), field i cut out as the text after i delimiters: null when
 * the line has fewer, so a short record and an extra field look as they do through CSVExcelStorage.
 */
function loadUnquoted(node: SourceNode, ctx: PigContext, raw: string, delimiter: string): void {
  const lines = ctx.helper(node, 'lines');
  const kept = ctx.helper(node, 'nonblank');
  const d = javaRegexLiteral(delimiter);
  ctx.emit(node, `read input '${node.input}' as lines: no quoting, every delimiter splits`, {
    kind: 'load', alias: lines, param: ctx.param(node.input), loader: call('TextLoader'), schema: [{ name: 'line', type: 'chararray' }],
  });
  ctx.emit(node, 'blank lines (spaces and control characters only) are not records', {
    kind: 'filter', alias: kept, input: lines, cond: not(matches(ref('line'), '[\\x00-\\x20]*')),
  });
  ctx.emit(node, 'each field as text, plus one to catch extra fields', {
    kind: 'foreach',
    alias: raw,
    input: kept,
    items: Array.from({ length: node.schema.length + 1 }, (_, i) => ({
      expr: call('REGEX_EXTRACT', ref('line'), str(`^(?:[^${d}]*${d}){${i}}([^${d}]*)`), int(1)),
      as: `f${i + 1}`,
    })),
  });
}

/**
 * Records dropped above but for blank lines (one empty field: the runtime skips those), with the reason
 * `wrong-field-count` or `bad-csv`, and their fields joined by the delimiter (line breaks as spaces).
 */
function storeCsvRejects(node: SourceNode, ctx: PigContext, raw: string, ok: PigExpr, countOk: PigExpr, delimiter: string): void {
  const n = node.schema.length;
  const f = (i: number) => ref(`f${i + 1}`);
  const blank = blankRecord(f);
  const bad = ctx.helper(node, 'rejectedrows');
  const why = ctx.helper(node, 'rejectedwhy');
  ctx.emit(node, 'the records dropped above, blank lines left out', { kind: 'filter', alias: bad, input: raw, cond: and(not(blank), not(ok)) });
  const text = (i: number) => bincond(isNull(f(i)), str(''), f(i));
  const joined = n === 1 ? text(0) : call('CONCAT', ...Array.from({ length: n }, (_, i) => (i === 0 ? [text(0)] : [str(delimiter), text(i)])).flat());
  const whole = bincond(isNull(f(n)), joined, call('CONCAT', joined, str(delimiter), f(n)));
  ctx.emit(node, 'each with its reason and its fields joined again', {
    kind: 'foreach',
    alias: why,
    input: bad,
    items: [
      { expr: bincond(countOk, str('bad-csv'), str('wrong-field-count')), as: 'reason' },
      { expr: call('REPLACE', whole, str('\r\n|[\r\n]'), str(' ')), as: 'text' },
    ],
  });
  storeRejects(node, ctx, [why]);
}
