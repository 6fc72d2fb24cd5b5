// Properties of the operators over random tables (random batch sizes, null rates and string content),
// each checked against a plain-JS reference computed in this file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, job, sum } from '../../dsl/index.ts';
import { fieldsOf, runMemory, type MemTable, type Row, type Value } from './support/memory-tables.ts';

const spec = { k: 'string', n: 'int', l: 'long', d: 'double' } as const;
const FIELDS = fieldsOf(spec);
const CHARS = fc.constantFrom('a', 'b', 'Z', ' ', ',', '"', '\n', '\r', 'é', '\u{1F600}', '\uFF5E', '');

function tableArb(maxRows = 60): fc.Arbitrary<MemTable> {
  return fc.integer({ min: 0, max: 10 }).chain((nullFreq) => {
    const maybe = <T>(a: fc.Arbitrary<T>) => (nullFreq === 0 ? a : fc.option(a, { nil: null, freq: nullFreq }));
    const row = fc.tuple(
      maybe(fc.array(CHARS, { maxLength: 3 }).map((cs) => cs.join(''))),
      maybe(fc.integer({ min: -5, max: 5 })),
      maybe(fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -3n, max: 3n }))),
      maybe(fc.oneof(fc.double(), fc.constantFrom(0.5, -1, 2, NaN, Infinity, -Infinity, -0, 0))),
    );
    return fc.array(row, { maxLength: maxRows }).map((rows) => ({ fields: FIELDS, rows: rows as Row[] }));
  });
}

const BATCH = fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constant(8192));
const plan = (build: Parameters<typeof job>[2]) => job('p', 'property', build).plan();
// NaN and ±Infinity as text: JSON.stringify would write them as null, the same key as a null cell.
const norm = (v: Value) =>
  typeof v === 'bigint' ? `b${v}` : typeof v === 'number' ? (Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : `d${v}`) : v;
const keyOf = (row: readonly Value[]) => JSON.stringify(row.map(norm));
const multiset = (rows: readonly Row[]) => rows.map(keyOf).sort();

