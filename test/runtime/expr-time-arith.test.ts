// Calendar fields, truncation and time arithmetic (UTC) checked against JavaScript Date and hand-worked
// values: ISO weeks across year ends, leap days, month ends, instants before 1970, the 0001-9999 range, nulls.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, col, lit, type ColumnType, type Expr, type FnName } from '../../plan/index.ts';
import { evalExpr } from './support/eval-expr.ts';
import type { Value } from './support/memory-tables.ts';

const DAY = 86_400_000;
// Instants from year 1600 to 2400, to cover leap rules and times before the epoch.
const MS = fc.integer({ min: -11_676_096_000_000, max: 13_569_465_600_000 });
const t = col('t', 'timestamp');
const at = (iso: string) => Date.parse(iso);
const onTs = (fn: FnName, type: ColumnType, ms: (number | null)[]) => evalExpr(call(fn, [t], type), { t: 'timestamp' }, ms.map((m) => [m]));
const onDate = (fn: FnName, days: number[]) => evalExpr(call(fn, [col('d', 'date')], 'int'), { d: 'date' }, days.map((d) => [d]));
const daysOf = (iso: string) => at(`${iso}T00:00:00Z`) / DAY;

/** ISO week by the usual Date recipe: move to the week's Thursday, count weeks from January 1 of its year. */
function isoWeekByDate(ms: number): number {
  const d = new Date(ms);
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7));
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.ceil(((thursday.getTime() - jan1) / DAY + 1) / 7);
}

describe('minute, second, dayOfWeek, dayOfYear, weekOfYear', () => {
  it('agree with Date UTC getters on timestamps', () => {
    fc.assert(
      fc.property(fc.array(MS, { minLength: 1, maxLength: 20 }), (ms) => {
        const d = ms.map((m) => new Date(m));
        expect(onTs('minute', 'int', ms)).toEqual(d.map((x) => x.getUTCMinutes()));
        expect(onTs('second', 'int', ms)).toEqual(d.map((x) => x.getUTCSeconds()));
        expect(onTs('dayOfWeek', 'int', ms)).toEqual(d.map((x) => ((x.getUTCDay() + 6) % 7) + 1));
        expect(onTs('dayOfYear', 'int', ms)).toEqual(d.map((x) => (Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate()) - Date.UTC(x.getUTCFullYear(), 0, 1)) / DAY + 1));
        expect(onTs('weekOfYear', 'int', ms)).toEqual(ms.map(isoWeekByDate));
      }),
    );
  });

  it('dates give the same fields as their midnight', () => {
    fc.assert(
      fc.property(fc.integer({ min: -135_000, max: 157_000 }), (days) => {
        for (const fn of ['dayOfWeek', 'dayOfYear', 'weekOfYear'] as const) expect(onDate(fn, [days])).toEqual(onTs(fn, 'int', [days * DAY]));
      }),
    );
  });

  it('ISO weeks at year boundaries, worked out by hand', () => {
    const cases: [string, number][] = [
      ['2020-12-31', 53], ['2021-01-03', 53], ['2021-01-04', 1], ['2019-12-30', 1], ['2015-12-31', 53], ['2016-01-01', 53],
      ['2016-01-04', 1], ['2018-12-31', 1], ['2024-12-30', 1], ['2026-12-31', 53], ['2027-01-03', 53], ['2027-01-04', 1],
      ['2010-01-03', 53], ['1969-12-31', 1], ['1970-01-01', 1], ['1970-01-04', 1], ['1970-01-05', 2],
    ];
    expect(onDate('weekOfYear', cases.map(([d]) => daysOf(d)))).toEqual(cases.map(([, w]) => w));
    expect(onTs('weekOfYear', 'int', [at('2021-01-03T23:59:59.999Z'), at('2021-01-04T00:00:00.000Z')])).toEqual([53, 1]);
  });

  it('ISO day of the week (Monday 1 to Sunday 7) and day of the year, by hand', () => {
    const days = ['1970-01-01', '1969-12-31', '2000-01-01', '2024-02-29', '2021-01-03', '2021-01-04', '1600-03-01'].map(daysOf);
    expect(onDate('dayOfWeek', days)).toEqual([4, 3, 6, 4, 7, 1, 3]);
    const doy = ['2016-12-31', '2015-12-31', '2016-03-01', '2015-03-01', '2000-12-31', '1900-12-31', '1969-12-31'].map(daysOf);
    expect(onDate('dayOfYear', doy)).toEqual([366, 365, 61, 60, 366, 365, 365]);
    expect(onTs('second', 'int', [-1, -1000, -1001, 59_999])).toEqual([59, 59, 58, 59]);
    expect(onTs('minute', 'int', [-1, at('2015-05-17T10:05:03Z')])).toEqual([59, 5]);
  });

  it('null propagates', () => {
    for (const fn of ['minute', 'second', 'dayOfWeek', 'dayOfYear', 'weekOfYear'] as const) expect(onTs(fn, 'int', [null, 0])[0]).toBeNull();
  });
});

