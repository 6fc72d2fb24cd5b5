// Which clients behave like bots: per-host request count, error rate, bytes per request and distinct
// paths from the access log, scaled, then grouped by k-means; outputs each host's cluster and the fit.
import { count, countDistinct, job, sum, when } from '../dsl/index.ts';
import { ml } from '../dsl/ml/index.ts';

export default job('bot-clusters', 'Clusters client hosts by request volume, error rate, bytes per request and distinct paths (k-means)', { owner: 'security@example.com' }, (j) => {
  const hosts = j
    .accessLog('logs')
    .groupBy('host')
    .agg((r) => ({
      requests: count(),
      errors: sum(when(r.status.ge(400), 1).otherwise(0)),
      bytes: sum(r.bytes.orElse(0)),
      paths: countDistinct(r.path),
    }))
    .select((r) => ({
      host: r.host,
      requests: r.requests,
      error_rate: r.errors.div(r.requests),
      bytes_per_request: r.bytes.div(r.requests),
      distinct_paths: r.paths,
    }));
  const model = ml
    .pipeline(hosts)
    .vectorAssembler(['requests', 'error_rate', 'bytes_per_request', 'distinct_paths'], 'raw_features')
    .standardScaler('raw_features', 'features')
    .fit(ml.kMeans({ features: 'features', k: 4, seed: 7, maxIter: 50 }));
  model.predict(hosts).orderBy('cluster', ['requests', 'desc'], 'host').writeCsv('host_clusters');
  model.evaluate(hosts, ['cost', 'silhouette']).writeJson('metrics');
  model.save('model');
});
