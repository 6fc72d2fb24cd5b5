// Plans about text: hostile column names (Pig reserved words, punctuation, unicode) through every node
// kind, hostile string literals, CSV fields that must round-trip, and access-log lines at every edge of the
// log format (bad days, offsets, numbers, requests, line ends).
import { count, job, lit, max, type Expression, type JobDefinition } from '../../../../dsl/index.ts';
import { CLOUDFRONT_FIELDS, type ColumnType } from '../../../../plan/index.ts';
import { HOSTILE_NAMES } from '../../../harness/arbitraries/hostile-names.ts';
import { VALUE_COLUMNS, VALUE_CSV } from './value-table.ts';

type Cols = Record<string, Expression<ColumnType>>;

/** Distinct hostile names (the list repeats a few across languages). */
export const NAMES = [...new Set(HOSTILE_NAMES)];

/** String literals that break naive quoting, parameter substitution or Pig's \u preprocessing. */
export const HOSTILE_LITERALS = [
  "it's", '$x', '${y}', '$', '\\$', 'back\\slash', '\\', '\\\\', 'line\nbreak', 'cr\r\ntab\t', '😀\ue000', '\\u0041', '\\u005c',
  '\\n', '-- not a comment', '/* nor this */', "'", "''", '%', '\u0000nul', '\u2028sep', '\u0085nel', 'ÀÉÎ', '"quoted"', ',', '',
];

export const TEXT_JOBS: Record<string, JobDefinition> = {
  textLines: job('text-lines', 'every line as it is: CRLF, CR, empty lines, quotes, tabs, non-ASCII, no final break', (j) => {
    const lines = j.textLines('lines');
    lines.select((r) => ({ line: r.line, n: r.line.length() })).writeCsv('line_rows');
    lines.groupBy('line').agg(() => ({ times: count() })).writeCsv('line_counts');
  }),
  hostileNames: job('text-hostile-names', 'columns named after reserved words and punctuation through every node kind', (j) => {
    const v = j.csv('vals', VALUE_COLUMNS, VALUE_CSV);
    // Column names are only known at run time here, so the datasets are untyped.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const wide: any = v.select((r) => Object.fromEntries(NAMES.map((n, k) => [n, k % 3 === 0 ? r.id : k % 3 === 1 ? r.s : r.d])) as Record<string, Expression<ColumnType>>);
    const [idName, sName, dName] = [NAMES[0], NAMES[1], NAMES[2]];
    wide.writeCsv('wide');
    wide
      .filter((r: Cols) => r[idName].ne(3))
      .groupBy(sName)
      .agg((r: Cols) => ({ [NAMES[3]]: count(), [NAMES[4]]: max(r[dName] as Expression<'double'>) }))
      .orderBy([sName, 'desc'])
      .writeCsv('grouped');
    const keyed = wide.select((r: Cols) => ({ [NAMES[5]]: r[sName], [NAMES[6]]: r[idName] }));
    keyed.join(keyed.rename({ [NAMES[6]]: NAMES[7] }), { on: [NAMES[5]], how: 'left' }).writeCsv('joined');
    keyed.explode(NAMES[5], { separator: ' ', as: NAMES[8] }).distinct().writeCsv('exploded');
  }),
  hostileLiterals: job('text-hostile-literals', 'string literals with quotes, $, backslashes, line breaks and unicode', (j) => {
    j.csv('vals', VALUE_COLUMNS, VALUE_CSV)
      .filter((r) => r.id.le(2))
      .select((r) => ({
        id: r.id,
        ...Object.fromEntries(HOSTILE_LITERALS.map((s, k) => [`lit${k}`, lit(s)])),
        ...Object.fromEntries(HOSTILE_LITERALS.map((s, k) => [`eq${k}`, r.s.concat(lit(s)).endsWith(s)])),
      }))
      .writeCsv('literals');
  }),
  csvRoundTrip: job('text-csv-round-trip', 'CSV fields with commas, quotes, line breaks and spaces, read and written back', (j) => {
    j.csv('fields', { k: 'int', text: 'string', n: 'double' }, { multiline: true }).writeCsv('fields_out');
  }),
  backslashThenDollar: job('text-backslash-then-dollar', 'a literal ending in a backslash, then ${...} in names and comments', (j) => {
    j.csv('vals', VALUE_COLUMNS, VALUE_CSV)
      .select((r) => ({ id: r.id, 'back\\': lit('ends in \\'), '${x}': r.t.concat('\\') }))
      .writeCsv('parted', { partitionBy: '${x}' });
  }),
  csvNoHeader: job('text-csv-no-header', 'a CSV without a header row, semicolon separated', (j) => {
    j.csv('bare', { k: 'int', text: 'string' }, { header: false, delimiter: ';' }).writeCsv('bare_out');
  }),
  csvRejects: job('text-csv-rejects', 'CSV records with too few or too many fields or values not of their type', (j) => {
    j.csv('shaky', { k: 'int', when: 'timestamp', ok: 'boolean', x: 'double' }).writeCsv('kept');
  }),
  cloudFrontEdges: job('text-cloudfront-edges', 'CloudFront header lines, field counts, times, numbers and %-escapes', (j) => {
    j.cloudFrontLog('cloudfront_edges').writeCsv('cloudfront_out');
  }),
  elbEdges: job('text-elb-edges', 'classic ELB lines at the edges of their numbers and times', (j) => {
    j.elbLog('elb').writeCsv('elb_out');
  }),
  combinedEdges: job('text-combined-edges', 'Combined Log Format lines at the edges of the format', (j) => {
    j.accessLog('edges').writeCsv('edges_out');
  }),
  commonEdges: job('text-common-edges', 'the same lines read as Common Log Format', (j) => {
    j.accessLog('edges', 'common').writeCsv('common_out');
  }),
};

