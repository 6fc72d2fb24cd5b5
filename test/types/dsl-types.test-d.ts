// Type tests of the DSL: misuse that must not compile, and the row types that operations produce.
import { describe, expectTypeOf, test } from 'vitest';
import {
  approxPercentile, avg, count, countDistinct, first, fromEpochSeconds, last, lit, max, median, min, percentile, stddevPop, stddevSamp, sum, varPop, varSamp, when, type Dataset, type Expression, type JobContext,
} from '../../dsl/index.ts';
import type { CombinedLogRow } from '../../dsl/row-types.ts';

declare const logs: Dataset<CombinedLogRow>;
declare const hosts: Dataset<{ host: 'string'; owner: 'string' }>;
declare const ints: Dataset<{ path: 'int' }>;
declare const paths: Dataset<{ path: 'string' }>;
declare const hits: Dataset<{ path: 'string'; status: 'int'; bytes: 'long' }>;
declare const anyName: string;
declare const eitherName: 'a' | 'b';

type RowOf<D> = D extends Dataset<infer R> ? R : never;

describe('misspelt columns do not compile', () => {
  test('filter', () => {
    // @ts-expect-error stauts is not a column
    logs.filter((r) => r.stauts.ge(500));
  });
  test('select by name and by function', () => {
    // @ts-expect-error hots is not a column
    logs.select('host', 'hots');
    // @ts-expect-error pth is not a column
    logs.select((r) => ({ p: r.pth }));
  });
  test('groupBy by name and by function', () => {
    // @ts-expect-error pth is not a column
    logs.groupBy('pth');
    // @ts-expect-error pth is not a column
    logs.groupBy((r) => ({ p: r.pth }));
  });
  test('orderBy, plain and with a direction', () => {
    // @ts-expect-error hitz is not a column
    logs.orderBy('hitz');
    // @ts-expect-error hitz is not a column
    logs.orderBy(['hitz', 'desc']);
    // @ts-expect-error the direction is 'asc' or 'desc'
    logs.orderBy(['status', 'down']);
  });
  test('agg', () => {
    // @ts-expect-error byts is not a column
    logs.groupBy('path').agg((r) => ({ bytes: sum(r.byts) }));
  });
  test('derive, join key, explode, partitionBy', () => {
    // @ts-expect-error stat is not a column
    logs.derive((r) => ({ s: r.stat }));
    // @ts-expect-error hostname is on neither side
    logs.join(hosts, { on: ['hostname'] });
    // @ts-expect-error pth is not a column
    logs.explode('pth', { separator: '/', as: 'segment' });
    // @ts-expect-error stauts is not a column
    logs.writeCsv('out', { partitionBy: 'stauts' });
    // @ts-expect-error header is a boolean
    logs.writeCsv('out', { header: 'no' });
    // @ts-expect-error stauts is not a column
    logs.writeTsv('out', { partitionBy: 'stauts' });
  });
});

