// `emr-jobs warehouse load` against a local Redshift Data API endpoint: the real SDK client sends its AWS
// JSON requests to a small server here, which records them and answers as the Data API does (moto 5.2 has
// ExecuteStatement but no BatchExecuteStatement, and cannot fail a statement on demand).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli/cli-harness.ts';
import { typedLoadPipeline } from './typed-load-fixture.ts';

const ROLE = 'arn:aws:iam::123456789012:role/redshift-copy';
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:warehouse-AbCdEf';
const dir = tempDir('warehouse-api');
const FIXTURE = typedLoadPipeline(dir);

interface Captured {
  readonly target: string;
  readonly body: Record<string, unknown>;
}

/** How the fake answers DescribeStatement: the statuses in turn, the last one repeated. */
let script: Record<string, unknown>[] = [];
const captured: Captured[] = [];
let server: Server;
let endpoint = '';

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (b: Buffer) => (text += b.toString('utf8')));
    req.on('end', () => resolve(text));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const parsed = JSON.parse((await body(req)) || '{}') as Record<string, unknown>;
    captured.push({ target, body: parsed });
    const send = (o: unknown) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(o));
    };
    if (target === 'RedshiftData.BatchExecuteStatement') return send({ Id: 'stmt-1', ClusterIdentifier: parsed.ClusterIdentifier, Database: parsed.Database, CreatedAt: 1 });
    if (target === 'RedshiftData.DescribeStatement') return send({ Id: parsed.Id, ...(script.length > 1 ? script.shift() : script[0]) });
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ __type: 'ValidationException', message: `unexpected ${target}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  mkdirSync(dir, { recursive: true });
  const profile = {
    region: 'us-east-1', bucket: 'qa-bucket', serviceRole: 'EMR_DefaultRole', jobFlowRole: 'EMR_EC2_DefaultRole', releaseLabel: 'emr-7.5.0',
    master: { instanceType: 'm5.xlarge' }, endpoint, pollSeconds: 0.05, maxPollSeconds: 0.2,
    warehouse: { iamRole: ROLE, clusterIdentifier: 'analytics', database: 'dev', secretArn: SECRET },
  };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ profiles: { qa: profile } }));
  writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ profiles: { qa: { ...profile, warehouse: { iamRole: 'copy-role', clusterIdentifier: 'analytics', database: 'dev', secretArn: SECRET } } } }));
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };
const load = (config = 'config.json') => cli(['warehouse', 'load', FIXTURE, '--param', 'date=2015-05-17', '--config', path.join(dir, config)], ENV);

const SUBS = (failAt: number | null) =>
  ['CREATE SCHEMA', 'CREATE TABLE', 'DELETE', 'COPY'].map((_, i) => ({
    Id: `stmt-1:${i + 1}`,
    Status: failAt === null || i < failAt ? 'FINISHED' : i === failAt ? 'FAILED' : 'ABORTED',
    ...(i === failAt ? { Error: "ERROR: Load into table 'typed_rows' failed. Check 'sys_load_error_detail' system table for details." } : {}),
    ...(i === 3 && failAt === null ? { ResultRows: 5 } : {}),
  }));

describe('warehouse load on Redshift through the Data API', () => {
  it('sends one BatchExecuteStatement (DDL, partition DELETE, S3 COPY with the profile role) and waits for FINISHED', async () => {
    captured.length = 0;
    script = [{ Status: 'SUBMITTED' }, { Status: 'STARTED' }, { Status: 'STARTED' }, { Status: 'FINISHED', SubStatements: SUBS(null) }];
    const r = await load();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('load load-typed: copy.typed -> qa.typed_rows (replace-partition) on cluster analytics, database dev');
    expect(r.stdout).toMatch(/^load load-typed: 5 rows in [\d.]+ s$/m);
    const batch = captured.filter((c) => c.target === 'RedshiftData.BatchExecuteStatement');
    expect(batch).toHaveLength(1);
    const b = batch[0].body;
    expect([b.ClusterIdentifier, b.Database, b.SecretArn, b.DbUser, b.WorkgroupName]).toEqual(['analytics', 'dev', SECRET, undefined, undefined]);
    expect(b.StatementName).toBe('emr-jobs typed-load load-typed');
    const sqls = b.Sqls as string[];
    expect(sqls).toHaveLength(4);
    expect(sqls[0]).toBe('CREATE SCHEMA IF NOT EXISTS "qa"');
    expect(sqls[1]).toContain('"n" BIGINT\n)\nDISTSTYLE KEY\nDISTKEY ("id")\nSORTKEY ("at")\nENCODE AUTO');
    expect(sqls[2]).toBe(`DELETE FROM "qa"."typed_rows" WHERE "at" >= TIMESTAMP '2015-05-17 00:00:00' AND "at" < TIMESTAMP '2015-05-18 00:00:00'`);
    expect(sqls[3]).toBe(
      `COPY "qa"."typed_rows" ("id", "at", "x", "s", "d", "ok", "n")\nFROM 's3://qa-bucket/typed/dt=2015-05-17/'\nIAM_ROLE '${ROLE}'\nFORMAT AS CSV IGNOREHEADER 1 EMPTYASNULL TIMEFORMAT 'auto' DATEFORMAT 'auto'`,
    );
    // Polled until FINISHED, and no more.
    expect(captured.filter((c) => c.target === 'RedshiftData.DescribeStatement').map((c) => c.body.Id)).toEqual(['stmt-1', 'stmt-1', 'stmt-1', 'stmt-1']);
  }, 120_000);

  it('a FAILED statement is exit 1 naming the table, the statement and Redshift\'s error', async () => {
    captured.length = 0;
    script = [{ Status: 'STARTED' }, { Status: 'FAILED', Error: 'batch failed', SubStatements: SUBS(3) }];
    const r = await load();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `warehouse load of qa.typed_rows failed in statement 4 of 4 (copy: COPY "qa"."typed_rows" ("id", "at", "x", "s", "d", "ok", "n")): ERROR: Load into table 'typed_rows' failed. Check 'sys_load_error_detail' system table for details. (statement id stmt-1; nothing of the batch was committed)`,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }, 120_000);

  it('warehouse ddl prints the same statements, and for PostgreSQL only the dialect-neutral core and COPY FROM STDIN', async () => {
    const rs = await cli(['warehouse', 'ddl', FIXTURE, '--param', 'date=2015-05-17', '--config', path.join(dir, 'config.json')], ENV);
    expect(rs.code).toBe(0);
    const sent = captured.find((c) => c.target === 'RedshiftData.BatchExecuteStatement');
    expect(rs.stdout).toBe(`-- load load-typed: copy.typed -> qa.typed_rows (replace-partition on at), redshift\n${(sent!.body.Sqls as string[]).map((q) => `${q};\n`).join('')}`);
    const pg = await cli(['warehouse', 'ddl', FIXTURE, '--dialect', 'postgres'], ENV);
    expect(pg.code).toBe(0);
    expect(pg.stdout).not.toMatch(/DISTKEY|SORTKEY|ENCODE|DISTSTYLE|IAM_ROLE|s3:/);
    expect(pg.stdout).toContain('CREATE TABLE IF NOT EXISTS "qa"."typed_rows" (\n  "id" INTEGER,\n  "at" TIMESTAMP,');
    expect(pg.stdout).toContain('-- the DELETE and COPY need --param date=...');
  }, 120_000);

  it('a profile whose warehouse role is not an IAM role ARN is exit 2 naming the field, before any request', async () => {
    captured.length = 0;
    const r = await load('bad.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`profile 'qa': field 'warehouse.iamRole': expected an IAM role ARN like "arn:aws:iam::123456789012:role/redshift-copy", got "copy-role"`);
    expect(captured).toEqual([]);
  }, 120_000);
});
