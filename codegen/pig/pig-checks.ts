// Data-quality checks in Pig: each check's nodes are ordinary relations; their rows are counted (one GROUP
// over all of them, COUNT_STAR) and, with a row per line of the script itself, cogrouped into one row, so an
// empty relation counts 0. The same COGROUP takes each check's selected rows and keeps their samples (a nested
// ORDER and LIMIT), so the plan's own sample nodes (an ORDER and a LIMIT per check, four MapReduce jobs each)
// are not compiled: checks add two jobs in all. That row becomes the results document of checkResultsJson,
// stored in a folder `_checks.json` beside the first output; a failed `error` check fails the script with
// checkFailureText's message instead (docs/codegen.md, "Checks").
import { CHECKS_FILE, CHECKS_FORMAT, CHECKS_VERSION, planChecks, SAMPLE_ROWS, sinks, type CheckDecl, type ColumnType, type Plan, type PlanNode } from '../../plan/index.ts';
import { bincond, binop, call, cast, isNotNull, isNull, konst, long, or, paramPath, ref, str, type GenerateItem, type NestedStatement, type PigExpr } from './pig-ast.ts';
import type { PigContext } from './pig-context.ts';
import { pigName } from './pig-names.ts';
import { pigParamValue } from './pig-params.ts';
import { VALUE_TEXT } from './pig-sink.ts';

/** The script's own path: the one file every run has, read for a row that always exists. */
export const PIG_SCRIPT_PARAM = 'emr_jobs_script';
/** The folder the results document is stored in (default: `_checks.json` beside the first output). */
export const CHECKS_RESULTS_PARAM = 'checks__results';
/** The previous run's rows of the i-th check (1-based) with a tolerance; empty: none. */
export const checksPreviousParam = (i: number): string => `checks__previous_${i}`;

const FAILURE = /NumberFormatException: For input string: "(check '.*)"\s*$/m;

/** The message of a failed error check in a Pig run's log (WARN level), or null. */
export function pigCheckFailure(log: string): string | null {
  return FAILURE.exec(log)?.[1] ?? null;
}

/** `-param` values of a run's previous row counts (by check name), for the checks with a tolerance. */
export function pigCheckArgs(plan: Plan, previous: Readonly<Record<string, number>>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  planChecks(plan).forEach((c, i) => {
    if (c.tolerance !== undefined && previous[c.name] !== undefined) out[`${prefix}${checksPreviousParam(i + 1)}`] = pigParamValue(String(previous[c.name]));
  });
  return out;
}

/** Header lines naming the checks' parameters. */
export function checksHeader(plan: Plan, prefix: string): string[] {
  const checks = planChecks(plan);
  if (!checks.length) return [];
  return [
    `checks: results document in ${prefix}${CHECKS_RESULTS_PARAM} (default: ${CHECKS_FILE} beside output ${sinks(plan)[0]?.output ?? '(none: give it)'}); -param ${PIG_SCRIPT_PARAM}=<this script's path>`,
    ...checks.flatMap((c, i) => (c.tolerance !== undefined ? [`-param ${prefix}${checksPreviousParam(i + 1)}=<rows of the previous run> for check ${JSON.stringify(c.name)} (none: no comparison)`] : [])),
  ];
}

const JSON_ESCAPES: readonly [regex: string, replacement: string][] = [
  ['\\\\', '\\\\\\\\'],
  ['"', '\\\\"'],
  ['\\x08', '\\\\b'],
  ['\\x0c', '\\\\f'],
  ['\\n', '\\\\n'],
  ['\\r', '\\\\r'],
  ['\\t', '\\\\t'],
  ...Array.from({ length: 0x20 }, (_, c) => c)
    .filter((c) => ![8, 9, 10, 12, 13].includes(c))
    .map((c): [string, string] => [`\\x${c.toString(16).padStart(2, '0')}`, `\\\\u${c.toString(16).padStart(4, '0')}`]),
];

/** A JSON string literal of a string value, escaped as JSON.stringify does. */
function jsonString(x: PigExpr): PigExpr {
  let e = x;
  for (const [re, by] of JSON_ESCAPES) e = call('REPLACE', e, str(re), str(by));
  return call('CONCAT', str('"'), e, str('"'));
}

/** A value as its JSON: null, or the CSV text as a string (clipped to 40 characters when `clip`). */
function jsonValue(x: PigExpr, t: ColumnType, clip: boolean): PigExpr {
  let text = VALUE_TEXT[t](x);
  if (clip) text = bincond(binop('>', call('SIZE', text), long(40)), call('CONCAT', call('SUBSTRING', text, konst('0'), konst('39')), str('…')), text);
  return bincond(isNull(x), str('null'), t === 'string' || clip ? jsonString(text) : call('CONCAT', str('"'), text, str('"')));
}

