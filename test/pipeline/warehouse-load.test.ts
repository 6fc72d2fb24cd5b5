// p.load(...): the load declaration in the pipeline plan, its mistakes at the p.load line, the SQL built
// from the output's schema for each dialect, and the profile's warehouse field.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStatements } from '../../codegen/warehouse/load-statements.ts';
import { createTableSql, partitionPredicate, redshiftCopySql, sqlString } from '../../codegen/warehouse/warehouse-sql.ts';
import { job, pipeline, type LoadOptions, type PipelineContext, type StageOutputRef } from '../../dsl/index.ts';
import { loadProfile } from '../../emr/config.ts';
import * as P from '../../plan/index.ts';
import topPages from '../../jobs/top-pages.ts';
import trafficByHour from '../../jobs/traffic-by-hour.ts';

const rows = job('rows', 'typed rows', (j) => {
  j.csv('rows', { day: 'date', at: 'timestamp', tag: 'string', n: 'long' }).writeCsv('out');
  j.csv('more', { k: 'int' }).writeTsv('tsv');
});

/** A pipeline over `rows` with one load declared by `declare`, and (unless told) its output published. */
type Declare = (p: PipelineContext, out: StageOutputRef, tsv: StageOutputRef) => void;
function withLoad(declare: Declare, opts: { partition?: 'daily' | 'hourly' | null; publish?: boolean } = {}) {
  return pipeline('loads', 'loads', (p) => {
    if (opts.partition !== null) p.partition('date', opts.partition ?? 'daily');
    const a = p.input('a');
    const b = p.input('b');
    const s = p.stage('s', rows, { engine: 'spark', inputs: { rows: a, more: b } });
    if (opts.publish !== false) p.output(s.output('out'), { path: 's3://bucket/out/dt={date}/' });
    declare(p, s.output('out'), s.output('tsv'));
  });
}

function failure(f: () => unknown): { message: string; line: number | undefined } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof P.JobError)) throw e;
    return { message: e.message, line: (e.where as { line?: number } | null)?.line };
  }
  throw new Error('expected a JobError');
}

const thisLine = () => Number(/warehouse-load\.test\.ts:(\d+)/.exec(new Error().stack!.split('\n')[2])![1]);

describe('p.load', () => {
  it('is plain data in the pipeline plan, hashed with it', () => {
    let line = 0;
    const plan = withLoad((p, out) => {
      line = thisLine() + 1;
      p.load('load-out', out, { table: 'qa.rows', strategy: 'replace-partition', partitionColumn: 'at', sortKey: ['at'], distKey: 'n' });
    }).plan();
    expect(plan.loads).toEqual([{ name: 'load-out', stage: 's', output: 'out', table: 'qa.rows', strategy: 'replace-partition', partitionColumn: 'at', sortKey: ['at'], distKey: 'n', loc: expect.objectContaining({ line }) }]);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    const other = withLoad((p, out) => p.load('load-out', out, { table: 'qa.rows' })).plan();
    expect(P.pipelineHash(other)).not.toBe(P.pipelineHash(plan));
  });

  it('names each mistake at the p.load line', () => {
    const at = (declare: Declare, opts?: Parameters<typeof withLoad>[1]) => failure(() => withLoad(declare, opts).plan());
    let line = 0;
    const missing = at((p, out) => {
      line = thisLine() + 1;
      p.load('load-out', out, { table: 'qa.rows', strategy: 'replace-partition', partitionColumn: 'hour' });
    });
    expect(missing).toEqual({ message: "load 'load-out': partition column 'hour' is not a column of 's.out' (its columns: 'day', 'at', 'tag', 'n')", line });
    expect(at((p, out) => p.load('load-out', out, { table: 'qa.rows', strategy: 'replace-partition', partitionColumn: 'n' })).message).toBe(
      "load 'load-out': partition column 'n' is a long; a daily partition is matched against a timestamp, a string or a date column",
    );
    expect(at((p, out) => p.load('load-out', out, { table: 'qa.rows', strategy: 'replace-partition', partitionColumn: 'day' }), { partition: 'hourly' }).message).toContain("partition column 'day' is a date; an hourly partition");
    expect(at((p, out) => p.load('load-out', out, { table: 'qa.rows', strategy: 'replace-partition', partitionColumn: 'day' }), { partition: null }).message).toContain("declare it with p.partition('date', 'daily')");
    expect(at((p, out) => p.load('load-out', out, { table: 'QA.Rows' })).message).toContain("table 'QA.Rows' must be 'schema.table' or 'table' of lower-case letters");
    expect(at((p, out) => p.load('load-out', out, { table: 'rows', sortKey: ['nope'] })).message).toContain("sort key 'nope' is not a column of 's.out'");
    expect(at((p, out) => p.load('load-out', out, { table: 'rows', distKey: 'n', distStyle: 'even' })).message).toContain("a dist key needs distStyle 'key'");
    expect(at((p, _out, tsv) => p.load('load-tsv', tsv, { table: 'rows' })).message).toContain("output 's.tsv' is tsv; a warehouse COPY reads csv, csv-noheader, parquet outputs");
    expect(at((p, out) => p.load('s', out, { table: 'rows' })).message).toBe("load 's': a stage has the same name");
    // Publishing may come after p.load; a load of an output never published fails when the pipeline is whole.
    const unpublished = at((p, out) => p.load('load-out', out, { table: 'rows' }), { publish: false });
    expect(unpublished.message).toBe("load 'load-out': output 's.out' is not published: add p.output(...) with its S3 path, which the COPY reads");
  });

  it('requires partitionColumn with replace-partition in its type', () => {
    // @ts-expect-error replace-partition without partitionColumn
    const bad: LoadOptions = { table: 't', strategy: 'replace-partition' };
    const good: LoadOptions = { table: 't' };
    expect([bad.table, good.table]).toEqual(['t', 't']);
  });
});

