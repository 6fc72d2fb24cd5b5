// Runs a load's statements on Redshift through the Data API: one BatchExecuteStatement (one transaction),
// then DescribeStatement with backoff until FINISHED, FAILED or ABORTED. A failure names the table and the
// statement that failed; an interruption cancels the statement.
import {
  BatchExecuteStatementCommand, CancelStatementCommand, DescribeStatementCommand, RedshiftDataClient,
  type DescribeStatementCommandOutput,
} from '@aws-sdk/client-redshift-data';
import type { LoadStatement } from '../codegen/warehouse/load-statements.ts';
import { JobError } from '../plan/index.ts';
import { commonClientConfig } from './aws-clients.ts';
import { sleep } from './grace-retry.ts';
import type { EmrProfile, WarehouseSettings } from './profile.ts';

export function makeRedshiftDataClient(profile: Pick<EmrProfile, 'region' | 'endpoint'>): RedshiftDataClient {
  return new RedshiftDataClient(commonClientConfig(profile));
}

export interface RedshiftLoadOptions {
  readonly table: string;
  /** Names the statement in Redshift's system tables (`StatementName`). */
  readonly statementName: string;
  /** First wait between DescribeStatement calls; doubles up to maxPollSeconds. */
  readonly pollSeconds: number;
  readonly maxPollSeconds: number;
  readonly signal?: AbortSignal;
  /** Called with the batch's id once Redshift has it (to cancel it), and with each new status. */
  readonly onStarted?: (id: string) => void;
  readonly onStatus?: (status: string) => void;
}

export interface RedshiftLoadResult {
  readonly id: string;
  /** Rows the COPY loaded (the last statement's ResultRows), when Redshift says. */
  readonly rows: number | null;
  readonly seconds: number;
}

const TERMINAL = ['FINISHED', 'FAILED', 'ABORTED'];

/** Where the statements run: the cluster or workgroup, the database, and the credentials. */
export function targetOf(w: WarehouseSettings) {
  return {
    ...(w.clusterIdentifier !== null ? { ClusterIdentifier: w.clusterIdentifier } : { WorkgroupName: w.workgroupName! }),
    Database: w.database,
    ...(w.secretArn !== null ? { SecretArn: w.secretArn } : {}),
    ...(w.dbUser !== null ? { DbUser: w.dbUser } : {}),
  };
}

export async function runRedshiftLoad(client: RedshiftDataClient, w: WarehouseSettings, statements: readonly LoadStatement[], opts: RedshiftLoadOptions): Promise<RedshiftLoadResult> {
  const started = Date.now();
  const sent = await client.send(
    new BatchExecuteStatementCommand({ ...targetOf(w), Sqls: statements.map((s) => s.sql), StatementName: opts.statementName }),
    { abortSignal: opts.signal },
  );
  const id = sent.Id;
  if (!id) throw new JobError('engine', `warehouse load of ${opts.table}: the Data API answered BatchExecuteStatement without a statement id`);
  opts.onStarted?.(id);
  let delay = opts.pollSeconds * 1000;
  let last = '';
  for (;;) {
    const d = await client.send(new DescribeStatementCommand({ Id: id }), { abortSignal: opts.signal });
    const status = d.Status ?? 'UNKNOWN';
    if (status !== last) opts.onStatus?.(status);
    if (TERMINAL.includes(status)) return outcome(d, id, statements, opts.table, started);
    delay = status === last ? Math.min(delay * 2, opts.maxPollSeconds * 1000) : opts.pollSeconds * 1000;
    last = status;
    await sleep(delay, opts.signal);
  }
}

function outcome(d: DescribeStatementCommandOutput, id: string, statements: readonly LoadStatement[], table: string, started: number): RedshiftLoadResult {
  if (d.Status === 'FINISHED') {
    const copy = d.SubStatements?.[statements.length - 1];
    const rows = copy?.ResultRows ?? d.ResultRows;
    return { id, rows: typeof rows === 'number' && rows >= 0 ? rows : null, seconds: (Date.now() - started) / 1000 };
  }
  const subs = d.SubStatements ?? [];
  const at = subs.findIndex((s) => s.Status === 'FAILED' || s.Status === 'ABORTED' || (s.Error ?? '') !== '');
  const which = at >= 0 && statements[at] ? `statement ${at + 1} of ${statements.length} (${statements[at].what}: ${firstLine(statements[at].sql)})` : `the batch of ${statements.length} statements`;
  const error = (at >= 0 ? subs[at].Error : undefined) || d.Error || (d.Status === 'ABORTED' ? 'the statement was cancelled' : 'no error text');
  throw new JobError('engine', `warehouse load of ${table} ${d.Status === 'ABORTED' ? 'aborted' : 'failed'} in ${which}: ${error} (statement id ${id}; nothing of the batch was committed)`);
}

const firstLine = (sql: string) => {
  const line = sql.split('\n')[0];
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
};

/** Cancels a running batch (on Ctrl-C); an error is ignored, as the batch may have ended meanwhile. */
export async function cancelRedshiftLoad(client: RedshiftDataClient, id: string): Promise<void> {
  await client.send(new CancelStatementCommand({ Id: id })).catch(() => undefined);
}
