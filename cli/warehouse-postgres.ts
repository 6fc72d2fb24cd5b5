// A load on a local run, into PostgreSQL (`run <pipeline> --warehouse postgres://...`): the same DDL and
// partition delete as on Redshift, then `COPY ... FROM STDIN` of the output file, in one transaction.
import pg from 'pg';
import type { LoadStatement } from '../codegen/warehouse/load-statements.ts';
import { JobError } from '../plan/index.ts';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';
import { shownUrl } from './option-parsers.ts';
import { copyFromFile } from './postgres-copy-in.ts';

export async function connectWarehouse(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw exitWith(EXIT_USAGE, 'usage', `--warehouse ${shownUrl(url)}: cannot connect: ${(e as Error).message}`);
  }
  return client;
}

/**
 * Runs the load's statements in one transaction, the COPY reading `file`; on any error rolls back, so
 * the table is as it was, and names the load, the table and the statement.
 */
export async function loadPostgres(client: pg.Client, load: { name: string; table: string }, statements: readonly LoadStatement[], file: string): Promise<number> {
  let at = -1;
  let rows = 0;
  try {
    await client.query('BEGIN');
    for (const [i, s] of statements.entries()) {
      at = i;
      if (s.what === 'copy') rows = await copyFromFile(client, s.sql, file);
      else await client.query(s.sql);
    }
    at = -1;
    await client.query('COMMIT');
    return rows;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    const err = e as Error & { where?: string };
    const which = at >= 0 ? `statement ${at + 1} of ${statements.length} (${statements[at].what}: ${statements[at].sql.split('\n')[0]})` : 'COMMIT';
    throw new JobError('runtime', `load '${load.name}' into ${load.table} failed in ${which}: ${err.message}${err.where ? ` (${err.where})` : ''}; rolled back, the table is unchanged`);
  }
}
