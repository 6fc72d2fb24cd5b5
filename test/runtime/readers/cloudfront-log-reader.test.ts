// CloudFront standard log reader over the shared samples (33- and 24-field layouts, values read off the
// files) and over hand-made lines: header lines, field counts, times, numbers and %-decoding.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAll } from '../../../runtime/readers/index.ts';
import { CLOUDFRONT_LINES, cloudFrontEdgeLog } from '../../codegen/pig/support/text-cases.ts';
import { logNode, rows, sample, tempFile, utc } from './reader-fixtures.ts';

const DIR = sample('aws/cloudfront/aws-log-parser');
const node = logNode('cloudfront');

describe('CloudFront reader', () => {
  it('reads the 33-field sample: #Version and #Fields are neither rows nor rejects', async () => {
    const { table, rejects } = await readAll(node, `${DIR}/cloudfront-multiple.log`);
    expect([rejects.rowsRead, rejects.rowsParsed, rejects.rejected]).toEqual([6, 6, 0]);
    const r = rows(table);
    expect(r.map((x) => x.x_edge_location)).toEqual(['LAX1', 'LAX1', 'LAX1', 'SEA19-C1', 'SEA19-C1', 'SEA19-C2']);
    expect(r[3]).toEqual({
      time: utc(2019, 12, 13, 22, 36, 27), x_edge_location: 'SEA19-C1', sc_bytes: 900n, c_ip: '192.0.2.200', cs_method: 'GET',
      cs_host: 'd111111abcdef8.cloudfront.net', cs_uri_stem: '/favicon.ico', sc_status: 502, cs_referer: 'http://www.example.com/',
      cs_user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36',
      cs_uri_query: null, cs_cookie: null, x_edge_result_type: 'Error', x_edge_request_id: '1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==',
      x_host_header: 'www.example.com', cs_protocol: 'http', cs_bytes: 675n, time_taken: 0.102, x_forwarded_for: null, ssl_protocol: null,
      ssl_cipher: null, x_edge_response_result_type: 'Error', cs_protocol_version: 'HTTP/1.1', fle_status: null, fle_encrypted_fields: null,
      c_port: 25260, time_to_first_byte: 0.102, x_edge_detailed_result_type: 'OriginDnsError', sc_content_type: 'text/html',
      sc_content_len: 507n, sc_range_start: null, sc_range_end: null,
    });
    expect(r[5].cs_user_agent).toBe('curl/7.55.1');
  });

  it('reads each 24-field sample (no header, no final line break) with the later fields null', async () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.csv')).sort();
    expect(files).toHaveLength(4);
    const cookies: unknown[] = [];
    for (const f of files) {
      const { table, rejects } = await readAll(node, `${DIR}/${f}`);
      expect([rejects.rowsRead, rejects.rowsParsed], f).toEqual([1, 1]);
      const [r] = rows(table);
      expect(r).toMatchObject({ time: utc(2014, 5, 23, 1, 13, f === 'cloudfront_entry2.csv' ? 12 : 11), cs_protocol_version: 'HTTP/1.1', cs_bytes: null });
      expect([r.fle_status, r.c_port, r.time_to_first_byte, r.sc_content_type, r.sc_range_end]).toEqual([null, null, null, null, null]);
      cookies.push(r.cs_cookie);
    }
    // cs(Cookie) is %-decoded: `this%20zip=98101` is the cookie `this zip=98101`.
    expect(cookies).toEqual(['zip=98101', 'zip=98101', 'zip 98101', 'this zip=98101']);
    const { table } = await readAll(node, `${DIR}/cloudfront_entry2.csv`);
    expect(rows(table)[0]).toMatchObject({ sc_bytes: 2390282n, sc_status: 304, cs_uri_query: 'a=b&c=d', cs_user_agent: 'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 5.1)' });
  });

  it('skips # lines, rejects a #Fields line of another order, and reads lines of 24 to 33 fields and more', async () => {
    const { table, rejects } = await readAll(node, tempFile(cloudFrontEdgeLog()));
    const kept = CLOUDFRONT_LINES.filter(([, ok]) => ok).map(([l]) => l.split('\t')[14]);
    const r = rows(table);
    expect(r.map((x) => x.x_edge_request_id)).toEqual(kept);
    const skipped = ['#Version: 1.0', '# written by hand'].length + 2; // and two #Fields lines of the standard fields
    expect(rejects.rowsRead).toBe(CLOUDFRONT_LINES.length - skipped);
    expect(rejects.byReason).toEqual({ 'no-match': 4, 'bad-time': 2, 'bad-number': 3 });
    const byId = Object.fromEntries(r.map((x) => [x.x_edge_request_id, x]));
    expect(byId.full).toMatchObject({ cs_user_agent: 'Mozilla/5.0 (X11; Linux)', cs_cookie: 'a=b; c=d', c_port: 443, sc_content_len: 78n });
    expect(byId['partial-tail']).toMatchObject({ c_port: 443, time_to_first_byte: 0.002, x_edge_detailed_result_type: null, sc_range_end: null });
    expect(byId['extra-fields']).toMatchObject({ sc_range_start: null, sc_content_type: 'text/html' });
  });

  it('decodes cs(User-Agent) and cs(Cookie) once, keeps `+`, and keeps as logged a field with a bad or non-UTF-8 escape', async () => {
    const { table } = await readAll(node, tempFile(cloudFrontEdgeLog()));
    const byId = Object.fromEntries(rows(table).map((x) => [x.x_edge_request_id, x]));
    const pick = (id: string) => [byId[id].cs_user_agent, byId[id].cs_cookie];
    expect(pick('plus')).toEqual(['Slackbot 1.0 (+https://api.slack.com/robots)', null]);
    expect(byId.plus.cs_uri_query).toBe('q=a+b%20c'); // other fields as logged
    expect(pick('bad-escape')).toEqual(['100%zz%20off', 'abc%']);
    expect(pick('short-escape')).toEqual(['a%2', '%%41']);
    expect(pick('surrogate-escape')).toEqual(['%ED%A0%80x%20y', '%C0%AF']);
    expect(pick('cut-utf8')).toEqual(['%E6%97', '%F4%90%80%80']);
    expect(pick('utf8')).toEqual(['日本 😀', 'café é+']);
    expect(pick('dash')).toEqual(['-', 'AB']);
    expect(byId.dash.x_edge_location).toBeNull();
    expect(byId.aborted).toMatchObject({ sc_status: 0, cs_uri_query: 'a b', cs_referer: 'http://x/?q=%ZZ' });
    expect(byId.crlf.cs_protocol_version).toBe('HTTP/2.0');
  });
});
