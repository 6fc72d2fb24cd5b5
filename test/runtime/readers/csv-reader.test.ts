// The CSV reader: RFC 4180 quoting, null vs empty string, strict typed conversion, rejects with the line a
// record starts on, header and delimiter options, and the real Iris / Palmer penguins files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../../plan/index.ts';
import { readAll } from '../../../runtime/readers/index.ts';
import { rows, sample, sourceNode, tempDir, tempFile, utc } from './reader-fixtures.ts';

const csvNode = (spec: Record<string, ColumnType>, header = true, delimiter = ',', multiline = false) =>
  sourceNode({ kind: 'csv', header, delimiter, ...(multiline ? { multiline: true as const } : {}) }, spec);

describe('CSV reader', () => {
  it('handles quoted commas, doubled quotes, line breaks in quotes, CRLF, and null vs ""', async () => {
    const text = 'name,note\r\n"Smith, J","said ""hi"""\r\n"multi\nline",\r\nplain,""\r\n,x\r\n';
    const { table, rejects } = await readAll(csvNode({ name: 'string', note: 'string' }, true, ',', true), tempFile(text));
    expect(rejects.rowsRead).toBe(4);
    expect(rows(table)).toEqual([
      { name: 'Smith, J', note: 'said "hi"' },
      { name: 'multi\nline', note: null },
      { name: 'plain', note: '' },
      { name: null, note: 'x' },
    ]);
  });

  it('converts declared types strictly and rejects bad values naming the column, with the record start line', async () => {
    const spec = { id: 'int', big: 'long', x: 'double', ok: 'boolean', at: 'timestamp', day: 'date' } as const;
    const text = [
      'id,big,x,ok,at,day',
      ' 7 ,9007199254740993,1.5e3,TRUE,2015-05-17T10:05:03.000Z,2015-05-17',
      '-8,,NaN,false,2015-05-17 12:00:00+02:00,',
      '',
      '"9',
      '",1,2,true,2015-05-17,2016-02-29',
      '2147483648,1,1,true,2015-05-17,2015-05-17',
      '1,1,1,yes,2015-05-17,2015-05-17',
      '1,1,1,true,2015-05-17,2015-02-29',
      '1,1,1,true',
      '1,1,-Infinity,false,2015-05-17T00:00,2015-05-17',
    ].join('\n');
    const rejectsPath = join(tempDir(), 'in.rejects');
    const path = tempFile(text);
    const { table, rejects } = await readAll(csvNode(spec, true, ',', true), path, { rejectsPath });
    expect(rows(table)).toEqual([
      { id: 7, big: 9007199254740993n, x: 1500, ok: true, at: utc(2015, 5, 17, 10, 5, 3), day: utc(2015, 5, 17) },
      { id: -8, big: null, x: NaN, ok: false, at: utc(2015, 5, 17, 10), day: null },
      { id: 1, big: 1n, x: -Infinity, ok: false, at: utc(2015, 5, 17), day: utc(2015, 5, 17) },
    ]);
    // the blank line 4 is skipped and not counted; the header is not a row
    expect(rejects.rowsRead).toBe(8);
    expect(rejects.byReason).toEqual({ 'bad-csv': 4, 'wrong-field-count': 1 });
    expect(readFileSync(rejectsPath, 'utf8').split('\n')).toEqual([
      `${path}:5\tbad-csv: column 'id': "9\\n" is not a 32-bit integer\t"9\\n",1,2,true,2015-05-17,2016-02-29`,
      `${path}:7\tbad-csv: column 'id': "2147483648" is not a 32-bit integer\t2147483648,1,1,true,2015-05-17,2015-05-17`,
      `${path}:8\tbad-csv: column 'ok': "yes" is not true or false\t1,1,1,yes,2015-05-17,2015-05-17`,
      `${path}:9\tbad-csv: column 'day': "2015-02-29" is not a date (yyyy-MM-dd)\t1,1,1,true,2015-05-17,2015-02-29`,
      `${path}:10\twrong-field-count: expected 6 fields, found 4\t1,1,1,true`,
      '',
    ]);
  });

  it('rejects malformed quoting as bad-csv and reads the next record normally', async () => {
    const text = 'a,b\n1,x"y\n2,"q"z\n3,ok\n4,"never closed\n5,lost\n';
    const lines = await readAll(csvNode({ a: 'int', b: 'string' }), tempFile(text), { rejectsPath: null });
    // a record per line: the unclosed quote rejects its line only
    expect(rows(lines.table)).toEqual([{ a: 3, b: 'ok' }, { a: 5, b: 'lost' }]);
    expect(lines.rejects.byReason).toEqual({ 'bad-csv': 3 });
    expect(lines.rejects.rowsRead).toBe(5);
    const multi = await readAll(csvNode({ a: 'int', b: 'string' }, true, ',', true), tempFile(text), { rejectsPath: null });
    expect(rows(multi.table)).toEqual([{ a: 3, b: 'ok' }]);
    // multiline: the unclosed quote swallows the rest of the file into one bad record (starting on line 5)
    expect(multi.rejects.byReason).toEqual({ 'bad-csv': 3 });
    expect(multi.rejects.rowsRead).toBe(4);
  });

  it('reads without a header, with other delimiters, and without a final line break', async () => {
    const semi = await readAll(csvNode({ a: 'string', b: 'int' }, false, ';'), tempFile('x;1\n"y;z";2'));
    expect(rows(semi.table)).toEqual([{ a: 'x', b: 1 }, { a: 'y;z', b: 2 }]);
    const tab = await readAll(csvNode({ a: 'string', b: 'int' }, false, '\t'), tempFile('x,y\t1\n'));
    expect(rows(tab.table)).toEqual([{ a: 'x,y', b: 1 }]);
    const multi = await readAll(csvNode({ a: 'string', b: 'string' }, true, '||'), tempFile('h||h\n"a||b"||c|d\n'), { chunkBytes: 3 });
    expect(rows(multi.table)).toEqual([{ a: 'a||b', b: 'c|d' }]);
  });

  it('reads the Iris data (no header, trailing empty line) with the published column sums', async () => {
    const spec = { sepal_length: 'double', sepal_width: 'double', petal_length: 'double', petal_width: 'double', class: 'string' } as const;
    const { table, rejects } = await readAll(csvNode(spec, false), sample('ml/bezdekIris.data'), { batchSize: 7 });
    expect([rejects.rowsRead, rejects.rejected]).toEqual([150, 0]);
    const r = rows(table);
    const sum = (c: string) => Math.round(r.reduce((s, x) => s + (x[c] as number), 0) * 10) / 10;
    expect([sum('sepal_length'), sum('sepal_width'), sum('petal_length'), sum('petal_width')]).toEqual([876.5, 458.6, 563.7, 179.9]);
    expect(r.filter((x) => x.class === 'Iris-virginica')).toHaveLength(50);
  });

  it('reads Palmer penguins: the two rows with NA measurements are rejected as bad-csv', async () => {
    const spec = {
      species: 'string', island: 'string', bill_length_mm: 'double', bill_depth_mm: 'double',
      flipper_length_mm: 'int', body_mass_g: 'int', sex: 'string', year: 'int',
    } as const;
    const rejectsPath = join(tempDir(), 'p.rejects');
    const { table, rejects } = await readAll(csvNode(spec), sample('ml/penguins.csv'), { rejectsPath });
    expect([rejects.rowsRead, rejects.rowsParsed]).toEqual([344, 342]);
    const lines = readFileSync(rejectsPath, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => l.split('\t')[0].replace(/.*:/, ''))).toEqual(['5', '273']);
    expect(lines[0].split('\t')[1]).toBe(`bad-csv: column 'bill_length_mm': "NA" is not a number`);
    const r = rows(table);
    expect(r.reduce((s, x) => s + (x.body_mass_g as number), 0)).toBe(1_437_000);
    expect(r[0]).toEqual({ species: 'Adelie', island: 'Torgersen', bill_length_mm: 39.1, bill_depth_mm: 18.7, flipper_length_mm: 181, body_mass_g: 3750, sex: 'male', year: 2007 });
    expect(r.filter((x) => x.sex === 'NA')).toHaveLength(9);
  });
});

