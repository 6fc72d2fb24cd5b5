// The default CSV mode's line split (plan/csv-line-regex.ts, runtime/readers/csv-line-fields.ts): RFC 4180
// fields within one physical line, malformed quoting rejected; the runtime's field walk accepts exactly the
// lines the engines' whole-line regexes match, with the same fields; a long malformed line fails fast.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeDetails } from '../../../cli/plan-tree-printer.ts';
import { job, type CsvOptions } from '../../../dsl/index.ts';
import { csvRecordRegex, csvWellFormedRegex, type ColumnType, type CsvFormat } from '../../../plan/index.ts';
import { Rejection } from '../../../runtime/readers/cell.ts';
import { csvLineSplitter } from '../../../runtime/readers/csv-line-fields.ts';
import { readAll } from '../../../runtime/readers/index.ts';
import { rows, sourceNode, tempDir, tempFile } from './reader-fixtures.ts';

const split = csvLineSplitter(',');
const fieldsOf = (line: string) => {
  const r = split(line);
  return r instanceof Rejection ? r.reason : r.fields;
};
const csv = (delimiter = ',', extraFields?: 'ignore'): CsvFormat => ({ kind: 'csv', header: false, delimiter, ...(extraFields ? { extraFields } : {}) });

describe('CSV line split', () => {
  it('reads quoted delimiters, doubled quotes and empty quoted fields within the line', () => {
    expect(fieldsOf('a,"b,c","say ""hi""",,""')).toEqual(['a', 'b,c', 'say "hi"', '', '']);
    expect(split('a,"",,x')).toMatchObject({ quotedEmpty: [1] });
    expect(fieldsOf('"",')).toEqual(['', '']);
    expect(fieldsOf('plain "no" quotes')).toBe('bad-csv');
  });

  it('rejects malformed quoting: a quote inside an unquoted field, text after a closing quote, a quote open at the end', () => {
    for (const line of ['ab"c,1', '"ab"c,1', 'x"",1', '"x"  ,1', '"open,1', 'a,"b', 'a, "b"']) expect(fieldsOf(line), line).toBe('bad-csv');
  });

  it('splits multi-character delimiters at their first occurrence', () => {
    const d = csvLineSplitter('::');
    expect((d('a:::b::"c::d"') as { fields: string[] }).fields).toEqual(['a', ':b', 'c::d']);
  });

  it('the field walk and the whole-line regexes agree on every line (fields, malformed, field count)', () => {
    const piece = fc.constantFrom('"', '""', ',', 'a', ' ', '\u0085', 'é');
    for (const extra of [undefined, 'ignore'] as const) {
      const record = new RegExp(csvRecordRegex(csv(',', extra), 3));
      const wellFormed = new RegExp(csvWellFormedRegex(','));
      fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), (line) => {
        const r = split(line);
        expect(wellFormed.test(line)).toBe(!(r instanceof Rejection));
        const m = record.exec(line);
        if (r instanceof Rejection) expect(m).toBeNull();
        else if (r.fields.length === 3 || (extra && r.fields.length > 3)) {
          expect(m).not.toBeNull();
          const values = m!.slice(1).map((raw) => (raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw));
          expect(values).toEqual(r.fields.slice(0, 3));
        } else expect(m).toBeNull();
      }), { numRuns: 3000 });
    }
  });

  it('a long malformed line fails in linear time', () => {
    const t0 = performance.now();
    for (const long of [`${'"a"",'.repeat(20000)}x"${',b'.repeat(20000)}`, `${'a b,"c"""",'.repeat(20000)}d"`, `"${'x'.repeat(100000)}`]) {
      expect(fieldsOf(long)).toBe('bad-csv');
      expect(new RegExp(csvRecordRegex(csv(), 5)).test(long)).toBe(false);
      expect(new RegExp(csvWellFormedRegex(',')).test(long)).toBe(false);
    }
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe('CSV reader, default mode: a record per line', () => {
  const node = (spec: Record<string, ColumnType>, extra: Partial<CsvFormat> = {}) => sourceNode({ kind: 'csv', header: true, delimiter: ',', ...extra }, spec);

  it('ends lines at LF, CR and CRLF; skips empty lines; cites malformed lines by line', async () => {
    const text = 'id,text\r\n1,"a,b"\r\n\r\n2,"open\n3,x\r4,"q""q"\n5,ab"c\n6,""\n7,\n';
    const rejectsPath = join(tempDir(), 'in.rejects');
    const path = tempFile(text);
    const { table, rejects } = await readAll(node({ id: 'int', text: 'string' }), path, { rejectsPath });
    expect(rows(table)).toEqual([
      { id: 1, text: 'a,b' }, { id: 3, text: 'x' }, { id: 4, text: 'q"q' }, { id: 6, text: '' }, { id: 7, text: null },
    ]);
    expect(rejects.rowsRead).toBe(7);
    // the CR ends line 5, so `5,ab"c` is line 7
    const cited = readFileSync(rejectsPath, 'utf8').trimEnd().split('\n').map((l) => l.split('\t').slice(0, 2).join(' ').replace(/:\s.*/, ''));
    expect(cited).toEqual([`${path}:4 bad-csv`, `${path}:7 bad-csv`]);
  });

  it('extraFields ignore: well-formed fields after the declared ones are dropped, malformed ones reject', async () => {
    const path = tempFile('1,a,"x,y",z\n2,b,x"y\n3\n');
    const { table, rejects } = await readAll(node({ id: 'int', text: 'string' }, { header: false, extraFields: 'ignore' }), path);
    expect(rows(table)).toEqual([{ id: 1, text: 'a' }]);
    expect(rejects.byReason).toEqual({ 'bad-csv': 1, 'wrong-field-count': 1 });
  });

  it('multiline: true keeps fields over several lines', async () => {
    const path = tempFile('id,text\n1,"two\nlines"\n2,x\n');
    const { table } = await readAll(node({ id: 'int', text: 'string' }, { multiline: true }), path);
    expect(rows(table)).toEqual([{ id: 1, text: 'two\nlines' }, { id: 2, text: 'x' }]);
  });
});

describe('CSV options in the plan', () => {
  it('multiline is in the plan only when true, shown by explain, and refused with quote none at the source line', () => {
    const plan = (opts: CsvOptions) => job('m', 'x', (j) => { j.csv('t', { a: 'string' }, opts).writeCsv('out'); }).plan();
    const source = (opts: CsvOptions) => plan(opts).nodes.find((n) => n.kind === 'source')!;
    expect(source({}).kind === 'source' && source({}).format).toEqual({ kind: 'csv', header: true, delimiter: ',' });
    expect(nodeDetails(source({ multiline: true }))).toBe(`read input 't' as csv (header, delimiter ",", multiline)`);
    expect(() => plan({ multiline: true, quote: 'none' })).toThrow(/input 't': multiline needs quoting/);
    const refused = (() => {
      try {
        plan({ multiline: true, quote: 'none' });
      } catch (e) {
        return e as { kind: string; where: { file: string } | null };
      }
    })();
    expect(refused?.kind).toBe('plan');
    expect(refused?.where?.file).toMatch(/csv-line\.test\.ts$/);
    expect(() => plan({ multiline: 'yes' as never })).toThrow(/multiline must be true or false/);
  });
});
