// Top-n (orderBy then limit) on every key type Pig's TopN compares: several keys with mixed directions, nulls,
// NaN, ±Infinity, -0.0 against 0.0, strings where UTF-16 and code point order differ, booleans, timestamps
// (one instant written in two zones) and dates; n above the row count, n = 0, an empty input, a sort also
// written whole, and a cut through tied rows. The table is three part files.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { job } from '../../../../dsl/index.ts';

export const RANKED_COLUMNS = { id: 'int', s: 'string', d: 'double', b: 'boolean', ts: 'timestamp', dt: 'date', l: 'long', g: 'int' } as const;

const ROWS: string[] = [
  '1,\ue000x,NaN,true,2015-05-17T10:05:03.123Z,2015-05-17,5,1',
  '2,😀,-0.0,false,1969-12-31T23:59:59.999Z,1969-12-31,-9223372036854775808,1',
  '3,é,0.0,,1900-01-01T00:00:00Z,1900-01-01,9223372036854775807,2',
  '4,z,Infinity,true,,,,2',
  '5,,-Infinity,false,2199-12-31T23:59:59Z,2199-12-31,0,3',
  '6,Z,,true,2015-05-17T10:05:03.123Z,2015-05-17,5,3',
  '7,日本,1.5,false,2015-05-17T10:05:03.122Z,2015-05-16,-1,1',
  '8,😀a,-1.5,,1970-01-01T00:00:00Z,1970-01-01,1,2',
  '9,e\u0301,5e-324,true,2015-05-17T12:05:03.123+02:00,2015-05-17,2,3',
  '10,a,NaN,false,2000-02-29T00:00:00Z,2000-02-29,3,1',
  '11,A,-5e-324,,,2015-05-17,,',
  '12,\uffff,-0.0,true,2015-05-17T10:05:03.124Z,,5,3',
];

/** The inputs: `ranked`, the table in three headerless part files; `nothing`, an empty file. */
export function topNInputs(): { ranked: string; nothing: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-top-n-'));
  const ranked = path.join(dir, 'ranked');
  mkdirSync(ranked);
  [ROWS.slice(0, 4), ROWS.slice(4, 8), ROWS.slice(8)].forEach((rows, i) => writeFileSync(path.join(ranked, `part-0000${i}`), `${rows.join('\n')}\n`));
  const nothing = path.join(dir, 'nothing.csv');
  writeFileSync(nothing, '');
  return { ranked, nothing };
}

/** The output whose last rows are cut from a group of ties on its only key. */
export const TIED_OUTPUT = 'ties';

export const TOP_N_JOB = job('top-n', 'top-n over every key type', (j) => {
  const t = j.csv('ranked', RANKED_COLUMNS, { header: false });
  t.orderBy(['b', 'desc'], 'd', ['s', 'desc'], 'id').limit(7).writeCsv('mixed');
  t.orderBy(['d', 'desc'], ['id', 'desc']).limit(8).writeCsv('doubles_desc');
  t.orderBy('d', 'id').limit(6).writeCsv('doubles_asc');
  t.orderBy(['s', 'desc'], 'id').limit(6).writeCsv('strings_desc');
  t.orderBy('s', 'id').limit(5).writeCsv('strings_asc');
  t.orderBy(['ts', 'desc'], 'dt', 'id').limit(5).writeCsv('times');
  t.orderBy('dt', ['l', 'desc'], 'id').limit(4).writeCsv('dates');
  t.orderBy(['l', 'desc'], 'id').limit(3).writeCsv('longs');
  t.orderBy('b', 'id').limit(5).writeCsv('bools');
  t.orderBy(['id', 'desc']).limit(100).writeCsv('more_than_rows');
  t.orderBy('id').limit(0).writeCsv('zero');
  const sorted = t.select('id', 'd').orderBy(['d', 'desc'], 'id');
  sorted.writeCsv('sorted_whole');
  sorted.limit(2).writeCsv('sorted_top');
  t.select('g', 'id').orderBy('g').limit(5).writeCsv(TIED_OUTPUT);
  j.csv('nothing', RANKED_COLUMNS, { header: false }).orderBy('id').limit(3).writeCsv('empty');
});
