// Which path segments are requested most: explode each path into its '/'-separated segments.
import { count, countDistinct, job } from '../dsl/index.ts';

export default job('path-segments', 'Hits and distinct hosts per URL path segment', { owner: 'web-team@example.com' }, (j) => {
  j.accessLog('logs')
    .derive((r) => ({ clean_path: r.path.splitPart('?', 1) }))
    .explode('clean_path', { separator: '/', as: 'segment' })
    .groupBy('segment')
    .agg((r) => ({ hits: count(), hosts: countDistinct(r.host) }))
    .filter((r) => r.hits.ge(20))
    .orderBy(['hits', 'desc'], 'segment')
    .writeCsv('segments');
});
