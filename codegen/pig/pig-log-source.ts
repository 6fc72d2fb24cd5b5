// Log sources: lines through REGEX_EXTRACT_ALL with the format's exact regex (plan/formats.ts), then each
// group's conversion (a format's skipped header lines are filtered out first). Lines the runtime rejects (no match, bad number, bad time) are filtered out, so the
// rows are the same, and stored with their reason in the input's rejects folder; validation comes first
// because a Pig cast or Joda parse of bad text fails the job.
import { LOG_LINE_PATTERNS, URL_ESCAPES_REGEX, type FieldConversion, type LogFormat, type SourceNode } from '../../plan/index.ts';
import { CLF_DATE_REGEX, ISO_DATE_REGEX, offsetRegex, TIME_OF_DAY_REGEX } from '../common/java-regex-text.ts';
import { and, bincond, binop, call, cast, int, isNotNull, isNull, matches, not, nullOf, or, ref, str, type GenerateItem, type PigExpr } from './pig-ast.ts';
import { integerText } from './pig-casts.ts';
import type { PigContext } from './pig-context.ts';
import { pigName } from './pig-names.ts';
import { locatedReject, storeRejects } from './pig-rejects.ts';
import { pigType } from './pig-types.ts';

const CLF_TIME = `${CLF_DATE_REGEX}:${TIME_OF_DAY_REGEX} [+-]${offsetRegex('')}`;
const ISO_LOG_TIME = `${ISO_DATE_REGEX}T${TIME_OF_DAY_REGEX}(?:\\.\\d{1,9})?Z`;
const W3C_TIME = `${ISO_DATE_REGEX}\\t${TIME_OF_DAY_REGEX}`;
/** java.net.URLDecoder through Pig's builtin reflection UDF (no function of our own). */
const URL_DECODER = 'InvokeForString';
const URL_DECODER_ARGS = ['java.net.URLDecoder.decode', 'String String'];
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

const isDash = (g: PigExpr) => binop('==', g, str('-'));
const dashOr = (g: PigExpr, valid: PigExpr) => or(isNull(g), isDash(g), valid);

/** The condition under which a captured group does not reject the line (null: the group took no part). */
const VALID: { readonly [C in FieldConversion]: (g: PigExpr) => PigExpr | null } = {
  text: () => null,
  'dash-null': () => null,
  int: (g) => dashOr(g, integerText(g, 32, '-?')),
  long: (g) => dashOr(g, integerText(g, 64, '-?')),
  double: (g) => dashOr(g, matches(g, '-?\\d+(?:\\.\\d+)?')),
  'clf-time': (g) => or(isNull(g), matches(g, CLF_TIME)),
  'iso-time': (g) => dashOr(g, matches(g, ISO_LOG_TIME)),
  'w3c-time': (g) => or(isNull(g), matches(g, W3C_TIME)),
  'url-decoded': () => null,
};

/** The reject reason of a group whose VALID condition fails. */
const REASON: { readonly [C in FieldConversion]: string } = {
  text: 'bad-number',
  'dash-null': 'bad-number',
  int: 'bad-number',
  long: 'bad-number',
  double: 'bad-number',
  'clf-time': 'bad-time',
  'iso-time': 'bad-time',
  'w3c-time': 'bad-time',
  'url-decoded': 'bad-number',
};

const dashNull = (g: PigExpr, type: 'chararray' | 'int' | 'long' | 'double' | 'datetime', v: PigExpr) => bincond(isDash(g), nullOf(type), v);

/**
 * `17/May/2015:10:05:03 +0200` with the month as a number (`dd/M/...`, so Joda's English month names and
 * the JVM's locale play no part), then re-made from epoch milliseconds so the datetime is in UTC.
 */
function clfTime(g: PigExpr): PigExpr {
  const month = binop('+', binop('/', call('INDEXOF', str(MONTHS), call('SUBSTRING', g, int(3), int(6)), int(0)), int(3)), int(1));
  const text = call('CONCAT', call('SUBSTRING', g, int(0), int(3)), cast('chararray', month), call('SUBSTRING', g, int(6), int(26)));
  return call('ToDate', call('ToMilliSeconds', call('ToDate', text, str('dd/M/yyyy:HH:mm:ss Z'))));
}

