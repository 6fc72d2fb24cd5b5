// Sinks. Pig has no CSV writer that tells null from '' or writes a header a reader can trust (CSVExcelStorage
// writes both as nothing and repeats the header per part file), so every value is formatted here as its
// final CSV (or TSV) field text and PigStorage joins them: part files hold the rows, and a CSV header (the
// plan's column names) is added when the parts are gathered (docs/codegen.md, "Output layout").
import { TSV_NULL, type ColumnType, type SinkFormat, type SinkNode } from '../../plan/index.ts';
import { bincond, binop, call, cast, isNull, matches, or, paramPath, str, type PigExpr } from './pig-ast.ts';
import { javaRegexLiteral } from '../common/java-regex-text.ts';
import { ISO_DATE_PATTERN, ISO_TIMESTAMP_PATTERN } from './pig-casts.ts';
import type { PigContext } from './pig-context.ts';
import { columnRef } from './pig-context.ts';
import { pigName } from './pig-names.ts';
import { pigUnsupported } from './pig-unsupported.ts';
import { compileParquetSink } from './pig-parquet.ts';

const PIG_STORAGE = 'PigStorage';
const MULTI_STORAGE = 'org.apache.pig.piggybank.storage.MultiStorage';
export const HIVE_NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** A value's text as docs/semantics.md writes it (null stays null). */
export const VALUE_TEXT: { readonly [T in ColumnType]: (x: PigExpr) => PigExpr } = {
  string: (x) => x,
  int: (x) => cast('chararray', x),
  long: (x) => cast('chararray', x),
  // Java's Double.toString: 1.0, 1.0E20, NaN, -Infinity.
  double: (x) => cast('chararray', x),
  boolean: (x) => cast('chararray', x),
  timestamp: (x) => call('ToString', x, str(ISO_TIMESTAMP_PATTERN)),
  date: (x) => call('ToString', x, str(ISO_DATE_PATTERN)),
};

/** RFC 4180 field text: quoted (quotes doubled) when empty or holding a comma, quote, CR or LF. */
function csvField(x: PigExpr, t: ColumnType): PigExpr {
  if (t !== 'string') return VALUE_TEXT[t](x);
  const quote = or(binop('==', x, str('')), matches(x, '(?s).*[,"\\r\\n].*'));
  return bincond(quote, call('CONCAT', str('"'), call('REPLACE', x, str('"'), str('""')), str('"')), x);
}

/** `\`, tab, LF and CR as the replacement text of Java's replaceAll (backslash escaped). */
const TSV_ESCAPES: readonly [regex: string, replacement: string][] = [
  ['\\\\', '\\\\\\\\'],
  ['\\t', '\\\\t'],
  ['\\n', '\\\\n'],
  ['\\r', '\\\\r'],
];

/** TSV field text (runtime/writers/tsv-text.ts): escapes in strings, null as `\N`. */
function tsvField(x: PigExpr, t: ColumnType): PigExpr {
  let text = VALUE_TEXT[t](x);
  if (t === 'string') for (const [re, by] of TSV_ESCAPES) text = call('REPLACE', text, str(re), str(by));
  return bincond(isNull(x), str(TSV_NULL), text);
}

/** Each format's field text and the delimiter PigStorage joins the fields with. */
const TEXT_FORMATS: { readonly [F in SinkFormat]?: { readonly field: (x: PigExpr, t: ColumnType) => PigExpr; readonly sep: string; readonly what: string } } = {
  csv: { field: csvField, sep: ',', what: `CSV field text (null stays an empty field, '' becomes "")` },
  'csv-noheader': { field: csvField, sep: ',', what: `CSV field text (null stays an empty field, '' becomes "")` },
  tsv: { field: tsvField, sep: '\t', what: 'TSV field text (\\, tab, LF, CR escaped; null is \\N)' },
};

// Characters a partition folder name holds as %XX: Hive's FileUtils.escapePathName set (ASCII controls,
// DEL and " # % ' * / : = ? \\ { [ ] ^), `%` first so that escapes are not escaped again.
const PARTITION_ESCAPES = ['%', ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)), ...'"#\'*/:=?\\\x7f{[]^'];

const hex2 = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

export function escapePartitionText(s: string): string {
  return [...s].map((c) => (c.length === 1 && PARTITION_ESCAPES.includes(c) ? hex2(c) : c)).join('');
}

/** `col=value` with the value escaped; null and '' are Hive's default partition. */
function partitionDir(column: string, x: PigExpr, t: ColumnType): PigExpr {
  let text = VALUE_TEXT[t](x);
  for (const c of PARTITION_ESCAPES) text = call('REPLACE', text, str(javaRegexLiteral(c)), str(hex2(c)));
  const prefix = `${escapePartitionText(column)}=`;
  const empty = t === 'string' ? or(isNull(x), binop('==', x, str(''))) : isNull(x);
  return bincond(empty, str(`${prefix}${HIVE_NULL_PARTITION}`), call('CONCAT', str(prefix), text));
}

export function compileSink(node: SinkNode, ctx: PigContext): void {
  if (node.format === 'parquet') return compileParquetSink(node, ctx);
  const format = TEXT_FORMATS[node.format];
  if (format === undefined) throw pigUnsupported('jsonl-sink', node);
  const input = ctx.node(node.input);
  const alias = ctx.alias(node.id);
  const columns = node.schema.filter((f) => f.name !== node.partitionBy);
  const items = columns.map((f) => ({ expr: format.field(columnRef(input.schema, f.name), f.type), as: pigName(f.name) }));
  const joined = format.sep === ',' ? 'comma-joined' : 'tab-joined';
  if (node.partitionBy === null) {
    ctx.emit(node, `each value as its ${format.what}`, { kind: 'foreach', alias, input: ctx.alias(input.id), items });
    ctx.emit(node, `write output '${node.output}': ${joined} rows in part files, no header row`, {
      kind: 'store', input: alias, param: ctx.param(node.output), storer: call(PIG_STORAGE, str(format.sep)),
    });
    return;
  }
  const p = node.schema.find((f) => f.name === node.partitionBy)!;
  const key = partitionDir(p.name, columnRef(input.schema, p.name), p.type);
  ctx.emit(node, `the partition folder (${p.name}=value, escaped) then each value as its ${format.what}`, {
    kind: 'foreach', alias, input: ctx.alias(input.id), items: [{ expr: key, as: 'partition__dir' }, ...items],
  });
  ctx.emit(node, `write output '${node.output}': one folder per ${p.name} value, the column left out, ${joined} rows, no header row`, {
    kind: 'store',
    input: alias,
    param: ctx.param(node.output),
    storer: call(MULTI_STORAGE, paramPath(ctx.param(node.output)), str('0'), str('none'), str(format.sep), str('true')),
  });
}
