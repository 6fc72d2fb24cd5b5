// The warehouse load proven on a real PostgreSQL server (the Debian package, started here on a loopback
// port): the generated DDL is created, a local run's output rows are loaded with COPY FROM STDIN and read
// back equal to the output file (types, nulls, quoting), and replace-partition run twice leaves one copy.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli/cli-harness.ts';
import { ROWS, typedLoadPipeline } from './typed-load-fixture.ts';
import { startPostgres, type PostgresServer } from '../harness/postgres-harness.ts';

const dir = tempDir('warehouse-pg');
const FIXTURE = typedLoadPipeline(dir);
let server: PostgresServer;
let db: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  db = new pg.Client({ connectionString: server.url });
  // Timestamps, dates and longs as the server's text, not converted by the client.
  db.setTypeParser(1114, (v) => v);
  db.setTypeParser(1082, (v) => v);
  db.setTypeParser(20, (v) => v);
  await db.connect();
}, 120_000);

afterAll(async () => {
  try {
    await db?.end();
  } finally {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The output file's rows: an empty unquoted field is null, `""` the empty string. */
function fileRows(file: string): Record<string, string | null>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true, cast: (v: string, ctx: { quoting: boolean }) => (v === '' && !ctx.quoting ? null : v) });
}

/** A database row as the output file writes it, so the two compare as equal values. */
function asFileText(r: Record<string, unknown>): Record<string, string | null> {
  const ts = (v: unknown) => (v === null ? null : new Date(`${String(v).replace(' ', 'T')}Z`).toISOString());
  const dbl = (v: unknown) => (v === null ? null : Number(v));
  return {
    id: String(r.id),
    at: ts(r.at),
    x: r.x === null ? null : String(dbl(r.x)),
    s: r.s as string | null,
    d: r.d as string | null,
    ok: r.ok === null ? null : String(r.ok),
    n: r.n as string | null,
  };
}

const sameDouble = (file: string | null) => (file === null ? null : String(Number(file)));

describe('warehouse load into PostgreSQL', () => {
  const out = path.join(dir, 'out');
  const run = () => cli(['run', FIXTURE, '--input', `rows=${ROWS}`, '--param', 'date=2015-05-17', '--out', out, '--rows', '0', '--warehouse', server.url]);

  it('creates the table from the DDL and loads the output rows, equal to the file, types and nulls included', async () => {
    const r = await run();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^load load-typed \(copy\.typed -> qa\.typed_rows, replace-partition\): 5 rows in [\d.]+ s$/m);
    expect(r.stdout).toMatch(/^pipeline typed-load: 1 stage done, 1 load done in /m);
    const cols = await db.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'qa' AND table_name = 'typed_rows' ORDER BY ordinal_position`);
    expect(cols.rows.map((c) => [c.column_name, c.data_type])).toEqual([
      ['id', 'integer'], ['at', 'timestamp without time zone'], ['x', 'double precision'], ['s', 'character varying'], ['d', 'date'], ['ok', 'boolean'], ['n', 'bigint'],
    ]);
    const file = fileRows(path.join(out, 'copy', 'typed.csv'));
    expect(file).toHaveLength(5);
    const rows = (await db.query('SELECT * FROM qa.typed_rows ORDER BY id')).rows.map(asFileText);
    expect(rows).toEqual(file.map((f) => ({ ...f, x: sameDouble(f.x) })));
    // The cases the fixture is there for, spelled out: quoting, "" versus null, NaN, a long past 2^53.
    const byId = new Map(rows.map((x) => [x.id, x]));
    expect(byId.get('1')!.s).toBe('a, b');
    expect(byId.get('2')!.s).toBe('say "hi"');
    expect(byId.get('3')!.s).toBeNull();
    expect(byId.get('4')!.s).toBe('');
    expect(byId.get('5')!.s).toBe('line\nbreak');
    expect(byId.get('3')!.x).toBe('NaN');
    expect(byId.get('1')!.n).toBe('9007199254740993');
  }, 240_000);

  it('replace-partition run again leaves one copy of the partition', async () => {
    await db.query(`INSERT INTO qa.typed_rows (id, at) VALUES (100, '2015-05-16 23:59:59.999'), (101, '2015-05-18 00:00:00')`);
    const r = await run();
    expect(r.code).toBe(0);
    const n = await db.query(`SELECT id, count(*)::int AS copies FROM qa.typed_rows GROUP BY id ORDER BY id`);
    // The day's five rows once each; the rows of the days around it are not the run's partition and stay.
    expect(n.rows).toEqual([1, 2, 3, 4, 5, 100, 101].map((id) => ({ id, copies: 1 })));
  }, 240_000);

  it('a failing load rolls back and names the load, the table and the statement', async () => {
    await db.query('ALTER TABLE qa.typed_rows ADD CONSTRAINT small_x CHECK (x < 1000) NOT VALID');
    try {
      const before = (await db.query('SELECT count(*)::int AS n FROM qa.typed_rows')).rows[0].n;
      const r = await run();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/load 'load-typed' into qa\.typed_rows failed in statement 4 of 4 \(copy: COPY "qa"\."typed_rows" .* FROM STDIN WITH \(FORMAT csv, HEADER true\)\): new row for relation "typed_rows" violates check constraint "small_x".*; rolled back, the table is unchanged/);
      // The DELETE before the COPY was rolled back too.
      expect((await db.query('SELECT count(*)::int AS n FROM qa.typed_rows')).rows[0].n).toBe(before);
    } finally {
      await db.query('ALTER TABLE qa.typed_rows DROP CONSTRAINT small_x');
    }
  }, 240_000);

  it('without --warehouse the load is skipped with a line saying so; a server that is not there is exit 2', async () => {
    const r = await cli(['run', FIXTURE, '--input', `rows=${ROWS}`, '--param', 'date=2015-05-17', '--out', out, '--rows', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('load load-typed (copy.typed -> qa.typed_rows, replace-partition): skipped, no --warehouse postgres://... given');
    expect(r.stdout).toMatch(/1 stage done, 1 load skipped \(no --warehouse\) in /);
    const gone = await cli(['run', FIXTURE, '--input', `rows=${ROWS}`, '--param', 'date=2015-05-17', '--out', out, '--warehouse', `postgres://emr_jobs:secret@127.0.0.1:${server.port + 1}/postgres`]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(`--warehouse postgres://emr_jobs:***@127.0.0.1:${server.port + 1}/postgres: cannot connect`);
    expect(gone.stderr).not.toContain('secret');
  }, 240_000);
});
