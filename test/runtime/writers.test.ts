// CSV and JSON-lines writers, partitioned layout, and the shared value text forms.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { field, UNKNOWN_LOC, type Field, type SinkFormat, type SinkNode } from '../../plan/index.ts';
import { formatValue, tableToRows } from '../../runtime/index.ts';
import { escapePartitionValue } from '../../runtime/writers/hive-partition.ts';
import { writeOutput } from '../../runtime/writers/output-writer.ts';
import { parseTsvRows } from '../../runtime/writers/tsv-text.ts';
import { batchesOf, fieldsOf, type Row } from './support/memory-tables.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'emr-jobs-writers-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const sinkOf = (fields: Field[], format: SinkFormat, partitionBy: string | null = null): SinkNode => ({
  kind: 'sink', id: 'sink_1', loc: UNKNOWN_LOC, schema: fields, input: 'x', output: 'out', format, partitionBy,
});
async function write(fields: Field[], rows: Row[], format: SinkFormat, partitionBy: string | null = null, size = 3) {
  const dir = tmp();
  const stream = (async function* () {
    yield* batchesOf({ fields, rows }, size);
  })();
  const result = await writeOutput(sinkOf(fields, format, partitionBy), stream, dir, 2);
  return { dir, result };
}

const ALL = fieldsOf({ s: 'string', i: 'int', l: 'long', d: 'double', b: 'boolean', t: 'timestamp', dt: 'date' });
const TS = Date.UTC(2015, 4, 17, 10, 5, 3);
const ROWS: Row[] = [
  ['plain', 1, 2n, 1, true, TS, 16572],
  ['a,b', -1, -(2n ** 63n), 1e20, false, TS + 7, 0],
  ['say "hi"', 0, 0n, 0.1 + 0.2, null, null, null],
  ['', null, null, NaN, true, 0, -1],
  [null, 2147483647, 2n ** 63n - 1n, -Infinity, false, -1, 1],
  ['line\nbreak\r\n', 5, 5n, 1e-5, true, TS, 16572],
  ['\u{1F600} é', 6, 6n, -0, false, TS, 16572],
];

describe('CSV without a header and TSV output', () => {
  it('writes the CSV rows only', async () => {
    const { dir, result } = await write(ALL, ROWS.slice(0, 3), 'csv-noheader');
    const headed = readFileSync(join((await write(ALL, ROWS.slice(0, 3), 'csv')).dir, 'out.csv'), 'utf8');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(headed.slice(headed.indexOf('\n') + 1));
    expect(result.rows).toBe(3);
  });

  it('writes TSV with backslash, tab, LF and CR escaped and null as \\N', async () => {
    const { dir, result } = await write(ALL, [...ROWS, ['tab\there \\N \\t', 7, 7n, 0.5, true, TS, 0]], 'tsv');
    expect(readFileSync(join(dir, 'out.tsv'), 'utf8')).toBe(
      [
        'plain\t1\t2\t1.0\ttrue\t2015-05-17T10:05:03.000Z\t2015-05-17',
        'a,b\t-1\t-9223372036854775808\t1.0E20\tfalse\t2015-05-17T10:05:03.007Z\t1970-01-01',
        'say "hi"\t0\t0\t0.30000000000000004\t\\N\t\\N\t\\N',
        '\t\\N\t\\N\tNaN\ttrue\t1970-01-01T00:00:00.000Z\t1969-12-31',
        '\\N\t2147483647\t9223372036854775807\t-Infinity\tfalse\t1969-12-31T23:59:59.999Z\t1970-01-02',
        'line\\nbreak\\r\\n\t5\t5\t1.0E-5\ttrue\t2015-05-17T10:05:03.000Z\t2015-05-17',
        '\u{1F600} é\t6\t6\t-0.0\tfalse\t2015-05-17T10:05:03.000Z\t2015-05-17',
        'tab\\there \\\\N \\\\t\t7\t7\t0.5\ttrue\t2015-05-17T10:05:03.000Z\t1970-01-01',
        '',
      ].join('\n'),
    );
    expect(result.rows).toBe(8);
  });

  it('reads back field for field', async () => {
    const S = [field('a', 'string'), field('b', 'string')];
    const cell = fc.option(fc.string({ unit: fc.constantFrom('a', '\\', 'N', 't', '\t', '\n', '\r', ' ', '\u{1F600}') }), { nil: null, freq: 4 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell), { maxLength: 12 }), async (rows) => {
        const { dir } = await write(S, rows as Row[], 'tsv');
        expect(parseTsvRows(readFileSync(join(dir, 'out.tsv'), 'utf8'))).toEqual(rows);
      }),
      { numRuns: 80 },
    );
  });
});

