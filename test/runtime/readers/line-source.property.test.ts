// Property test: the line reader gives the lines of the whole file decoded at once (LF, CR and CRLF ends, no
// line after a final break, invalid UTF-8 as U+FFFD, a byte order mark dropped only at the very start and
// only for data formats), whatever the chunk size; ASCII chunks take a faster decoding path than others.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines } from '../../../runtime/readers/line-source.ts';
import { tempFile } from './reader-fixtures.ts';

const piece = fc.oneof(
  fc.constantFrom('a', 'bc', ' ', '\n', '\r', '\r\n', '\ufeff', 'é', '\u{1F600}', '\u2028').map((s) => Buffer.from(s, 'utf8')),
  fc.constantFrom(Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xe2, 0x80]), Buffer.from([0xef, 0xbb])),
  fc.string({ unit: fc.constantFrom('x', 'y', '0', '-'), minLength: 1, maxLength: 30 }).map((s) => Buffer.from(s)),
);

function expectedLines(bytes: Buffer, stripBom: boolean): string[] {
  const text = new TextDecoder('utf-8', { ignoreBOM: !stripBom }).decode(bytes);
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

describe('readLines', () => {
  it('gives the lines of the whole file decoded at once, for any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.boolean(), fc.integer({ min: 1, max: 64 }), async (pieces, stripBom, chunkBytes) => {
        const bytes = Buffer.concat(pieces);
        const got: string[] = [];
        let next = 1;
        for await (const chunk of readLines(tempFile(bytes), { stripBom, chunkBytes })) {
          expect(chunk.firstLine).toBe(next);
          next += chunk.lines.length;
          got.push(...chunk.lines);
        }
        expect(got).toEqual(expectedLines(bytes, stripBom));
      }),
      { numRuns: 400 },
    );
  });
});