describe('warehouse SQL', () => {
  const web = pipeline('web', 'web', (p) => {
    p.partition('date', 'daily');
    const logs = p.input('logs');
    const traffic = p.stage('traffic', trafficByHour, { engine: 'spark', inputs: { logs } });
    const pages = p.stage('pages', topPages, { engine: 'spark', inputs: { logs } });
    p.output(traffic.output('traffic_by_hour'), { path: 's3://b/t/dt={date}/' });
    p.output(pages.output('top_pages'), { path: 's3://b/p/' });
    p.load('load-traffic', traffic.output('traffic_by_hour'), { table: 'web.traffic_by_hour', strategy: 'replace-partition', partitionColumn: 'hour', sortKey: ['hour'] });
    p.load('load-pages', pages.output('top_pages'), { table: 'top_pages', distStyle: 'all' });
  }).plan();

  it('maps every column type, the same in both dialects; Redshift alone gets the layout clauses', () => {
    const cols = P.COLUMN_TYPES.map((t) => P.field(`c_${t}`, t, t !== 'int'));
    expect(createTableSql('s.t', cols, {}, 'postgres')).toBe(
      'CREATE TABLE IF NOT EXISTS "s"."t" (\n  "c_string" VARCHAR(65535),\n  "c_int" INTEGER NOT NULL,\n  "c_long" BIGINT,\n  "c_double" DOUBLE PRECISION,\n  "c_boolean" BOOLEAN,\n  "c_timestamp" TIMESTAMP,\n  "c_date" DATE\n)',
    );
    expect(createTableSql('t', [P.field('a"b', 'int')], { distKey: 'a"b', sortKey: ['a"b'] }, 'redshift')).toBe(
      'CREATE TABLE IF NOT EXISTS "t" (\n  "a""b" INTEGER\n)\nDISTSTYLE KEY\nDISTKEY ("a""b")\nSORTKEY ("a""b")\nENCODE AUTO',
    );
  });

  it('builds the statements of a run in order, the partition from its parameter', () => {
    const [traffic, pages] = web.loads!;
    const pg = loadStatements(web, traffic, { dialect: 'postgres', params: { date: '2015-05-17' } });
    expect(pg.map((s) => s.what)).toEqual(['create schema', 'create table', 'delete partition', 'copy']);
    expect(pg[2].sql).toBe(`DELETE FROM "web"."traffic_by_hour" WHERE "hour" >= TIMESTAMP '2015-05-17 00:00:00' AND "hour" < TIMESTAMP '2015-05-18 00:00:00'`);
    expect(pg[3].sql).toBe('COPY "web"."traffic_by_hour" ("hour", "requests", "bytes", "errors", "error_rate") FROM STDIN WITH (FORMAT csv, HEADER true)');
    const rs = loadStatements(web, pages, { dialect: 'redshift', params: { date: '2015-05-17' }, iamRole: "arn:aws:iam::1:role/o'k" });
    expect(rs.map((s) => s.what)).toEqual(['create table', 'copy']);
    expect(rs[1].sql).toBe(`COPY "top_pages" ("path", "hits", "bytes")\nFROM 's3://b/p/'\nIAM_ROLE 'arn:aws:iam::1:role/o''k'\nFORMAT AS CSV IGNOREHEADER 1 EMPTYASNULL TIMEFORMAT 'auto' DATEFORMAT 'auto'`);
    expect(() => loadStatements(web, traffic, { dialect: 'postgres', params: {} })).toThrow("load 'load-traffic' replaces the partition 'date': pass --param date=...");
    expect(() => loadStatements(web, traffic, { dialect: 'redshift', params: { date: '2015-05-17' } })).toThrow('COPY from S3 needs an IAM role');
  });

  it('matches hourly and string partitions, reads Parquet by position, refuses a backslash in a literal', () => {
    expect(partitionPredicate(P.field('at', 'timestamp'), 'hourly', '2015-05-17T23:00:00.000Z')).toBe(`"at" >= TIMESTAMP '2015-05-17 23:00:00' AND "at" < TIMESTAMP '2015-05-18 00:00:00'`);
    expect(partitionPredicate(P.field('dt', 'string'), 'daily', '2015-05-17')).toBe(`"dt" = '2015-05-17'`);
    expect(partitionPredicate(P.field('d', 'date'), 'daily', '2015-05-17')).toBe(`"d" = DATE '2015-05-17'`);
    expect(redshiftCopySql('t', [P.field('a', 'int')], 's3://b/x/', 'parquet', 'arn:aws:iam::1:role/r')).toBe(`COPY "t"\nFROM 's3://b/x/'\nIAM_ROLE 'arn:aws:iam::1:role/r'\nFORMAT AS PARQUET`);
    expect(redshiftCopySql('t', [P.field('a', 'int')], 's3://b/x/', 'csv-noheader', 'arn:aws:iam::1:role/r')).toContain('FORMAT AS CSV EMPTYASNULL');
    expect(() => sqlString('s3://b/a\\b/', 'S3 path')).toThrow('S3 path "s3://b/a\\\\b/" holds a backslash or a control character');
  });
});

