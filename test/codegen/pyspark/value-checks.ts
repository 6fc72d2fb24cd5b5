// Expected cells of the values case, worked out by hand from docs/semantics.md (not taken from an engine):
// the traps each engine must neutralise, one check per trap.
import { expect } from 'vitest';
import { sinks } from '../../../plan/index.ts';
import { valuesJob } from './cases/values-case.ts';
import type { Rows } from './compare-rows.ts';

const columns = sinks(valuesJob.plan())[0].schema.map((f) => f.name);

/** cells(rows, column) -> { id: value } for the ids asked. */
function cells(rows: Rows, column: string, ids: number[]): Record<number, string | null> {
  const c = columns.indexOf(column);
  if (c < 0) throw new Error(`no column ${column}`);
  return Object.fromEntries(ids.map((id) => [id, rows.find((r) => r[0] === String(id))?.[c] as string | null]));
}

const check = (column: string, expected: Record<number, string | null>) => (rows: Rows) =>
  expect(cells(rows, column, Object.keys(expected).map(Number)), column).toEqual(expected);

const all = (...checks: ((rows: Rows) => void)[]) => (rows: Rows) => checks.forEach((c) => c(rows));

export const valueChecks: Record<string, (rows: Rows) => void> = {
  'int and long arithmetic wraps around': all(
    check('add_wrap', { 3: '-2147483648' }),
    check('neg', { 5: '-2147483648' }),
    check('abs', { 5: '-2147483648' }),
    check('mul_wrap', { 3: '-2', 2: '0' }),
  ),
  'div is floating and null for a zero divisor (also -0.0)': all(
    check('div', { 1: '3.5', 2: null, 6: '-1.6666666666666667' }),
    check('div_d', { 1: null, 2: null, 7: '-0.0' }),
  ),
  'mod has the sign of the dividend and is null by zero': all(
    check('mod', { 2: null, 3: '0', 5: '-2', 6: '2', 7: '-2' }),
    check('mod_d', { 1: null, 6: '1.005' }),
  ),
  'strings compare by UTF-16 code units': all(check('lt_s', { 3: 'true', 1: 'true', 7: 'false', 4: null }), check('ge_bmp', { 3: 'false', 1: 'false', 4: null })),
  'three-valued logic: false wins in and, true in or': all(
    check('and3', { 9: 'false', 10: null, 4: null, 8: 'false' }),
    check('or3', { 10: 'true', 9: null, 8: 'true' }),
    check('not3', { 4: null, 1: 'false' }),
    check('is_null', { 4: 'true', 5: 'false' }),
  ),
  'coalesce keeps the empty string, concat is null when a part is': all(
    check('coalesced', { 4: '∅', 5: '' }),
    check('concat', { 4: null, 5: '|', 1: 'Hello, World|lo' }),
  ),
  'lower, upper and trim (spaces only)': all(
    check('upper', { 2: '  PADDED  ', 3: 'HÉLLO😀\uffff' }),
    check('lower', { 7: 'i\u0307stanbul σας' }),
    check('trim', { 2: 'padded', 6: 'a"b\\c$d\nnew line' }),
  ),
  'length and substring count UTF-16 code units, clipped': all(
    check('length', { 3: '8', 2: '10', 5: '0' }),
    check('sub_mid', { 3: '😀', 1: ', ' }),
    check('sub_cut', { 3: '\ufffd\uffff' }),
    check('sub_neg', { 1: 'He', 5: '' }),
    check('sub_cols', { 1: 'llo, Wo', 2: '', 6: 'a"', 4: null }),
  ),
  'startsWith, endsWith, contains': all(
    check('starts', { 1: 'true', 2: 'false' }),
    check('ends', { 1: 'false', 5: 'true' }),
    check('contains', { 1: 'true', 2: 'false' }),
  ),
  'regexExtract is null without a match or when the group takes no part': all(
    check('rx_opt', { 1: 'o', 6: null, 2: null }),
    check('rx_unset', { 1: null }),
    check('rx_none', { 1: null, 5: null }),
    check('rx_all', { 1: 'Hello', 3: null, 7: 'STANBUL' }),
  ),
  'matches tests the whole string with Java\'s . (a code point, no line break); null for null': all(
    check('m_words', { 1: 'true', 2: 'true', 3: 'false', 4: null, 6: 'false' }),
    check('m_dots', { 3: 'true', 1: 'false', 4: null }),
    check('m_any', { 1: 'true', 6: 'false', 4: null }),
    check('m_alt', { 8: 'true', 1: 'false' }),
  ),
  'splitPart splits on the literal separator': all(
    check('split2', { 1: ' World', 2: null, 5: null }),
    check('split_dollar', { 6: 'd\nnew line', 1: null }),
    check('split_empty', { 1: 'Hello, World' }),
    check('split_zero', { 1: null }),
  ),
  'times are UTC; truncation and fields in UTC': all(
    check('year', { 2: '1969', 7: '2015' }),
    check('hour', { 2: '23', 6: '8', 7: '1' }),
    check('day', { 7: '17', 6: '1' }),
    check('trunc_hour', { 2: '1969-12-31T23:00:00.000Z', 7: '2015-05-18T01:00:00.000Z' }),
    check('trunc_day', { 2: '1969-12-31T00:00:00.000Z' }),
    check('lt_ts', { 1: 'true', 6: 'true', 3: 'false' }),
  ),
  'ISO day of week and week, day of year, UTC minute and second': all(
    check('dow', { 1: '7', 2: '3', 7: '1' }),
    check('dow_d', { 6: '1', 3: '1' }),
    check('week', { 1: '20', 2: '1', 7: '21' }),
    check('week_d', { 6: '1', 2: '1' }),
    check('doy', { 3: '60', 2: '365', 6: '1' }),
    check('minute', { 2: '59', 7: '29' }),
    check('second', { 2: '59', 1: '3' }),
  ),
  'truncation to the minute, ISO week (Monday), month and year': all(
    check('trunc_min', { 2: '1969-12-31T23:59:00.000Z' }),
    check('trunc_week', { 2: '1969-12-29T00:00:00.000Z', 7: '2015-05-18T00:00:00.000Z', 1: '2015-05-11T00:00:00.000Z' }),
    check('trunc_month', { 3: '2016-02-01T00:00:00.000Z' }),
    check('trunc_year', { 2: '1969-01-01T00:00:00.000Z' }),
  ),
  'epoch seconds round down; differences are b - a truncated toward zero; add and fromEpoch null out of range': all(
    check('epoch_s', { 2: '-1', 1: '1431857103' }),
    check('epoch_ms', { 2: '-1', 1: '1431857103123' }),
    check('from_s', { 1: '1970-01-01T00:00:07.000Z', 2: '1969-12-31T23:59:53.000Z', 3: '2038-01-19T03:14:07.000Z', 5: '1901-12-13T20:45:52.000Z' }),
    check('from_ms', { 1: null, 2: null, 5: '1970-01-01T00:00:00.000Z', 6: '1969-12-31T23:59:59.995Z' }),
    check('secs', { 1: '0', 6: '7200', 2: '1431857104' }),
    check('ms_between', { 1: '-303123', 4: null }),
    check('add_h', { 3: null, 1: '2015-05-17T17:05:03.123Z' }),
    check('add_d', { 1: null, 2: null, 3: null, 7: '2015-05-23T01:29:59.999Z' }),
    check('add_s', { 2: '1969-12-31T23:59:59.999Z', 3: '2016-02-29T22:59:59.000Z' }),
    check('add_min', { 2: '1969-12-31T22:29:59.999Z' }),
  ),
  'formatTime and strict parseTime': all(
    check('formatted', { 1: "2015-05-17T10 o'clock [05] #03.123" }),
    check('parsed', { 7: '2015-05-17T00:00:00.000Z', 1: null, 6: null }),
    check('parsed_t', { 1: null }),
  ),
  'round is half away from zero on the decimal text': all(
    check('round2', { 1: '2.68', 6: '1.01', 2: '-2.5', 7: '-0.5' }),
    check('round_i', { 3: '2.14748365E9', 6: '10.0', 7: '-10.0', 8: '0.0' }),
    check('floor', { 2: '-3', 1: '2' }),
    check('ceil', { 6: '-1', 5: '3' }),
  ),
  'case takes the first true branch, widening int to long': all(
    check('case_n', { 2: 'negative', 8: 'zero', 1: null }),
    check('case_w', { 1: '7', 2: '-9223372036854775808', 4: null }),
  ),
  'casts from text are strict': all(
    check('n_int', { 1: '12', 2: null, 3: '5', 5: null }),
    check('n_long', { 5: '99999999999', 2: null }),
    check('n_double', { 6: 'NaN', 8: null, 2: '1.9', 1: '12.0' }),
    check('t_bool', { 8: 'true', 1: null }),
    check('n_ts', { 7: '2015-05-17T00:00:00.000Z', 1: null, 11: null, 12: null, 13: null, 14: null, 15: null, 16: null }),
    check('n_date', { 7: '2015-05-17', 3: null }),
  ),
  'readers take ISO times with zones, without seconds, with 1-9 fraction digits': all(
    check('ts_text', { 11: '2015-05-17T11:35:00.000Z', 12: '2015-05-17T05:05:03.123Z', 8: '2015-05-17T10:05:00.000Z' }),
  ),
  'casts between types': all(
    check('d_int', { 3: '2147483647', 2: '-2' }),
    check('e_long', { 3: '0', 7: '9223372036854775807' }),
    check('d_text', { 3: '1.0E20', 1: '2.675' }),
    check('e_text', { 2: '-0.0', 7: 'Infinity', 3: 'NaN' }),
    check('b_text', { 1: 'true', 2: 'false' }),
    check('ts_text', { 1: '2015-05-17T10:05:03.123Z', 6: '2015-05-17T08:05:03.999Z' }),
    check('dt_text', { 6: '0001-01-01' }),
    check('l_int', { 1: '1', 2: '0' }),
    check('l_double', { 1: '9.007199254740992E15' }),
    check('b_int', { 1: '1', 2: '0' }),
    check('e_bool', { 2: 'false', 3: 'true' }),
    check('ts_date', { 2: '1969-12-31', 7: '2015-05-18' }),
    check('dt_ts', { 2: '1969-12-31T00:00:00.000Z' }),
  ),
  'typed literals': all(
    check('lit_ts', { 1: '2015-05-17T10:05:03.000Z' }),
    check('lit_date', { 1: '2015-05-17' }),
    check('lit_long', { 1: '9007199254740991' }),
    check('lit_double', { 1: '-0.5' }),
  ),
};