/** `{"col":value,...}` of a sample row. */
function jsonRow(node: PlanNode, clip: boolean): PigExpr {
  const parts = node.schema.flatMap((f, i) => [str(`${i ? ',' : '{'}${JSON.stringify(f.name)}:`), jsonValue(ref(pigName(f.name)), f.type, clip)]);
  return call('CONCAT', ...parts, str('}'));
}

const text = (x: PigExpr) => cast('chararray', x);
const concat = (...parts: PigExpr[]) => call('CONCAT', ...parts);

function doubleLiteral(n: number): string {
  const s = String(n);
  if (!/[.e]/.test(s)) return `${s}.0`;
  if (!s.includes('e')) return s;
  const [m, e] = s.split('e');
  return `${m.includes('.') ? m : `${m}.0`}E${e}`;
}

interface CheckFields {
  readonly c: CheckDecl;
  readonly i: number;
  readonly rows: PigExpr;
  readonly selected: PigExpr;
  readonly prev: PigExpr;
  readonly failing: PigExpr;
  readonly samples: PigExpr;
  readonly shown: PigExpr;
}

function failingOf(c: CheckDecl, rows: PigExpr, selected: PigExpr, prev: PigExpr): PigExpr {
  if (c.rule === 'no-rows') return selected;
  if (c.rule === 'some-rows') return bincond(binop('==', selected, long(0)), long(1), long(0));
  const out: PigExpr[] = [];
  if (c.minRows !== undefined) out.push(binop('<', rows, long(c.minRows)));
  if (c.maxRows !== undefined) out.push(binop('>', rows, long(c.maxRows)));
  if (c.tolerance !== undefined) {
    const drift = binop('>', cast('double', call('ABS', binop('-', rows, prev))), binop('*', konst(doubleLiteral(c.tolerance)), cast('double', prev)));
    out.push(binop('AND', isNotNull(prev), drift));
  }
  return bincond(or(...out), long(1), long(0));
}

/** One check's entry of the results document. */
function checkJson(f: CheckFields): PigExpr {
  const { c } = f;
  const head = `{"name":${JSON.stringify(c.name)},"kind":${JSON.stringify(c.kind)},"dataset":${JSON.stringify(c.dataset)},"severity":${JSON.stringify(c.severity)},"status":`;
  const passed = binop('==', f.failing, long(0));
  return concat(
    str(head),
    bincond(passed, str('"pass"'), str('"fail"')),
    str(',"failing":'),
    text(f.failing),
    str(',"rows":'),
    text(f.rows),
    ...(c.tolerance !== undefined ? [str(',"previousRows":'), bincond(isNull(f.prev), str('null'), text(f.prev))] : []),
    str(',"samples":['),
    bincond(passed, str(''), f.samples),
    str(`],"line":${JSON.stringify(`${c.loc.file}:${c.loc.line}`)}}`),
  );
}

/** checkFailureText of a failed check. */
function failureText(f: CheckFields): PigExpr {
  const { c } = f;
  const one = binop('==', f.failing, long(1));
  const what =
    c.kind === 'rowCount'
      ? concat(text(f.rows), str(' rows'), ...(c.tolerance !== undefined ? [bincond(isNull(f.prev), str(''), concat(str(' (previous run: '), text(f.prev), str(')')))] : []))
      : c.kind === 'freshness'
        ? concat(str('no row recent enough among '), text(f.rows))
        : concat(text(f.failing), str(' '), bincond(one, str(c.kind === 'unique' ? 'duplicated key' : 'failing row'), str(c.kind === 'unique' ? 'duplicated keys' : 'failing rows')), str(' of '), text(f.rows));
  const samples = c.samples !== undefined ? [bincond(binop('==', f.shown, str('')), str(''), concat(str('; e.g. '), f.shown))] : [];
  return concat(str(`check '${c.name}' (${c.kind}, ${c.severity}) on ${c.dataset} at ${c.loc.file}:${c.loc.line} failed: `), what, ...samples);
}