/** ISO text ending in `Z`, its fraction cut to milliseconds (the runtime truncates, Joda would too late). */
const isoTime = (g: PigExpr): PigExpr => call('ToDate', call('REPLACE', g, str('(\\.\\d{3})\\d+'), str('$1')));

/**
 * `-` is null; a field that is all valid UTF-8 escapes is decoded by URLDecoder with `+` first written `%2B`
 * (URLDecoder reads `+` as a space); any other text as logged, so URLDecoder never sees a bad escape.
 */
const urlDecoded = (g: PigExpr, decoder: string): PigExpr =>
  dashNull(g, 'chararray', bincond(matches(g, URL_ESCAPES_REGEX), call(decoder, call('REPLACE', g, str('\\+'), str('%2B')), str('UTF-8')), g));

const CONVERT: { readonly [C in FieldConversion]: (g: PigExpr, decoder: string) => PigExpr } = {
  text: (g) => g,
  'dash-null': (g) => dashNull(g, 'chararray', g),
  int: (g) => dashNull(g, 'int', cast('int', g)),
  long: (g) => dashNull(g, 'long', cast('long', g)),
  double: (g) => dashNull(g, 'double', cast('double', g)),
  'clf-time': clfTime,
  'iso-time': (g) => dashNull(g, 'datetime', isoTime(g)),
  'w3c-time': (g) => isoTime(call('CONCAT', call('REPLACE', g, str('\\t'), str('T')), str('Z'))),
  'url-decoded': urlDecoded,
};

const FORMAT_NAMES: { readonly [F in LogFormat]: string } = {
  common: 'Common Log Format',
  combined: 'Combined Log Format',
  elb: 'Classic ELB access log',
  alb: 'ALB access log',
  s3access: 'S3 server access log',
  cloudfront: 'CloudFront standard log',
};

