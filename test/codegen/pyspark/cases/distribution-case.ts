// Percentiles, variances and expressions over aggregates: groups with ties, nulls, one value and none;
// a large group where Spark's percentile_approx may move within its stated rank error.
import { approxPercentile, count, job, max, median, min, percentile, stddevPop, stddevSamp, sum, varPop, varSamp } from '../../../../dsl/index.ts';

/** n values of a deterministic scramble of 0..n-1 (a multiplicative step coprime to n). */
export const bigGroup = (n: number): number[] => Array.from({ length: n }, (_, i) => (i * 7919) % n);

export const BIG_N = 2000;
export const BIG_ACCURACY = 50;
export const BIG_P = [0.1, 0.5, 0.93];

export const DISTRIBUTION_CSV = [
  'g,x,l,d',
  'a,10,10,1.5', 'a,3,-3,2.25', 'a,3,3,', 'a,,7,-0.5', 'a,7,9007199254740993,1e10', 'a,-4,-9223372036854775808,0.125',
  'b,5,5,3.5',
  'c,,,',
  ',1,2,0.5', ',2,1,0.25',
  ...bigGroup(BIG_N).map((v) => `big,${v},${v * 3},${v / 8}`),
].join('\n');

export const distributionJob = job('spark-distributions', 'percentiles, variances and expressions over aggregates', (j) => {
  const t = j.csv('dist', { g: 'string', x: 'int', l: 'long', d: 'double' });
  const small = t.filter((r) => r.g.ne('big').or(r.g.isNull()));
  small
    .groupBy('g')
    .agg((r) => ({
      p0: percentile(r.x, 0), p25: percentile(r.x, 0.25), med: median(r.l), p90: percentile(r.d, 0.9), p100: percentile(r.d, 1),
      a0: approxPercentile(r.x, 0), a50: approxPercentile(r.x, 0.5), a90: approxPercentile(r.d, 0.9, 100), a100: approxPercentile(r.x, 1),
      vs: varSamp(r.x), vp: varPop(r.x), ss: stddevSamp(r.d), sp: stddevPop(r.l),
      mean: sum(r.x).div(count(r.x)), spread: max(r.x).sub(min(r.x)).neg(), rounded: stddevSamp(r.x).round(3), n: count(),
    }))
    .writeCsv('by_g');
  small.agg((r) => ({ p: percentile(r.x, 0.3), v: varSamp(r.d), both: percentile(r.x, 0.5).add(varPop(r.x)) })).writeCsv('global');
  // Exact meanings over 2,000 values; the approximate ones are checked against Spark's stated rank error.
  const big = t.filter((r) => r.g.eq('big'));
  big.agg((r) => ({ p10: percentile(r.x, 0.1), med: median(r.d), vs: varSamp(r.l), sp: stddevPop(r.d) })).writeCsv('big_exact');
  big.agg((r) => ({ a10: approxPercentile(r.x, BIG_P[0], BIG_ACCURACY), a50: approxPercentile(r.x, BIG_P[1], BIG_ACCURACY), a93: approxPercentile(r.x, BIG_P[2], BIG_ACCURACY) })).writeCsv('big_approx');
});
