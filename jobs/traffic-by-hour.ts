// Hourly traffic: requests, bytes and server errors per UTC hour; a day whose number of busy hours moves
// more than half from the previous run's is reported (a feed that stopped mid-day, or one read twice).
import { count, job, sum, when } from '../dsl/index.ts';

export default job('traffic-by-hour', 'Requests, bytes and 5xx error rate per UTC hour', { owner: 'web-team@example.com', fresh: { hours: 36 } }, (j) => {
  j.accessLog('logs')
    .derive((r) => ({ hour: r.time.truncHour(), is_error: when(r.status.ge(500), 1).otherwise(0) }))
    .groupBy('hour')
    .agg((r) => ({ requests: count(), bytes: sum(r.bytes), errors: sum(r.is_error) }))
    .derive((r) => ({ error_rate: r.errors.div(r.requests) }))
    .check('traffic_by_hour', (c) => [c.rowCount({ tolerance: 0.5, severity: 'warn', name: 'traffic within 50% of the previous run' })])
    .orderBy('hour')
    .writeCsv('traffic_by_hour');
});
