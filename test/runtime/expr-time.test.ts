// UTC time functions checked against Date's UTC getters; formatTime/parseTime patterns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, col, lit, type FnName } from '../../plan/index.ts';
import { compileExpr } from '../../runtime/expr/compile-expr.ts';
import { evalExpr, SITE } from './support/eval-expr.ts';

// Instants from year 1600 to 2400, to cover leap rules and times before the epoch.
const MS = fc.integer({ min: -11_676_096_000_000, max: 13_569_465_600_000 });
const DAYS = fc.integer({ min: -135_000, max: 157_000 });
const t = col('t', 'timestamp');
const onTs = (fn: FnName, type: 'int' | 'timestamp', ms: number[]) => evalExpr(call(fn, [t], type), { t: 'timestamp' }, ms.map((m) => [m]));

describe('time functions (UTC)', () => {
  it('year, month, day, hour agree with Date UTC getters', () => {
    fc.assert(
      fc.property(fc.array(MS, { minLength: 1, maxLength: 20 }), (ms) => {
        const d = ms.map((m) => new Date(m));
        expect(onTs('year', 'int', ms)).toEqual(d.map((x) => x.getUTCFullYear()));
        expect(onTs('month', 'int', ms)).toEqual(d.map((x) => x.getUTCMonth() + 1));
        expect(onTs('day', 'int', ms)).toEqual(d.map((x) => x.getUTCDate()));
        expect(onTs('hour', 'int', ms)).toEqual(d.map((x) => x.getUTCHours()));
      }),
    );
  });

  it('year, month, day of dates', () => {
    fc.assert(
      fc.property(DAYS, (days) => {
        const d = new Date(days * 86_400_000);
        const e = (fn: FnName) => evalExpr(call(fn, [col('d', 'date')], 'int'), { d: 'date' }, [[days]])[0];
        expect([e('year'), e('month'), e('day')]).toEqual([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
      }),
    );
  });

  it('truncHour and truncDay round down in UTC, also before 1970', () => {
    fc.assert(
      fc.property(MS, (m) => {
        const d = new Date(m);
        expect(onTs('truncHour', 'timestamp', [m])).toEqual([Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours())]);
        expect(onTs('truncDay', 'timestamp', [m])).toEqual([Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())]);
      }),
    );
    expect(onTs('hour', 'int', [-1])).toEqual([23]);
  });
});

describe('formatTime and parseTime', () => {
  const fmt = (p: string) => call('formatTime', [t, lit(p, 'string')], 'string');
  const parse = (p: string) => call('parseTime', [col('s', 'string'), lit(p, 'string')], 'timestamp');
  const at = Date.UTC(2015, 4, 17, 10, 5, 3, 7);

  it('formats the pattern subset with quoted text', () => {
    expect(evalExpr(fmt("yyyy-MM-dd'T'HH:mm:ss.SSS"), { t: 'timestamp' }, [[at], [null]])).toEqual(['2015-05-17T10:05:03.007', null]);
    expect(evalExpr(fmt("dd/MM/yyyy 'at' HH'h' ''mm''"), { t: 'timestamp' }, [[at]])).toEqual(["17/05/2015 at 10h '05'"]);
    expect(evalExpr(fmt("HH 'o''clock'"), { t: 'timestamp' }, [[at]])).toEqual(["10 o'clock"]);
  });

  it('parses strictly: fixed widths, whole text, valid fields', () => {
    const rows = ['2015-05-17 10:05:03', '2015-5-17 10:05:03', '2015-02-29 00:00:00', '2016-02-29 23:59:59', '2015-05-17 10:05:03x', null];
    expect(evalExpr(parse('yyyy-MM-dd HH:mm:ss'), { s: 'string' }, rows.map((r) => [r]))).toEqual([
      Date.UTC(2015, 4, 17, 10, 5, 3), null, null, Date.UTC(2016, 1, 29, 23, 59, 59), null, null,
    ]);
    expect(evalExpr(parse('yyyyMMdd'), { s: 'string' }, [['20150517']])).toEqual([Date.UTC(2015, 4, 17)]);
  });

  it('parseTime reads back what formatTime writes', () => {
    const p = "yyyy-MM-dd'T'HH:mm:ss.SSS";
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (m) => {
        const [text] = evalExpr(fmt(p), { t: 'timestamp' }, [[m]]);
        expect(evalExpr(parse(p), { s: 'string' }, [[text]])).toEqual([m]);
        expect(text).toBe(new Date(m).toISOString().slice(0, -1));
      }),
    );
  });

  it('rejects unsupported pattern letters at the plan site', () => {
    expect(() => compileExpr(fmt('yy-MM'), SITE)).toThrow(/'yy' is not a pattern field/);
    expect(() => compileExpr(parse("yyyy 'x"), SITE)).toThrow(/unterminated quote/);
  });
});
