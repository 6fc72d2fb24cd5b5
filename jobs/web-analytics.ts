// The classic S3 -> Pig -> Spark pipeline as one DAG: Pig parses the raw access log into CSV once; the
// Spark stages aggregate and cluster the parsed rows, never the raw log; two outputs load into the warehouse.
import { pipeline } from '../dsl/index.ts';
import accessLogToCsv from './access-log-to-csv.ts';
import botClusters from './bot-clusters.ts';
import topPages from './top-pages.ts';
import trafficByHour from './traffic-by-hour.ts';

export default pipeline('web-analytics', 'Parse access logs (Pig), then hourly traffic, top pages and bot clusters (Spark)', { owner: 'data-eng@example.com', fresh: { hours: 36 } }, (p) => {
  p.partition('date', 'daily');
  p.param('bucket', 'string', { default: 'emr-jobs-example' });
  const logs = p.input('logs', { path: 's3://{bucket}/logs/dt={date}/' });
  const parse = p.stage('parse', accessLogToCsv, { engine: 'pig', inputs: { logs } });
  const requests = parse.output('requests');
  const traffic = p.stage('traffic', trafficByHour, { engine: 'spark', inputs: { logs: requests } });
  const pages = p.stage('top-pages', topPages, { engine: 'spark', inputs: { logs: requests } });
  const bots = p.stage('bots', botClusters, { engine: 'spark', inputs: { logs: requests } });
  p.output(traffic.output('traffic_by_hour'), { path: 's3://{bucket}/warehouse/traffic_by_hour/dt={date}/' });
  p.output(pages.output('top_pages'), { path: 's3://{bucket}/warehouse/top_pages/dt={date}/' });
  p.output(bots.output('host_clusters'), { path: 's3://{bucket}/warehouse/host_clusters/dt={date}/' });
  // Into the warehouse: a rerun of a day replaces that day's hours; top pages accumulate, one list a day.
  p.load('load-traffic', traffic.output('traffic_by_hour'), { table: 'web.traffic_by_hour', strategy: 'replace-partition', partitionColumn: 'hour', sortKey: ['hour'] });
  p.load('load-top-pages', pages.output('top_pages'), { table: 'web.top_pages', distStyle: 'all' });
});