describe('operator properties', () => {
  it('count(filter p) + count(filter not p) + count(filter p is null) = count', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb(), BATCH, fc.integer({ min: -5, max: 5 }), async (t, size, c) => {
        const p = plan((j) => {
          const s = j.csv('t', spec);
          s.filter((r) => r.n.gt(c)).agg(() => ({ c: count() })).writeCsv('yes');
          s.filter((r) => r.n.gt(c).not()).agg(() => ({ c: count() })).writeCsv('no');
          s.filter((r) => r.n.gt(c).isNull()).agg(() => ({ c: count() })).writeCsv('unknown');
          s.agg(() => ({ c: count() })).writeCsv('all');
        });
        const { outputs: o } = await runMemory(p, { t }, size);
        const ns = t.rows.map((r) => r[1] as number | null);
        expect(o.yes[0][0]).toBe(BigInt(ns.filter((n) => n !== null && n > c).length));
        expect(o.unknown[0][0]).toBe(BigInt(ns.filter((n) => n === null).length));
        expect((o.yes[0][0] as bigint) + (o.no[0][0] as bigint) + (o.unknown[0][0] as bigint)).toBe(o.all[0][0]);
        expect(o.all[0][0]).toBe(BigInt(t.rows.length));
      }),
      { numRuns: 60 },
    );
  });

  it('group counts and sums match a Map reference and add up to the totals', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb(), BATCH, async (t, size) => {
        const p = plan((j) => {
          const s = j.csv('t', spec);
          s.groupBy('k').agg((r) => ({ c: count(), sl: sum(r.l), sn: sum(r.n) })).writeCsv('groups');
          s.agg((r) => ({ c: count(), sl: sum(r.l) })).writeCsv('total');
        });
        const { outputs: o } = await runMemory(p, { t }, size);
        const ref = new Map<string | null, { c: bigint; sl: bigint | null; sn: bigint | null }>();
        for (const [k, n, l] of t.rows as [string | null, number | null, bigint | null][]) {
          const g = ref.get(k) ?? { c: 0n, sl: null, sn: null };
          g.c++;
          if (l !== null) g.sl = BigInt.asIntN(64, (g.sl ?? 0n) + l);
          if (n !== null) g.sn = (g.sn ?? 0n) + BigInt(n);
          ref.set(k, g);
        }
        expect(o.groups).toEqual([...ref].map(([k, g]) => [k, g.c, g.sl, g.sn]));
        const totalC = o.groups.reduce((s, r) => s + (r[1] as bigint), 0n);
        const totalL = o.groups.reduce<bigint | null>((s, r) => (r[2] === null ? s : BigInt.asIntN(64, (s ?? 0n) + (r[2] as bigint))), null);
        expect(o.total).toEqual([[totalC, totalL]]);
      }),
      { numRuns: 60 },
    );
  });

  it('join cardinalities: inner = sum of l×r per key; left, right and full add the unmatched rows', async () => {
    const side = tableArb(25);
    await fc.assert(
      fc.asyncProperty(side, side, BATCH, async (a, b, size) => {
        const p = plan((j) => {
          const l = j.csv('a', spec).select((r) => ({ key: r.n, lk: r.k }));
          const r = j.csv('b', spec).select((r) => ({ key: r.n, rk: r.k }));
          for (const how of ['inner', 'left', 'right', 'full'] as const) l.join(r, { on: ['key'], how }).writeCsv(how);
        });
        const { outputs: o } = await runMemory(p, { a, b }, size);
        const keys = (t: MemTable) => t.rows.map((r) => r[1] as number | null);
        const [ak, bk] = [keys(a), keys(b)];
        const pairs: Row[] = [];
        ak.forEach((x, i) => bk.forEach((y, jx) => x !== null && x === y && pairs.push([x, a.rows[i][0], b.rows[jx][0]])));
        const unmatchedA = a.rows.filter((r, i) => ak[i] === null || !bk.includes(ak[i])).map((r) => [r[1], r[0], null]);
        const unmatchedB = b.rows.filter((r, i) => bk[i] === null || !ak.includes(bk[i])).map((r) => [r[1], null, r[0]]);
        expect(multiset(o.inner)).toEqual(multiset(pairs));
        expect(multiset(o.left)).toEqual(multiset([...pairs, ...unmatchedA]));
        expect(multiset(o.right)).toEqual(multiset([...pairs, ...unmatchedB]));
        expect(multiset(o.full)).toEqual(multiset([...pairs, ...unmatchedA, ...unmatchedB]));
        expect(o.left.length).toBeGreaterThanOrEqual(a.rows.length);
        expect(o.right.length).toBeGreaterThanOrEqual(b.rows.length);
      }),
      { numRuns: 60 },
    );
  });

  it('sort yields a sorted permutation of its input', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb(), BATCH, fc.boolean(), async (t, size, desc) => {
        const p = plan((j) => {
          const s = j.csv('t', spec);
          s.orderBy(['k', desc ? 'desc' : 'asc'], 'd').writeCsv('out');
          s.orderBy(['d', desc ? 'desc' : 'asc']).writeCsv('byD');
        });
        const { outputs: o } = await runMemory(p, { t }, size);
        expect(multiset(o.out)).toEqual(multiset(t.rows));
        expect(multiset(o.byD)).toEqual(multiset(t.rows));
        // Reference order: nulls first ascending; strings by UTF-16 units; NaN above every number.
        const cmpK = (x: Value, y: Value) => (x === y ? 0 : x === null ? -1 : y === null ? 1 : (x as string) < (y as string) ? -1 : 1);
        const rank = (v: Value) => (v === null ? -Infinity : Number.isNaN(v) ? Infinity : (v as number));
        const cmpD = (x: Value, y: Value) => (x === null && y === null ? 0 : x === null ? -1 : y === null ? 1 : Math.sign(rank(x) - rank(y)) || (Number.isNaN(x) && !Number.isNaN(y) ? 1 : !Number.isNaN(x) && Number.isNaN(y) ? -1 : 0));
        for (let i = 1; i < o.out.length; i++) {
          const c = (desc ? -1 : 1) * cmpK(o.out[i - 1][0], o.out[i][0]);
          expect(c).toBeLessThanOrEqual(0);
          if (c === 0) expect(cmpD(o.out[i - 1][3], o.out[i][3])).toBeLessThanOrEqual(0);
        }
        for (let i = 1; i < o.byD.length; i++) expect((desc ? -1 : 1) * cmpD(o.byD[i - 1][3], o.byD[i][3])).toBeLessThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
  });

  it('union counts add; distinct is the set of rows and idempotent; limit takes at most n', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb(), tableArb(), BATCH, fc.integer({ min: 0, max: 70 }), async (a, b, size, n) => {
        const p = plan((j) => {
          const x = j.csv('a', spec);
          const y = j.csv('b', spec);
          x.union(y).writeCsv('union');
          x.distinct().writeCsv('distinct');
          x.distinct().distinct().writeCsv('twice');
          x.limit(n).writeCsv('limit');
        });
        const { outputs: o } = await runMemory(p, { a, b }, size);
        expect(o.union.length).toBe(a.rows.length + b.rows.length);
        expect(multiset(o.union)).toEqual(multiset([...a.rows, ...b.rows]));
        const seen = new Set<string>();
        const firsts = a.rows.filter((r) => !seen.has(keyOf(r)) && !!seen.add(keyOf(r)));
        expect(o.distinct).toEqual(firsts);
        expect(o.twice).toEqual(o.distinct);
        expect(o.limit.length).toBeLessThanOrEqual(n);
        expect(o.limit).toEqual(a.rows.slice(0, n));
      }),
      { numRuns: 60 },
    );
  });
});
