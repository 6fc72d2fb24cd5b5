// Readers and writers: CSV fields that must round-trip (commas, quotes, newlines, "" versus null), records
// and lines the runtime rejects, JSON lines in and out, partitioned outputs, hostile column names and
// string literals, and access logs with malformed lines.
import { count, job, lit, when } from '../../../../dsl/index.ts';

export const TRICKY_CSV = [
  'id,text,n',
  '1,"a,b",1',
  '2,"say ""hi""",2',
  '3,"two\nlines",3',
  '4,"",4',
  '5,,5',
  '6, spaced ,6',
  '7,#hash,7',
  '8,"cr\rinside",8',
  '9,back\\slash,9',
  '10,ü😀,10',
  '',
  '11,too,many,fields',
  '12,few',
  '13,bad int,x',
  '14,"quoted int","14"',
  '15,space int, 15 ',
  '16,"""",16',
].join('\n');

/** CRLF line ends; LF inside a quoted field is data. */
export const CRLF_CSV = 'id,text\r\n1,one\r\n2,"two\nlines"\r\n3,\r\n4,""\r\n';
/** CRLF inside a quoted field of a CRLF file: Spark's parser turns it into LF (a known difference). */
export const CRLF_INSIDE_CSV = 'id,text\r\n1,one\r\n2,"two\r\nlines"\r\n';

export const HOSTILE_CSV = ['a.b,class,lambda,e f,x`y,q"uote,$d,back\\slash,Ü', '1,2,3,4,5,6,7,8,9', '10,20,30,40,50,60,70,80,90'].join('\n');

export const EVENTS_JSONL = [
  '{"id":1,"name":"a","score":1.5,"ok":true,"at":"2015-05-17T10:05:03Z","day":"2015-05-17","big":9007199254740991}',
  '{"id":2,"name":null,"score":2,"ok":false,"at":1431857103000,"extra":[1,2]}',
  '  {"name":"no id","id":3}  ',
  '',
  '{"id":4,"name":"x\\ty\\u00e9\\ud83d\\ude00","score":-0.0,"at":"2015-05-17 10:05"}',
  '{"id":5,"name":12}',
  '{"id":6,"ok":"true"}',
  '{"id":7.0,"score":"1.5"}',
  '{"id":8.5}',
  '[{"id":9}]',
  '{"id":10,"name":{"nested":1}}',
  'null',
  '{"id":11,"at":"2015-13-01"}',
  '{"id":12,"day":20150517}',
  '{"id":13,"big":9007199254740993}',
  '{"id":14} trailing',
  '{"id":15,"id":16}',
  '{bad json',
  '{"id":17,"name":"x","at":1.5}',
].join('\n');

/** Combined and Common Log Format lines, well-formed and not. */
export const ACCESS_LOG = [
  '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a/b?q=1 HTTP/1.1" 200 512 "-" "curl/7.1"',
  'h2 id usr [17/May/2015:23:59:59 -0130] "POST /x HTTP/1.0" 404 - "http://r/" "Agent \\"quoted\\""',
  'h3 - - [29/Feb/2016:00:00:00 +0200] "-" 400 0 "-" "-"',
  'h4 - - [17/May/2015:10:05:03 +0000] "GET /only-path" 304 0 "-" "-"',
  'h5 - - [17/may/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"',
  'h6 - - [31/Feb/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"',
  'h7 - - [17/May/2015:10:05:03 +1900] "GET / HTTP/1.1" 200 1 "-" "-"',
  'h8 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 99999999999999999999 "-" "-"',
  'not a log line',
  'h9 - - [17/May/2015:10:05:03 +0000] "garbage" 500 10 "-" "-"   ',
  'h10 - - [17/May/2015:10:05:03 +0000] "GET /crlf HTTP/1.1" 200 1 "-" "-"\r',
  'h11 - - [17/May/2015:10:05:03 +0000] "GET /cr HTTP/1.1" 200 1 "-" "-"\rh12 - - [17/May/2015:10:05:03 +0000] "GET /after-cr HTTP/1.1" 200 2 "-" "-"',
  'h13 - - [17/May/2015:10:05:03 +0000] "GET /common HTTP/1.1" 200 3',
  '',
].join('\n');

