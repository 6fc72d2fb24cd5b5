// The CloudTrail reader: pretty-printed and one-line Records files, event-per-line files, gzip, rejects of
// bad events and bad texts, and the JSON text of requestParameters / responseElements.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readAll } from '../../../runtime/readers/index.ts';
import { javaDouble, jsonText, parseJsonKeepingNumbers } from '../../../runtime/readers/json-text.ts';
import { rows, sample, sourceNode, tempDir, tempFile, utc } from './reader-fixtures.ts';

const node = sourceNode({ kind: 'cloudtrail' });
const pick = (r: Record<string, unknown>, ...cols: string[]) => Object.fromEntries(cols.map((c) => [c, r[c]]));

describe('CloudTrail reader', () => {
  it('reads the pretty-printed cloudgrep file: one event, nested user fields, JSON text of the parameters', async () => {
    const { table, rejects } = await readAll(node, sample('aws/cloudtrail/cloudgrep/cloudtrail.json'));
    expect([rejects.rowsRead, rejects.rejected]).toEqual([1, 0]);
    const [r] = rows(table);
    expect(pick(r, 'eventName', 'eventSource', 'userType', 'userName', 'readOnly')).toEqual({
      eventName: 'StopInstances', eventSource: 'ec2.amazonaws.com', userType: 'IAMUser', userName: 'Nikki', readOnly: false,
    });
    const raw = JSON.parse(readFileSync(sample('aws/cloudtrail/cloudgrep/cloudtrail.json'), 'utf8')).Records[0];
    expect(r.eventTime).toBe(Date.parse(raw.eventTime));
    expect(JSON.parse(r.requestParameters as string)).toEqual(raw.requestParameters);
    expect(r.requestParameters).not.toMatch(/\n|": /);
  });

  it('reads one-line Records files and event-per-line files alike', async () => {
    const single = rows((await readAll(node, sample('aws/cloudtrail/cloudgrep/cloudtrail_singleline.json'))).table);
    expect(single.map((r) => pick(r, 'eventName', 'userType', 'invokedBy', 'userName', 'requestParameters'))).toEqual([
      { eventName: 'PutObject', userType: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com', userName: null, requestParameters: expect.stringMatching(/^\{"bucketName":"some-bucket","Host":/) },
    ]);
    const logins = rows((await readAll(node, sample('aws/cloudtrail/beats/console-login-json.log'))).table);
    expect(logins.map((r) => pick(r, 'eventTime', 'userName', 'errorMessage', 'requestParameters', 'responseElements'))).toEqual([
      { eventTime: utc(2014, 7, 16, 15, 49, 27), userName: 'JohnDoe', errorMessage: null, requestParameters: null, responseElements: '{"ConsoleLogin":"Success"}' },
      { eventTime: utc(2014, 7, 8, 17, 35, 27), userName: 'JaneDoe', errorMessage: 'Failed authentication', requestParameters: null, responseElements: '{"ConsoleLogin":"Failure"}' },
    ]);
  });

  it('gzip, bad events and bad texts: each bad event is one reject, the good ones are read', async () => {
    const doc = [
      '{',
      '  "Records": [',
      '    {"eventName": "A", "requestParameters": {"x": 1.0, "y": [1, 2e2, "a\\u0001b"], "z": null}},',
      '    {"eventName": {"bad": 1}},',
      '    null,',
      '    {"eventName": "B", "userIdentity": "oops"},',
      '    {"eventName": "C", "requestParameters": "plain", "responseElements": 12345678901234567890}',
      '  ]',
      '}',
    ].join('\n');
    const rejectsPath = join(tempDir(), 'ct.rejects');
    const { table, rejects } = await readAll(node, tempFile(gzipSync(doc), 'trail.json.gz'), { rejectsPath });
    expect(rows(table).map((r) => pick(r, 'eventName', 'requestParameters', 'responseElements'))).toEqual([
      { eventName: 'A', requestParameters: '{"x":1.0,"y":[1,200.0,"a\\u0001b"],"z":null}', responseElements: null },
      { eventName: 'C', requestParameters: 'plain', responseElements: '12345678901234567890' },
    ]);
    expect(rejects.byReason).toEqual({ 'bad-json': 3 });
    const why = readFileSync(rejectsPath, 'utf8').trimEnd().split('\n').map((l) => l.split('\t')[1]);
    expect(why).toEqual([
      `bad-json: Records[1]: field 'eventName': {"bad":1} is not a string`,
      'bad-json: Records[2]: a record must be one JSON object',
      `bad-json: Records[3]: field 'userType' (userIdentity.type): userIdentity is "oops", not an object`,
    ]);
    const lines = ['{"Records":[{"eventName":"D"}]}', '', '{"eventName":"E","eventTime":"bad"}', 'not json', '{"Records":"x"}', '{"eventName":"F"}'];
    const byLine = await readAll(node, tempFile(lines.join('\r\n')));
    expect(rows(byLine.table).map((r) => r.eventName)).toEqual(['D', 'F']);
    expect(byLine.rejects.byReason).toEqual({ 'bad-json': 3 });
  });

  it('JSON text: compact, keys in source order, Jackson escapes, integers exact, other numbers as Java doubles', () => {
    const v = parseJsonKeepingNumbers('{ "b" : [ 1.50, -0, 1e-7, 1E7, 123456789012345678901, 0.001 ], "a":"\\/\\t\\u001f\\u00e9\\"" , "__proto__": {} }');
    expect(jsonText(v)).toBe('{"b":[1.5,0,1.0E-7,1.0E7,123456789012345678901,0.001],"a":"/\\t\\u001F\u00e9\\"","__proto__":{}}');
    expect([100, 1234567.5, 0.0001, -2.5e300, 0].map(javaDouble)).toEqual(['100.0', '1234567.5', '1.0E-4', '-2.5E300', '0.0']);
    expect(() => parseJsonKeepingNumbers('{"a":1} x')).toThrow(SyntaxError);
    expect(() => parseJsonKeepingNumbers("{'a':1}")).toThrow(SyntaxError);
  });
});