describe('CSV reader: prefix schemas and quote none', () => {
  const tsv = (spec: Record<string, ColumnType>, extra: { quote?: 'none'; extraFields?: 'ignore' }, header = false) =>
    sourceNode({ kind: 'csv', header, delimiter: '\t', ...extra }, spec);

  it('extraFields ignore reads the first columns of wider records and still rejects shorter ones', async () => {
    const text = 'a\t1\tx\ty\nb\t2\nc\n"d\te"\t3\t\n';
    const { table, rejects } = await readAll(tsv({ k: 'string', v: 'int' }, { extraFields: 'ignore' }), tempFile(text));
    expect(rows(table)).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
      { k: 'd\te', v: 3 },
    ]);
    expect(rejects.byReason).toEqual({ 'wrong-field-count': 1 });
  });

  it('without extraFields a wider record is still rejected', async () => {
    const { table, rejects } = await readAll(tsv({ k: 'string', v: 'int' }, {}), tempFile('a\t1\tx\nb\t2\n'));
    expect(rows(table)).toEqual([{ k: 'b', v: 2 }]);
    expect(rejects.byReason).toEqual({ 'wrong-field-count': 1 });
  });

  it("quote none: a quote is data, no field spans lines, CR and CRLF end lines, blank lines are skipped", async () => {
    const text = 'k\tv\n"a\t1\nb"\t2\n\t \n  \nc\t"3"\r\nd\t4\re\t\n';
    const rejectsPath = join(tempDir(), 'in.rejects');
    const path = tempFile(text);
    const { table, rejects } = await readAll(tsv({ k: 'string', v: 'int' }, { quote: 'none' }, true), path, { rejectsPath });
    expect(rows(table)).toEqual([
      { k: '"a', v: 1 },
      { k: 'b"', v: 2 },
      { k: 'd', v: 4 },
      { k: 'e', v: null },
    ]);
    expect(rejects.byReason).toEqual({ 'bad-csv': 1 });
    expect(readFileSync(rejectsPath, 'utf8').split('\n')).toEqual([
      `${path}:6\tbad-csv: column 'v': "\\"3\\"" is not a 32-bit integer\tc\\t"3"`,
      '',
    ]);
  });
});
