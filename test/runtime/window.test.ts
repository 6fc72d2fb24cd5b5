// The window operator and sessionize through the real executor, over batches of sizes 1, 3 and 8192.
// Expected rows are written out by hand from the small inputs (rows come out in partition, then window order).
import { describe, expect, it } from 'vitest';
import { job, JobError } from '../../dsl/index.ts';
import type { Plan } from '../../plan/index.ts';
import { fieldsOf, runMemory, type MemTable, type Row } from './support/memory-tables.ts';

const SIZES = [1, 3, 8192];
const spec = { k: 'string', n: 'int', l: 'long', d: 'double' } as const;
const T = fieldsOf(spec);
const rows: Row[] = [
  ['a', 3, 10n, 0.5],
  ['b', null, 20n, null],
  [null, 3, null, 1.5],
  ['a', 1, 40n, NaN],
  ['a', 3, 50n, -2],
  [null, null, 60n, 3],
  ['a', 7, null, 4],
];
const table: MemTable = { fields: T, rows };

async function run(plan: Plan, input: MemTable = table) {
  const results = [];
  for (const size of SIZES) results.push((await runMemory(plan, { t: input }, size)).outputs.out);
  expect(results[1]).toEqual(results[0]);
  expect(results[2]).toEqual(results[0]);
  return results[0];
}
const plan = (build: Parameters<typeof job>[2]) => job('t', 'test', build).plan();

describe('window', () => {
  it('rowNumber, rank, denseRank per partition (null keys one partition; nulls first ascending)', async () => {
    const p = plan((j) =>
      j.csv('t', spec).select('k', 'n', 'l')
        .window({ partitionBy: ['k'], orderBy: ['n', ['l', 'desc']] }, (_r, w) => ({ rn: w.rowNumber(), rk: w.rank(), dr: w.denseRank() }))
        .writeCsv('out'),
    );
    expect(await run(p)).toEqual([
      [null, null, 60n, 1, 1, 1], [null, 3, null, 2, 2, 2],
      ['a', 1, 40n, 1, 1, 1], ['a', 3, 50n, 2, 2, 2], ['a', 3, 10n, 3, 3, 3], ['a', 7, null, 4, 4, 4],
      ['b', null, 20n, 1, 1, 1],
    ]);
    const ties = plan((j) =>
      j.csv('t', spec).select('k', 'n').window({ partitionBy: ['k'], orderBy: [['n', 'desc']] }, (_r, w) => ({ rk: w.rank(), dr: w.denseRank() })).writeCsv('out'),
    );
    expect((await run(ties)).filter((r) => r[0] === 'a')).toEqual([['a', 7, 1, 1], ['a', 3, 2, 2], ['a', 3, 2, 2], ['a', 1, 4, 3]]);
  });

  it('lag and lead with offsets and defaults; no partition is one partition', async () => {
    const p = plan((j) =>
      j.csv('t', spec).select('k', 'l').filter((r) => r.l.isNotNull())
        .window({ orderBy: ['l'] }, (r, w) => ({ prev: w.lag(r.l), next2: w.lead(r.k, 2, 'none'), back: w.lag(r.l, 1, -1) }))
        .writeCsv('out'),
    );
    expect(await run(p)).toEqual([
      ['a', 10n, null, 'a', -1n], ['b', 20n, 10n, 'a', 10n], ['a', 40n, 20n, null, 20n], ['a', 50n, 40n, 'none', 40n], [null, 60n, 50n, 'none', 50n],
    ]);
  });

  it('running aggregates take the rows up to the current one; framed ones the rows of their frame', async () => {
    const p = plan((j) =>
      j.csv('t', spec).filter((r) => r.k.eq('a'))
        .window({ partitionBy: ['k'], orderBy: ['l'] }, (r, w) => ({
          s: w.sum(r.n), c: w.count(), cl: w.count(r.l), lo: w.min(r.d), hi: w.max(r.d), m: w.avg(r.n),
          s3: w.sum(r.n, { rows: [-1, 1] }), all: w.max(r.l, { rows: [null, null] }), rest: w.sum(r.l, { rows: [0, null] }),
        }))
        .select('l', 's', 'c', 'cl', 'lo', 'hi', 'm', 's3', 'all', 'rest')
        .writeCsv('out'),
    );
    // order by l: null (n 7, d 4), 10 (n 3, d 0.5), 40 (n 1, d NaN), 50 (n 3, d -2)
    expect(await run(p)).toEqual([
      [null, 7n, 1n, 0n, 4, 4, 7, 10n, 50n, 100n],
      [10n, 10n, 2n, 1n, 0.5, 4, 5, 11n, 50n, 100n],
      [40n, 11n, 3n, 2n, 0.5, NaN, 11 / 3, 7n, 50n, 90n],
      [50n, 14n, 4n, 3n, -2, NaN, 3.5, 4n, 50n, 50n],
    ]);
  });

  it('refuses bad windows at the job line', () => {
    const line = new Error().stack!.split('\n')[1].match(/window\.test\.ts:(\d+)/)![1];
    let error: unknown;
    try {
      plan((j) => j.csv('t', spec).window({ orderBy: [] }, (_r, w) => ({ rn: w.rowNumber() })).writeCsv('out'));
    } catch (e) {
      error = e;
    }
    expect((error as JobError).describe()).toMatch(new RegExp(`window\\.test\\.ts:${Number(line) + 3}:\\d+: job error: window: orderBy needs at least one key`));
    expect(() => plan((j) => j.csv('t', spec).window({ orderBy: ['n'] }, (r, w) => ({ s: w.sum(r.n, { rows: [1, 2] }) })).writeCsv('out'))).toThrow(/must hold the current row/);
    expect(() => plan((j) => j.csv('t', spec).window({ orderBy: ['n'] }, (r, w) => ({ p: w.lag(r.n, 0) })).writeCsv('out'))).toThrow(/offset 0 is not a positive integer/);
    expect(() => plan((j) => j.csv('t', spec).window({ orderBy: ['n'] }, (r, w) => ({ n: w.lag(r.n) })).writeCsv('out'))).toThrow(/'n' appears twice/);
  });
});

describe('sessionize', () => {
  const S = { who: 'string', at: 'timestamp', v: 'int' } as const;
  const t = (s: string) => Date.parse(`2015-05-17T${s}Z`);
  const input: MemTable = {
    fields: fieldsOf(S),
    rows: [
      ['x', t('10:00:00'), 1], ['x', t('10:30:00'), 2], ['x', t('11:00:00.001'), 3], ['y', t('10:00:00'), 4],
      ['x', null, 5], ['y', t('10:00:00'), 6], [null, t('09:00:00'), 7], [null, t('12:00:00'), 8],
    ],
  };
  it('a new session starts after a gap of strictly more than `gap`; null times get no session', async () => {
    const p = plan((j) => j.csv('t', S).sessionize({ by: ['who'], time: 'at', gap: { minutes: 30 } }).select('v', 'session', 'session_index').writeCsv('out'));
    const out = (await run(p, input)).sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(out).toEqual([
      [1, 1n, 1], [2, 1n, 2], [3, 2n, 1], [4, 1n, expect.any(Number)], [5, null, null], [6, 1n, expect.any(Number)], [7, 1n, 1], [8, 2n, 1],
    ]);
    expect(new Set([out[3][2], out[5][2]])).toEqual(new Set([1, 2]));
  });
});
