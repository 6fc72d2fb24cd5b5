// Percentiles, variances and expressions over aggregates on the runtime, against values worked out by hand
// and against plain-code formulas on random groups (every batch size gives the same rows).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  approxPercentile, count, job, max, median, min, percentile, stddevPop, stddevSamp, sum, varPop, varSamp,
} from '../../dsl/index.ts';
import { isJobError, type Plan } from '../../plan/index.ts';
import { fieldsOf, rowsAtEveryBatchSize, runMemory, type MemTable, type Row } from './support/memory-tables.ts';

const spec = { k: 'string', n: 'int', l: 'long', d: 'double' } as const;
const T = fieldsOf(spec);
const rows: Row[] = [
  ['a', 10, 10n, 1.5],
  ['a', 3, -3n, 2.25],
  ['a', 3, 3n, null],
  ['a', null, 7n, -0.5],
  ['a', 7, 9007199254740993n, 4],
  ['a', -4, -20n, 0.125],
  ['b', 5, 5n, 3.5],
  ['c', null, null, null],
];
const plan = (build: Parameters<typeof job>[2]) => job('t', 'test', build).plan();

const run = (p: Plan, input: MemTable = { fields: T, rows }): Promise<Row[]> => rowsAtEveryBatchSize(p, { t: input });

const byKey = (rs: Row[]) => Object.fromEntries(rs.map((r) => [String(r[0]), r.slice(1)]));

