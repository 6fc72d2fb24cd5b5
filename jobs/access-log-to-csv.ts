// The Pig step of the classic S3 -> Pig -> EMR -> Redshift pipeline: parse raw access logs into CSV.
import { job } from '../dsl/index.ts';

export default job('access-log-to-csv', 'Parse Combined Log Format access logs into one CSV row per request', { owner: 'data-eng@example.com', fresh: { hours: 36 } }, (j) => {
  j.accessLog('logs').writeCsv('requests');
});