describe('type errors in expressions do not compile', () => {
  test('sum and avg need numbers', () => {
    // @ts-expect-error sum over a string
    logs.groupBy('host').agg((r) => ({ s: sum(r.path) }));
    // @ts-expect-error avg over a string
    logs.groupBy('host').agg((r) => ({ a: avg(r.agent) }));
    // @ts-expect-error sum over a timestamp
    logs.agg((r) => ({ s: sum(r.time) }));
  });
  test('percentiles and variances need numbers', () => {
    // @ts-expect-error percentile over a string
    logs.groupBy('host').agg((r) => ({ p: percentile(r.path, 0.5) }));
    // @ts-expect-error median over a timestamp
    logs.agg((r) => ({ m: median(r.time) }));
    // @ts-expect-error approxPercentile over a string
    logs.agg((r) => ({ a: approxPercentile(r.agent, 0.9) }));
    // @ts-expect-error varSamp over a string
    logs.agg((r) => ({ v: varSamp(r.host) }));
    // @ts-expect-error p is a number
    logs.agg((r) => ({ p: percentile(r.bytes, '0.5') }));
  });
  test('first and last take an order of row expressions', () => {
    // @ts-expect-error an unknown order column
    logs.groupBy('host').agg((r) => ({ f: first(r.path, { orderBy: r.tme }) }));
    // @ts-expect-error a column name is not an order key (keys are expressions over the row)
    logs.groupBy('host').agg((r) => ({ f: first(r.path, { orderBy: ['time'] }) }));
    // @ts-expect-error a direction is 'asc' or 'desc'
    logs.agg((r) => ({ l: last(r.bytes, { orderBy: [[r.time, 'down']] }) }));
    // @ts-expect-error orderBy is required
    logs.agg((r) => ({ l: last(r.bytes) }));
    // @ts-expect-error neg of a string first
    logs.groupBy('host').agg((r) => ({ f: first(r.path, { orderBy: r.time }).neg() }));
  });
  test('expressions over aggregates keep the operand rules', () => {
    // @ts-expect-error neg of a string aggregate
    logs.groupBy('host').agg((r) => ({ x: max(r.path).neg() }));
    // @ts-expect-error a long aggregate is not a string
    logs.groupBy('host').agg((r) => ({ x: count().lower() }));
  });
  test('min and max do not order booleans', () => {
    // @ts-expect-error max over a boolean
    logs.derive((r) => ({ b: r.status.gt(1) })).agg((r) => ({ m: max(r.b) }));
  });
  test('string functions need strings', () => {
    // @ts-expect-error lower() on an int
    logs.select((r) => ({ x: r.status.lower() }));
    // @ts-expect-error splitPart on a long
    logs.select((r) => ({ x: r.bytes.splitPart('/', 1) }));
    // @ts-expect-error truncHour on a string
    logs.select((r) => ({ x: r.path.truncHour() }));
  });
  test('comparisons need comparable types', () => {
    // @ts-expect-error a string column compared with a number
    logs.filter((r) => r.path.eq(1));
    // @ts-expect-error an int column compared with a string
    logs.filter((r) => r.status.eq('200'));
    // @ts-expect-error a string column compared with an int column
    logs.filter((r) => r.path.lt(r.status));
  });
  test('and / or / not need booleans', () => {
    // @ts-expect-error and on an int
    logs.filter((r) => r.status.and(r.status.gt(1)));
    // @ts-expect-error and with an int operand
    logs.filter((r) => r.status.gt(1).and(r.status));
    // @ts-expect-error not on a string
    logs.filter((r) => r.path.not());
  });
  test('a filter predicate must be boolean', () => {
    // @ts-expect-error the predicate is an int
    logs.filter((r) => r.status);
  });
  test('explode needs a string column', () => {
    // @ts-expect-error status is an int
    logs.explode('status', { separator: '/', as: 'part' });
  });
  test('union needs the same row type', () => {
    // @ts-expect-error path is string on one side and int on the other
    paths.union(ints);
    // @ts-expect-error different columns
    paths.union(hosts);
    // @ts-expect-error the other side has a column this one lacks
    paths.union(logs.select('path', 'host'));
    expectTypeOf(paths.union(logs.select('path'))).toEqualTypeOf<Dataset<{ path: 'string' }>>();
  });
  test('arithmetic needs numbers', () => {
    // @ts-expect-error adding to a string
    logs.select((r) => ({ x: r.path.add(1) }));
  });
  test('time arithmetic needs timestamps and whole numbers', () => {
    // @ts-expect-error minute of a string
    logs.select((r) => ({ x: r.path.minute() }));
    // @ts-expect-error adding a double number of days
    logs.select((r) => ({ x: r.time.addDays(r.status.div(2)) }));
    // @ts-expect-error seconds between a timestamp and a string
    logs.select((r) => ({ x: r.time.secondsBetween(r.path) }));
    // @ts-expect-error epoch seconds from a string
    logs.select((r) => ({ x: fromEpochSeconds(r.path) }));
  });
});

