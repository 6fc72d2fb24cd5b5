// Text lines, nested JSON paths and CloudTrail files: line breaks of every kind, wrong shapes on a path,
// pretty-printed and one-line Records files (gzipped too), bad events, and the JSON text columns.
import { job } from '../../../../dsl/index.ts';

/** LF, CRLF and a lone CR; empty lines; quotes, tabs and non-ASCII; no line break at the end. */
export const TEXT_LINES = 'a\r\nb\rc\n\n  d \t\n"q",x\ttab\n\u00fc\ud83d\ude00\n\nlast';

export const NESTED_JSONL = [
  '{"a":{"b":"x","c":1},"d":"y","x":{"y":{"t":"2015-05-17T10:05:03Z"}}}',
  '{"a":"str"}',
  '{"a":{"b":{"o":1}}}',
  '{"a":null,"d":"z","x":{}}',
  '{"a":{"c":2.5}}',
  '{"a":{"c":3.0},"x":{"y":[1]}}',
  '{"a":[],"d":"w"}',
  '{"d":"v","x":{"y":{"t":1431857103000}}}',
].join('\n');

export const TRAIL_DOCUMENT = [
  '{',
  '  "Records": [',
  '    {"eventTime": "2020-01-01T00:00:00Z", "eventName": "A", "userIdentity": {"userName": "u1", "type": "IAMUser"},',
  '     "requestParameters": {"x": 1.0, "y": [1, 2e2, "a\\u0001b", "/\\/"], "z": null, "t": true}, "readOnly": true},',
  '    {"eventTime": "2020-01-01T00:00:01Z", "eventName": {"bad": 1}},',
  '    null,',
  '    "text",',
  '    {"eventName": "B", "userIdentity": "oops"},',
  '    {"eventName": "C", "requestParameters": "plain", "responseElements": 12345678901234567890, "readOnly": false},',
  '    {"eventName": "D", "eventTime": "yesterday"}',
  '  ]',
  '}',
].join('\n');

export const TRAIL_LINES = ['{"Records":[{"eventName":"E"},{"eventName":"F","errorCode":"AccessDenied"}]}', '', '{"eventName":"G"}', 'not json', '{"Records":"x"}', '{"eventName":"H","userIdentity":{"sessionContext":{"sessionIssuer":{"userName":"role"}}}}'].join('\r\n');

export const jsonSourcesJob = job('json-sources', 'text lines, nested JSON paths and CloudTrail files', (j) => {
  j.textLines('lines').select((r) => ({ line: r.line, n: r.line.length() })).writeCsv('lines_out');
  j.jsonLines('nested', {
    b: { path: 'a.b', type: 'string' },
    c: { path: 'a.c', type: 'int' },
    t: { path: 'x.y.t', type: 'timestamp' },
    d: 'string',
  }).writeJson('nested_out');
  j.cloudTrail('trail').writeJson('trail_out');
  j.cloudTrail('trail_lines').writeJson('trail_lines_out');
  j.cloudTrail('trail_sample').writeJson('trail_sample_out');
  j.cloudTrail('trail_ndjson').writeJson('trail_ndjson_out');
});
