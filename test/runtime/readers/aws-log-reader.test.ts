// ELB, ALB and S3 access log readers over the real samples in ../shared/data/aws (values read off the files).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAll } from '../../../runtime/readers/index.ts';
import { logNode, rows, sample, tempFile, utc } from './reader-fixtures.ts';

const ALB_DOCS = sample('aws/alb/beats/example-alb-http.log');
const ALB_REAL = sample('aws/alb/beats/application-lb-http.log');
const ALB_PARSER_DIR = sample('aws/alb/aws-log-parser');
const ELB_REAL = sample('aws/elb_classic/beats/elb-http.log');
const ELB_ENTRY = sample('aws/elb_classic/aws-log-parser/classic_loadbalancer_http_entry.csv');
const S3_REAL = sample('aws/s3_access/beats/s3_server_access.log');
const S3_DOCS = sample('aws/s3_access/beats/test.log');

describe('ALB reader', () => {
  it('reads the AWS documentation examples, quirks included', async () => {
    const { table, rejects } = await readAll(logNode('alb'), ALB_DOCS);
    // 9 records, then an empty line 10 (a real line: the file ends with two line breaks)
    expect([rejects.rowsRead, rejects.rowsParsed]).toEqual([10, 9]);
    expect(rejects.byReason).toEqual({ 'no-match': 1 });
    const r = rows(table);
    expect(r.map((x) => x.type)).toEqual(['http', 'https', 'h2', 'ws', 'wss', 'http', 'http', 'http', 'http']);
    expect(r[0]).toEqual({
      type: 'http', time: utc(2018, 7, 2, 22, 23, 0, 186), elb: 'app/my-loadbalancer/50dc6c495c0c9188',
      client_ip: '192.168.131.39', client_port: 2817, target_ip: '10.0.0.1', target_port: 80,
      request_processing_time: 0, target_processing_time: 0.001, response_processing_time: 0,
      elb_status_code: 200, target_status_code: 200, received_bytes: 34n, sent_bytes: 366n,
      method: 'GET', url: 'http://www.example.com:80/', protocol: 'HTTP/1.1', user_agent: 'curl/7.46.0',
      ssl_cipher: null, ssl_protocol: null,
      target_group_arn: 'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067',
      trace_id: 'Root=1-58337262-36d228ad5d99923122bbe354', domain_name: null, chosen_cert_arn: null,
      matched_rule_priority: '0', request_creation_time: utc(2018, 7, 2, 22, 22, 48, 364), actions_executed: 'forward',
      redirect_url: null, error_reason: null, target_port_list: null, target_status_code_list: null,
      classification: null, classification_reason: null,
    });
    expect(r[1]).toMatchObject({
      request_processing_time: 0.086, target_processing_time: 0.048, response_processing_time: 0.037,
      ssl_cipher: 'ECDHE-RSA-AES128-GCM-SHA256', ssl_protocol: 'TLSv1.2', domain_name: 'www.example.com',
      chosen_cert_arn: 'arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012',
      matched_rule_priority: '1', actions_executed: 'authenticate,forward',
    });
    expect(r[2]).toMatchObject({ url: 'https://10.0.2.105:773/', protocol: 'HTTP/2.0', actions_executed: 'redirect', redirect_url: 'https://example.com:80/' });
    // `"-"1`: no space between chosen_cert_arn and matched_rule_priority
    expect(r[4]).toMatchObject({ client_port: 44244, target_ip: '10.0.0.171', chosen_cert_arn: null, matched_rule_priority: '1', user_agent: null });
    // Lambda target: `-` target, target status `-`
    expect(r[6]).toMatchObject({ target_ip: null, target_port: null, elb_status_code: 502, target_status_code: null, error_reason: 'LambdaInvalidResponse' });
    // malformed requests
    expect(r[7]).toMatchObject({ method: null, url: 'http://www.example.com:80-', protocol: null, request_processing_time: -1, elb_status_code: 400, target_group_arn: null });
    expect(r[8]).toMatchObject({ method: null, url: null, protocol: null, actions_executed: null });
  });

  it('reads the real eu-central-1 records with -1 processing times and 460/504 codes', async () => {
    const { table, rejects } = await readAll(logNode('alb'), ALB_REAL);
    expect([rejects.rowsRead, rejects.rowsParsed, rejects.rejected]).toEqual([11, 10, 1]);
    const r = rows(table);
    expect(r.map((x) => x.elb_status_code)).toEqual([460, 504, 504, 504, 504, 504, 504, 200, 200, 200]);
    expect(r[0]).toMatchObject({
      time: utc(2019, 10, 11, 15, 1, 12, 376), client_ip: '77.227.156.41', client_port: 56398, target_ip: '10.0.0.192',
      request_processing_time: -1, target_status_code: null, received_bytes: 125n, sent_bytes: 0n,
      url: 'http://filebeat-aws-elb-test-12030537.eu-central-1.elb.amazonaws.com:80/', request_creation_time: utc(2019, 10, 11, 15, 1, 6, 657),
    });
    expect(r[9]).toMatchObject({ sent_bytes: 859n, target_processing_time: 0.001, trace_id: 'Root=1-5da0a5df-7c958e828ff43b63d0e0fac4' });
  });

  it('reads every aws-log-parser entry, including the newer field list with a trailing TID_ connection id', async () => {
    const files = readdirSync(ALB_PARSER_DIR).sort();
    expect(files).toHaveLength(12);
    for (const f of files) {
      const { rejects } = await readAll(logNode('alb'), `${ALB_PARSER_DIR}/${f}`);
      expect([f, rejects.rowsRead, rejects.rowsParsed]).toEqual([f, 1, 1]);
    }
    const { table } = await readAll(logNode('alb'), `${ALB_PARSER_DIR}/loadbalancer_http2_entry_auth_error.csv`);
    expect(rows(table)[0]).toMatchObject({
      type: 'h2', elb_status_code: 401, received_bytes: 4956n, sent_bytes: 616n, method: 'GET',
      url: 'https://example.com:443/oauth2/idpresponse?code=XXXXX', protocol: 'HTTP/2.0',
      ssl_cipher: 'TLS_AES_128_GCM_SHA256', ssl_protocol: 'TLSv1.3', target_group_arn: null, matched_rule_priority: '-1',
      actions_executed: 'authenticate', error_reason: 'AuthInvalidAWSALBAuthNonce',
      target_port_list: null, target_status_code_list: null, classification: null, classification_reason: null,
    });
  });

  it('fills the newer fields when present and ignores fields beyond them', async () => {
    const line =
      'https 2024-01-02T03:04:05.999999Z app/lb/1 1.2.3.4:5 6.7.8.9:80 0.1 0.2 0.3 200 201 10 20 "POST https://h:443/p?q HTTP/2.0" "ua" ' +
      'c p arn:tg "Root=1" "h" "arn:cert" 7 2024-01-02T03:04:05Z "forward" "-" "-" "6.7.8.9:80" "201" "Acceptable" "-" TID_1 "new" "more"';
    const { table } = await readAll(logNode('alb'), tempFile(line + '\r\n'));
    expect(rows(table)[0]).toMatchObject({
      time: utc(2024, 1, 2, 3, 4, 5, 999), method: 'POST', url: 'https://h:443/p?q', target_status_code: 201,
      target_port_list: '6.7.8.9:80', target_status_code_list: '201', classification: 'Acceptable', classification_reason: null,
    });
  });
});

