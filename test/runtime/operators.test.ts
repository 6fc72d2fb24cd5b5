// Each operator through the real executor, over in-memory batches of sizes 1, 3 and 8192, with nulls
// and empty inputs. Expected rows are written out by hand from the small inputs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../runtime/index.ts';
import { avg, count, countDistinct, job, max, min, sum, when } from '../../dsl/index.ts';
import { formatLoc, JobError, type Plan } from '../../plan/index.ts';
import { fieldsOf, runMemory, type MemTable, type Row } from './support/memory-tables.ts';

const SIZES = [1, 3, 8192];
const T = fieldsOf({ k: 'string', n: 'int', l: 'long', d: 'double' });
const rows: Row[] = [
  ['a', 1, 10n, 0.5],
  ['b', null, 20n, null],
  [null, 3, null, 1.5],
  ['a', 4, 40n, NaN],
  ['b', 5, 50n, -2],
  [null, null, 60n, 3],
];
const table: MemTable = { fields: T, rows };
const empty: MemTable = { fields: T, rows: [] };
const spec = { k: 'string', n: 'int', l: 'long', d: 'double' } as const;

async function run(plan: Plan, input: MemTable = table, extra: Record<string, MemTable> = {}) {
  const results = [];
  for (const size of SIZES) {
    const r = await runMemory(plan, { t: input, ...extra }, size);
    for (const sizes of Object.values(r.batchRows)) expect(Math.max(0, ...sizes)).toBeLessThanOrEqual(size);
    results.push(r.outputs.out);
  }
  // Every batch size gives the same rows.
  expect(results[1]).toEqual(results[0]);
  expect(results[2]).toEqual(results[0]);
  return results[0];
}

const plan = (build: Parameters<typeof job>[2]) => job('t', 'test', build).plan();

describe('filter', () => {
  it('keeps rows whose predicate is true; null drops the row', async () => {
    const p = plan((j) => j.csv('t', spec).filter((r) => r.n.gt(2)).writeCsv('out'));
    expect(await run(p)).toEqual([rows[2], rows[3], rows[4]]);
  });
  it('over an empty input yields nothing', async () => {
    const p = plan((j) => j.csv('t', spec).filter((r) => r.n.gt(2)).writeCsv('out'));
    expect(await run(p, empty)).toEqual([]);
  });
});

describe('project', () => {
  it('computes columns and passes plain columns through', async () => {
    const p = plan((j) => j.csv('t', spec).select((r) => ({ k: r.k, m: r.n.mul(2), x: r.l.add(r.n) })).writeCsv('out'));
    expect(await run(p)).toEqual([['a', 2, 11n], ['b', null, null], [null, 6, null], ['a', 8, 44n], ['b', 10, 55n], [null, null, null]]);
  });
});

describe('aggregate', () => {
  it('groups null keys together, skips nulls, and nulls empty sums', async () => {
    const p = plan((j) =>
      j.csv('t', spec)
        .groupBy('k')
        .agg((r) => ({ rows: count(), ns: count(r.n), s: sum(r.n), sl: sum(r.l), lo: min(r.n), hi: max(r.d), a: avg(r.n), dk: countDistinct(r.n) }))
        .writeCsv('out'),
    );
    expect(await run(p)).toEqual([
      ['a', 2n, 2n, 5n, 50n, 1, NaN, 2.5, 2n],
      ['b', 2n, 1n, 5n, 70n, 5, -2, 5, 1n],
      [null, 2n, 1n, 3n, 60n, 3, 3, 3, 1n],
    ]);
  });
  it('a group whose values are all null sums to null', async () => {
    const p = plan((j) => j.csv('t', spec).filter((r) => r.n.isNull()).groupBy('k').agg((r) => ({ s: sum(r.n), c: count(r.n), m: min(r.k) })).writeCsv('out'));
    expect(await run(p)).toEqual([['b', null, 0n, 'b'], [null, null, 0n, null]]);
  });
  it('a global aggregate gives one row, even over no input', async () => {
    const p = plan((j) => j.csv('t', spec).agg((r) => ({ c: count(), s: sum(r.l), d: sum(r.d) })).writeCsv('out'));
    expect(await run(p)).toEqual([[6n, 180n, NaN]]);
    expect(await run(p, empty)).toEqual([[0n, null, null]]);
  });
  it('a keyed aggregate over no input gives no row', async () => {
    const p = plan((j) => j.csv('t', spec).groupBy('k').agg(() => ({ c: count() })).writeCsv('out'));
    expect(await run(p, empty)).toEqual([]);
  });
  it('sum of longs wraps at 64 bits; sum of ints is exact beyond 2^53', async () => {
    const big: MemTable = { fields: T, rows: [['x', 2147483647, 2n ** 62n, 0], ['x', 2147483647, 2n ** 62n, 0], ['x', 2, 2n ** 62n, 0]] };
    const p = plan((j) => j.csv('t', spec).groupBy('k').agg((r) => ({ sn: sum(r.n), sl: sum(r.l) })).writeCsv('out'));
    expect(await run(p, big)).toEqual([['x', 4294967296n, BigInt.asIntN(64, 3n * 2n ** 62n)]]);
  });
  it('groups by computed keys', async () => {
    const p = plan((j) => j.csv('t', spec).groupBy((r) => ({ big: when(r.n.ge(3), true).otherwise(false) })).agg(() => ({ c: count() })).writeCsv('out'));
    expect(await run(p)).toEqual([[false, 3n], [true, 3n]]);
  });
});

