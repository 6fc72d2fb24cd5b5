// Source nodes: access logs through read_log with their format's pattern table (plan/formats.ts), CSV
// through read_csv_lines (a record per line, plan/csv-line-regex.ts) or read_csv (multiline, quote none), JSON
// lines through read_json_lines with the declared schema, text lines and CloudTrail files
// through read_text_lines / read_cloudtrail.
import { captureGroups } from '../common/regex-groups.ts';
import { rejectsParam } from '../common/rejects-param.ts';
import { CLOUDTRAIL_COLUMNS, csvRecordRegex, csvWellFormedRegex, jsonColumnPaths, LOG_LINE_PATTERNS, type LogFormat, type SourceNode } from '../../plan/index.ts';
import type { CompileContext } from './compile-context.ts';
import { unsupported } from './expr-env.ts';
import { bool, call, dict, index, list, name, none, str, tuple, type Py } from './py-ast.ts';

/** `paths["<input>"]`: the path given on the command line. */
export const pathOf = (io: string): Py => index(name('paths'), str(io));

const columnsTable = (n: SourceNode): Py => list(n.schema.map((f) => tuple([str(f.name), str(f.type)])));

/** (name, type), plus the path of keys for a column read from a nested field. */
function jsonColumnsTable(n: SourceNode): Py {
  const paths = jsonColumnPaths(n);
  return list(n.schema.map((f, i) => {
    const plain = paths[i].length === 1 && paths[i][0] === f.name;
    return tuple([str(f.name), str(f.type), ...(plain ? [] : [list(paths[i].map(str))])]);
  }));
}

/** CloudTrail's columns (plan/formats.ts) as a module constant: (name, type, path, read). */
const cloudTrailTable = (ctx: CompileContext): Py =>
  ctx.constant('CLOUDTRAIL', list(CLOUDTRAIL_COLUMNS.map((c) => tuple([str(c.name), str(c.type), list(c.path.map(str)), str(c.read)]))));

export function compileSource(n: SourceNode, ctx: CompileContext): Py {
  const fmt = n.format;
  // `paths["rejects__<input>"]` (None when not given): the first source of an input writes its rejects.
  const rejects = ctx.claimRejects(n.input) ? [pathOf(rejectsParam(n.input))] : [];
  switch (fmt.kind) {
    case 'csv': {
      if (fmt.quote !== 'none' && !fmt.multiline) {
        const regexes = [str(csvRecordRegex(fmt, n.schema.length)), str(csvWellFormedRegex(fmt.delimiter))];
        return call(ctx.helper('read_csv_lines'), [name('spark'), pathOf(n.input), columnsTable(n), bool(fmt.header), ...regexes, ...rejects]);
      }
      const kwargs: [string, Py][] = [];
      if (fmt.quote === 'none') kwargs.push(['quote', str('')]);
      if (fmt.extraFields === 'ignore') kwargs.push(['extra_fields', str('ignore')]);
      return call(ctx.helper('read_csv'), [name('spark'), pathOf(n.input), columnsTable(n), bool(fmt.header), str(fmt.delimiter), ...rejects], kwargs);
    }
    case 'jsonl':
      return call(ctx.helper('read_json_lines'), [name('spark'), pathOf(n.input), jsonColumnsTable(n), ...rejects]);
    case 'text':
      return call(ctx.helper('read_text_lines'), [name('spark'), pathOf(n.input)]);
    case 'cloudtrail':
      return call(ctx.helper('read_cloudtrail'), [name('spark'), pathOf(n.input), cloudTrailTable(ctx), ...rejects]);
    case 'parquet':
      // Nothing is rejected: a file that does not fit the schema stops the run.
      return call(ctx.helper('read_parquet'), [name('spark'), pathOf(n.input), columnsTable(n)]);
    default:
      return call(ctx.helper('read_log'), [name('spark'), pathOf(n.input), logTable(fmt.kind, n, ctx), ...rejects]);
  }
}

/** The format's pattern as a module constant: regex, groups (column, conversion, may take no part), request split. */
function logTable(format: LogFormat, n: SourceNode, ctx: CompileContext): Py {
  const pattern = LOG_LINE_PATTERNS[format];
  if (!pattern) throw unsupported(`the ${format} log format (plan/formats.ts has no line pattern for it)`, n);
  const optional = (regex: string) => captureGroups(regex).map((g) => g.optional);
  const groupOptional = optional(pattern.regex);
  if (groupOptional.length !== pattern.groups.length) {
    throw unsupported(`the ${format} log format: its regex has ${groupOptional.length} groups for ${pattern.groups.length} fields`, n);
  }
  const groups = pattern.groups.map((g, i) => (g === null ? none : tuple([str(g.column), str(g.conv), bool(groupOptional[i])])));
  const request = pattern.request
    ? dict([
        [str('regex'), str(pattern.request.regex)],
        [str('columns'), list(pattern.request.columns.map(str))],
        [str('conv'), str(pattern.request.conv)],
        [str('optional'), list(optional(pattern.request.regex).map(bool))],
      ])
    : none;
  const table = dict([
    [str('regex'), str(pattern.regex)],
    [str('groups'), list(groups)],
    [str('request'), request],
    [str('skip'), pattern.skip === undefined ? none : str(pattern.skip)],
    [str('columns'), list(n.schema.map((f) => str(f.name)))],
  ]);
  return ctx.constant(`${format.toUpperCase()}_LOG`, table);
}