describe('classic ELB reader', () => {
  it('reads the real records; the final empty line is rejected', async () => {
    const { table, rejects } = await readAll(logNode('elb'), ELB_REAL);
    expect([rejects.rowsRead, rejects.rowsParsed]).toEqual([6, 5]);
    const r = rows(table);
    expect(r[1]).toEqual({
      time: utc(2019, 10, 14, 12, 1, 41, 918), elb: 'filebeat-aws-elb-test', client_ip: '81.2.69.143', client_port: 54001,
      backend_ip: '10.0.0.169', backend_port: 80, request_processing_time: 0.000041, backend_processing_time: 0.00491,
      response_processing_time: 0.000027, elb_status_code: 200, backend_status_code: 200, received_bytes: 0n, sent_bytes: 612n,
      method: 'GET', url: 'http://18.194.223.56:80/', protocol: 'HTTP/1.1',
      user_agent: 'Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36',
      ssl_cipher: null, ssl_protocol: null,
    });
  });

  it('reads an HTTPS entry, a TCP listener line and an unreachable backend', async () => {
    const { table } = await readAll(logNode('elb'), ELB_ENTRY);
    expect(rows(table)[0]).toMatchObject({ url: 'https://www.example.com:443/', ssl_cipher: 'DHE-RSA-AES128-SHA', ssl_protocol: 'TLSv1.2', backend_processing_time: 0.001048 });
    const tcp = '2015-05-13T23:39:43.945958Z my-lb 192.168.131.39:2817 - -1 -1 -1 - - 57 0 "- - - " "-" - -';
    const { table: t2, rejects } = await readAll(logNode('elb'), tempFile(tcp));
    expect(rejects.rejected).toBe(0);
    expect(rows(t2)[0]).toMatchObject({ backend_ip: null, backend_port: null, request_processing_time: -1, elb_status_code: null, method: null, url: null, protocol: null, user_agent: null });
  });

  it('rejects a non-numeric processing time as bad-number and trailing fields as no-match', async () => {
    const ok = '2015-05-13T23:39:43.945958Z my-lb 1.2.3.4:1 5.6.7.8:80 0.1 0.2 0.3 200 200 0 57 "GET http://h:80/ HTTP/1.1" "curl" - -';
    const { rejects } = await readAll(logNode('elb'), tempFile([ok, ok.replace('0.2', '0.2s'), `${ok} extra`].join('\n')));
    expect(rejects.byReason).toEqual({ 'bad-number': 1, 'no-match': 1 });
  });
});