describe('CSV output', () => {
  it('writes RFC 4180 with Java number forms; "" and null differ', async () => {
    const { dir, result } = await write(ALL, ROWS, 'csv');
    const text = readFileSync(join(dir, 'out.csv'), 'utf8');
    expect(text).toBe(
      [
        's,i,l,d,b,t,dt',
        'plain,1,2,1.0,true,2015-05-17T10:05:03.000Z,2015-05-17',
        '"a,b",-1,-9223372036854775808,1.0E20,false,2015-05-17T10:05:03.007Z,1970-01-01',
        '"say ""hi""",0,0,0.30000000000000004,,,',
        '"",,,NaN,true,1970-01-01T00:00:00.000Z,1969-12-31',
        ',2147483647,9223372036854775807,-Infinity,false,1969-12-31T23:59:59.999Z,1970-01-02',
        '"line\nbreak\r\n",5,5,1.0E-5,true,2015-05-17T10:05:03.000Z,2015-05-17',
        '\u{1F600} é,6,6,-0.0,false,2015-05-17T10:05:03.000Z,2015-05-17',
        '',
      ].join('\n'),
    );
    expect(result).toMatchObject({ path: join(dir, 'out.csv'), rows: 7 });
    expect(result.preview).toEqual([
      ['plain', '1', '2', '1.0', 'true', '2015-05-17T10:05:03.000Z', '2015-05-17'],
      ['a,b', '-1', '-9223372036854775808', '1.0E20', 'false', '2015-05-17T10:05:03.007Z', '1970-01-01'],
    ]);
  });

  it('reads back field for field with an independent CSV parser', async () => {
    const S = [field('a', 'string'), field('b', 'string')];
    const cell = fc.option(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '\u{1F600}', 'é') }), { nil: null, freq: 4 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell), { maxLength: 12 }), async (rows) => {
        const { dir } = await write(S, rows as Row[], 'csv');
        const records = parse(readFileSync(join(dir, 'out.csv')), {
          cast: (value, ctx) => (value === '' && !ctx.quoting ? null : value),
          relax_column_count: false,
        }) as (string | null)[][];
        expect(records).toEqual([['a', 'b'], ...rows]);
      }),
      { numRuns: 80 },
    );
  });

  it('writes only a header for an empty output', async () => {
    const { dir, result } = await write(fieldsOf({ 'a,b': 'int', c: 'string' }), [], 'csv');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('"a,b",c\n');
    expect(result.rows).toBe(0);
  });
});

describe('JSON lines output', () => {
  it('writes one object per row, keys in column order', async () => {
    const { dir } = await write(ALL, ROWS.slice(0, 4), 'jsonl');
    const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n');
    expect(lines[0]).toBe('{"s":"plain","i":1,"l":2,"d":1.0,"b":true,"t":"2015-05-17T10:05:03.000Z","dt":"2015-05-17"}');
    expect(lines[1]).toBe('{"s":"a,b","i":-1,"l":-9223372036854775808,"d":1.0E20,"b":false,"t":"2015-05-17T10:05:03.007Z","dt":"1970-01-01"}');
    expect(JSON.parse(lines[2])).toEqual({ s: 'say "hi"', i: 0, l: 0, d: 0.30000000000000004, b: null, t: null, dt: null });
    expect(JSON.parse(lines[3])).toEqual({ s: '', i: null, l: null, d: 'NaN', b: true, t: '1970-01-01T00:00:00.000Z', dt: '1969-12-31' });
    expect(lines[4]).toBe('');
  });
});

