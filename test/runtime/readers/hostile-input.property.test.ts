// Property tests: no reader throws on arbitrary input (random unicode, quotes, backslashes, brackets, broken
// real lines, any line breaks); every line is accounted for (read = parsed + rejected); log readers count
// exactly the physical lines of the file.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceNode } from '../../../plan/index.ts';
import { readAll } from '../../../runtime/readers/index.ts';
import { logNode, sample, sourceNode, tempFile } from './reader-fixtures.ts';

const realLines = [
  ...readFileSync(sample('access_logs/apache_logs'), 'utf8').split('\n').slice(0, 50),
  ...readFileSync(sample('aws/alb/beats/example-alb-http.log'), 'utf8').split('\n').slice(0, 9),
  ...readFileSync(sample('aws/elb_classic/beats/elb-http.log'), 'utf8').split('\n').slice(0, 5),
  ...readFileSync(sample('aws/s3_access/beats/test.log'), 'utf8').split('\n').slice(0, 6),
];

const syntax = fc.constantFrom('"', '\\', ' ', '[', ']', '-', '0', '7', ':', '/', 'a', ',', '{', '}', '\t', '\u00a0', '\u2028', 'é', '\u{1F600}', '+', 'Z', 'T', '.');
/** A real line with a random stretch replaced by random text, or truncated. */
const brokenReal = fc
  .tuple(fc.constantFrom(...realLines), fc.nat(), fc.nat(), fc.string({ unit: syntax, maxLength: 5 }))
  .map(([line, a, b, insert]) => {
    const i = a % (line.length + 1);
    const j = i + (b % 8);
    return line.slice(0, i) + insert + line.slice(j);
  });
const hostileLine = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: syntax, maxLength: 80 }),
  brokenReal,
  fc.constantFrom(...realLines),
  fc.constantFrom('', ' ', '{"a":"x","b":1,"c":"2015-05-17"}', 'x,1,2015-05-17', '"a,b",2,', '[1,2]', 'null'),
);
const eol = fc.constantFrom('\n', '\r\n', '\r', '');

const formats: [string, SourceNode][] = [
  ['common', logNode('common')],
  ['combined', logNode('combined')],
  ['elb', logNode('elb')],
  ['alb', logNode('alb')],
  ['s3access', logNode('s3access')],
  ['csv', sourceNode({ kind: 'csv', header: false, delimiter: ',' }, { a: 'string', b: 'int', c: 'date' })],
  ['csv with header', sourceNode({ kind: 'csv', header: true, delimiter: ';' }, { a: 'string', b: 'double' })],
  ['jsonl', sourceNode({ kind: 'jsonl' }, { a: 'string', b: 'long', c: 'timestamp' })],
];

/** Physical lines as Hadoop counts them: LF, CR, CRLF; nothing after a final line break. */
function physicalLines(text: string): number {
  if (text === '') return 0;
  const parts = text.split(/\r\n|\r|\n/);
  return /[\r\n]$/.test(text) ? parts.length - 1 : parts.length;
}

describe('readers on hostile input', () => {
  for (const [name, node] of formats) {
    it(`${name}: never throws; every line is read and either parsed or rejected`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(hostileLine, eol), { maxLength: 30 }),
          fc.integer({ min: 1, max: 8 }),
          fc.integer({ min: 1, max: 64 }),
          async (lines, batchSize, chunkBytes) => {
            const text = lines.map(([l, e]) => l + e).join('');
            const { table, rejects } = await readAll(node, tempFile(text), { batchSize, chunkBytes });
            expect(rejects.rowsRead).toBe(rejects.rowsParsed + rejects.rejected);
            expect(table.numRows).toBe(rejects.rowsParsed);
            if (node.format.kind !== 'csv' && node.format.kind !== 'jsonl') expect(rejects.rowsRead).toBe(physicalLines(text));
            expect(Object.values(rejects.byReason).reduce((a, b) => a + b, 0)).toBe(rejects.rejected);
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});