describe('join', () => {
  const H = fieldsOf({ k: 'string', owner: 'string' });
  const hosts: MemTable = { fields: H, rows: [['a', 'A1'], ['a', 'A2'], ['c', 'C'], [null, 'N']] };
  const hspec = { k: 'string', owner: 'string' } as const;
  const joined = (how: 'inner' | 'left' | 'right' | 'full') =>
    plan((j) => {
      const h = j.csv('h', hspec);
      j.csv('t', spec).select('k', 'n').join(h, { on: ['k'], how }).writeCsv('out');
    });
  it('inner: every matching pair, null keys never match', async () => {
    expect(await run(joined('inner'), table, { h: hosts })).toEqual([['a', 1, 'A1'], ['a', 1, 'A2'], ['a', 4, 'A1'], ['a', 4, 'A2']]);
  });
  it('left keeps unmatched and null-keyed left rows', async () => {
    expect(await run(joined('left'), table, { h: hosts })).toEqual([
      ['a', 1, 'A1'], ['a', 1, 'A2'], ['b', null, null], [null, 3, null], ['a', 4, 'A1'], ['a', 4, 'A2'], ['b', 5, null], [null, null, null],
    ]);
  });
  it('right and full add unmatched right rows, their key coalesced from the right', async () => {
    const inner = [['a', 1, 'A1'], ['a', 1, 'A2'], ['a', 4, 'A1'], ['a', 4, 'A2']];
    expect(await run(joined('right'), table, { h: hosts })).toEqual([...inner, ['c', null, 'C'], [null, null, 'N']]);
    const full = await run(joined('full'), table, { h: hosts });
    expect(full).toHaveLength(10);
    expect(full.slice(-2)).toEqual([['c', null, 'C'], [null, null, 'N']]);
  });
  it('joins keys of different numeric types and differently named keys', async () => {
    const R = fieldsOf({ id: 'long', label: 'string' });
    const p = plan((j) => {
      const r = j.csv('r', { id: 'long', label: 'string' });
      j.csv('t', spec).select('n').join(r, { on: [['n', 'id']] }).writeCsv('out');
    });
    expect(await run(p, table, { r: { fields: R, rows: [[3n, 'three'], [5n, 'five'], [7n, 'seven']] } })).toEqual([[3, 3n, 'three'], [5, 5n, 'five']]);
  });
  it('with an empty side', async () => {
    expect(await run(joined('left'), table, { h: { fields: H, rows: [] } })).toHaveLength(6);
    expect(await run(joined('right'), empty, { h: hosts })).toEqual([['a', null, 'A1'], ['a', null, 'A2'], ['c', null, 'C'], [null, null, 'N']]);
  });
});

