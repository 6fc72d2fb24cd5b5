// The ten most requested pages among successful (2xx) requests of an Apache/Nginx access log.
//   npx emr-jobs run top-pages --local data/access.log      run it here, on the local runtime
//   npx emr-jobs explain top-pages --emit pig                the Pig Latin it compiles to (or --emit pyspark)
//   npx emr-jobs submit top-pages --local s3://my-bucket/logs/ --dry-run   what it would send to EMR
//                                                            (settings: emr-jobs.config.json)
import { count, job, sum } from 'emr-jobs';

export default job('top-pages', 'Top 10 paths by hits over 2xx requests (ties by path)', (j) => {
  j.accessLog('logs')
    .filter((r) => r.status.between(200, 299))
    .groupBy('path')
    .agg((r) => ({ hits: count(), bytes: sum(r.bytes) }))
    .orderBy(['hits', 'desc'], 'path')
    .limit(10)
    .writeCsv('top_pages');
});
