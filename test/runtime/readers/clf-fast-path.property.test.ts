// Property tests: the byte-level fast path of the Common/Combined reader accepts exactly the lines the
// regex path accepts, with the same values, and leaves every rejection (line, reason, detail, text) to the
// regex path, whatever the projection, chunk size and line ends. The oracle decodes each line and runs
// logLineParser alone, as the reader did before it had a fast path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_SCHEMAS } from '../../../plan/index.ts';
import type { Cell } from '../../../runtime/readers/cell.ts';
import { readAll } from '../../../runtime/readers/index.ts';
import { logLineParser } from '../../../runtime/readers/log-line-parser.ts';
import { escapeRejectText } from '../../../runtime/rejects.ts';
import { logNode, rows, sample, tempDir, tempFile } from './reader-fixtures.ts';

const T = '[17/May/2015:10:05:03 +0000]';
const good = [
  `1.2.3.4 - - ${T} "GET /a HTTP/1.1" 200 123 "-" "Mozilla/5.0 (X11, Linux)"`,
  `h"q,x id u [29/Feb/2016:23:59:59 -0700] "GET /b?x=1,2 HTTP/1.0" 201 007 "" ""`,
  `::1 - bob [01/Jan/1970:00:00:00 +1800] "-" 408 - "r" "a \\" b \\\\"`,
  ...readFileSync(sample('access_logs/apache_logs'), 'utf8').split('\n').slice(0, 20),
];
/** Pieces that change how a line matches or converts: escapes, whitespace, invalid UTF-8, line terminators. */
const pieces: Buffer[] = [
  '\\"', '\\\\', '\\', '"', '\t', ' ', '  ', ']', '[', '-', ',', '9', '0', '\x0b', '\f', 'é', '\u{1F600}', '\ufeff',
  '\\\u2028', '\\\u0085', '\\\u2029', '\u2028', '\r', '\n', '\r\n', '9223372036854775807', '9223372036854775808',
  '99999999999999999999', '123456789012345678', '1234567890123456', '000000000000000000001', 'Feb', 'may', '+1801', '-1800', '+0060',
].map((s) => Buffer.from(s, 'utf8'));
const invalid = [Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xe2, 0x80]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xc2, 0x85])];

/** A good line with a few pieces inserted or written over, or cut short. */
const mutated = fc
  .tuple(
    fc.constantFrom(...good),
    fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...pieces), fc.constantFrom(...invalid)), fc.nat({ max: 3 })), { maxLength: 3 }),
    fc.option(fc.nat(), { nil: undefined }),
  )
  .map(([line, edits, cut]) => {
    let b = Buffer.from(line, 'utf8');
    for (const [at, piece, drop] of edits) {
      const i = at % (b.length + 1);
      b = Buffer.concat([b.subarray(0, i), piece, b.subarray(Math.min(b.length, i + drop))]);
    }
    return cut === undefined ? b : b.subarray(0, cut % (b.length + 1));
  });
/** Fields put together from pieces: dates, offsets and sizes at and past their limits. */
const built = fc
  .record({
    host: fc.constantFrom('1.2.3.4', 'h\u00e9', '-', 'a"b', '\ufeffx'),
    day: fc.constantFrom('17', '29', '30', '31', '00', '1a'),
    month: fc.constantFrom('May', 'Feb', 'Apr', 'Dec', 'MAY', 'Xyz'),
    year: fc.constantFrom('2015', '2016', '1900', '2000', '0000', '9999', '201'),
    clock: fc.constantFrom('10:05:03', '23:59:59', '24:00:00', '23:60:00', '23:59:60', '00:00:00', '1:00:00'),
    offset: fc.constantFrom('+0000', '-0700', '+0530', '+1800', '-1800', '+1801', '+0060', '0000', '+00000', '-0000'),
    request: fc.constantFrom('GET /a HTTP/1.1', 'GET /a', '-', '', 'GET  /a', ' GET /a', 'GET /a b c', 'GET\t/a', '- - -', '\\"x\\"', 'GET /\\\u0085 HTTP/1.1', 'GET /\\\u2028'),
    status: fc.constantFrom('200', '099', '000', '2000', '20'),
    bytes: fc.constantFrom('-', '0', '123', '007', '123456789012345', '1234567890123456', '123456789012345678', '9223372036854775807', '9223372036854775808', '99999999999999999999', '--', ''),
    tail: fc.constantFrom(' "-" "-"', ' "r" "a, b"', ' "-" "x" \t', '', ' "-"', ' "-" "-" x', ' "-" "a\\\u0085b"', ' "\\\u2029" "-"', ' "\\\u00e9" "\\\\"'),
  })
  .map((f) => Buffer.from(`${f.host} - - [${f.day}/${f.month}/${f.year}:${f.clock} ${f.offset}] "${f.request}" ${f.status} ${f.bytes}${f.tail}`, 'utf8'));
