// Plans over the value table (and a small right-hand table) for every node kind: aggregates with null keys
// and NaN, joins of every kind with null, composite and widened keys, sorts with nulls and NaN, distinct,
// union, explode on regex metacharacters, a partitioned sink and a global aggregate.
import {
  approxPercentile, avg, count, countDistinct, first, job, last, max, median, min, percentile, stddevPop, stddevSamp, sum, varPop, varSamp, type JobDefinition,
} from '../../../../dsl/index.ts';
import { VALUE_COLUMNS, VALUE_CSV } from './value-table.ts';

/** The right-hand table of the join cases: t matches the value table's t, i is a long (joined with an int). */
export const RIGHT_COLUMNS = { t: 'string', i: 'long', v: 'string' } as const;

export function rightTableCsv(): string {
  return ['t,i,v', 'o,2147483647,o-max', 'Hi,-7,hi', ',0,null-t', 'a,5,a-five', 'a,6,a-six', 'zz,1,no-match', '/,-12,slash', 'x,,null-i', 'a,,a-null-i', ',,all-null'].join('\n') + '\n';
}

const vals = (j: Parameters<Parameters<typeof job>[2]>[0]) => j.csv('vals', VALUE_COLUMNS, VALUE_CSV);
const right = (j: Parameters<Parameters<typeof job>[2]>[0]) => j.csv('right', RIGHT_COLUMNS);