describe('operations produce the right row types', () => {
  test('select by name keeps the columns and their types', () => {
    const picked = logs.select('host', 'bytes');
    expectTypeOf<RowOf<typeof picked>>().toEqualTypeOf<{ host: 'string'; bytes: 'long' }>();
  });
  test('select by function types each expression', () => {
    const s = logs.select((r) => ({ p: r.path.lower(), n: r.path.length(), kb: r.bytes.div(1024), big: r.bytes.gt(1000) }));
    expectTypeOf<RowOf<typeof s>>().toEqualTypeOf<{ p: 'string'; n: 'int'; kb: 'double'; big: 'boolean' }>();
  });
  test('time arithmetic types: fields int, epochs and differences long, the rest timestamps', () => {
    const t = logs.select((r) => ({
      m: r.time.minute(), w: r.time.weekOfYear(), s: r.time.toEpochSeconds(), d: r.time.secondsBetween(r.time.addDays(1)),
      f: fromEpochSeconds(r.bytes), wk: r.time.truncWeek(), h: r.time.addHours(r.status),
    }));
    expectTypeOf<RowOf<typeof t>>().toEqualTypeOf<{ m: 'int'; w: 'int'; s: 'long'; d: 'long'; f: 'timestamp'; wk: 'timestamp'; h: 'timestamp' }>();
  });
  test('derive adds and replaces columns', () => {
    const d = paths.derive((r) => ({ path: r.path.length(), upper: r.path.upper(), hour: lit(1) }));
    expectTypeOf<RowOf<typeof d>>().toEqualTypeOf<{ path: 'int'; upper: 'string'; hour: 'int' }>();
  });
  test('arithmetic widens: int + long is long, anything / anything is double', () => {
    const a = logs.select((r) => ({ sum: r.status.add(r.bytes), prod: r.status.mul(2), half: r.status.div(2), dbl: r.status.add(0.5) }));
    expectTypeOf<RowOf<typeof a>>().toEqualTypeOf<{ sum: 'long'; prod: 'int'; half: 'double'; dbl: 'double' }>();
  });
  test('groupBy + agg: keys, then count long, sum(int) long, sum(double) double, avg double, min/max keep the type', () => {
    const g = logs
      .derive((r) => ({ kb: r.bytes.div(1024) }))
      .groupBy('host')
      .agg((r) => ({
        n: count(),
        hosts: countDistinct(r.host),
        s: sum(r.status),
        skb: sum(r.kb),
        a: avg(r.status),
        first: min(r.time),
        last: max(r.path),
      }));
    expectTypeOf<RowOf<typeof g>>().toEqualTypeOf<{
      host: 'string';
      n: 'long';
      hosts: 'long';
      s: 'long';
      skb: 'double';
      a: 'double';
      first: 'timestamp';
      last: 'string';
    }>();
  });
  test('percentiles, variances and expressions over aggregates: their types', () => {
    const g = hits.groupBy('path').agg((r) => ({
      p: percentile(r.bytes, 0.95),
      m: median(r.status),
      ai: approxPercentile(r.status, 0.5),
      al: approxPercentile(r.bytes, 0.99, 100),
      vs: varSamp(r.status),
      vp: varPop(r.bytes),
      ss: stddevSamp(r.bytes),
      sp: stddevPop(r.status),
      mean: sum(r.bytes).div(count()),
      spread: max(r.status).sub(min(r.status)).neg(),
      total: count().add(sum(r.bytes)),
      rounded: stddevSamp(r.bytes).round(1),
      busy: count().gt(10),
      f: first(r.bytes, { orderBy: r.status }),
      l: last(r.path, { orderBy: [[r.bytes, 'desc'], r.status.mod(7)] }),
      fl: first(r.status, { orderBy: [r.bytes] }).add(1),
    }));
    expectTypeOf<RowOf<typeof g>>().toEqualTypeOf<{
      path: 'string'; p: 'double'; m: 'double'; ai: 'int'; al: 'long'; vs: 'double'; vp: 'double'; ss: 'double'; sp: 'double';
      mean: 'double'; spread: 'int'; total: 'long'; rounded: 'double'; busy: 'boolean'; f: 'long'; l: 'string'; fl: 'int';
    }>();
  });
  test('groupBy computed keys', () => {
    const g = logs.groupBy((r) => ({ hour: r.time.truncHour() })).agg(() => ({ n: count() }));
    expectTypeOf<RowOf<typeof g>>().toEqualTypeOf<{ hour: 'timestamp'; n: 'long' }>();
  });
  test('join keeps a shared key once and adds the right columns', () => {
    const counts = logs.groupBy('host').agg(() => ({ n: count() }));
    const j = counts.join(hosts, { on: ['host'], how: 'left' });
    expectTypeOf<RowOf<typeof j>>().toEqualTypeOf<{ host: 'string'; n: 'long'; owner: 'string' }>();
  });
  test('semiJoin and antiJoin keep the left row type; join refuses their kinds', () => {
    const counts = logs.groupBy('host').agg(() => ({ n: count() }));
    const s = counts.semiJoin(hosts, { on: ['host'] });
    const a = counts.antiJoin(hosts.rename({ host: 'h' }), { on: [['host', 'h']] });
    expectTypeOf<RowOf<typeof s>>().toEqualTypeOf<{ host: 'string'; n: 'long' }>();
    expectTypeOf<RowOf<typeof a>>().toEqualTypeOf<{ host: 'string'; n: 'long' }>();
    // @ts-expect-error hots is not a key of both sides
    counts.semiJoin(hosts, { on: ['hots'] });
    // @ts-expect-error a semi join is spelled semiJoin (its rows have no right columns)
    counts.join(hosts, { on: ['host'], how: 'semi' });
  });
  test('crossJoin appends the other row type and refuses shared names; except and intersect need the same row type', () => {
    const counts = logs.groupBy('host').agg(() => ({ n: count() }));
    const c = counts.crossJoin(paths, { maxRows: 1000 });
    expectTypeOf<RowOf<typeof c>>().toEqualTypeOf<{ host: 'string'; n: 'long'; path: 'string' }>();
    // @ts-expect-error host is on both sides
    counts.crossJoin(hosts, { maxRows: 1000 });
    // @ts-expect-error maxRows is required
    counts.crossJoin(paths, {});
    const e = counts.except(counts.filter((r) => r.n.gt(1)));
    const i = counts.intersect(counts);
    expectTypeOf<RowOf<typeof e>>().toEqualTypeOf<{ host: 'string'; n: 'long' }>();
    expectTypeOf<RowOf<typeof i>>().toEqualTypeOf<{ host: 'string'; n: 'long' }>();
    // @ts-expect-error n is long on the left, int on the right
    counts.except(counts.select((r) => ({ host: r.host, n: r.n.cast('int') })));
    // @ts-expect-error the right side has a column the left does not
    counts.intersect(counts.select((r) => ({ host: r.host, n: r.n, extra: r.n })));
  });
  test('window appends its typed columns; sessionize its session and index', () => {
    const counts = logs.groupBy('host', 'path').agg((r) => ({ n: count(), bytes: sum(r.bytes), last: max(r.time) }));
    const w = counts.window({ partitionBy: ['host'], orderBy: [['n', 'desc'], 'path'] }, (r, w) => ({
      rn: w.rowNumber(), prev: w.lag(r.path, 1, '-'), run: w.sum(r.bytes, { rows: [-2, 0] }), mean: w.avg(r.n), lo: w.min(r.last),
    }));
    expectTypeOf<RowOf<typeof w>>().toEqualTypeOf<{
      host: 'string'; path: 'string'; n: 'long'; bytes: 'long'; last: 'timestamp'; rn: 'int'; prev: 'string'; run: 'long'; mean: 'double'; lo: 'timestamp';
    }>();
    w.filter((r) => r.rn.le(3));
    // @ts-expect-error hots is not a column
    counts.window({ partitionBy: ['hots'], orderBy: ['n'] }, (_r, w) => ({ rn: w.rowNumber() }));
    // @ts-expect-error sum needs a number
    counts.window({ orderBy: ['n'] }, (r, w) => ({ s: w.sum(r.path) }));
    // @ts-expect-error a lag default has the value's type
    counts.window({ orderBy: ['n'] }, (r, w) => ({ p: w.lag(r.path, 1, 3) }));
    const s = logs.sessionize({ by: ['host'], time: 'time', gap: { minutes: 30 } });
    expectTypeOf<RowOf<typeof s>['session']>().toEqualTypeOf<'long'>();
    expectTypeOf<RowOf<typeof s>['session_index']>().toEqualTypeOf<'int'>();
    // @ts-expect-error the time is a timestamp column
    logs.sessionize({ by: ['host'], time: 'path', gap: 1800 });
  });
  test('explode adds the part as a string column', () => {
    const e = paths.explode('path', { separator: '/', as: 'segment' });
    expectTypeOf<RowOf<typeof e>>().toEqualTypeOf<{ path: 'string'; segment: 'string' }>();
  });
  test('rename moves a column to its new name and keeps its type', () => {
    const r = hosts.rename({ host: 'client' });
    expectTypeOf<RowOf<typeof r>>().toEqualTypeOf<{ client: 'string'; owner: 'string' }>();
    // @ts-expect-error hots is not a column
    hosts.rename({ hots: 'client' });
  });
  test('drop leaves the other columns', () => {
    const d = hosts.drop('owner');
    expectTypeOf<RowOf<typeof d>>().toEqualTypeOf<{ host: 'string' }>();
  });
  test('case expressions take the type of their branches', () => {
    const c = logs.select((r) => ({ cls: when(r.status.ge(500), 'error').otherwise('ok'), flag: when(r.status.ge(500), 1).otherwise(0) }));
    expectTypeOf<RowOf<typeof c>>().toEqualTypeOf<{ cls: 'string'; flag: 'int' }>();
  });
  test('filter, orderBy, limit and distinct keep the row type', () => {
    const f = logs.filter((r) => r.status.ge(500)).orderBy(['bytes', 'desc']).limit(5).distinct();
    expectTypeOf<RowOf<typeof f>>().toEqualTypeOf<CombinedLogRow>();
  });
});