/** Emits every check of the plan after its nodes and outputs. */
export function compileChecks(plan: Plan, ctx: PigContext): void {
  const checks = planChecks(plan);
  if (!checks.length) return;
  const name = (s: string) => ctx.param(`checks__${s}`);
  const at = { ...plan.nodes[0], loc: checks[0].loc, id: 'checks' } as PlanNode;
  const emit = (c: CheckDecl | null, what: string, s: Parameters<PigContext['emit']>[2]) => ctx.emit({ ...at, loc: c?.loc ?? at.loc, id: c ? `check '${c.name}'` : 'checks' } as PlanNode, what, s);
  const key = 'checks__key';
  const first = sinks(plan)[0];
  if (first) {
    emit(null, `where the results document goes: ${CHECKS_FILE} beside output '${first.output}' unless given`, {
      kind: 'default', param: ctx.param(CHECKS_RESULTS_PARAM), value: `$${ctx.param(first.output)}/../${CHECKS_FILE}`,
    });
  }
  emit(null, 'fails the script with a message (Integer.parseInt of the text throws it)', { kind: 'define', alias: name('fail'), fn: 'InvokeForInt', args: ['java.lang.Integer.parseInt', 'String'] });
  emit(null, 'the lines of this script: a relation that is never empty', {
    kind: 'load', alias: name('lines'), param: PIG_SCRIPT_PARAM, loader: call('TextLoader'), schema: [{ name: 'line', type: 'chararray' }],
  });
  // Not LIMITed to one line: the COGROUP makes one row of them all, and a LIMIT would be two more jobs.
  emit(null, 'a key per line, so that the COGROUP has a row even when every counted relation is empty', {
    kind: 'foreach', alias: name('one'), input: name('lines'), items: [{ expr: konst('1'), as: key }],
  });
  // Every counted node once: one tagged row per row, all counted by one GROUP (COUNT_STAR runs in the combiner).
  const counted = [...new Set(checks.flatMap((c) => [c.input, ...(c.selected !== undefined ? [c.selected] : [])]))];
  const tagOf = (id: string) => `n${counted.indexOf(id) + 1}`;
  const tagged = counted.map((id) => {
    const alias = name(`${tagOf(id)}_rows`);
    emit(null, `a row per row of ${id}, to count them`, { kind: 'foreach', alias, input: ctx.alias(id), items: [{ expr: str(tagOf(id)), as: 'checks__tag' }] });
    return alias;
  });
  const union = tagged.length > 1 ? name('rows') : tagged[0];
  if (tagged.length > 1) emit(null, 'all of them', { kind: 'union', alias: union, inputs: tagged });
  emit(null, 'grouped by what they count', { kind: 'group', alias: name('by_tag'), input: union, keys: [ref('checks__tag')] });
  emit(null, 'the count of each (none for a relation without rows)', {
    kind: 'foreach', alias: name('counts'), input: name('by_tag'),
    items: [{ expr: konst('1'), as: key }, { expr: ref('group'), as: 'checks__tag' }, { expr: call('COUNT_STAR', ref(union)), as: 'n' }],
  });
  const inputs = [name('one'), name('counts')];
  checks.forEach((c, k) => {
    const i = k + 1;
    if (c.samples !== undefined && c.selected !== undefined) {
      // Every selected row (the failing ones, few when data is sound): the COGROUP keeps the samples of them.
      const node = ctx.node(c.selected);
      const cols: GenerateItem[] = node.schema.map((f) => ({ expr: ref(pigName(f.name)), as: pigName(f.name) }));
      emit(c, 'each failing row as JSON (whole, and clipped as a message shows it)', {
        kind: 'foreach', alias: name(`smp${i}`), input: ctx.alias(c.selected),
        items: [{ expr: konst('1'), as: key }, ...cols, { expr: jsonRow(node, false), as: 'checks__json' }, { expr: jsonRow(node, true), as: 'checks__text' }],
      });
      inputs.push(name(`smp${i}`));
    }
  });
  emit(null, 'the one row with every count and sample', { kind: 'cogroupMany', alias: name('all'), inputs, key });
  const countOf = (id: string) => bincond(call('IsEmpty', ref(`checks__${tagOf(id)}`)), long(0), call('SUM', ref(`checks__${tagOf(id)}.n`)));
  const nested: NestedStatement[] = counted.map((id) => ({ alias: `checks__${tagOf(id)}`, op: 'FILTER', input: name('counts'), cond: binop('==', ref('checks__tag'), str(tagOf(id))) }));
  const items: GenerateItem[] = [];
  checks.forEach((c, k) => {
    const i = k + 1;
    items.push({ expr: countOf(c.input), as: `rows${i}` });
    items.push({ expr: c.selected !== undefined ? countOf(c.selected) : long(0), as: `sel${i}` });
    if (c.samples !== undefined && c.selected !== undefined) {
      // The samples node's meaning (the first SAMPLE_ROWS ordered by every column), spelt in the COGROUP.
      const node = ctx.node(c.selected);
      const sorted = `checks__sorted${i}`;
      const sample = `checks__sample${i}`;
      nested.push({ alias: sorted, op: 'ORDER', input: name(`smp${i}`), keys: node.schema.map((f) => ({ field: pigName(f.name), desc: false })) });
      nested.push({ alias: sample, op: 'LIMIT', input: sorted, n: SAMPLE_ROWS });
      nested.push({ alias: `checks__first${i}`, op: 'LIMIT', input: sorted, n: 3 });
      const joined = (bag: string, field: string, sep: string) => bincond(call('IsEmpty', ref(bag)), str(''), call('BagToString', ref(`${bag}.${field}`), str(sep)));
      items.push({ expr: joined(sample, 'checks__json', ','), as: `smp${i}` });
      items.push({ expr: joined(`checks__first${i}`, 'checks__text', ', '), as: `shown${i}` });
    } else {
      items.push({ expr: str(''), as: `smp${i}` }, { expr: str(''), as: `shown${i}` });
    }
    const prev = paramPath(ctx.param(checksPreviousParam(i)));
    if (c.tolerance !== undefined) emit(c, 'no previous row count unless the run gives one', { kind: 'default', param: ctx.param(checksPreviousParam(i)), value: '' });
    items.push({ expr: c.tolerance !== undefined ? bincond(binop('==', prev, str('')), konst('(long)null'), cast('long', prev)) : konst('(long)null'), as: `prev${i}` });
  });
  emit(null, 'counts (0 for none), samples in their order, previous row counts', { kind: 'foreach', alias: name('counts'), input: name('all'), items, nested });
  const fields = checks.map((c, k): CheckFields => {
    const i = k + 1;
    const rows = ref(`rows${i}`);
    const selected = ref(`sel${i}`);
    const prev = ref(`prev${i}`);
    return { c, i, rows, selected, prev, failing: ref(`failing${i}`), samples: ref(`smp${i}`), shown: ref(`shown${i}`) };
  });
  emit(null, "each check's failing count", {
    kind: 'foreach', alias: name('verdicts'), input: name('counts'),
    items: [...fields.flatMap((f) => [`rows${f.i}`, `sel${f.i}`, `smp${f.i}`, `shown${f.i}`, `prev${f.i}`].map((n) => ({ expr: ref(n), as: n }))), ...fields.map((f) => ({ expr: failingOf(f.c, f.rows, f.selected, f.prev), as: `failing${f.i}` }))],
  });
  const errors = fields.filter((f) => f.c.severity === 'error');
  const failedErrors = errors.length ? errors.map((f) => bincond(binop('>', f.failing, long(0)), long(1), long(0))).reduce((a, b) => binop('+', a, b)) : long(0);
  const message = errors.reduceRight<PigExpr>((rest, f) => bincond(binop('>', f.failing, long(0)), failureText(f), rest), str(''));
  const doc = concat(
    str(`{"format":${JSON.stringify(CHECKS_FORMAT)},"version":${CHECKS_VERSION},"job":${JSON.stringify(plan.job)},"checks":[`),
    ...fields.flatMap((f, k) => (k ? [str(','), checkJson(f)] : [checkJson(f)])),
    str(']}'),
  );
  emit(null, 'the results document, the failed error checks, the first one\'s message', {
    kind: 'foreach', alias: name('doc'), input: name('verdicts'), items: [{ expr: doc, as: 'doc' }, { expr: failedErrors, as: 'failed' }, { expr: message, as: 'message' }],
  });
  const failed = ref('failed');
  const more = bincond(binop('>', failed, long(1)), concat(str(' (and '), text(binop('-', failed, long(1))), str(' more failed error check'), bincond(binop('>', failed, long(2)), str('s'), str('')), str(')')), str(''));
  emit(null, 'the document, or stop the script with the message when an error check failed', {
    kind: 'foreach', alias: name('out'), input: name('doc'),
    items: [{ expr: bincond(binop('==', failed, long(0)), ref('doc'), cast('chararray', call(name('fail'), concat(ref('message'), more)))), as: 'doc' }],
  });
  emit(null, `write the results document (one line) into ${CHECKS_FILE}`, { kind: 'store', input: name('out'), param: ctx.param(CHECKS_RESULTS_PARAM), storer: call('PigStorage', str('\t')) });
}
