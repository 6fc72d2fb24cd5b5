// The three most requested paths of each client host (the access log's host field: the sample log names
// no virtual host), by a window over hits per host and path; ties in hits broken by path.
import { count, job } from '../dsl/index.ts';

export default job('top-paths-per-host', 'Top 3 paths per client host by hits (ties by path), with their rank', { owner: 'web-team@example.com' }, (j) => {
  j.accessLog('logs')
    .groupBy('host', 'path')
    .agg(() => ({ hits: count() }))
    .window({ partitionBy: ['host'], orderBy: [['hits', 'desc'], 'path'] }, (_r, w) => ({ rank: w.rowNumber() }))
    .filter((r) => r.rank.le(3))
    .writeCsv('top_paths');
});
