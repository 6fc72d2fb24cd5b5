// Property tests for the hand-written CSV record scanner: on generated valid CSV it finds each record, its
// start line and its `""` fields wherever the chunks are cut, and the reader returns the generated values; on
// arbitrary text its `""` findings agree with csv-parse's own per-field quoting flag.
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readAll } from '../../../runtime/readers/index.ts';
import { CsvRecordSplitter, type CsvRecord } from '../../../runtime/readers/csv-record-splitter.ts';
import { rows, sourceNode, tempFile } from './reader-fixtures.ts';

type Field = { kind: 'null' } | { kind: 'plain' | 'quoted'; text: string };

const delimiterArb = fc.constantFrom(',', ';', '\t', '||');
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const csvChar = fc.oneof(anyChar, fc.constantFrom('"', ',', ';', '|', '\t', '\n', '\r', ' ', '\r\n'));

function fieldArb(delimiter: string): fc.Arbitrary<Field> {
  const plainChar = anyChar.filter((c) => c !== '"' && c !== '\r' && c !== '\n' && !delimiter.includes(c));
  return fc.oneof(
    fc.constant({ kind: 'null' } as const),
    fc.string({ unit: plainChar, minLength: 1, maxLength: 8 }).map((text) => ({ kind: 'plain' as const, text })),
    fc.string({ unit: csvChar, maxLength: 8 }).map((text) => ({ kind: 'quoted' as const, text })),
  );
}

const render = (f: Field): string => (f.kind === 'null' ? '' : f.kind === 'plain' ? f.text : `"${f.text.replace(/"/g, '""')}"`);
const value = (f: Field): string | null => (f.kind === 'null' ? null : f.text);

/** A generated CSV file: records of `width` fields, blank lines in between, and what each record is. */
const csvFile = fc
  .tuple(delimiterArb, fc.integer({ min: 1, max: 4 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .chain(([delimiter, width, eol, finalEol]) =>
    fc
      .array(fc.tuple(fc.array(fieldArb(delimiter), { minLength: width, maxLength: width }), fc.nat({ max: 2 })), { maxLength: 20 })
      // a lone null field would be a blank line, which is skipped
      .map((recs) => recs.filter(([fields]) => !(width === 1 && fields[0].kind === 'null')))
      .map((recs) => {
        let text = '';
        let line = 1;
        const expected: (CsvRecord & { values: (string | null)[] })[] = [];
        recs.forEach(([fields, blanks], i) => {
          text += eol.repeat(blanks);
          line += blanks;
          const record = fields.map(render).join(delimiter);
          const quotedEmpty = fields.flatMap((f, k) => (f.kind === 'quoted' && f.text === '' ? [k] : []));
          expected.push({ text: record, line, quotedEmpty, values: fields.map(value) });
          text += record + (i < recs.length - 1 || finalEol ? eol : '');
          line += (record.match(/\n/g) ?? []).length + 1;
        });
        return { delimiter, width, text, expected };
      }),
  );

/** Splits text into chunks at the given cut points. */
function chunks(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  return [...at, text.length].map((end, i) => text.slice(i === 0 ? 0 : at[i - 1], end));
}

describe('CSV record scanner', () => {
  it('finds every generated record, its start line and its "" fields, wherever chunks are cut', () => {
    fc.assert(
      fc.property(csvFile, fc.array(fc.nat(), { maxLength: 6 }), ({ delimiter, text, expected }, cuts) => {
        const splitter = new CsvRecordSplitter(delimiter);
        const found = [...chunks(text, cuts).flatMap((c) => splitter.push(c)), ...splitter.end()];
        expect(found).toEqual(expected.map(({ text: t, line, quotedEmpty }) => ({ text: t, line, quotedEmpty })));
      }),
      { numRuns: 1000 },
    );
  });

  it('the reader returns the generated values: null for empty unquoted fields, "" for quoted empty ones', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 40 }), async ({ delimiter, width, text, expected }, batchSize, chunkBytes) => {
        const spec = Object.fromEntries(Array.from({ length: width }, (_, k) => [`c${k}`, 'string' as const]));
        const node = sourceNode({ kind: 'csv', header: false, delimiter, multiline: true }, spec);
        const { table, rejects } = await readAll(node, tempFile(text), { batchSize, chunkBytes });
        expect(rejects.rejected).toBe(0);
        expect(rows(table)).toEqual(expected.map((e) => Object.fromEntries(e.values.map((v, k) => [`c${k}`, v]))));
      }),
      { numRuns: 150 },
    );
  });

  it('on arbitrary text, agrees with csv-parse on which fields are quoted empty strings', () => {
    const options = { relax_column_count: true, record_delimiter: ['\r\n', '\n'] };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('"', ',', 'a', ' ', '\n', '\r', '""', '\r\n', 'é'), maxLength: 40 }), (text) => {
        const splitter = new CsvRecordSplitter(',');
        for (const r of [...splitter.push(text), ...splitter.end()]) {
          let viaCast: number[];
          try {
            const flags: number[] = [];
            parse(r.text, { ...options, cast: (v: string, ctx: { quoting: boolean; index: number }) => (v === '' && ctx.quoting && flags.push(ctx.index), v) });
            viaCast = flags;
          } catch {
            continue; // malformed: rejected whatever the scanner noted
          }
          expect(r.quotedEmpty).toEqual(viaCast);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