export const RELATIONAL_JOBS: Record<string, JobDefinition> = {
  aggregates: job('rel-aggregates', 'aggregates by a string key with a null group', (j) => {
    vals(j)
      .groupBy('t')
      .agg((r) => ({
        rows: count(), is: count(r.i), ds: countDistinct(r.d), si: sum(r.i), sl: sum(r.l), sd: sum(r.d), ai: avg(r.i), ad: avg(r.e),
        mind: min(r.d), maxd: max(r.d), mins: min(r.s), maxts: max(r.ts), mindt: min(r.dt), maxi: max(r.i),
      }))
      .writeCsv('by_t');
  }),
  computedKeys: job('rel-computed-keys', 'aggregates by computed and composite keys, double keys with -0.0', (j) => {
    const v = vals(j);
    v.groupBy((r) => ({ parity: r.j.mod(2), flag: r.b })).agg((r) => ({ n: count(), hosts: countDistinct(r.t) })).writeCsv('by_two');
    v.groupBy((r) => ({ dz: r.d.mul(0) })).agg((r) => ({ n: count(), m: min(r.e) })).writeCsv('by_double');
    v.agg((r) => ({ n: count(), nd: countDistinct(r.b), s: sum(r.j), lo: min(r.t), hi: max(r.t), mind: min(r.d), maxd: max(r.d) })).writeCsv('global');
  }),
  distributions: job('rel-distributions', 'percentiles, variances and expressions over aggregates: nulls, ties, one value, none', (j) => {
    const v = vals(j);
    // By t: groups of one value, of a null only, and 'a' with two rows; globally: ties (5 twice in j), extremes.
    const outputs = (r: Parameters<Parameters<ReturnType<typeof vals>['agg']>[0]>[0]) => ({
      p0: percentile(r.i, 0), p30: percentile(r.j, 0.3), med: median(r.l), p90: percentile(r.j, 0.9), p100: percentile(r.i, 1),
      a0: approxPercentile(r.j, 0), a50: approxPercentile(r.i, 0.5), a95: approxPercentile(r.j, 0.95, 1000), a100: approxPercentile(r.i, 1),
      vs: varSamp(r.j), vp: varPop(r.i), ss: stddevSamp(r.l), sp: stddevPop(r.j), n: count(),
      mean: sum(r.j).div(count(r.j)), spread: max(r.j).sub(min(r.j)).neg(), rounded: stddevSamp(r.j).round(3),
    });
    v.groupBy('t').agg(outputs).writeCsv('by_t');
    v.agg(outputs).writeCsv('global');
    v.groupBy('b').agg((r) => ({ pd: percentile(r.d.mul(0).add(r.j), 0.75), vd: varPop(r.j.mul(0.5)) })).writeCsv('by_b');
  }),
  ordered: job('rel-ordered', 'first and last by order: null keys and values, ties, NaN and -0.0, mixed directions, every type', (j) => {
    const v = vals(j);
    const outputs = (r: Parameters<Parameters<ReturnType<typeof vals>['agg']>[0]>[0]) => ({
      // j mod 2 is null for id 11, 1 for six ids, 0 and -1 for the others: null first ascending, ties by the value.
      fm: first(r.id, { orderBy: r.j.mod(2) }), lm: last(r.id, { orderBy: r.j.mod(2) }), fmd: first(r.id, { orderBy: [[r.j.mod(2), 'desc']] }),
      fs: first(r.s, { orderBy: [[r.d, 'desc'], r.t] }), lt: last(r.t, { orderBy: r.i }), fd: first(r.d, { orderBy: r.b }), le: last(r.e, { orderBy: [r.b, [r.l, 'desc']] }),
      fb: first(r.b, { orderBy: [[r.l, 'desc']] }), lb: last(r.b, { orderBy: r.t }), fts: first(r.ts, { orderBy: r.dt }), ldt: last(r.dt, { orderBy: [[r.ts, 'desc'], r.id] }),
      fl: first(r.l, { orderBy: [r.s, [r.e, 'desc']] }), plus: last(r.j, { orderBy: r.d }).add(count()),
    });
    v.groupBy('b').agg(outputs).writeCsv('by_b');
    v.agg(outputs).writeCsv('global');
    v.groupBy((r) => ({ half: r.id.le(6) })).agg((r) => ({ f: first(r.d.mul(-1), { orderBy: r.e }), l: last(r.s, { orderBy: [r.d.mul(0), [r.id, 'desc']] }) })).writeCsv('by_half');
    // A double key: -0.0 and 0.0 form one group (and NaN one), so the order spans both.
    v.groupBy((r) => ({ dz: r.d.mul(0) })).agg((r) => ({ f: first(r.id, { orderBy: r.j }), l: last(r.s, { orderBy: [[r.e, 'desc']] }) })).writeCsv('by_double');
  }),
  // Pig computes these without keys from the rows (combined GROUP ALLs, ORDER + LIMIT read back as scalars),
  // not from one bag: mixed here with aggregates of the group's row and of its bag, in the agg's column order.
  globalEdges: job('rel-global-edges', 'global variances and first/last: mixed with other aggregates, one row, an all-null column, ties, NaN', (j) => {
    const v = vals(j);
    v.agg((r) => ({
      n: count(), vs: varSamp(r.e), f: first(r.t, { orderBy: [[r.b, 'desc'], r.i] }), s: sum(r.l), med: median(r.j), sp: stddevPop(r.d),
      l: last(r.s, { orderBy: [r.j, [r.id, 'desc']] }), mine: min(r.e), nd: countDistinct(r.t), p25: percentile(r.i, 0.25), vp: varPop(r.j),
      ss: stddevSamp(r.l), mind: min(r.d),
    })).writeCsv('mixed');
    // b is null for ids 3 and 11 (first ascending: a tie, broken by the value), true for the greatest ids.
    // j * 0 ties every row with a j (all but id 11): last is the greatest d, NaN; d orders nulls, -0.0, NaN.
    v.agg((r) => ({
      fb: first(r.id, { orderBy: r.b }), lb: last(r.id, { orderBy: r.b }), nan: last(r.d, { orderBy: r.j.mul(0) }), byd: first(r.e, { orderBy: r.d }),
      byddesc: first(r.e, { orderBy: [[r.d, 'desc']] }), str: first(r.s, { orderBy: [[r.t, 'desc'], r.id] }), strlast: last(r.t, { orderBy: [[r.s, 'desc']] }),
    })).writeCsv('ties');
    v.filter((r) => r.id.eq(6)).agg((r) => ({
      n: count(), vs: varSamp(r.j), vp: varPop(r.j), ss: stddevSamp(r.d), sp: stddevPop(r.d), f: first(r.s, { orderBy: r.t }), l: last(r.b, { orderBy: r.id }),
    })).writeCsv('one_row');
    // i is null in ids 3 and 11 only.
    v.filter((r) => r.i.isNull()).agg((r) => ({
      n: count(), vs: varSamp(r.i), vp: varPop(r.i), s: sum(r.i), f: first(r.i, { orderBy: r.id }), l: last(r.i, { orderBy: r.id }), tie: first(r.s, { orderBy: r.i }),
    })).writeCsv('all_null');
  }),
  joins: job('rel-joins', 'joins of every kind on a string key and on int = long keys', (j) => {
    const l = vals(j).select('id', 't', 'i');
    const r = right(j);
    l.join(r.rename({ i: 'ri' }), { on: ['t'], how: 'inner' }).writeCsv('inner');
    l.join(r.rename({ i: 'ri' }), { on: ['t'], how: 'left' }).writeCsv('left');
    l.join(r.rename({ i: 'ri' }), { on: ['t'], how: 'right' }).writeCsv('right_join');
    l.join(r.rename({ i: 'ri' }), { on: ['t'], how: 'full' }).writeCsv('full');
    l.join(r.rename({ t: 'rt' }), { on: ['i'], how: 'full' }).writeCsv('widened');
    l.join(r, { on: ['t', 'i'], how: 'full' }).writeCsv('composite');
    l.join(l.rename({ id: 'id2', i: 'i2' }), { on: ['t'] }).writeCsv('self');
    // -0.0 (row 2) joins 0.0 (row 1), NaN joins NaN; int and double keys widen to double.
    const dl = vals(j).select('id', 'd');
    dl.join(vals(j).select((r) => ({ d: r.e, e_id: r.id })), { on: ['d'], how: 'full' }).writeCsv('double_keys');
    dl.join(vals(j).select((r) => ({ j: r.j, j_id: r.id })), { on: [['d', 'j']], how: 'inner' }).writeCsv('int_double');
    const keys = l.select('t');
    keys.join(keys, { on: ['t'], how: 'full' }).writeCsv('same_node');
    // The right side has 'a' three times and null keys; int = long keys are re-typed; a self semi join.
    l.semiJoin(r, { on: ['t'] }).writeCsv('semi');
    l.antiJoin(r, { on: ['t'] }).writeCsv('anti');
    l.semiJoin(r, { on: ['t', 'i'] }).writeCsv('semi_composite');
    l.antiJoin(r, { on: ['t', 'i'] }).writeCsv('anti_composite');
    dl.semiJoin(vals(j).select((r) => ({ d: r.e })), { on: ['d'] }).writeCsv('semi_double');
    keys.antiJoin(keys, { on: ['t'] }).writeCsv('anti_self');
  }),
  // USING 'skewed' on Pig (the left side sampled first; an empty one too), AQE's skew-join handling on Spark:
  // the same rows as a plain join. 'a' is the left's frequent key (three rows on the right too). Each
  // skewed join costs Pig a sampling job more: four of them cover inner, left, full on composite widened
  // keys, and right.
  skewJoins: job('rel-skew-joins', 'skewed joins: null keys, composite and widened keys, an empty left side', (j) => {
    const l = vals(j).select('id', 't', 'i');
    const r = right(j);
    l.join(r.rename({ i: 'ri' }), { on: ['t'], how: 'inner', skew: true }).writeCsv('inner');
    l.join(r.rename({ i: 'ri' }), { on: ['t'], how: 'left', skew: true }).writeCsv('left');
    l.join(r, { on: ['t', 'i'], how: 'full', skew: true }).writeCsv('composite');
    l.filter((x) => x.id.lt(0)).join(r.rename({ i: 'ri' }), { on: ['t'], how: 'right', skew: true }).writeCsv('empty_left');
  }),
  sets: job('rel-sets', 'cross joins under their guard; except and intersect with nulls, NaN and -0.0', (j) => {
    const l = vals(j).select('id', 't');
    const r = right(j);
    l.crossJoin(r.select('v'), { maxRows: 120 }).writeCsv('cross');
    l.crossJoin(r.filter((x) => x.i.gt(2147483647)).select('v'), { maxRows: 0 }).writeCsv('cross_empty');
    l.select('t').crossJoin(l.select((x) => ({ t2: x.t })).distinct(), { maxRows: 1000 }).writeCsv('cross_distinct');
    // Every type; the left side twice over; odd ids (NaN, an all-null row) on the right.
    const cols = (x: ReturnType<typeof vals>) => x.select('t', 'i', 'd', 'b', 'ts', 'dt');
    const all = cols(vals(j)).union(cols(vals(j)));
    const odd = cols(vals(j).filter((x) => x.id.mod(2).eq(1)));
    all.except(odd).writeCsv('except');
    all.intersect(odd).writeCsv('intersect');
    odd.intersect(odd).writeCsv('intersect_self');
    // One double column: -0.0 (d) meets 0.0 (e), null meets null.
    const d = vals(j).select('d');
    const e = vals(j).select((x) => ({ d: x.e }));
    d.except(e).writeCsv('except_double');
    d.intersect(e).writeCsv('intersect_double');
  }),
  sorts: job('rel-sorts', 'sorts with nulls, NaN, -0.0, UTF-16 order and booleans; a limit', (j) => {
    const v = vals(j).select('id', 's', 't', 'd', 'b', 'ts');
    v.orderBy(['d', 'desc'], 'id').writeCsv('d_desc');
    v.orderBy('d', 'id').writeCsv('d_asc');
    v.orderBy('s', 'id').writeCsv('s_asc');
    v.orderBy(['t', 'desc'], 'id').writeCsv('t_desc');
    v.orderBy('b', ['id', 'desc']).writeCsv('b_asc');
    v.orderBy(['ts', 'desc']).limit(3).writeCsv('ts_top3');
    v.orderBy('id').limit(0).writeCsv('none');
    // One double key alone: Pig's raw comparator for a single double key leaves NaN anywhere.
    v.select('d').orderBy('d').writeCsv('d_only_asc');
    v.select('d').orderBy(['d', 'desc']).writeCsv('d_only_desc');
  }),
  setOps: job('rel-set-ops', 'distinct with nulls and -0.0, union of two selects', (j) => {
    const v = vals(j);
    v.select((r) => ({ x: r.d })).union(v.select((r) => ({ x: r.e }))).distinct().writeCsv('doubles');
    v.select('t', 'b').distinct().writeCsv('pairs');
    v.select('id', 's').union(v.select((r) => ({ id: r.j, s: r.t }))).writeCsv('both');
    const ids = v.select('id');
    ids.union(ids, ids).writeCsv('thrice');
  }),
  explode: job('rel-explode', 'explode on separators that are regex metacharacters', (j) => {
    const v = vals(j).select('id', 's');
    v.explode('s', { separator: '/', as: 'part' }).writeCsv('slash');
    v.explode('s', { separator: '.', as: 'part' }).writeCsv('dot');
    v.explode('s', { separator: '|', as: 'part' }).writeCsv('bar');
    v.explode('s', { separator: '\\', as: 'part' }).writeCsv('backslash');
    v.explode('s', { separator: '$', as: 'part' }).writeCsv('dollar');
    v.explode('s', { separator: ' ', as: 'part' }).writeCsv('space');
    v.explode('s', { separator: 'l\n', as: 'part' }).writeCsv('two_chars');
    // The part is a typed string: string functions apply to it.
    v.explode('s', { separator: ' ', as: 'part' }).select((r) => ({ id: r.id, n: r.part.length(), up: r.part.upper() })).writeCsv('part_fns');
  }),
  windows: job('rel-windows', 'window functions per partition with null keys, NaN and -0.0 order keys; sessions', (j) => {
    const v = vals(j);
    // A total order (id last): row numbers, lag/lead and ROWS frames are then the same on every engine.
    v.window({ partitionBy: ['t'], orderBy: [['d', 'desc'], 'id'] }, (r, w) => ({
      rn: w.rowNumber(), rk: w.rank(), dr: w.denseRank(), prev_s: w.lag(r.s), next_i: w.lead(r.i, 2, -1), prev_ts: w.lag(r.ts),
      si: w.sum(r.i), sl: w.sum(r.l), sd: w.sum(r.d), c: w.count(), ci: w.count(r.i), ai: w.avg(r.i), ad: w.avg(r.e),
      mind: w.min(r.d), maxd: w.max(r.d), maxe: w.max(r.e, { rows: [-1, 1] }), mins: w.min(r.s, { rows: [-1, 1] }),
      maxts: w.max(r.ts, { rows: [null, null] }), mindt: w.min(r.dt), s3: w.sum(r.j, { rows: [-2, 0] }), rest: w.count(r.l, { rows: [0, null] }),
    })).drop('s').writeCsv('by_t');
    // Ties without a tie-break: ranks are defined whatever order the ties come in.
    v.select('id', 'b', 'j').window({ partitionBy: ['b'], orderBy: [['j', 'desc']] }, (_r, w) => ({ rk: w.rank(), dr: w.denseRank() })).writeCsv('ties');
    // One partition; a double key with NaN, 0.0 and -0.0 (peers) and null.
    v.select((r) => ({ id: r.id, dz: r.d.mul(0) })).window({ orderBy: ['dz'] }, (_r, w) => ({ rk: w.rank(), dr: w.denseRank() })).writeCsv('by_double');
    // Top 2 per partition.
    v.select('id', 't', 'j').window({ partitionBy: ['t'], orderBy: [['j', 'desc'], 'id'] }, (_r, w) => ({ rn: w.rowNumber() })).filter((r) => r.rn.le(2)).writeCsv('top2');
    v.select('id', 'b', 'ts').sessionize({ by: ['b'], time: 'ts', gap: { hours: 1 } }).writeCsv('sessions');
  }),
  partitioned: job('rel-partitioned', 'an output partitioned by a string column', (j) => {
    const v = vals(j);
    v.select('t', 'id', 's').writeCsv('parts', { partitionBy: 't' });
    // Partition column names Hive escapes in folder names (`%`, `:`); names that start with `_` or hold `=`
    // are refused by plan validation (test/plan/name-rules.test.ts).
    v.select((r) => ({ id: r.id, 'a:b': r.b })).writeCsv('colon_name', { partitionBy: 'a:b' });
    v.select((r) => ({ 'k%v': r.j, id: r.id })).writeCsv('escaped_name', { partitionBy: 'k%v' });
  }),
  textSinks: job('rel-text-sinks', 'TSV and headerless CSV outputs, whole and partitioned', (j) => {
    const v = vals(j);
    // Tabs, newlines and backslashes in s and t (escaped), '' and null (\N) apart, every type's text.
    v.writeTsv('tsv_all');
    v.select('t', 'id', 's').writeTsv('tsv_parts', { partitionBy: 't' });
    v.select('id', 's', 'd', 'ts').writeCsv('csv_rows', { header: false });
    v.select('b', 'id', 's').writeCsv('csv_rows_parts', { header: false, partitionBy: 'b' });
  }),
};

/** A global aggregate of no rows: one row on the runtime, none on Pig (docs/codegen.md, "Known differences"). */
export const EMPTY_GLOBAL = job('rel-empty-global', 'global variances and first/last over no rows', (j) => {
  vals(j).filter((r) => r.id.lt(0)).agg((r) => ({ n: count(), vs: varSamp(r.j), f: first(r.s, { orderBy: r.id }), s: sum(r.i), l: last(r.d, { orderBy: r.t }) })).writeCsv('empty');
});
