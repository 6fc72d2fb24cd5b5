// The Pig step of the classic S3 -> Pig -> EMR -> Redshift pipeline: parse raw access logs into CSV, and
// stop bad data before it reaches the warehouse: no requests at all, a status outside HTTP's range or a
// request without a host fails the step.
import { job } from '../dsl/index.ts';

export default job('access-log-to-csv', 'Parse Combined Log Format access logs into one CSV row per request', { owner: 'data-eng@example.com', fresh: { hours: 36 } }, (j) => {
  j.accessLog('logs')
    .check('requests', (c) => [
      c.rowCount({ min: 1, name: 'requests not empty' }),
      c.range('status', { min: 100, max: 599 }),
      c.notNull(['host']),
    ])
    .writeCsv('requests');
});