describe('S3 server access log reader', () => {
  it('reads the real records, including one where almost every field is `-`', async () => {
    const { table, rejects } = await readAll(logNode('s3access'), S3_REAL);
    expect([rejects.rowsRead, rejects.rowsParsed]).toEqual([5, 5]);
    const r = rows(table);
    expect(r[2]).toMatchObject({
      bucket: 'test-s3-ks', time: utc(2019, 8, 1, 0, 24, 43), remote_ip: '72.21.217.31', request_id: '4DD6D17D1C5C401C',
      operation: 'REST.GET.BUCKET', key: null, request_uri: 'GET /test-s3-ks/?max-keys=0&encoding-type=url&aws-account=627959692251 HTTP/1.1',
      http_status: 200, error_code: null, bytes_sent: 265n, object_size: null, total_time: 2n, turn_around_time: 1n, referer: null,
      version_id: null, signature_version: 'SigV4', cipher_suite: 'ECDHE-RSA-AES128-SHA', authentication_type: 'AuthHeader',
      host_header: 's3.ap-southeast-1.amazonaws.com', tls_version: 'TLSv1.2', access_point_arn: null, acl_required: null,
    });
    expect(r[4]).toMatchObject({
      bucket: 'jsoriano-s3-test', requester: 'arn:aws:iam::627959692251:user/jaime.soriano@elastic.co', operation: 'BATCH.DELETE.OBJECT',
      key: 'jolokia-war-1.5.0.war', request_uri: null, http_status: 204, bytes_sent: null, object_size: 344017n, total_time: null,
      referer: null, user_agent: null, host_id: 'IeDW5I3wefFxU8iHOcAzi5qr+O+1bdRlcQ0AO2WGjFh7JwYM6qCoKq+1TrUshrXMlBxPFtg97Vk=',
    });
  });

  it('reads the documentation examples and converts a +0200 offset to UTC', async () => {
    const { table, rejects } = await readAll(logNode('s3access'), S3_DOCS);
    expect([rejects.rowsRead, rejects.rowsParsed]).toEqual([6, 6]);
    const r = rows(table);
    expect(r[2]).toMatchObject({ operation: 'REST.GET.BUCKETPOLICY', http_status: 404, error_code: 'NoSuchBucketPolicy', bytes_sent: 297n, total_time: 38n, signature_version: 'SigV2' });
    expect(r[4]).toMatchObject({ operation: 'REST.PUT.OBJECT', key: 's3-dg.pdf', bytes_sent: null, object_size: 4406583n, total_time: 41754n, turn_around_time: 28n });
    expect(r[5]).toMatchObject({ bucket: 'faketest', time: utc(2021, 2, 9, 12, 48, 42), request_uri: 'OPTIONS * HTTP/1.0', tls_version: 'TLSV1.1' });
  });

  it('accepts older lines that end early and newer ones with extra fields', async () => {
    const head = 'owner bkt [06/Feb/2019:00:00:38 +0000] 192.0.2.3 req ID1 REST.GET.OBJECT k "GET /bkt/k HTTP/1.1" 200 - 10 10 5 4 "-" "ua"';
    const lines = [head, `${head} - hostid`, `${head} - hostid SigV4 cs AuthHeader host TLSv1.2 arn:ap Yes NewField "x y"`];
    const { table, rejects } = await readAll(logNode('s3access'), tempFile(lines.join('\n')));
    expect(rejects.rejected).toBe(0);
    const r = rows(table);
    expect(r[0]).toMatchObject({ user_agent: 'ua', version_id: null, host_id: null, acl_required: null });
    expect(r[1]).toMatchObject({ host_id: 'hostid', signature_version: null });
    expect(r[2]).toMatchObject({ host_id: 'hostid', tls_version: 'TLSv1.2', access_point_arn: 'arn:ap', acl_required: 'Yes' });
  });
});