describe('semi and anti joins', () => {
  const H = fieldsOf({ k: 'string', owner: 'string' });
  // 'a' twice on the right: a semi join still gives each left row once.
  const hosts: MemTable = { fields: H, rows: [['a', 'A1'], ['a', 'A2'], ['c', 'C'], [null, 'N']] };
  const hspec = { k: 'string', owner: 'string' } as const;
  const existence = (how: 'semi' | 'anti') =>
    plan((j) => {
      const h = j.csv('h', hspec);
      const t = j.csv('t', spec);
      (how === 'semi' ? t.semiJoin(h, { on: ['k'] }) : t.antiJoin(h, { on: ['k'] })).writeCsv('out');
    });
  it('semi keeps each matched left row once with the left columns; null keys never match', async () => {
    expect(await run(existence('semi'), table, { h: hosts })).toEqual([['a', 1, 10n, 0.5], ['a', 4, 40n, NaN]]);
  });
  it('anti keeps the unmatched left rows, null-keyed ones included', async () => {
    expect(await run(existence('anti'), table, { h: hosts })).toEqual([
      ['b', null, 20n, null], [null, 3, null, 1.5], ['b', 5, 50n, -2], [null, null, 60n, 3],
    ]);
  });
  it('with an empty side', async () => {
    const none: MemTable = { fields: H, rows: [] };
    expect(await run(existence('semi'), table, { h: none })).toEqual([]);
    expect(await run(existence('anti'), table, { h: none })).toEqual(rows);
    expect(await run(existence('semi'), empty, { h: hosts })).toEqual([]);
    expect(await run(existence('anti'), empty, { h: hosts })).toEqual([]);
  });
  it('on several keys of different numeric types: a row matches only when every key does, a null in any key never', async () => {
    const R = fieldsOf({ name: 'string', num: 'long' });
    const right: MemTable = { fields: R, rows: [['a', 4n], ['a', 4n], ['b', 1n], [null, 3n], ['b', null], ['b', 5n]] };
    const p = (how: 'semi' | 'anti') =>
      plan((j) => {
        const r = j.csv('r', { name: 'string', num: 'long' });
        const t = j.csv('t', spec).select('k', 'n');
        const on = [['k', 'name'], ['n', 'num']] as const;
        (how === 'semi' ? t.semiJoin(r, { on }) : t.antiJoin(r, { on })).writeCsv('out');
      });
    expect(await run(p('semi'), table, { r: right })).toEqual([['a', 4], ['b', 5]]);
    expect(await run(p('anti'), table, { r: right })).toEqual([['a', 1], ['b', null], [null, 3], [null, null]]);
  });
});

describe('cross join', () => {
  const H = fieldsOf({ h: 'string', w: 'int' });
  const hosts: MemTable = { fields: H, rows: [['x', 1], [null, 2]] };
  const crossed = (maxRows: number) =>
    plan((j) => {
      const h = j.csv('h', { h: 'string', w: 'int' });
      j.csv('t', spec).select('k', 'n').crossJoin(h, { maxRows }).writeCsv('out');
    });
  it('pairs every left row with every right row: left columns, then right columns', async () => {
    const out = await run(crossed(12), table, { h: hosts });
    expect(out).toEqual(rows.flatMap((r) => hosts.rows.map((h) => [r[0], r[1], ...h])));
  });
  it('with an empty side gives no row (whatever the guard)', async () => {
    expect(await run(crossed(0), table, { h: { fields: H, rows: [] } })).toEqual([]);
    expect(await run(crossed(0), empty, { h: hosts })).toEqual([]);
  });
  it('fails the run naming the job line when left rows x right rows exceed maxRows, before any output', async () => {
    const p = crossed(11);
    const loc = p.nodes.find((n) => n.kind === 'cross')!.loc;
    const err = await runMemory(p, { t: table, h: hosts }, 3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobError);
    expect((err as JobError).kind).toBe('runtime');
    expect((err as JobError).describe()).toContain(`${formatLoc(loc)}: runtime error: crossJoin at ${formatLoc(loc)}: more than maxRows = 11 rows`);
    // Under a limit too: the guard counts the whole input.
    const limited = plan((j) => {
      const h = j.csv('h', { h: 'string', w: 'int' });
      j.csv('t', spec).crossJoin(h, { maxRows: 11 }).limit(1).writeCsv('out');
    });
    await expect(runMemory(limited, { t: table, h: hosts }, 1)).rejects.toThrow(/more than maxRows = 11 rows/);
  });
  it('refuses clashing names and a bad maxRows as plan errors', () => {
    expect(() => plan((j) => {
      const t = j.csv('t', spec);
      // @ts-expect-error k is on both sides
      t.crossJoin(t.select('k'), { maxRows: 10 }).writeCsv('out');
    })).toThrow(/crossJoin \(rename clashing columns first\): column 'k' appears twice/);
    expect(() => plan((j) => j.csv('t', spec).select('k').crossJoin(j.csv('h', { h: 'string' }), { maxRows: -1 }).writeCsv('out'))).toThrow(/maxRows -1/);
  });
});