export function compileLogSource(node: SourceNode, format: LogFormat, ctx: PigContext): void {
  const p = LOG_LINE_PATTERNS[format];
  const lines = ctx.helper(node, 'lines');
  const matched = ctx.helper(node, 'match');
  const parsed = ctx.helper(node, 'parsed');
  const fields = ctx.helper(node, 'fields');
  const valid = ctx.helper(node, 'valid');
  const group = (i: number) => ref(`g${i + 1}`);
  const used = p.groups.map((g, i) => ({ g, i })).filter((x): x is { g: NonNullable<typeof x.g>; i: number } => x.g !== null);
  const request = p.request ? used.find((u) => u.g.column === 'request') : undefined;

  const rejects = ctx.claimRejects(node.input);
  // With rejects, each line comes with its part file's path (PigStorage on a delimiter no line holds, so
  // the line is one field; `-tagPath` prepends the path), which the rejects cite.
  ctx.emit(node, `read input '${node.input}' (${FORMAT_NAMES[format]}) line by line${rejects ? ', each with its file' : ''}`, {
    kind: 'load', alias: lines, param: ctx.param(node.input),
    loader: rejects ? call('PigStorage', str('\n'), str('-tagPath')) : call('TextLoader'),
    schema: [...(rejects ? [{ name: 'path', type: 'chararray' as const }] : []), { name: 'line', type: 'chararray' }],
  });
  const keepLine: GenerateItem[] = rejects ? [{ expr: ref('path'), as: 'path' }, { expr: ref('line'), as: 'line' }] : [];
  let read = lines;
  if (p.skip !== undefined) {
    read = ctx.helper(node, 'data');
    ctx.emit(node, 'drop the header lines (neither rows nor rejects)', { kind: 'filter', alias: read, input: lines, cond: not(matches(ref('line'), p.skip)) });
  }
  ctx.emit(node, 'match each whole line against the format regex (null when it does not match)', {
    kind: 'foreach', alias: matched, input: read, items: [...keepLine, { expr: call('REGEX_EXTRACT_ALL', ref('line'), str(p.regex)), as: 'm' }],
  });
  ctx.emit(node, 'drop lines that do not match (rejected as no-match)', { kind: 'filter', alias: parsed, input: matched, cond: isNotNull(ref('m')) });
  const items: GenerateItem[] = [...keepLine, ...used.map(({ i }) => ({ expr: cast('chararray', ref(`m.$${i}`)), as: `g${i + 1}` }))];
  if (p.request && request) items.push({ expr: call('REGEX_EXTRACT_ALL', cast('chararray', ref(`m.$${request.i}`)), str(p.request.regex)), as: 'req' });
  ctx.emit(node, 'the captured groups as text', { kind: 'foreach', alias: fields, input: parsed, items });
  const checked = used.flatMap(({ g, i }) => {
    const ok = VALID[g.conv](group(i));
    return ok === null ? [] : [{ ok, reason: REASON[g.conv] }];
  });
  const checks = checked.map((c) => c.ok);
  let last = fields;
  if (checks.length) {
    ctx.emit(node, 'drop lines with a bad number or time (rejected as bad-number / bad-time)', { kind: 'filter', alias: valid, input: fields, cond: and(...checks) });
    last = valid;
  }
  if (rejects) storeLogRejects(node, ctx, matched, fields, checked);
  const decoder = ctx.helper(node, 'urldecode');
  if (used.some(({ g }) => g.conv === 'url-decoded' && node.schema.some((f) => f.name === g.column))) {
    ctx.emit(node, 'java.net.URLDecoder.decode, for the %-encoded fields', { kind: 'define', alias: decoder, fn: URL_DECODER, args: URL_DECODER_ARGS });
  }
  const columns = new Map<string, PigExpr>();
  for (const { g, i } of used) if (g !== request?.g) columns.set(g.column, CONVERT[g.conv](group(i), decoder));
  if (p.request && request) {
    const whole = group(request.i);
    const part = (k: number) => {
      const x = cast('chararray', ref(`req.$${k}`));
      return p.request!.conv === 'dash-null' ? dashNull(x, 'chararray', x) : x;
    };
    const [method, path, protocol] = p.request.columns;
    const noMatch = isNull(ref('req'));
    columns.set(method, bincond(noMatch, nullOf('chararray'), part(0)));
    columns.set(path, bincond(noMatch, dashNull(whole, 'chararray', whole), part(1)));
    columns.set(protocol, bincond(noMatch, nullOf('chararray'), part(2)));
  }
  ctx.emit(node, 'typed columns', {
    kind: 'foreach',
    alias: ctx.alias(node.id),
    input: last,
    items: node.schema.map((f) => ({ expr: columns.get(f.name) ?? nullOf(pigType(f.type)), as: pigName(f.name) })),
  });
}

/**
 * The lines dropped above, each with the runtime's reason (no-match, else the first group in order that
 * does not convert), stored as `@<file>\t\t<reason>\t<line>` in the input's rejects folder (Pig knows no
 * line number: that field is empty).
 */
function storeLogRejects(node: SourceNode, ctx: PigContext, matched: string, fields: string, checked: readonly { ok: PigExpr; reason: string }[]): void {
  const noMatch = ctx.helper(node, 'nomatch');
  const parts = [ctx.helper(node, 'nomatchwhy')];
  ctx.emit(node, 'the lines that do not match', { kind: 'filter', alias: noMatch, input: matched, cond: isNull(ref('m')) });
  ctx.emit(node, 'each with its reason', {
    kind: 'foreach', alias: parts[0], input: noMatch, items: locatedReject(str('no-match')),
  });
  if (checked.length) {
    const bad = ctx.helper(node, 'badfield');
    parts.push(ctx.helper(node, 'badfieldwhy'));
    // From the last group back; a group whose reason is the one already chosen after it need not be tested.
    let reason: PigExpr = str(checked.at(-1)!.reason);
    for (const c of checked.slice(0, -1).reverse()) {
      if (!(reason.kind === 'str' && reason.value === c.reason)) reason = bincond(c.ok, reason, str(c.reason));
    }
    ctx.emit(node, 'the lines with a bad number or time', { kind: 'filter', alias: bad, input: fields, cond: not(and(...checked.map((c) => c.ok))) });
    ctx.emit(node, 'each with the reason of its first bad field', {
      kind: 'foreach', alias: parts[1], input: bad, items: locatedReject(reason),
    });
  }
  storeRejects(node, ctx, parts);
}