describe("the profile's warehouse field", () => {
  const base = { region: 'us-east-1', bucket: 'bkt', serviceRole: 'r', jobFlowRole: 'j', releaseLabel: 'emr-7.5.0', master: { instanceType: 'm5.xlarge' } };
  const profile = (warehouse: unknown) => {
    const file = path.join(tmpdir(), `emr-jobs-wh-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ profiles: { qa: { ...base, warehouse } } }));
    try {
      return loadProfile({ configFile: file, env: {} });
    } finally {
      rmSync(file, { force: true });
    }
  };
  it('is read and checked field by field', () => {
    const w = { iamRole: 'arn:aws:iam::123456789012:role/copy', workgroupName: 'wg-main', database: 'dev' };
    expect(profile(w).warehouse).toEqual({ ...w, clusterIdentifier: null, secretArn: null, dbUser: null });
    expect(() => profile({ ...w, clusterIdentifier: 'c1' })).toThrow("profile 'qa': field 'warehouse.clusterIdentifier': expected exactly one of clusterIdentifier and workgroupName");
    expect(() => profile({ iamRole: w.iamRole, clusterIdentifier: 'c1', database: 'dev' })).toThrow("field 'warehouse.secretArn': expected a secretArn or a dbUser for a provisioned cluster, got nothing");
    expect(() => profile({ ...w, database: 'Dev' })).toThrow("field 'warehouse.database': expected a database name");
    expect(() => profile({ ...w, user: 'x' })).toThrow("field 'warehouse.user': expected no such field");
    expect(profile(undefined).warehouse).toBeUndefined();
  });
});