describe('except and intersect', () => {
  const L = fieldsOf({ k: 'string', n: 'int', d: 'double' });
  const left: MemTable = {
    fields: L,
    rows: [['a', 1, 0.5], ['a', 1, 0.5], [null, null, NaN], ['b', 2, -0], [null, 3, null], ['c', 4, 1], ['c', 4, 1]],
  };
  const right: MemTable = { fields: L, rows: [[null, null, NaN], ['b', 2, 0], [null, 3, null], ['c', 5, 1], ['x', 9, 9]] };
  const setPlan = (op: 'except' | 'intersect') =>
    plan((j) => {
      const r = j.csv('r', { k: 'string', n: 'int', d: 'double' });
      const l = j.csv('t', { k: 'string', n: 'int', d: 'double' });
      (op === 'except' ? l.except(r) : l.intersect(r)).writeCsv('out');
    });
  it('except: each distinct left row absent from the right; null, NaN and -0.0 compare equal', async () => {
    expect(await run(setPlan('except'), left, { r: right })).toEqual([['a', 1, 0.5], ['c', 4, 1]]);
  });
  it('intersect: each distinct left row present on the right, -0.0 written 0.0', async () => {
    const out = await run(setPlan('intersect'), left, { r: right });
    expect(out).toEqual([[null, null, NaN], ['b', 2, 0], [null, 3, null]]);
    expect(Object.is(out[1][2], 0)).toBe(true);
  });
  it('compares every column even when downstream reads fewer', async () => {
    const p = plan((j) => {
      const r = j.csv('r', { k: 'string', n: 'int', d: 'double' });
      j.csv('t', { k: 'string', n: 'int', d: 'double' }).except(r).select('k').writeCsv('out');
    });
    expect(await run(p, left, { r: right })).toEqual([['a'], ['c']]);
  });
  it('with an empty side', async () => {
    const none: MemTable = { fields: L, rows: [] };
    expect(await run(setPlan('except'), left, { r: none })).toEqual([['a', 1, 0.5], [null, null, NaN], ['b', 2, 0], [null, 3, null], ['c', 4, 1]]);
    expect(await run(setPlan('intersect'), left, { r: none })).toEqual([]);
    expect(await run(setPlan('except'), none, { r: right })).toEqual([]);
  });
  it('of one column (keyed by the value itself) and of a dataset with itself', async () => {
    const p = plan((j) => {
      const t = j.csv('t', spec);
      t.select('d').except(t.filter((r) => r.n.gt(3)).select('d')).writeCsv('out');
    });
    expect(await run(p)).toEqual([[0.5], [null], [1.5], [3]]);
    const self = plan((j) => {
      const t = j.csv('t', spec).select('k');
      t.intersect(t).writeCsv('out');
    });
    expect(await run(self)).toEqual([['a'], ['b'], [null]]);
  });
  it('refuses schemas that differ in names, types or order, naming the job line', () => {
    const other = (j: Parameters<Parameters<typeof job>[2]>[0]) => j.csv('r', { n: 'int', k: 'string', l: 'long', d: 'double' });
    expect(() => plan((j) => {
      // @ts-expect-error n is long on the right
      j.csv('t', spec).except(j.csv('r', { k: 'string', n: 'long', l: 'long', d: 'double' })).writeCsv('out');
    })).toThrow(/except: schemas differ: \(k:string, n:int, l:long, d:double\) vs \(k:string, n:long/);
    let err: unknown;
    try {
      plan((j) => j.csv('t', spec).intersect(other(j)).writeCsv('out'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JobError);
    expect((err as JobError).describe()).toMatch(/operators\.test\.ts:\d+:\d+: job error: intersect: schemas differ/);
  });
});

describe('sort, limit, distinct, union, explode', () => {
  it('sort: nulls first ascending, last descending, stable', async () => {
    const p = plan((j) => j.csv('t', spec).select('k', 'n').orderBy('k', ['n', 'desc']).writeCsv('out'));
    expect(await run(p)).toEqual([[null, 3], [null, null], ['a', 4], ['a', 1], ['b', 5], ['b', null]]);
    const q = plan((j) => j.csv('t', spec).select('k', 'd').orderBy(['d', 'desc']).writeCsv('out'));
    expect((await run(q)).map((r) => r[1])).toEqual([NaN, 3, 1.5, 0.5, -2, null]);
  });
  it('limit takes the first n rows', async () => {
    const p = plan((j) => j.csv('t', spec).select('n').limit(4).writeCsv('out'));
    expect(await run(p)).toEqual([[1], [null], [3], [4]]);
    const zero = plan((j) => j.csv('t', spec).limit(0).writeCsv('out'));
    expect(await run(zero)).toEqual([]);
  });
  it('distinct keeps first occurrences, nulls equal', async () => {
    const p = plan((j) => j.csv('t', spec).select('k').distinct().writeCsv('out'));
    expect(await run(p)).toEqual([['a'], ['b'], [null]]);
  });
  it('union appends its inputs', async () => {
    const p = plan((j) => {
      const t = j.csv('t', spec).select('k');
      t.union(t.filter((r) => r.k.eq('a'))).writeCsv('out');
    });
    expect(await run(p)).toEqual([['a'], ['b'], [null], ['a'], ['b'], [null], ['a'], ['a']]);
  });
  it('explode: one row per non-empty part', async () => {
    const P: MemTable = { fields: fieldsOf({ id: 'int', p: 'string' }), rows: [[1, '/a//b/'], [2, null], [3, '//'], [4, ''], [5, 'c']] };
    const p = plan((j) => j.csv('t', { id: 'int', p: 'string' }).explode('p', { separator: '/', as: 'seg' }).writeCsv('out'));
    expect(await run(p, P)).toEqual([[1, '/a//b/', 'a'], [1, '/a//b/', 'b'], [5, 'c', 'c']]);
  });
});

describe('rename', () => {
  it('moves columns to their new names in place; values and types are unchanged', async () => {
    const p = plan((j) =>
      j.csv('t', spec)
        .rename({ n: 'count', k: 'key' })
        .filter((r) => r.count.gt(2))
        .derive((r) => ({ twice: r.count.mul(2), key: r.key.upper() }))
        .writeCsv('out'),
    );
    const sink = p.nodes.find((n) => n.kind === 'sink')!;
    expect(sink.schema.map((f) => [f.name, f.type])).toEqual([['key', 'string'], ['count', 'int'], ['l', 'long'], ['d', 'double'], ['twice', 'int']]);
    expect(await run(p)).toEqual([[null, 3, null, 1.5, 6], ['A', 4, 40n, NaN, 8], ['B', 5, 50n, -2, 10]]);
  });
  it('a renamed job writes the new names in its CSV header, and groups and sums by them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emr-jobs-rename-'));
    try {
      writeFileSync(join(dir, 'hits.csv'), 'path,status,bytes\n/a,200,10\n/b,404,5\n/a,200,7\n');
      const p = job('renamed', 'rename then group', (j) => {
        j.csv('hits', { path: 'string', status: 'int', bytes: 'long' })
          .rename({ path: 'page', bytes: 'size' })
          .groupBy('page')
          .agg((r) => ({ hits: count(), size: sum(r.size) }))
          .orderBy('page')
          .writeCsv('out');
      }).plan();
      await runPlan(p, { hits: join(dir, 'hits.csv') }, { outDir: join(dir, 'out') });
      expect(readFileSync(join(dir, 'out', 'out.csv'), 'utf8')).toBe('page,hits,size\n/a,2,17\n/b,1,5\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
