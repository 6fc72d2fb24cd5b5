// Per-host request counts by status class, joined with a lookup table of who the host is.
import { count, job, sum, when } from '../dsl/index.ts';

export default job('status-by-host', 'Requests per client host by status class, with the host owner from a lookup CSV', { owner: 'web-team@example.com' }, (j) => {
  const hosts = j.csv('hosts', { host: 'string', owner: 'string', kind: 'string' });
  j.accessLog('logs')
    .derive((r) => ({
      ok: when(r.status.lt(400), 1).otherwise(0),
      client_error: when(r.status.between(400, 499), 1).otherwise(0),
      server_error: when(r.status.ge(500), 1).otherwise(0),
    }))
    .groupBy('host')
    .agg((r) => ({ requests: count(), ok: sum(r.ok), client_errors: sum(r.client_error), server_errors: sum(r.server_error) }))
    // hosts is a small lookup table: broadcast on Spark, a replicated join on Pig (no shuffle of the counts).
    .join(hosts, { on: ['host'], how: 'left', small: true })
    .orderBy(['requests', 'desc'], 'host')
    .writeCsv('status_by_host');
});
