// The ten most requested pages among successful (2xx) requests.
import { count, job, sum } from '../dsl/index.ts';

export default job('top-pages', 'Top 10 paths by hits over 2xx requests (ties by path)', { owner: 'web-team@example.com', fresh: { hours: 36 } }, (j) => {
  j.accessLog('logs')
    .filter((r) => r.status.between(200, 299))
    .groupBy('path')
    .agg((r) => ({ hits: count(), bytes: sum(r.bytes) }))
    .orderBy(['hits', 'desc'], 'path')
    .limit(10)
    .writeCsv('top_pages');
});
