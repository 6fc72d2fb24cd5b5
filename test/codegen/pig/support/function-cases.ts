// Plans that exercise every catalogue function, cast and null rule over the value table, one output column
// per expression (first column `id`), so a difference between Pig and the runtime names its expression.
import { coalesce, fromEpochMillis, fromEpochSeconds, job, lit, nullOf, when, type Expression } from '../../../../dsl/index.ts';
import type { Cols } from '../../../../dsl/row-types.ts';
import { VALUE_COLUMNS, VALUE_CSV } from './value-table.ts';

type R = Cols<typeof VALUE_COLUMNS>;
type Exprs = Record<string, Expression<never>>;

const arithmetic = (r: R) => ({
  add_int: r.i.add(r.j), sub_int: r.i.sub(r.j), mul_int: r.i.mul(r.i), add_long: r.l.add(r.i), mul_long: r.l.mul(r.l),
  add_dbl: r.d.add(r.e), mul_mixed: r.i.mul(r.d), div_int: r.i.div(r.j), div_dbl: r.d.div(r.e), div_lit: r.i.div(2), div_negzero: r.e.div(r.d),
  mod_int: r.i.mod(r.j), mod_long: r.l.mod(r.i), mod_neg: r.j.mod(3), neg_int: r.i.neg(), neg_dbl: r.d.neg(),
  neg_lit: lit(10).neg(), neg_lit_dbl: lit(2.5).neg(), neg_neg: r.l.neg().neg(),
  abs_int: r.i.abs(), abs_dbl: r.e.abs(), round2: r.d.round(2), round0: r.e.round(), round_neg: r.i.round(-1),
  round_long: r.l.round(-2), floor_dbl: r.d.floor(), ceil_dbl: r.e.ceil(), floor_int: r.j.floor(),
});

const comparisons = (r: R) => ({
  eq_int: r.i.eq(r.j), lt_mixed: r.i.lt(r.d), ge_lit: r.i.ge(5), eq_dbl: r.d.eq(r.e), ne_dbl: r.d.ne(r.e), lt_dbl: r.d.lt(r.e),
  le_dbl: r.d.le(0), gt_dbl: r.e.gt(r.d), eq_self: r.d.eq(r.d), ne_self: r.d.ne(r.d), eq_zero: r.d.eq(0),
  lt_str: r.s.lt(r.t), ge_str: r.t.ge(r.s), eq_str: r.t.eq('a'), lt_bool: r.b.lt(true), ge_bool: r.b.ge(r.b), eq_bool: r.b.eq(false),
  lt_ts: r.ts.lt(new Date('2015-05-17T10:05:03.000Z')), eq_date: r.dt.eq(r.dt), between: r.j.between(-1, 3), in_list: r.j.isIn([1, 5, 7]),
});

const logic = (r: R) => ({
  and3: r.b.and(r.i.gt(0)), or3: r.b.or(r.i.gt(0)), not3: r.b.not(), and_lit: r.b.and(false), or_lit: r.b.or(true),
  not_cmp: r.d.gt(0).not(), is_null: r.i.isNull(), not_null: r.t.isNotNull(), coalesce_s: coalesce(r.t, r.s, 'none'),
  coalesce_num: coalesce(r.i, r.l), or_else: r.d.orElse(-1),
  case1: when(r.i.gt(10), 'big').when(r.i.gt(0), 'small').otherwise('other'),
  case_null_cond: when(r.b, 1).otherwise(0), case_no_else: when(r.j.gt(0), r.l).end(),
  case_bool: when(r.j.gt(0), r.b).otherwise(r.d.lt(1)),
});

const strings = (r: R) => ({
  lower: r.s.lower(), upper: r.s.upper(), trim: r.s.trim(), length: r.s.length(), len_t: r.t.length(),
  sub_lit: r.s.substring(2, 3), sub_neg: r.s.substring(-2, 4), sub_past: r.s.substring(20, 5), sub_len_neg: r.s.substring(2, -1),
  sub_dyn: r.s.substring(r.j, r.j), sub_cut_low: r.s.substring(1, 2), sub_cut_high: r.t.substring(0, 1), concat2: r.s.concat(r.t), concat3: r.t.concat('-', r.t), starts: r.s.startsWith(r.t),
  ends: r.s.endsWith('/'), contains: r.s.contains(r.t), contains_empty: r.s.contains(''),
  re_group: r.s.regexExtract('([a-z]+)(\\d)?', 1), re_optional: r.s.regexExtract('([a-z]+)(\\d)?', 2), re_whole: r.s.regexExtract('l+', 0),
  re_nomatch: r.s.regexExtract('^zzz(.)', 1), re_space: r.s.regexExtract('(\\s+)', 1),
  m_words: r.s.matches('[A-Za-z, ]+'), m_dots: r.s.matches('.{5}'), m_any: r.s.matches('.*'), m_null: r.t.matches('x*'),
  m_alt: r.s.matches('a|a.*'), m_case: when(r.s.matches('a.*'), 'a').otherwise('other'), m_not: r.s.matches('[a-z/]+').not(),
  split1: r.s.splitPart('/', 1), split2: r.s.splitPart('/', 2), split4: r.s.splitPart('/', 4), split_meta: r.s.splitPart('|', 2),
  split_dot: r.s.splitPart('.', 1), split_dollar: r.s.splitPart('$', 2), split_back: r.s.splitPart('\\', 1), split_none: r.s.splitPart(',', 3),
});

