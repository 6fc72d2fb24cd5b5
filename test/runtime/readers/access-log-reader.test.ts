// The combined/common log reader over the real 10,000-line Apache log (expected numbers computed with a
// separate Python script that splits lines on quotes, not with the reader's regex).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as arrow from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../../../runtime/readers/index.ts';
import type { RejectCollector } from '../../../runtime/rejects.ts';
import { logNode, rows, sample, tempDir, tempFile, utc } from './reader-fixtures.ts';

const APACHE = sample('access_logs/apache_logs');

describe('combined log reader on access_logs/apache_logs', () => {
  const rejectsPath = join(tempDir(), '_rejects', 'logs.rejects');
  let table: arrow.Table;
  let rejects: RejectCollector;
  let all: Record<string, unknown>[];
  beforeAll(async () => {
    ({ table, rejects } = await readAll(logNode('combined'), APACHE, { rejectsPath, batchSize: 4096 }));
    all = rows(table);
  });

  it('reads 10,000 lines, rejects exactly line 8899 (truncated user agent)', () => {
    expect(rejects.rowsRead).toBe(10_000);
    expect(rejects.rowsParsed).toBe(9_999);
    expect(rejects.rejected).toBe(1);
    expect(rejects.byReason).toEqual({ 'no-match': 1 });
    expect(table.numRows).toBe(9_999);
    const raw = readFileSync(APACHE, 'utf8').split('\n')[8898];
    expect(readFileSync(rejectsPath, 'utf8')).toBe(`${APACHE}:8899\tno-match\t${raw}\n`);
  });

  it('parses the first line field by field', () => {
    expect(all[0]).toEqual({
      host: '83.149.9.216',
      ident: null,
      user: null,
      time: utc(2015, 5, 17, 10, 5, 3),
      method: 'GET',
      path: '/presentations/logstash-monitorama-2013/images/kibana-search.png',
      protocol: 'HTTP/1.1',
      status: 200,
      bytes: 203023n,
      referer: 'http://semicomplete.com/presentations/logstash-monitorama-2013/',
      agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36',
    });
  });

  it('keeps backslash escapes as logged and maps `-` bytes and referer to null', () => {
    // line 77: `200 - "-"`; line 5851: referer with \xNN escapes
    expect(all[76]).toMatchObject({ path: '/robots.txt', status: 200, bytes: null, referer: null });
    expect(all[5850].referer).toBe('http://\\xe4\\xe5\\xe3\\xf2\\xff\\xf0\\xed\\xee\\xe5-\\xec\\xfb\\xeb\\xee.\\xf0\\xf4/');
    // row 8898 is file line 8900 (line 8899 was rejected); the last row is the last line
    expect(all[9998]).toMatchObject({ host: '46.105.14.53', time: utc(2015, 5, 20, 21, 5, 15), bytes: 14872n, referer: null });
  });

  it('matches independently computed aggregates', () => {
    const count = (f: (r: Record<string, unknown>) => boolean) => all.filter(f).length;
    const statuses: Record<string, number> = {};
    for (const r of all) statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
    // README counts include line 8899 (a 200): 9126 - 1
    expect(statuses).toEqual({ '200': 9125, '304': 445, '404': 213, '301': 164, '206': 45, '500': 3, '403': 2, '416': 2 });
    expect(all.reduce((s, r) => s + ((r.bytes as bigint | null) ?? 0n), 0n)).toBe(2_747_282_505n);
    expect(count((r) => r.bytes === null)).toBe(669);
    expect(count((r) => r.referer === null)).toBe(4072);
    expect(count((r) => r.method === 'HEAD')).toBe(42);
    expect(count((r) => r.method === 'POST')).toBe(5);
    expect(count((r) => r.method === 'OPTIONS')).toBe(1);
    expect(new Set(all.map((r) => r.host)).size).toBe(1753);
    const times = all.map((r) => r.time as number);
    expect(Math.min(...times)).toBe(1_431_857_100_000);
    expect(Math.max(...times)).toBe(1_432_155_959_000);
  });
});

describe('common log reader', () => {
  it('reads the common prefix of combined lines only when nothing follows', async () => {
    const path = tempFile(
      [
        '10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
        '10.0.0.2 id - [29/Feb/2016:23:59:59 +0530] "-" 408 -  ',
        '10.0.0.3 - - [01/Jan/2020:00:00:00 +0000] "GET /x HTTP/1.1" 200 5 "-" "curl"',
        '10.0.0.4 - - [01/Jan/2020:00:00:00 +0000] "GET /with space HTTP/1.1" 200 5',
        '10.0.0.5 - - [01/Jan/2020:00:00:00 +0000] "GET /old" 200 5',
      ].join('\n') + '\n',
    );
    const { table, rejects } = await readAll(logNode('common'), path);
    expect(rejects.rowsRead).toBe(5);
    expect(rejects.byReason).toEqual({ 'no-match': 1 });
    expect(rows(table)).toEqual([
      { host: '10.0.0.1', ident: null, user: 'frank', time: utc(2000, 10, 10, 20, 55, 36), method: 'GET', path: '/apache_pb.gif', protocol: 'HTTP/1.0', status: 200, bytes: 2326n },
      { host: '10.0.0.2', ident: 'id', user: null, time: utc(2016, 2, 29, 18, 29, 59), method: null, path: null, protocol: null, status: 408, bytes: null },
      { host: '10.0.0.4', ident: null, user: null, time: utc(2020, 1, 1), method: null, path: 'GET /with space HTTP/1.1', protocol: null, status: 200, bytes: 5n },
      { host: '10.0.0.5', ident: null, user: null, time: utc(2020, 1, 1), method: 'GET', path: '/old', protocol: null, status: 200, bytes: 5n },
    ]);
  });

  it('rejects impossible times as bad-time and out-of-range numbers as bad-number, naming the field', async () => {
    const lines = [
      '1.1.1.1 - - [31/Apr/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1',
      '1.1.1.1 - - [17/may/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1',
      '1.1.1.1 - - [17/May/2015:24:00:00 +0000] "GET / HTTP/1.1" 200 1',
      '1.1.1.1 - - [17/May/2015:10:05:03 +1801] "GET / HTTP/1.1" 200 1',
      '1.1.1.1 - - [17/May/2015:10:05:03] "GET / HTTP/1.1" 200 1',
      '1.1.1.1 - - [17/May/2015:10:05:03 -1800] "GET / HTTP/1.1" 200 9223372036854775808',
      '1.1.1.1 - - [17/May/2015:10:05:03 -1800] "GET / HTTP/1.1" 200 9223372036854775807',
    ];
    const dir = tempDir();
    const rejectsPath = join(dir, 'r.rejects');
    const { table, rejects } = await readAll(logNode('common'), tempFile(lines.join('\n')), { rejectsPath });
    expect(rejects.byReason).toEqual({ 'bad-time': 5, 'bad-number': 1 });
    expect(rows(table)).toEqual([expect.objectContaining({ time: utc(2015, 5, 18, 4, 5, 3), bytes: 9223372036854775807n })]);
    const written = readFileSync(rejectsPath, 'utf8').trimEnd().split('\n');
    expect(written[0]).toMatch(/:1\tbad-time: time: "31\/Apr\/2015:10:05:03 \+0000" is not dd\/MMM\/yyyy:HH:mm:ss ±hhmm\t1\.1\.1\.1/);
    expect(written[5]).toMatch(/:6\tbad-number: bytes: "9223372036854775808" is not a 64-bit integer\t/);
  });
});
