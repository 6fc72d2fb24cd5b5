// first and last by order on the runtime: values worked out by hand (null keys, ties, -0.0, NaN), random
// groups against a plain sort, and the plan errors of a misplaced or missing order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, first, job, last } from '../../dsl/index.ts';
import { AGGREGATES, validatePlan, type Plan } from '../../plan/index.ts';
import { errorOf } from '../harness/job-error-of.ts';
import { fieldsOf, rowsAtEveryBatchSize, type Row } from './support/memory-tables.ts';

const spec = { k: 'string', n: 'int', o: 'int', d: 'double', s: 'string' } as const;
const T = fieldsOf(spec);
const plan = (build: Parameters<typeof job>[2]) => job('t', 'test', build).plan();

const run = (p: Plan, rows: Row[]): Promise<Row[]> => rowsAtEveryBatchSize(p, { t: { fields: T, rows } });
const byKey = (rs: Row[]) => Object.fromEntries(rs.map((r) => [String(r[0]), r.slice(1)]));

describe('first and last by order', () => {
  const rows: Row[] = [
    ['a', 4, 2, 1.5, 'x'],
    ['a', 1, 2, -0.0, 'y'],
    ['a', 9, null, 0.0, 'z'],
    ['a', null, -1, NaN, null],
    ['a', 3, 7, 2.5, 'w'],
    ['a', 8, 7, NaN, 'v'],
    ['b', null, 1, null, null],
    ['c', 5, null, 0.25, 'q'],
  ];
  it('order nulls first ascending and last descending, break ties by the value, skip null values', async () => {
    const p = plan((j) =>
      j.csv('t', spec).groupBy('k').agg((r) => ({
        f: first(r.n, { orderBy: r.o }), l: last(r.n, { orderBy: r.o }),
        fd: first(r.n, { orderBy: [[r.o, 'desc']] }), ld: last(r.n, { orderBy: [[r.o, 'desc']] }),
        ts: first(r.s, { orderBy: [[r.o, 'desc'], r.d] }), zero: first(r.d, { orderBy: r.k }), nan: last(r.d, { orderBy: r.o }),
        n: count(),
      })).writeCsv('out'),
    );
    const out = byKey(await run(p, rows));
    // a by o ascending: null (n 9), -1 (n null: skipped), 2 (n 4 and 1: 1 first), 7 (n 3 and 8).
    // ts: o desc puts 7 first (d NaN above 2.5: w first); zero: one key, so the least d (-0.0, as 0.0; NaN is greatest).
    expect(out.a).toEqual([9, 8, 3, 9, 'w', 0, NaN, 6n]);
    expect(out.b).toEqual([null, null, null, null, null, null, null, 1n]);
    expect(out.c).toEqual([5, 5, 5, 5, 'q', 0.25, 0.25, 1n]);
  });

  it('equal the value at the first and last row of a plain sort of the group (random rows with ties and nulls)', async () => {
    const value = fc.option(fc.integer({ min: -3, max: 3 }), { nil: null, freq: 4 });
    const row = fc.tuple(fc.constantFrom('a', 'b', 'c'), value, value, fc.constantFrom(0.5, -0.0, 0.0, NaN, 2, null), fc.constantFrom('x', 'y', '😀', 'Z', null));
    const p = plan((j) =>
      j.csv('t', spec).groupBy('k').agg((r) => ({
        f: first(r.n, { orderBy: [r.o, [r.d, 'desc']] }), l: last(r.s, { orderBy: [[r.o, 'desc'], r.d] }),
      })).writeCsv('out'),
    );
    // Plain code: the group's rows with a value, sorted by the keys (null least; -0.0 equal to 0.0; NaN greatest), then the value.
    const cmp = (a: unknown, b: unknown): number => {
      if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1);
      if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) || Number.isNaN(b) ? Number(Number.isNaN(a)) - Number(Number.isNaN(b)) : a < b ? -1 : a > b ? 1 : 0;
      const [x, y] = [a as string, b as string];
      return x < y ? -1 : x > y ? 1 : 0;
    };
    const pick = (rs: Row[], col: number, keys: [number, boolean][]) => {
      const sorted = rs.filter((r) => r[col] !== null).sort((x, y) => {
        for (const [c, desc] of keys) if (cmp(x[c], y[c]) !== 0) return desc ? -cmp(x[c], y[c]) : cmp(x[c], y[c]);
        return cmp(x[col], y[col]);
      });
      return sorted.length ? sorted[0][col] : null;
    };
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 25 }), async (rs) => {
        const out = byKey(await run(p, rs as Row[]));
        for (const k of new Set(rs.map((r) => r[0]))) {
          const g = (rs as Row[]).filter((r) => r[0] === k);
          const inOrder = g.filter((r) => r[4] !== null).sort((x, y) => -cmp(x[2], y[2]) || cmp(x[3], y[3]) || cmp(x[4], y[4]));
          const lastS = inOrder.length ? inOrder[inOrder.length - 1][4] : null;
          expect(out[k as string]).toEqual([pick(g, 1, [[2, false], [3, true]]), lastS]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('are plan errors at the job line without an order, with an order on another aggregate, or over unknown columns', () => {
    expect(AGGREGATES.first.ordered && AGGREGATES.last.ordered).toBe(true);
    const p = plan((j) => j.csv('t', spec).groupBy('k').agg((r) => ({ f: first(r.n, { orderBy: r.o }) })).writeCsv('out'));
    const agg = p.nodes.find((n) => n.kind === 'aggregate')!;
    const without = { ...p, nodes: p.nodes.map((n) => (n === agg ? { ...agg, aggs: [{ name: 'f', fn: 'first', arg: agg.aggs[0].arg }] } : n)) };
    expect(validatePlan(without as Plan).map((e) => e.message).join('\n')).toMatch(/first\(f\): needs orderBy \(at least one key\)/);
    const extra = { ...p, nodes: p.nodes.map((n) => (n === agg ? { ...agg, aggs: [{ ...agg.aggs[0], fn: 'min' }] } : n)) };
    expect(validatePlan(extra as Plan).map((e) => e.message).join('\n')).toMatch(/min\(f\): takes no orderBy/);
    const e = errorOf(() => plan((j) => j.csv('t', spec).groupBy('k').agg((r) => ({ f: first(r.n, { orderBy: count() }) })).writeCsv('out')));
    expect(e.message).toMatch(/count\(\.\.\.\) is an aggregate/);
    expect(e.describe()).toMatch(/ordered-aggregates\.test\.ts:\d+/);
    const empty = errorOf(() => plan((j) => j.csv('t', spec).agg((r) => ({ f: first(r.n, { orderBy: [] }) })).writeCsv('out')));
    expect(empty.describe()).toMatch(/ordered-aggregates\.test\.ts:\d+:\d+: job error: first: orderBy must be/);
  });
});