describe('percentile, median and approxPercentile', () => {
  it('interpolate between ranks (Spark percentile) or take the nearest rank; nulls skipped; null over none', async () => {
    const p = plan((j) =>
      j.csv('t', spec).groupBy('k').agg((r) => ({
        p0: percentile(r.n, 0), p25: percentile(r.n, 0.25), p40: percentile(r.n, 0.4), med: median(r.d), p100: percentile(r.l, 1),
        a0: approxPercentile(r.n, 0), a40: approxPercentile(r.n, 0.4), a50: approxPercentile(r.l, 0.5), a100: approxPercentile(r.d, 1),
      })).writeCsv('out'),
    );
    const out = byKey(await run(p));
    // a: n sorted -4 3 3 7 10; pos(0.4) = 1.6 between 3 and 3; d sorted -0.5 0.125 1.5 2.25 4 -> median 1.5.
    // Nearest rank: ceil(0.4 * 5) = 2 -> 3; l: ceil(0.5 * 6) = 3 -> 3 (sorted -20 -3 3 7 10 2^53+1).
    expect(out.a).toEqual([-4, 3, 3, 1.5, 9007199254740992, -4, 3, 3n, 4]);
    expect(out.b).toEqual([5, 5, 5, 3.5, 5, 5, 5, 5n, 3.5]);
    expect(out.c).toEqual([null, null, null, null, null, null, null, null, null]);
  });

  it('the interpolation weights the two neighbours by distance', async () => {
    const input: MemTable = { fields: T, rows: [1, 2, 4, 8].map((n) => ['x', n, BigInt(n), n]) };
    const p = plan((j) => j.csv('t', spec).agg((r) => ({ p: percentile(r.n, 0.5), q: percentile(r.d, 0.9) })).writeCsv('out'));
    // pos 1.5 -> (2 + 4) / 2; pos 2.7 -> 0.3 * 4 + 0.7 * 8.
    const [[a, b]] = await run(p, input);
    expect(a).toBe(3);
    expect(b).toBeCloseTo(0.3 * 4 + 0.7 * 8, 12);
  });

  it('p outside [0, 1] or an accuracy that is no positive integer is a job error on the agg line', () => {
    const at = (f: () => void) => {
      try {
        f();
      } catch (e) {
        expect(isJobError(e) && e.kind).toBe('job');
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(at(() => plan((j) => j.csv('t', spec).agg((r) => ({ x: percentile(r.n, 1.5) })).writeCsv('out')))).toContain('p must be in [0, 1], got 1.5');
    expect(at(() => plan((j) => j.csv('t', spec).agg((r) => ({ x: approxPercentile(r.n, 0.5, 0) })).writeCsv('out')))).toContain('accuracy must be an integer');
    expect(at(() => plan((j) => j.csv('t', spec).agg((r) => ({ x: percentile(r.n, Number.NaN) })).writeCsv('out')))).toContain('finite');
  });
});

describe('variances and standard deviations', () => {
  it('sample forms are null below two values, population forms 0 for one; nulls skipped', async () => {
    const p = plan((j) =>
      j.csv('t', spec).groupBy('k').agg((r) => ({ vs: varSamp(r.n), vp: varPop(r.n), ss: stddevSamp(r.d), sp: stddevPop(r.l) })).writeCsv('out'),
    );
    const out = byKey(await run(p));
    expect(out.b).toEqual([null, 0, null, 0]);
    expect(out.c).toEqual([null, null, null, null]);
    // n of a: 10 3 3 7 -4, mean 3.8, squared deviations 38.44 0.64 0.64 10.24 60.84 = 110.8.
    expect(out.a[0]).toBeCloseTo(110.8 / 4, 12);
    expect(out.a[1]).toBeCloseTo(110.8 / 5, 12);
  });

  it('two passes stay exact where a sum of squares cancels (values near 1e9 a small step apart)', async () => {
    const input: MemTable = { fields: T, rows: [0, 1, 2].map((i) => ['x', i, BigInt(i), 1e9 + i / 8]) };
    const [[v]] = await run(plan((j) => j.csv('t', spec).agg((r) => ({ v: varSamp(r.d) })).writeCsv('out')), input);
    expect(v).toBe(1 / 64);
  });

  it('match the textbook formulas on random groups', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: null }), { maxLength: 30 }), async (ns) => {
        const input: MemTable = { fields: T, rows: ns.map((n) => ['x', n, n === null ? null : BigInt(n), n === null ? null : n / 4]) };
        const p = plan((j) => j.csv('t', spec).agg((r) => ({ vs: varSamp(r.n), sp: stddevPop(r.d), pc: percentile(r.l, 0.3), ap: approxPercentile(r.n, 0.3) })).writeCsv('out'));
        const [[vs, sp, pc, ap]] = (await runMemory(p, { t: input }, 4)).outputs.out;
        const xs = ns.filter((n): n is number => n !== null).sort((a, b) => a - b);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const m2 = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
        if (xs.length < 2) expect(vs).toBeNull();
        else expect(vs as number).toBeCloseTo(m2 / (xs.length - 1), 6);
        if (xs.length === 0) {
          expect([sp, pc, ap]).toEqual([null, null, null]);
        } else {
          expect(sp as number).toBeCloseTo(Math.sqrt(m2 / xs.length) / 4, 9);
          const pos = (xs.length - 1) * 0.3;
          expect(pc as number).toBeCloseTo(xs[Math.floor(pos)] + (pos - Math.floor(pos)) * (xs[Math.ceil(pos)] - xs[Math.floor(pos)]), 9);
          expect(ap).toBe(xs[Math.max(1, Math.ceil(0.3 * xs.length)) - 1]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('expressions over aggregates', () => {
  it('compute per group after the aggregates; keys first, outputs in order', async () => {
    const p = plan((j) =>
      j.csv('t', spec).groupBy('k').agg((r) => ({
        mean: sum(r.n).div(count(r.n)), n: count(), spread: max(r.n).sub(min(r.n)).neg(), sd: stddevSamp(r.n).round(2), both: count().add(count(r.d)),
      })).writeCsv('out'),
    );
    const out = await run(p);
    expect(out).toEqual([
      ['a', 19 / 5, 6n, -14, 5.26, 11n],
      ['b', 5, 1n, 0, null, 2n],
      ['c', null, 1n, null, null, 1n],
    ]);
  });

  it('a column outside an aggregate, or an aggregate outside agg(), is a job error', () => {
    expect(() => plan((j) => j.csv('t', spec).groupBy('k').agg((r) => ({ x: r.n.add(sum(r.n)) })).writeCsv('out'))).toThrow(
      "agg: 'x' reads column 'n' outside an aggregate",
    );
    expect(() => plan((j) => j.csv('t', spec).select((r) => ({ x: r.n.add(sum(r.n)) })).writeCsv('out'))).toThrow(
      'sum(...) is an aggregate: use it, or an expression over it, only as an output of agg(...)',
    );
  });
});