describe('truncMinute, truncWeek, truncMonth, truncYear', () => {
  it('agree with Date.UTC of the leading fields, also before 1970', () => {
    fc.assert(
      fc.property(MS, (m) => {
        const d = new Date(m);
        const [y, mo, da] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
        expect(onTs('truncMinute', 'timestamp', [m])).toEqual([Date.UTC(y, mo, da, d.getUTCHours(), d.getUTCMinutes())]);
        expect(onTs('truncMonth', 'timestamp', [m])).toEqual([Date.UTC(y, mo, 1)]);
        expect(onTs('truncYear', 'timestamp', [m])).toEqual([Date.UTC(y, 0, 1)]);
        const monday = new Date(Date.UTC(y, mo, da));
        monday.setUTCDate(da - ((d.getUTCDay() + 6) % 7));
        expect(onTs('truncWeek', 'timestamp', [m])).toEqual([monday.getTime()]);
      }),
    );
  });

  it('by hand: weeks across year and month ends, leap days, the epoch', () => {
    expect(onTs('truncWeek', 'timestamp', [at('2021-01-03T10:00:00Z'), at('2021-01-04T00:00:00Z'), -1, at('2016-03-01T12:00:00Z')]))
      .toEqual([at('2020-12-28T00:00:00Z'), at('2021-01-04T00:00:00Z'), at('1969-12-29T00:00:00Z'), at('2016-02-29T00:00:00Z')]);
    expect(onTs('truncMonth', 'timestamp', [at('2016-02-29T23:59:59.999Z'), -1])).toEqual([at('2016-02-01T00:00:00Z'), at('1969-12-01T00:00:00Z')]);
    expect(onTs('truncYear', 'timestamp', [at('2016-12-31T23:59:59.999Z'), -1])).toEqual([at('2016-01-01T00:00:00Z'), at('1969-01-01T00:00:00Z')]);
    expect(onTs('truncMinute', 'timestamp', [-1, 59_999, null])).toEqual([-60_000, 0, null]);
  });
});

describe('epoch seconds and milliseconds', () => {
  it('toEpochSeconds rounds down, toEpochMillis is exact', () => {
    fc.assert(
      fc.property(MS, (m) => {
        expect(onTs('toEpochSeconds', 'long', [m])).toEqual([BigInt(Math.floor(m / 1000))]);
        expect(onTs('toEpochMillis', 'long', [m])).toEqual([BigInt(m)]);
      }),
    );
    expect(onTs('toEpochSeconds', 'long', [-1, -1000, -1001, 999, 1000, null])).toEqual([-1n, -1n, -2n, 0n, 1n, null]);
  });

  const from = (fn: FnName, type: 'int' | 'long', values: Value[]) => evalExpr(call(fn, [col('n', type)], 'timestamp'), { n: type }, values.map((v) => [v]));

  it('fromEpochSeconds and fromEpochMillis invert them, ints and longs', () => {
    fc.assert(
      fc.property(MS, (m) => {
        expect(from('fromEpochMillis', 'long', [BigInt(m)])).toEqual([m]);
        expect(from('fromEpochSeconds', 'long', [BigInt(Math.floor(m / 1000))])).toEqual([Math.floor(m / 1000) * 1000]);
      }),
    );
    expect(from('fromEpochSeconds', 'int', [0, -1, 2147483647, -2147483648, null])).toEqual([0, -1000, 2147483647000, -2147483648000, null]);
    expect(from('fromEpochMillis', 'int', [-1, 86_400_000])).toEqual([-1, 86_400_000]);
  });

  it('are null outside years 0001-9999', () => {
    const first = at('0001-01-01T00:00:00.000Z');
    const last = at('9999-12-31T23:59:59.999Z');
    expect(from('fromEpochMillis', 'long', [BigInt(first), BigInt(first - 1), BigInt(last), BigInt(last + 1), 2n ** 62n, -(2n ** 63n)]))
      .toEqual([first, null, last, null, null, null]);
    expect(from('fromEpochSeconds', 'long', [BigInt(first / 1000), BigInt(first / 1000 - 1), BigInt(Math.floor(last / 1000)), BigInt(Math.floor(last / 1000) + 1)]))
      .toEqual([first, null, last - 999, null]);
  });
});

