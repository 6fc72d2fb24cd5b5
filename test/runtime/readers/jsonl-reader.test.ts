// The JSON lines reader: fields by name, null/absent, strict JSON types, timestamps as ISO text or epoch
// millis, blank lines, and real CloudTrail events.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../../plan/index.ts';
import { readAll } from '../../../runtime/readers/index.ts';
import { rows, sample, sourceNode, tempDir, tempFile, utc } from './reader-fixtures.ts';

const jsonNode = (spec: Record<string, ColumnType>) => sourceNode({ kind: 'jsonl' }, spec);

describe('JSON lines reader', () => {
  it('reads fields by column name; absent and null are null; extra fields are ignored', async () => {
    const spec = { s: 'string', i: 'int', l: 'long', d: 'double', b: 'boolean', t: 'timestamp', day: 'date' } as const;
    const text = [
      '{"s":"a","i":1,"l":9007199254740991,"d":1.5,"b":true,"t":"2015-05-17T10:05:03Z","day":"2015-05-17","extra":[1]}',
      '   ',
      '{"d":2,"t":1431857103000,"s":null}',
      '{}',
    ].join('\r\n');
    const { table, rejects } = await readAll(jsonNode(spec), tempFile('\uFEFF' + text + '\n'));
    expect([rejects.rowsRead, rejects.rejected]).toEqual([3, 0]);
    const none = { s: null, i: null, l: null, d: null, b: null, t: null, day: null };
    expect(rows(table)).toEqual([
      { s: 'a', i: 1, l: 9007199254740991n, d: 1.5, b: true, t: utc(2015, 5, 17, 10, 5, 3), day: utc(2015, 5, 17) },
      { ...none, d: 2, t: utc(2015, 5, 17, 10, 5, 3) },
      none,
    ]);
  });

  it('rejects wrong JSON types naming the field, non-objects and invalid JSON, with physical line numbers', async () => {
    const spec = { n: 'int', l: 'long', s: 'string', constructor: 'string' } as const;
    const lines = ['{"n":1.5}', '', '{"n":"1"}', '{"l":9007199254740993}', '[1]', '{"s":1}', 'not json', '{"n":2147483647,"s":"ok"}', '{"n":1}{"n":2}'];
    const path = tempFile(lines.join('\n'));
    const rejectsPath = join(tempDir(), 'j.rejects');
    const { table, rejects } = await readAll(jsonNode(spec), path, { rejectsPath });
    // `constructor` is looked up as an own field only (not Object.prototype's)
    expect(rows(table)).toEqual([{ n: 2147483647, l: null, s: 'ok', constructor: null }]);
    expect(rejects.byReason).toEqual({ 'bad-json': 7 });
    const written = readFileSync(rejectsPath, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
    expect(written.map((w) => Number(w[0].split(':').pop()))).toEqual([1, 3, 4, 5, 6, 7, 9]);
    expect(written[0][1]).toBe("bad-json: field 'n': 1.5 is not an integer within 32 bits");
    expect(written[1][1]).toBe(`bad-json: field 'n': "1" is not an integer within 32 bits`);
    expect(written[2][1]).toMatch(/^bad-json: field 'l': 9007199254740992 is not an integer within ±2\^53/);
    expect(written[3][1]).toBe('bad-json: a line must hold one JSON object');
    expect(written[4][1]).toBe("bad-json: field 's': 1 is not a string");
    expect(written[5][1]).toMatch(/^bad-json: not valid JSON/);
  });

  it('reads real CloudTrail events (one per line)', async () => {
    const spec = { eventVersion: 'string', eventTime: 'timestamp', eventName: 'string', sourceIPAddress: 'string', awsRegion: 'string', errorCode: 'string' } as const;
    const { table, rejects } = await readAll(jsonNode(spec), sample('aws/cloudtrail/beats/console-login-json.log'));
    expect(rejects.rejected).toBe(0);
    expect(rows(table)).toEqual([
      { eventVersion: '1.05', eventTime: utc(2014, 7, 16, 15, 49, 27), eventName: 'ConsoleLogin', sourceIPAddress: '192.0.2.110', awsRegion: 'us-east-2', errorCode: null },
      { eventVersion: '1.05', eventTime: utc(2014, 7, 8, 17, 35, 27), eventName: 'ConsoleLogin', sourceIPAddress: '192.0.2.100', awsRegion: 'us-east-2', errorCode: null },
    ]);
    // a nested object where a string is declared is a type error
    const { rejects: r2 } = await readAll(jsonNode({ userIdentity: 'string' }), sample('aws/cloudtrail/beats/assume-role-json.log'));
    expect(r2.byReason).toEqual({ 'bad-json': 1 });
  });

  it('reads nested fields by path; a missing object on the way is null, a value of the wrong shape rejects', async () => {
    const node = sourceNode({ kind: 'jsonl', paths: { user: ['userIdentity', 'userName'], kind: ['userIdentity', 'type'] } }, { user: 'string', kind: 'string', eventName: 'string' });
    const lines = [
      '{"eventName":"A","userIdentity":{"type":"IAMUser","userName":"jo"}}',
      '{"eventName":"B"}',
      '{"eventName":"C","userIdentity":null}',
      '{"eventName":"D","userIdentity":"jo"}',
      '{"eventName":"E","userIdentity":{"userName":{"first":"jo"}}}',
      '{"eventName":"F","userIdentity":[{"userName":"jo"}]}',
    ];
    const rejectsPath = join(tempDir(), 'n.rejects');
    const { table, rejects } = await readAll(node, tempFile(lines.join('\n')), { rejectsPath });
    expect(rows(table)).toEqual([
      { user: 'jo', kind: 'IAMUser', eventName: 'A' },
      { user: null, kind: null, eventName: 'B' },
      { user: null, kind: null, eventName: 'C' },
    ]);
    const written = readFileSync(rejectsPath, 'utf8').trimEnd().split('\n').map((l) => l.split('\t')[1]);
    expect(written).toEqual([
      `bad-json: field 'user' (userIdentity.userName): userIdentity is "jo", not an object`,
      `bad-json: field 'user' (userIdentity.userName): {"first":"jo"} is not a string`,
      `bad-json: field 'user' (userIdentity.userName): userIdentity is [{"userName":"jo"}], not an object`,
    ]);
    // the real AssumeRole event: the session issuer's user name, three levels down
    const deep = sourceNode({ kind: 'jsonl', paths: { issuer: ['userIdentity', 'sessionContext', 'sessionIssuer', 'userName'] } }, { issuer: 'string' });
    const real = await readAll(deep, sample('aws/cloudtrail/beats/assume-role-json.log'));
    expect([real.rejects.rejected, rows(real.table).length]).toEqual([0, 1]);
  });
});

