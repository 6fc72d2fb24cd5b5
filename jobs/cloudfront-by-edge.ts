// CloudFront traffic per edge location and result type: requests, bytes sent to viewers, and the share of
// requests answered with an error status (4xx or 5xx).
import { count, job, sum, when } from '../dsl/index.ts';

export default job('cloudfront-by-edge', 'Requests, bytes sent and error rate per CloudFront edge location and result type', { owner: 'platform-team@example.com' }, (j) => {
  j.cloudFrontLog('cloudfront')
    .derive((r) => ({ error: when(r.sc_status.ge(400), 1).otherwise(0) }))
    .groupBy('x_edge_location', 'x_edge_result_type')
    .agg((r) => ({ requests: count(), bytes: sum(r.sc_bytes), errors: sum(r.error) }))
    .derive((r) => ({ error_rate: r.errors.div(r.requests) }))
    .orderBy('x_edge_location', 'x_edge_result_type')
    .writeCsv('cloudfront_by_edge');
});