describe('rename: the new names are literal types, each column keeps its type', () => {
  const renamed = hits.rename({ path: 'page', bytes: 'size' });
  test('the row has exactly the new names, in place, with the old types', () => {
    expectTypeOf<RowOf<typeof renamed>>().toEqualTypeOf<{ page: 'string'; status: 'int'; size: 'long' }>();
    const swapped = hits.rename({ path: 'status', status: 'path' });
    expectTypeOf<RowOf<typeof swapped>>().toEqualTypeOf<{ status: 'string'; path: 'int'; bytes: 'long' }>();
    expectTypeOf<RowOf<ReturnType<typeof hits.rename<{}>>>>().toEqualTypeOf<RowOf<typeof hits>>();
  });
  test('a misspelt new name does not compile anywhere after the rename', () => {
    // @ts-expect-error pgae is not a column
    renamed.filter((r) => r.pgae.eq('/'));
    // @ts-expect-error pgae is not a column
    renamed.select('pgae');
    // @ts-expect-error pgae is not a column
    renamed.derive((r) => ({ p: r.pgae }));
    // @ts-expect-error pgae is not a column
    renamed.groupBy('pgae');
    // @ts-expect-error pgae is not a column
    renamed.orderBy(['pgae', 'desc'], 'page');
    // @ts-expect-error pgae is not a column
    renamed.join(paths.rename({ path: 'page' }), { on: ['pgae'] });
  });
  test('the old name is gone', () => {
    // @ts-expect-error path was renamed to page
    renamed.filter((r) => r.path.eq('/'));
    // @ts-expect-error bytes was renamed to size
    renamed.select('page', 'bytes');
    // @ts-expect-error path was renamed to page
    renamed.groupBy('path');
    // @ts-expect-error bytes was renamed to size
    renamed.orderBy(['bytes', 'desc']);
  });
  test('the renamed columns keep their types', () => {
    const g = renamed.groupBy('page').agg((r) => ({ total: sum(r.size), n: count() }));
    expectTypeOf<RowOf<typeof g>>().toEqualTypeOf<{ page: 'string'; total: 'long'; n: 'long' }>();
    const code = hits.rename({ status: 'code' });
    // @ts-expect-error lower() on an int
    code.select((r) => ({ x: r.code.lower() }));
    // @ts-expect-error sum over a string
    renamed.agg((r) => ({ s: sum(r.page) }));
    expectTypeOf(code.select((r) => ({ x: r.code.add(1) }))).toEqualTypeOf<Dataset<{ x: 'int' }>>();
  });
  test('a new name that is not one literal is refused, not widened to any column', () => {
    const widened = { path: 'page' };
    // @ts-expect-error the new name is a plain string
    hits.rename(widened);
    const fixed = { path: 'page' } as const;
    expectTypeOf<RowOf<ReturnType<typeof hits.rename<typeof fixed>>>>().toEqualTypeOf<{ page: 'string'; status: 'int'; bytes: 'long' }>();
    // @ts-expect-error one of two names
    hits.rename({ path: eitherName });
    // @ts-expect-error any name at all
    hits.rename({ path: anyName });
    // @ts-expect-error a name pattern
    hits.rename({ path: `p_${anyName}` });
    // @ts-expect-error hots is not a column
    hits.rename({ hots: 'client' });
  });
  test('a rename inside a function generic over the row compiles, and its result is checked at the call', () => {
    const pageOf = <R extends { path: 'string' }>(d: Dataset<R>) => d.rename({ path: 'page' });
    pageOf(hits).filter((r) => r.page.eq('/'));
    // @ts-expect-error path was renamed to page
    pageOf(hits).filter((r) => r.path.eq('/'));
  });
  test('explode names its new column with one literal too', () => {
    // @ts-expect-error the new column's name is a plain string
    paths.explode('path', { separator: '/', as: anyName });
    const e = paths.explode('path', { separator: '/', as: 'segment' });
    // @ts-expect-error segmnet is not a column
    e.filter((r) => r.segmnet.eq('a'));
  });
});