describe('partitioned output', () => {
  it('writes one directory per value without the column; null and "" go to the default partition', async () => {
    const F = fieldsOf({ id: 'int', p: 'string' });
    const rows: Row[] = [[1, 'x'], [2, 'a/b=c%'], [3, null], [4, 'x'], [5, ''], [6, 'é\n']];
    const { dir, result } = await write(F, rows, 'csv', 'p', 2);
    const out = join(dir, 'out');
    expect(result).toMatchObject({ path: out, rows: 6 });
    expect(readdirSync(out).sort()).toEqual(['p=__HIVE_DEFAULT_PARTITION__', 'p=a%2Fb%3Dc%25', 'p=x', 'p=é%0A'].sort());
    expect(readFileSync(join(out, 'p=x', 'part-00000.csv'), 'utf8')).toBe('id\n1\n4\n');
    expect(readFileSync(join(out, 'p=__HIVE_DEFAULT_PARTITION__', 'part-00000.csv'), 'utf8')).toBe('id\n3\n5\n');
    expect(readFileSync(join(out, 'p=a%2Fb%3Dc%25', 'part-00000.csv'), 'utf8')).toBe('id\n2\n');
  });

  it('keeps every row when more partitions exist than files may stay open', async () => {
    const F = fieldsOf({ id: 'int', p: 'int' });
    const rows: Row[] = Array.from({ length: 200 }, (_, i) => [i, (i * 7) % 50]);
    const { dir } = await write(F, rows, 'jsonl', 'p', 8);
    const parts = readdirSync(join(dir, 'out'));
    expect(parts).toHaveLength(50);
    let total = 0;
    for (const p of parts) {
      const lines = readFileSync(join(dir, 'out', p, 'part-00000.jsonl'), 'utf8').trim().split('\n');
      for (const l of lines) expect(((JSON.parse(l) as { id: number }).id * 7) % 50).toBe(Number(p.slice(2)));
      total += lines.length;
    }
    expect(total).toBe(200);
  });

  it('escapes like Hive: control characters and / = % " # \' * : ? \\ { [ ] ^', () => {
    expect(escapePartitionValue('a/b')).toBe('a%2Fb');
    expect(escapePartitionValue('\u0001\u001f\u007f')).toBe('%01%1F%7F');
    expect(escapePartitionValue('"#\'*:?\\{[]^')).toBe('%22%23%27%2A%3A%3F%5C%7B%5B%5D%5E');
    expect(escapePartitionValue('plain -_.~ é \u{1F600}')).toBe('plain -_.~ é \u{1F600}');
  });
});

describe('value text', () => {
  it('formatValue takes Arrow JS values', () => {
    expect(formatValue('date', Date.UTC(2015, 4, 17))).toBe('2015-05-17');
    expect(formatValue('timestamp', TS)).toBe('2015-05-17T10:05:03.000Z');
    expect(formatValue('long', 12n)).toBe('12');
    expect(formatValue('boolean', false)).toBe('false');
    expect(formatValue('double', 100)).toBe('100.0');
    expect(formatValue('string', null)).toBeNull();
  });

  it('tableToRows gives the CSV text of each row', () => {
    const table = new arrow.Table(batchesOf({ fields: ALL, rows: ROWS.slice(2, 4) }, 1));
    expect(tableToRows(table)).toEqual([
      ['say "hi"', '0', '0', '0.30000000000000004', null, null, null],
      ['', null, null, 'NaN', 'true', '1970-01-01T00:00:00.000Z', '1969-12-31'],
    ]);
  });
});