const times = (r: R) => ({
  year: r.ts.year(), month: r.ts.month(), day: r.ts.day(), hour: r.ts.hour(), dyear: r.dt.year(), dday: r.dt.day(),
  trunc_h: r.ts.truncHour(), trunc_d: r.ts.truncDay(), fmt: r.ts.format("yyyy/MM/dd 'at' HH:mm:ss.SSS '''Z'''"),
  fmt_compact: r.ts.format('yyyyMMddHH'), parsed: r.t.parseTime('yyyy'),
  parse_iso: r.s.parseTime('yyyy-MM-dd HH:mm'), parse_lit: lit('2016-02-29 12:30').parseTime('yyyy-MM-dd HH:mm'),
  parse_bad_day: lit('2015-02-29').parseTime('yyyy-MM-dd'), parse_no_year: lit('29/02').parseTime('dd/MM'),
  parse_no_year_ok: lit('17/05 10').parseTime('dd/MM HH'),
  parse_ok_day: lit('31/12/1999 23:59:59.999').parseTime('dd/MM/yyyy HH:mm:ss.SSS'), parse_bad_hour: lit('24:00').parseTime('HH:mm'),
});

const casts = (r: R) => ({
  int_str: r.i.cast('string'), dbl_str: r.d.cast('string'), bool_str: r.b.cast('string'), ts_str: r.ts.cast('string'),
  date_str: r.dt.cast('string'), long_str: r.l.cast('string'), str_int: r.t.cast('int'), str_long: r.s.cast('long'),
  str_dbl: r.t.cast('double'), str_bool: r.t.cast('boolean'), dbl_int: r.d.cast('int'), dbl_long: r.e.cast('long'),
  long_int: r.l.cast('int'), int_dbl: r.i.cast('double'), bool_int: r.b.cast('int'), bool_dbl: r.b.cast('double'),
  int_bool: r.j.cast('boolean'), dbl_bool: r.d.cast('boolean'), ts_date: r.ts.cast('date'), date_ts: r.dt.cast('timestamp'),
  lit_int: lit(' +0042 ').cast('int'), lit_long: lit('-9223372036854775808').cast('long'), lit_long_over: lit('9223372036854775808').cast('long'),
  lit_int_over: lit('2147483648').cast('int'), lit_dbl: lit(' 1.5e3 ').cast('double'), lit_dbl_bad: lit('1.5x').cast('double'),
  lit_inf: lit('-Infinity').cast('double'), lit_ts: lit('2015-05-17 10:05:03.98765').cast('timestamp'), lit_ts_bad: lit('2015-02-30').cast('timestamp'),
  lit_date: lit('2000-02-29').cast('date'), lit_bool: lit('TRUE').cast('boolean'), null_cast: nullOf('string').cast('int'),
});

const timearith = (r: R) => ({
  minute: r.ts.minute(), second: r.ts.second(), dow: r.ts.dayOfWeek(), ddow: r.dt.dayOfWeek(), doy: r.ts.dayOfYear(), ddoy: r.dt.dayOfYear(),
  week: r.ts.weekOfYear(), dweek: r.dt.weekOfYear(), week_2021: lit(new Date('2021-01-03T12:00:00.000Z')).weekOfYear(),
  trunc_m: r.ts.truncMinute(), trunc_w: r.ts.truncWeek(), trunc_mo: r.ts.truncMonth(), trunc_y: r.ts.truncYear(),
  epoch_s: r.ts.toEpochSeconds(), epoch_ms: r.ts.toEpochMillis(), from_s: fromEpochSeconds(r.i), from_ms: fromEpochMillis(r.l),
  from_s_lit: fromEpochSeconds(-1), from_s_max: fromEpochSeconds(253402300800), from_ms_neg: fromEpochMillis(r.j),
  secs: r.ts.secondsBetween(new Date('2015-05-17T10:05:04.000Z')), secs_back: lit(new Date('2015-05-17T10:05:04.000Z')).secondsBetween(r.ts),
  millis: r.ts.millisBetween(r.ts.truncDay()),
  add_s: r.ts.addSeconds(r.j), add_min: r.ts.addMinutes(-90), add_h: r.ts.addHours(r.i), add_d: r.ts.addDays(r.l), add_d_neg: r.ts.addDays(-366),
  add_past_end: lit(new Date('9999-12-31T12:00:00.000Z')).addHours(12),
});

export const FUNCTION_GROUPS = { arithmetic, comparisons, logic, strings, times, timearith, casts } as const;

/** One job per group: the value table, then `id` and one column per expression. */
export function functionJob(group: keyof typeof FUNCTION_GROUPS) {
  return job(`fn-${group}`, `every ${group} expression over the value table`, (j) => {
    j.csv('vals', VALUE_COLUMNS, VALUE_CSV)
      .select((r) => ({ id: r.id, ...(FUNCTION_GROUPS[group](r) as unknown as Exprs) }))
      .writeCsv('out');
  });
}
