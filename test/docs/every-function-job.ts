// A job that calls every catalogue function and aggregate once: compiled, it shows how each target spells
// each one (test/docs/dsl-reference.test.ts checks docs/dsl.md against it).
import {
  approxPercentile, avg, coalesce, concat, count, countDistinct, first, fromEpochMillis, fromEpochSeconds, job, last, lit, lower, max, median, min, not, percentile,
  stddevPop, stddevSamp, sum, upper, varPop, varSamp,
} from '../../dsl/index.ts';

export const everyFunctionJob = job('every-function', 'every catalogue function and aggregate', (j) => {
  const logs = j.accessLog('logs');
  logs
    .select((r) => ({
      add: r.status.add(1), sub: r.status.sub(1), mul: r.status.mul(2), div: r.bytes.div(r.status), mod: r.status.mod(100), neg: r.status.neg(),
      abs: r.status.abs(), round: r.bytes.div(3).round(2), floor: r.bytes.div(3).floor(), ceil: r.bytes.div(3).ceil(),
      eq: r.status.eq(200), ne: r.status.ne(200), lt: r.path.lt('/m'), le: r.status.le(200), gt: r.status.gt(200), ge: r.status.ge(200),
      and: r.status.ge(200).and(r.status.lt(300)), or: r.status.lt(200).or(r.status.ge(300)), not: not(r.status.eq(200)),
      is_null: r.user.isNull(), is_not_null: r.user.isNotNull(), coalesce: coalesce(r.user, '-'),
      lower: lower(r.path), upper: upper(r.method), trim: r.path.trim(), length: r.path.length(), substring: r.path.substring(0, 5),
      concat: concat(r.method, ' ', r.path), starts: r.path.startsWith('/a'), ends: r.path.endsWith('.png'), contains: r.path.contains('x'),
      regex: r.path.regexExtract('^/([^/]+)', 1), split: r.path.splitPart('/', 2), matches: r.path.matches('/[a-z]+/.*'),
      year: r.time.year(), month: r.time.month(), day: r.time.day(), hour: r.time.hour(), trunc_hour: r.time.truncHour(), trunc_day: r.time.truncDay(),
      minute: r.time.minute(), second: r.time.second(), dow: r.time.dayOfWeek(), doy: r.time.dayOfYear(), week: r.time.weekOfYear(),
      trunc_minute: r.time.truncMinute(), trunc_week: r.time.truncWeek(), trunc_month: r.time.truncMonth(), trunc_year: r.time.truncYear(),
      epoch_s: r.time.toEpochSeconds(), epoch_ms: r.time.toEpochMillis(), from_s: fromEpochSeconds(r.bytes), from_ms: fromEpochMillis(r.status),
      secs: r.time.truncDay().secondsBetween(r.time), millis: r.time.truncHour().millisBetween(r.time),
      add_s: r.time.addSeconds(30), add_min: r.time.addMinutes(-5), add_h: r.time.addHours(r.status), add_d: r.time.addDays(7),
      formatted: r.time.format('yyyy-MM-dd'), parsed: lit('2015-05-17 10:05:00').parseTime('yyyy-MM-dd HH:mm:ss'),
    }))
    .writeCsv('functions');
  logs
    .groupBy('host')
    .agg((r) => ({ n: count(), users: count(r.user), paths: countDistinct(r.path), bytes: sum(r.bytes), mean: avg(r.bytes), first: min(r.time), last: max(r.path) }))
    .writeCsv('aggregates');
  logs
    .groupBy('host')
    .agg((r) => ({
      p95: percentile(r.bytes, 0.95), med: median(r.status), p99: approxPercentile(r.bytes, 0.99),
      vs: varSamp(r.bytes), vp: varPop(r.bytes), ss: stddevSamp(r.bytes), sp: stddevPop(r.bytes), per_request: sum(r.bytes).div(count()),
      entry: first(r.path, { orderBy: r.time }), exit: last(r.path, { orderBy: [r.time, [r.bytes, 'desc']] }),
    }))
    .writeCsv('distributions');
});