describe('secondsBetween and millisBetween', () => {
  const between = (fn: FnName, pairs: [number | null, number | null][]) =>
    evalExpr(call(fn, [col('a', 'timestamp'), col('b', 'timestamp')], 'long'), { a: 'timestamp', b: 'timestamp' }, pairs);

  it('are b - a; seconds truncated toward zero', () => {
    fc.assert(
      fc.property(MS, MS, (a, b) => {
        expect(between('millisBetween', [[a, b]])).toEqual([BigInt(b - a)]);
        expect(between('secondsBetween', [[a, b]])).toEqual([BigInt(Math.trunc((b - a) / 1000))]);
        expect(between('secondsBetween', [[b, a]])).toEqual([-BigInt(Math.trunc((b - a) / 1000))]);
      }),
    );
    expect(between('secondsBetween', [[0, 1500], [1500, 0], [0, 999], [-1, 0], [at('2016-02-28T00:00:00Z'), at('2016-03-01T00:00:00Z')], [null, 0], [0, null]]))
      .toEqual([1n, -1n, 0n, 0n, 172_800n, null, null]);
  });
});

describe('addSeconds, addMinutes, addHours, addDays', () => {
  const UNITS = { addSeconds: 1000, addMinutes: 60_000, addHours: 3_600_000, addDays: DAY } as const;
  const add = (fn: keyof typeof UNITS, ms: number | null, n: Expr) => evalExpr(call(fn, [t, n], 'timestamp'), { t: 'timestamp' }, [[ms]])[0];

  it('add n units of fixed length, n negative too', () => {
    fc.assert(
      fc.property(MS, fc.integer({ min: -400_000, max: 400_000 }), fc.constantFrom(...(Object.keys(UNITS) as (keyof typeof UNITS)[])), (m, n, fn) => {
        const d = new Date(m);
        if (fn === 'addDays') d.setUTCDate(d.getUTCDate() + n);
        else d.setTime(m + n * UNITS[fn]);
        expect(add(fn, m, lit(n, 'int'))).toBe(d.getTime());
        expect(add(fn, m, lit(n, 'long'))).toBe(d.getTime());
      }),
    );
  });

  it('across month ends and leap days; null n or t is null; out of range is null', () => {
    expect(add('addDays', at('2015-01-31T12:00:00Z'), lit(1, 'int'))).toBe(at('2015-02-01T12:00:00Z'));
    expect(add('addDays', at('2016-02-28T00:00:00Z'), lit(1, 'int'))).toBe(at('2016-02-29T00:00:00Z'));
    expect(add('addDays', at('2016-03-01T00:00:00Z'), lit(-1, 'int'))).toBe(at('2016-02-29T00:00:00Z'));
    expect(add('addHours', at('1970-01-01T01:00:00Z'), lit(-2, 'int'))).toBe(at('1969-12-31T23:00:00Z'));
    expect(add('addMinutes', at('2015-12-31T23:59:00Z'), lit(1, 'int'))).toBe(at('2016-01-01T00:00:00Z'));
    expect(add('addSeconds', 0, lit(null, 'int'))).toBeNull();
    expect(add('addSeconds', null, lit(1, 'int'))).toBeNull();
    expect(add('addDays', at('9999-12-31T00:00:00Z'), lit(1, 'int'))).toBeNull();
    expect(add('addDays', at('0001-01-01T00:00:00Z'), lit(-1, 'int'))).toBeNull();
    expect(add('addSeconds', 0, lit(2 ** 53 - 1, 'long'))).toBeNull();
    expect(add('addDays', 0, lit(-2147483648, 'int'))).toBeNull();
  });
});