/** CSV fields that must come back as they went in: [k, text, n]. */
export const ROUND_TRIP_FIELDS: [string, string | null, string | null][] = [
  ['1', 'a,b', '1.5'],
  ['2', 'say "hi"', '-0.0'],
  ['3', 'multi\nline\nfield', 'NaN'],
  ['4', '  spaces kept  ', '1e300'],
  ['5', 'tab\there', null],
  ['6', 'unicode 😀 \ue000 日本', '0.1'],
  ['7', 'back\\slash and $dollar', '100'],
  ['8', "'single' quotes", '-1E-7'],
  ['9', null, '3'],
  ['10', '"', '4'],
  ['11', ',', '5'],
];

export function roundTripCsv(): string {
  const field = (s: string | null) => (s === null ? '' : /[",\n\r]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
  return ['k,text,n', ...ROUND_TRIP_FIELDS.map((r) => r.map(field).join(','))].join('\n') + '\n';
}

const UA = '"Mozilla/5.0 (X11; Linux x86_64)"';
const line = (host: string, time: string, request: string, status = '200', bytes = '512', tail = ` "-" ${UA}`) =>
  `${host} - - [${time}] "${request}" ${status} ${bytes}${tail}`;

/** Access-log lines: valid ones at the edges, and ones the format rejects (no-match, bad-time, bad-number). */
export const EDGE_LINES = [
  line('1.1.1.1', '17/May/2015:10:05:03 +0000', 'GET /ok HTTP/1.1'),
  line('1.1.1.2', '31/Apr/2015:10:05:03 +0000', 'GET /bad-day HTTP/1.1'),
  line('1.1.1.3', '29/Feb/2016:23:59:59 -0130', 'GET /leap HTTP/1.1'),
  line('1.1.1.4', '29/Feb/2015:00:00:00 +0000', 'GET /not-leap HTTP/1.1'),
  line('1.1.1.5', '01/Jan/2000:00:00:00 +1800', 'GET /max-offset HTTP/1.1'),
  line('1.1.1.6', '01/Jan/2000:00:00:00 +1801', 'GET /offset-too-far HTTP/1.1'),
  line('1.1.1.7', '17/may/2015:10:05:03 +0000', 'GET /lower-month HTTP/1.1'),
  line('1.1.1.8', '17/May/2015:24:00:00 +0000', 'GET /hour-24 HTTP/1.1'),
  line('1.1.1.9', '17/May/2015:23:59:60 +0000', 'GET /leap-second HTTP/1.1'),
  line('2.2.2.1', '17/May/2015:10:05:03 +0000', 'GET /no-bytes HTTP/1.1', '304', '-'),
  line('2.2.2.2', '17/May/2015:10:05:03 +0000', 'GET /huge HTTP/1.1', '200', '99999999999999999999'),
  line('2.2.2.3', '17/May/2015:10:05:03 +0000', 'GET /max-long HTTP/1.1', '200', '9223372036854775807'),
  line('2.2.2.4', '17/May/2015:10:05:03 +0000', '-', '400'),
  line('2.2.2.5', '17/May/2015:10:05:03 +0000', 'GARBAGE', '400'),
  line('2.2.2.6', '17/May/2015:10:05:03 +0000', 'GET /http09'),
  line('2.2.2.7', '17/May/2015:10:05:03 +0000', 'GET /a\\"quoted\\"/b HTTP/1.1'),
  line('2.2.2.8', '17/May/2015:10:05:03 +0000', 'GET /caf\u00e9/\u65e5\u672c HTTP/1.1'),
  `${line('2.2.2.9', '17/May/2015:10:05:03 +0000', 'GET /trailing HTTP/1.1')}   `,
  `${line('3.3.3.1', '17/May/2015:10:05:03 +0000', 'GET /crlf HTTP/1.1')}\r`,
  'not a log line at all',
  '',
  '3.3.3.2 ident user [17/May/2015:10:05:03 +0000] "POST /common-only HTTP/1.0" 201 0',
  line('3.3.3.3', '17/May/2015:10:05:03 +0000', 'GET /ref HTTP/1.1', '200', '1', ' "http://x/?q=a,b" "-"'),
  line('3.3.3.4', '17/May/2015:10:05:03 +0000', 'GET /status HTTP/1.1', '999', '0'),
  line('3.3.3.5', '17/May/2015:10:05:03 +0000', 'GET  /two-spaces HTTP/1.1'),
];

export const edgeLog = (): string => EDGE_LINES.join('\n') + '\n';

/** CSV records of `csvRejects`: [line, kept?]. Kept ones have exactly 4 fields that all convert. */
export const SHAKY_RECORDS: [string, boolean][] = [
  ['1,2015-05-17T10:05:03Z,true,1.5', true],
  ['2,2015-05-17,FALSE,-0', true],
  ['3,2015-05-17T10:05,true', false],
  ['4,2015-05-17T10:05,true,1,extra', false],
  [' 5 , 2015-05-17 10:05:03.5+05:30 , True ,  2e3 ', true],
  ['6,2015-02-29,true,1', false],
  ['7,2015-05-17,maybe,1', false],
  ['8,2015-05-17,true,1.5x', false],
  ['9,,,', true],
  ['10,2016-02-29T23:59:59-18:00,false,Infinity', true],
  ['11,2016-02-29T23:59:59+18:30,false,1', false],
  ['2147483648,2015-05-17,true,1', false],
  ['12,2015-05-17T24:00,true,1', false],
];

export const shakyCsv = (): string => ['k,when,ok,x', ...SHAKY_RECORDS.map(([l]) => l)].join('\n') + '\n';

const elb = (time: string, client: string, backend: string, times: string, counts: string) =>
  `${time} my-lb ${client} ${backend} ${times} ${counts} "GET https://x.example:443/p?q=1 HTTP/1.1" "curl/8.0" - -`;

/** Classic ELB lines: [line, kept?]. */
export const ELB_LINES: [string, boolean][] = [
  [elb('2015-05-13T23:39:43.945958Z', '192.168.1.1:2147483647', '10.0.0.1:80', '0.000086 0.001048 0.001337', '200 200 0 57'), true],
  [elb('2015-05-13T23:39:43.9Z', '192.168.1.2:2147483648', '10.0.0.1:80', '0.1 0.1 0.1', '200 200 0 57'), false],
  [elb('2015-05-13T23:39:43Z', '192.168.1.3:1', '-', '-1 -1 -1', '503 - 0 0'), true],
  [elb('2015-05-13T23:39:43.123456789Z', '192.168.1.4:1', '10.0.0.1:80', '1e5 0.1 0.1', '200 200 0 57'), false],
  [elb('2015-02-29T00:00:00Z', '192.168.1.5:1', '10.0.0.1:80', '0.1 0.1 0.1', '200 200 0 57'), false],
  [elb('2016-02-29T00:00:00.5Z', '192.168.1.6:1', '10.0.0.1:80', '0.1 0.1 0.1', '200 200 99999999999999999999 57'), false],
  [elb('2016-02-29T00:00:00.5Z', '192.168.1.7:1', '10.0.0.1:80', '-0.5 0 12.25', '200 200 9223372036854775807 -9223372036854775808'), true],
];

export const elbLog = (): string => ELB_LINES.map(([l]) => l).join('\n') + '\n';

/** A headerless, semicolon-separated CSV: its first line is data. */
export const bareCsv = (): string => '1;first line\n2;"semi;colon"\n3;\n';

/** A CloudFront line: the 24 fields of the 2014 layout with these changes (by W3C field name), then `more`. */
const cf = (id: string, change: Readonly<Record<string, string>> = {}, more: readonly string[] = []): string => {
  const base: Record<string, string> = {
    date: '2019-12-04', time: '21:02:31', 'x-edge-location': 'LAX1', 'sc-bytes': '392', 'c-ip': '192.0.2.1', 'cs-method': 'GET',
    'cs(Host)': 'd1.cloudfront.net', 'cs-uri-stem': '/index.html', 'sc-status': '200', 'cs(Referer)': '-',
    'cs(User-Agent)': 'curl/8.0', 'cs-uri-query': '-', 'cs(Cookie)': '-', 'x-edge-result-type': 'Hit', 'x-edge-request-id': id,
    'x-host-header': 'www.example.com', 'cs-protocol': 'https', 'cs-bytes': '23', 'time-taken': '0.001', 'x-forwarded-for': '-',
    'ssl-protocol': 'TLSv1.2', 'ssl-cipher': 'ECDHE-RSA-AES128-GCM-SHA256', 'x-edge-response-result-type': 'Hit', 'cs-protocol-version': 'HTTP/2.0',
  };
  return [...CLOUDFRONT_FIELDS.slice(0, 24).map((f) => change[f] ?? base[f]), ...more].join('\t');
};
/** The 9 fields CloudFront appended to the 24 (fle-status .. sc-range-end). */
const TAIL = ['-', '-', '443', '0.002', 'Hit', 'text/html', '78', '-', '-'];

/** CloudFront lines: [line, kept?]. `#` lines are skipped but a #Fields line of another order (a reject). */
export const CLOUDFRONT_LINES: [string, boolean][] = [
  ['#Version: 1.0', false],
  [`#Fields: ${CLOUDFRONT_FIELDS.join(' ')}`, false],
  [cf('full', { 'cs(User-Agent)': 'Mozilla/5.0%20(X11;%20Linux)', 'cs(Cookie)': 'a%3Db;%20c=d' }, TAIL), true],
  [cf('plus', { 'cs(User-Agent)': 'Slackbot%201.0%20(+https://api.slack.com/robots)', 'cs-uri-query': 'q=a+b%20c' }), true],
  [cf('partial-tail', {}, TAIL.slice(0, 4)), true],
  [cf('extra-fields', {}, [...TAIL, 'x', '', 'z']), true],
  [cf('bad-escape', { 'cs(User-Agent)': '100%zz%20off', 'cs(Cookie)': 'abc%' }), true],
  [cf('short-escape', { 'cs(User-Agent)': 'a%2', 'cs(Cookie)': '%%41' }), true],
  [cf('surrogate-escape', { 'cs(User-Agent)': '%ED%A0%80x%20y', 'cs(Cookie)': '%C0%AF' }), true],
  [cf('cut-utf8', { 'cs(User-Agent)': '%E6%97', 'cs(Cookie)': '%F4%90%80%80' }), true],
  [cf('utf8', { 'cs(User-Agent)': '%E6%97%A5%E6%9C%AC%20%F0%9F%98%80', 'cs(Cookie)': 'caf\u00e9%20%C3%A9%2B' }), true],
  [cf('dash', { 'cs(User-Agent)': '%2D', 'cs(Cookie)': '%41%42', 'x-edge-location': '-' }), true],
  [cf('aborted', { 'sc-status': '000', 'cs-uri-query': 'a b', 'cs(Referer)': 'http://x/?q=%ZZ' }), true],
  [`${cf('crlf')}\r`, true],
  [cf('not-leap', { date: '2015-02-29' }), false],
  [cf('hour-24', { time: '24:00:00' }), false],
  [cf('bad-bytes', { 'sc-bytes': '1e3' }), false],
  [cf('bad-status', { 'sc-status': '2147483648' }), false],
  [cf('bad-tail', {}, ['-', '-', 'port']), false],
  [cf('too-few').split('\t').slice(0, 23).join('\t'), false],
  ['#Fields: time date x-edge-location', false],
  [`#Fields: ${CLOUDFRONT_FIELDS.slice(0, 24).join(' ')} c-port`, false],
  [`#Fields: ${CLOUDFRONT_FIELDS.join(' ')} x-new-field`, false],
  ['# written by hand', false],
  ['', false],
];

export const cloudFrontEdgeLog = (): string => CLOUDFRONT_LINES.map(([l]) => l).join('\n') + '\n';