const anyLine = fc.oneof(mutated, built, fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)), fc.constant(Buffer.alloc(0)));
const eol = fc.constantFrom('\n', '\r\n', '\r');

/** Physical lines as Hadoop's reader splits them (LF, CR, CRLF; no empty line after a final break). */
function physicalLines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let s = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 10 && b !== 13) continue;
    out.push(bytes.subarray(s, i));
    if (b === 13 && bytes[i + 1] === 10) i++;
    s = i + 1;
  }
  if (s < bytes.length) out.push(bytes.subarray(s));
  return out;
}

/** The regex path alone: rows (projected, as rows() gives them) and rejects file lines. */
function oracle(format: 'common' | 'combined', path: string, columns: readonly string[] | undefined) {
  const parser = logLineParser(format, undefined);
  const schema = LOG_SCHEMAS[format];
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const out: Record<string, unknown>[] = [];
  const rejects: string[] = [];
  physicalLines(readFileSync(path)).forEach((bytes, k) => {
    const text = decoder.decode(bytes);
    const row: Cell[] = new Array(parser.width).fill(null);
    const r = parser.parse(text, row);
    if (r) {
      const why = r.detail ? `${r.reason}: ${r.detail}` : r.reason;
      rejects.push(`${path}:${k + 1}\t${escapeRejectText(why)}\t${escapeRejectText(text)}\n`);
      return;
    }
    const obj: Record<string, unknown> = {};
    schema.forEach((f, i) => {
      if (columns !== undefined && !columns.includes(f.name)) return;
      const v = row[i];
      obj[f.name] = f.type === 'long' && typeof v === 'number' ? BigInt(v) : v;
    });
    out.push(obj);
  });
  return { rows: out, rejects: rejects.join('') };
}

const projections: (readonly string[] | undefined)[] = [undefined, ['time', 'status', 'bytes'], ['path', 'status', 'bytes'], ['host', 'agent'], ['method', 'protocol']];

describe('CLF fast path agrees with the regex path', () => {
  for (const format of ['combined', 'common'] as const) {
    it(`${format}: same rows and the same rejects for any lines, projection and chunk size`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(anyLine, eol), { minLength: 1, maxLength: 30 }),
          fc.boolean(),
          fc.constantFrom(...projections),
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 1, max: 7 }),
          async (lines, finalBreak, projection, chunkBytes, batchSize) => {
            const columns = format === 'common' ? projection?.filter((c) => c !== 'agent') : projection;
            const parts = lines.flatMap(([l, e], i) => (i < lines.length - 1 || finalBreak ? [l, Buffer.from(e)] : [l]));
            const path = tempFile(Buffer.concat(parts), 'in.log');
            const rejectsPath = join(tempDir(), 'rejects');
            const { table, rejects } = await readAll(logNode(format), path, { columns, chunkBytes, batchSize, rejectsPath });
            const want = oracle(format, path, columns);
            expect(rows(table)).toEqual(want.rows);
            expect(rejects.rejected === 0 ? '' : readFileSync(rejectsPath, 'utf8')).toBe(want.rejects);
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
