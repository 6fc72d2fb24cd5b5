// CSV sources in the default mode: a record is a physical line (Hadoop's line reader), its fields RFC 4180
// within the line. Lines come through PigStorage on a delimiter no line holds, each with its part file
// (`-tagPath`), are matched whole against the schema's record regex (plan/csv-line-regex.ts, the one the
// runtime and Spark use), and each group's raw field is unquoted; lines the runtime rejects are filtered out
// and stored with their reason, file and text, as log lines are. The header, when declared, is each file's
// first non-empty line: Pig knows no line numbers, so lines are RANKed (input order) and the first rank of
// each file is left out.
import { csvRecordRegex, csvWellFormedRegex, type SourceNode } from '../../plan/index.ts';
import { and, bincond, binop, call, cast, int, isNotNull, isNull, matches, not, nullOf, or, ref, str, type PigExpr } from './pig-ast.ts';
import { trimSpaces } from './pig-casts.ts';
import type { PigContext } from './pig-context.ts';
import { CSV_CONVERT, CSV_VALID_TEXT } from './pig-csv-source.ts';
import { pigName } from './pig-names.ts';
import { locatedReject, storeRejects } from './pig-rejects.ts';
import { pigType } from './pig-types.ts';

export function compileCsvLineSource(node: SourceNode, ctx: PigContext): void {
  if (node.format.kind !== 'csv') throw new Error('internal: not a CSV source');
  const format = node.format;
  const lines = ctx.helper(node, 'lines');
  const records = ctx.helper(node, 'records');
  const matched = ctx.helper(node, 'match');
  const parsed = ctx.helper(node, 'parsed');
  const fields = ctx.helper(node, 'fields');
  const valid = ctx.helper(node, 'valid');
  const field = (i: number) => ref(`f${i + 1}`);
  ctx.emit(node, `read input '${node.input}' as CSV lines (RFC 4180 within a line), each with its file`, {
    kind: 'load', alias: lines, param: ctx.param(node.input), loader: call('PigStorage', str('\n'), str('-tagPath')),
    schema: [{ name: 'path', type: 'chararray' }, { name: 'line', type: 'chararray' }],
  });
  ctx.emit(node, 'empty lines are not records', {
    kind: 'filter', alias: records, input: lines, cond: and(isNotNull(ref('line')), binop('!=', ref('line'), str(''))),
  });
  const data = format.header ? withoutHeaders(node, ctx, records) : records;
  ctx.emit(node, "match each whole line against the schema's record regex (null when its quoting is malformed or its field count wrong)", {
    kind: 'foreach', alias: matched, input: data,
    items: [{ expr: ref('path'), as: 'path' }, { expr: ref('line'), as: 'line' }, { expr: call('REGEX_EXTRACT_ALL', ref('line'), str(csvRecordRegex(format, node.schema.length))), as: 'm' }],
  });
  ctx.emit(node, 'drop lines that do not match (rejected)', { kind: 'filter', alias: parsed, input: matched, cond: isNotNull(ref('m')) });
  ctx.emit(node, "each field's text: a quoted one without its quotes and with \"\" as \", an empty unquoted one null", {
    kind: 'foreach', alias: fields, input: parsed,
    items: [{ expr: ref('path'), as: 'path' }, { expr: ref('line'), as: 'line' }, ...node.schema.map((_, i) => ({ expr: fieldText(cast('chararray', ref(`m.$${i}`))), as: `f${i + 1}` }))],
  });
  const checks: PigExpr[] = node.schema.flatMap((f, i) => {
    const v = CSV_VALID_TEXT[f.type];
    return v ? [or(isNull(field(i)), v(trimSpaces(field(i))))] : [];
  });
  let last = fields;
  if (checks.length) {
    ctx.emit(node, 'drop records with a value not of its column type (rejected)', { kind: 'filter', alias: valid, input: fields, cond: and(...checks) });
    last = valid;
  }
  if (ctx.claimRejects(node.input)) storeLineRejects(node, ctx, matched, fields, checks);
  ctx.emit(node, 'typed columns', {
    kind: 'foreach',
    alias: ctx.alias(node.id),
    input: last,
    items: node.schema.map((f, i) => ({
      expr: f.type === 'string' ? field(i) : bincond(isNull(field(i)), nullOf(pigType(f.type)), CSV_CONVERT[f.type](trimSpaces(field(i)))),
      as: pigName(f.name),
    })),
  });
}

