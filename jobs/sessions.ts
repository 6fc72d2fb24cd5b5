// 30-minute sessions per client host: a client's next request more than 30 minutes after its previous one
// starts a new session. Per session: its start and end, the requests, its length in seconds and the
// distinct pages (paths) requested in it. `--param min_requests=N` keeps the sessions of at least N requests
// (default 1: every session).
import { count, countDistinct, job, max, min } from '../dsl/index.ts';

export default job('sessions', 'Sessions per client host (30-minute gap): start, end, requests, length in seconds, distinct pages', { owner: 'web-team@example.com', fresh: { hours: 36 } }, (j) => {
  const minRequests = j.param('min_requests', 'long', { default: 1 });
  j.accessLog('logs')
    .sessionize({ by: ['host'], time: 'time', gap: { minutes: 30 } })
    .groupBy('host', 'session')
    .agg((r) => ({ start: min(r.time), end: max(r.time), requests: count(), pages: countDistinct(r.path) }))
    .filter((r) => r.requests.ge(minRequests))
    .derive((r) => ({ length_s: r.start.secondsBetween(r.end) }))
    .writeCsv('sessions');
});