declare const j: JobContext;

describe('run-time parameters are typed expressions', () => {
  test('a param has the type it declares and mixes with columns of that type only', () => {
    const day = j.param('day', 'date');
    expectTypeOf(day).toEqualTypeOf<Expression<'date'>>();
    expectTypeOf(j.param('n', 'int')).toEqualTypeOf<Expression<'int'>>();
    expectTypeOf(j.param('since', 'timestamp')).toEqualTypeOf<Expression<'timestamp'>>();
    const dates = null as unknown as Dataset<{ dt: 'date'; s: 'string'; n: 'long'; ok: 'boolean' }>;
    dates.filter((r) => r.dt.eq(day));
    // @ts-expect-error a date parameter does not compare with a string column
    dates.filter((r) => r.s.eq(day));
    // @ts-expect-error nor a string column with a date parameter
    dates.filter((r) => day.eq(r.s));
    const n = j.param('n', 'int');
    expectTypeOf(dates.select((r) => ({ m: r.n.add(n) }))).toEqualTypeOf<Dataset<{ m: 'long' }>>();
    // @ts-expect-error a string parameter is no number
    dates.select((r) => ({ m: r.n.add(j.param('t', 'string')) }));
    // @ts-expect-error a boolean parameter is no predicate of a string column
    dates.filter(() => j.param('t', 'string'));
    dates.filter((r) => r.ok.and(j.param('flag', 'boolean')));
  });
  test('defaults are values of the declared type', () => {
    j.param('limit', 'int', { default: 10 });
    j.param('day', 'date', { default: '2015-05-17' });
    j.param('since', 'timestamp', { default: new Date(0) });
    // @ts-expect-error an int parameter's default is a number
    j.param('limit', 'int', { default: '10' });
    // @ts-expect-error a boolean parameter's default is a boolean
    j.param('flag', 'boolean', { default: 1 });
    // @ts-expect-error not a column type
    j.param('x', 'float');
  });
  test('inputs take a path template', () => {
    j.accessLog('logs', { path: 's3://bucket/logs/dt={day}/' });
    j.accessLog('logs', 'common', { path: 'logs/{day}.log' });
    j.csv('hosts', { host: 'string' }, { path: 'hosts-{day}.csv', header: false });
    // @ts-expect-error a path is a string
    j.elbLog('lb', { path: 3 });
  });
  test('delimited inputs: quoting on or off, a prefix schema', () => {
    const daily = j.csv('daily', { exchange: 'string', symbol: 'string' }, { header: false, delimiter: '\t', quote: 'none', extraFields: 'ignore' });
    expectTypeOf(daily.groupBy('symbol').agg(() => ({ n: count() }))).toEqualTypeOf<Dataset<{ symbol: 'string'; n: 'long' }>>();
    j.csv('t', { a: 'int' }, { quote: '"', extraFields: 'reject' });
    // @ts-expect-error quote is '"' or 'none'
    j.csv('t', { a: 'int' }, { quote: "'" });
    // @ts-expect-error extraFields is 'reject' or 'ignore'
    j.csv('t', { a: 'int' }, { extraFields: 'pad' });
  });
});

describe('text lines, nested JSON and CloudTrail sources', () => {
  test('row types', () => {
    j.textLines('raw').filter((r) => {
      expectTypeOf(r.line).toEqualTypeOf<Expression<'string'>>();
      return r.line.eq('x');
    });
    const events = j.jsonLines('e', { name: 'string', user: { path: 'userIdentity.userName', type: 'string' }, n: { path: 'a.n', type: 'int' } });
    events.filter((r) => {
      expectTypeOf(r.user).toEqualTypeOf<Expression<'string'>>();
      expectTypeOf(r.n).toEqualTypeOf<Expression<'int'>>();
      return r.name.eq('x');
    });
    j.cloudTrail('trail').filter((r) => {
      expectTypeOf(r.eventTime).toEqualTypeOf<Expression<'timestamp'>>();
      expectTypeOf(r.readOnly).toEqualTypeOf<Expression<'boolean'>>();
      // @ts-expect-error CloudTrail rows have no userIdentity column (it is userName, userArn, ...)
      void r.userIdentity;
      return r.userName.eq('x');
    });
    // @ts-expect-error a path spec needs a column type
    j.jsonLines('e', { user: { path: 'a.b', type: 'text' } });
  });
});