/** A field's raw text (quotes included) as its value: `"a""b"` is `a"b`, `""` is '', an empty unquoted field null. */
function fieldText(raw: PigExpr): PigExpr {
  const inside = call('SUBSTRING', raw, int(1), binop('-', cast('int', call('SIZE', raw)), int(1)));
  return bincond(binop('==', raw, str('')), nullOf('chararray'), bincond(call('STARTSWITH', raw, str('"')), call('REPLACE', inside, str('""'), str('"')), raw));
}

/** The lines of `records` but the first of each file (RANK numbers them in input order, files one after another). */
function withoutHeaders(node: SourceNode, ctx: PigContext, records: string): string {
  const ranked = ctx.helper(node, 'ranked');
  const byFile = ctx.helper(node, 'byfile');
  const firsts = ctx.helper(node, 'firsts');
  const joined = ctx.helper(node, 'joined');
  const others = ctx.helper(node, 'others');
  const data = ctx.helper(node, 'data');
  const rank = `rank_${records}`;
  ctx.emit(node, 'number the lines in input order', { kind: 'rank', alias: ranked, input: records });
  ctx.emit(node, 'the lines of each file', { kind: 'group', alias: byFile, input: ranked, keys: [ref('path')] });
  ctx.emit(node, "each file's first line: its header", {
    kind: 'foreach', alias: firsts, input: byFile,
    items: [{ expr: ref('group'), as: 'path' }, { expr: call('MIN', ref(`${ranked}.${rank}`)), as: 'first' }],
  });
  ctx.emit(node, "each line with its file's header number", {
    kind: 'join', alias: joined, left: ranked, leftKeys: [ref('path')], outer: null, right: firsts, rightKeys: [ref('path')], using: 'replicated',
  });
  ctx.emit(node, 'drop the headers', { kind: 'filter', alias: others, input: joined, cond: binop('!=', ref(`${ranked}::${rank}`), ref(`${firsts}::first`)) });
  ctx.emit(node, 'the lines and their files', {
    kind: 'foreach', alias: data, input: others,
    items: [{ expr: ref(`${ranked}::path`), as: 'path' }, { expr: ref(`${ranked}::line`), as: 'line' }],
  });
  return data;
}

/**
 * The lines dropped above, stored as `@<file>\t\t<reason>\t<line>` (run --engine pig finds each one's line
 * number by its text): `bad-csv` for malformed quoting (the line is not well-formed CSV) or a bad value,
 * `wrong-field-count` for a well-formed line with another number of fields.
 */
function storeLineRejects(node: SourceNode, ctx: PigContext, matched: string, fields: string, checks: readonly PigExpr[]): void {
  if (node.format.kind !== 'csv') return;
  const unmatched = ctx.helper(node, 'nomatch');
  const parts = [ctx.helper(node, 'nomatchwhy')];
  ctx.emit(node, 'the lines that do not match', { kind: 'filter', alias: unmatched, input: matched, cond: isNull(ref('m')) });
  const reason = bincond(matches(ref('line'), csvWellFormedRegex(node.format.delimiter)), str('wrong-field-count'), str('bad-csv'));
  ctx.emit(node, 'each with its reason', { kind: 'foreach', alias: parts[0], input: unmatched, items: locatedReject(reason) });
  if (checks.length) {
    const bad = ctx.helper(node, 'badfield');
    parts.push(ctx.helper(node, 'badfieldwhy'));
    ctx.emit(node, 'the lines with a value not of its column type', { kind: 'filter', alias: bad, input: fields, cond: not(and(...checks)) });
    ctx.emit(node, 'each with its reason', { kind: 'foreach', alias: parts[1], input: bad, items: locatedReject(str('bad-csv')) });
  }
  storeRejects(node, ctx, parts);
}
