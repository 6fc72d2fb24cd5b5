// ALB latency: p50, p95 and p99 of the target processing time per target group per UTC hour.
//
// ALB writes -1 for target_processing_time when it could not send the request to a target or the target
// closed the connection before answering (the sample's 460 and 504 lines: the client gave up, the target
// timed out). Such a -1 is no duration: it would drag every percentile down. Those requests are counted
// in `failed` and left out of the percentiles (so a group with only failed requests has null percentiles).
import { count, job, percentile, when } from '../dsl/index.ts';

export default job('alb-latency', 'p50/p95/p99 target processing time (seconds) per target group per UTC hour', { owner: 'platform-team@example.com', fresh: { hours: 2 } }, (j) => {
  j.albLog('alb')
    .derive((r) => ({
      hour: r.time.truncHour(),
      // null for the -1 of a request no target answered: percentiles skip nulls.
      seconds: when(r.target_processing_time.ge(0), r.target_processing_time).end(),
      failed: when(r.target_processing_time.lt(0), 1).end(),
    }))
    .groupBy('target_group_arn', 'hour')
    .agg((r) => ({
      requests: count(),
      failed: count(r.failed),
      p50: percentile(r.seconds, 0.5),
      p95: percentile(r.seconds, 0.95),
      p99: percentile(r.seconds, 0.99),
    }))
    .orderBy('target_group_arn', 'hour')
    .writeCsv('alb_latency');
});