export const ioJob = job('spark-io', 'readers, writers, names and rejects', (j) => {
  // Records over several lines (fields with LF, CR and CRLF): read with multiline.
  const tricky = j.csv('tricky', { id: 'int', text: 'string', n: 'int' }, { multiline: true });
  tricky.orderBy('id').writeCsv('tricky_out');
  // Spark's writer quotes a line's first value when it starts with '#' (its comment character) unless told not to.
  tricky.orderBy('id').select('text', 'id').writeCsv('text_first');
  tricky.orderBy('id').writeJson('tricky_json');
  j.csv('crlf', { id: 'int', text: 'string' }, { multiline: true }).writeCsv('crlf_out');
  j.csv('crlf_inside', { id: 'int', text: 'string' }, { multiline: true }).writeCsv('crlf_inside_out');

  const hostile = j.csv('hostile', { 'a.b': 'int', class: 'int', lambda: 'int', 'e f': 'int', 'x`y': 'int', 'q"uote': 'int', $d: 'int', 'back\\slash': 'int', Ü: 'int' });
  hostile
    .filter((r) => r['a.b'].gt(r.class).or(r['x`y'].eq(5)))
    .select((r) => ({
      'out.put': r['a.b'].add(r.lambda),
      'with space': r['e f'],
      'tick`name': r['x`y'],
      'q"2': r['q"uote'],
      '$x': r.$d,
      'b\\s': r['back\\slash'],
      'new\nline': r.Ü,
      import: lit('say "hi" \\ $HOME\n\ttab ☃ 😀 \'single\''),
      cond: when(r.class.eq(2), lit('it\'s "two"')).otherwise('\\'),
    }))
    .writeCsv('hostile_out');
  hostile.select((r) => ({ id: r.class, text: lit('say "hi" \\ $HOME\n\ttab\r☃ \\N \\t') })).orderBy('id').writeTsv('hostile_tsv');

  const events = j.jsonLines('events', { id: 'int', name: 'string', score: 'double', ok: 'boolean', at: 'timestamp', day: 'date', big: 'long' });
  events.orderBy('id').writeJson('events_json');
  events.writeCsv('events_by_ok', { partitionBy: 'ok' });
  events.orderBy(['id', 'desc']).writeCsv('events_sorted_by_ok', { partitionBy: 'ok' });
  events.writeJson('events_by_at', { partitionBy: 'at' });
  tricky.writeCsv('tricky_by_text', { partitionBy: 'text' });
  // One column: a null row is an empty line, which Spark's CSV writer would drop.
  tricky.orderBy('id').select('text').writeCsv('one_column');
  tricky.select('text', 'n').writeCsv('one_column_by_n', { partitionBy: 'n' });
  events.select('at').writeCsv('one_timestamp');
  // TSV (escaped, null as \N) and CSV without a header, whole and partitioned.
  tricky.orderBy('id').writeTsv('tricky_tsv');
  events.writeTsv('events_tsv');
  events.writeTsv('events_tsv_by_ok', { partitionBy: 'ok' });
  tricky.orderBy('id').writeCsv('tricky_no_header', { header: false });
  events.writeCsv('events_no_header_by_ok', { header: false, partitionBy: 'ok' });
  tricky.orderBy('id').select('text').writeCsv('one_column_no_header', { header: false });

  const logs = j.accessLog('access');
  logs.writeCsv('access_rows');
  j.accessLog('common', 'common').writeCsv('common_rows');
  logs.groupBy('status').agg(() => ({ n: count() })).writeCsv('by_status');
});

/** AWS log formats over the shared sample data, read in place (project-relative paths). */
export const awsJob = job('spark-aws-logs', 'ELB, ALB, S3 access and CloudFront logs', (j) => {
  j.elbLog('elb').writeCsv('elb_rows');
  j.albLog('alb').writeCsv('alb_rows');
  j.albLog('alb2').writeCsv('alb2_rows');
  j.s3AccessLog('s3').writeCsv('s3_rows');
  j.s3AccessLog('s3b').writeCsv('s3b_rows');
  j.cloudFrontLog('cf').writeCsv('cf_rows');
  j.cloudFrontLog('cf24').writeCsv('cf24_rows');
});

export const AWS_INPUTS = {
  elb: '../shared/data/aws/elb_classic/beats/elb-http.log',
  alb: '../shared/data/aws/alb/beats/example-alb-http.log',
  alb2: '../shared/data/aws/alb/beats/application-lb-http.log',
  s3: '../shared/data/aws/s3_access/beats/test.log',
  s3b: '../shared/data/aws/s3_access/beats/s3_server_access.log',
  cf: '../shared/data/aws/cloudfront/aws-log-parser/cloudfront-multiple.log',
  cf24: '../shared/data/aws/cloudfront/aws-log-parser/cloudfront_entry_cookie_with_encoding.csv',
};
