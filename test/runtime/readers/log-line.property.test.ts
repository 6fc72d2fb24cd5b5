// Property tests: generated valid Common/Combined lines round-trip through the reader (field values are
// generated first, the line is formatted from them, and the parsed row must give them back), whatever the
// batch size and read chunk size; CLF times agree with an oracle built on Date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAll } from '../../../runtime/readers/index.ts';
import { parseClfTime } from '../../../runtime/readers/time-parse.ts';
import { logNode, rows, tempFile } from './reader-fixtures.ts';

const ASCII_SPACE = /[ \t\n\x0B\f\r]/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const tricky = fc.constantFrom('"', '\\', '[', ']', '-', ':', '/', '\u00a0', '\u0085', '\u2028', '\ufeff', 'é', '\u{1F600}');
/** A character Java's `\S` accepts (anything but ASCII whitespace). */
const nonSpace = fc.oneof(anyChar, tricky).filter((c) => !ASCII_SPACE.test(c));
const token = fc.string({ unit: nonSpace, minLength: 1, maxLength: 10 });
/** Inside quotes: any character but `"`, `\` and line breaks, or a backslash escape of a printable one. */
const quotedUnit = fc.oneof(
  fc.oneof(anyChar, tricky).filter((c) => c !== '"' && c !== '\\' && c !== '\n' && c !== '\r'),
  fc.constantFrom('\\"', '\\\\', '\\x', '\\t', '\\ '),
);
const quoted = fc.string({ unit: quotedUnit, maxLength: 20 });
const requestToken = fc.string({ unit: fc.oneof(nonSpace.filter((c) => c !== '"' && c !== '\\'), fc.constantFrom('\\"', '\\\\')), minLength: 1, maxLength: 10 });

type Req = { text: string; method: string | null; path: string | null; protocol: string | null };
const request: fc.Arbitrary<Req> = fc.oneof(
  fc.tuple(requestToken, requestToken, requestToken).map(([m, p, v]) => ({ text: `${m} ${p} ${v}`, method: m, path: p, protocol: v })),
  fc.tuple(requestToken, requestToken).map(([m, p]) => ({ text: `${m} ${p}`, method: m, path: p, protocol: null })),
  fc.constant({ text: '-', method: null, path: null, protocol: null }),
  // a leading space never has the METHOD PATH [PROTOCOL] shape: the whole text is the path
  quoted.map((q) => ({ text: ` ${q}`, method: null, path: ` ${q}`, protocol: null })),
);

const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** Whole seconds, years 1001-9998 (four digits even after the offset); offsets within ±18:00. */
const instant = fc.integer({ min: Date.UTC(1001, 0, 1), max: Date.UTC(9998, 11, 31, 23, 59, 59) }).map((ms) => ms - (((ms % 1000) + 1000) % 1000));
const offsetMinutes = fc.integer({ min: -18 * 60, max: 18 * 60 });

function clfTime(ms: number, offset: number): string {
  const d = new Date(ms + offset * 60_000);
  const o = Math.abs(offset);
  return `${pad(d.getUTCDate(), 2)}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:` +
    `${pad(d.getUTCSeconds(), 2)} ${offset < 0 ? '-' : '+'}${pad(Math.floor(o / 60), 2)}${pad(o % 60, 2)}`;
}

const dashOr = <T>(a: fc.Arbitrary<T>) => fc.oneof(fc.constant('-' as const), a);
const entry = fc.record({
  host: token,
  ident: dashOr(token),
  user: dashOr(token),
  time: instant,
  offset: offsetMinutes,
  request,
  status: fc.integer({ min: 0, max: 999 }),
  bytes: dashOr(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n })),
  referer: dashOr(quoted),
  agent: dashOr(quoted),
  trailing: fc.constantFrom('', ' ', '\t', ' \x0B\f'),
});
type Entry = typeof entry extends fc.Arbitrary<infer T> ? T : never;

const nullIfDash = (s: string) => (s === '-' ? null : s);

function format(e: Entry, combined: boolean): string {
  const common = `${e.host} ${e.ident} ${e.user} [${clfTime(e.time, e.offset)}] "${e.request.text}" ${pad(e.status, 3)} ${e.bytes}`;
  return (combined ? `${common} "${e.referer}" "${e.agent}"` : common) + e.trailing;
}

function expected(e: Entry, combined: boolean): Record<string, unknown> {
  const row: Record<string, unknown> = {
    host: e.host, ident: nullIfDash(e.ident), user: nullIfDash(e.user), time: e.time,
    method: e.request.method, path: e.request.path, protocol: e.request.protocol,
    status: e.status, bytes: e.bytes === '-' ? null : e.bytes,
  };
  return combined ? { ...row, referer: nullIfDash(e.referer), agent: nullIfDash(e.agent) } : row;
}

describe('access log lines round-trip', () => {
  for (const combined of [true, false]) {
    it(`${combined ? 'combined' : 'common'}: every generated line parses back to its fields`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(entry, { minLength: 1, maxLength: 25 }),
          fc.constantFrom('\n', '\r\n', '\r'),
          fc.integer({ min: 1, max: 10 }),
          fc.integer({ min: 1, max: 300 }),
          async (entries, eol, batchSize, chunkBytes) => {
            const text = entries.map((e) => format(e, combined) + eol).join('');
            const { table, rejects } = await readAll(logNode(combined ? 'combined' : 'common'), tempFile(text), { batchSize, chunkBytes });
            expect(rejects.byReason).toEqual({});
            expect(rows(table)).toEqual(entries.map((e) => expected(e, combined)));
            expect(table.batches.every((b) => b.numRows <= batchSize)).toBe(true);
          },
        ),
        { numRuns: 150 },
      );
    });
  }
});

describe('CLF time parsing', () => {
  it('gives back the generated instant for any offset', () => {
    fc.assert(fc.property(instant, offsetMinutes, (ms, off) => parseClfTime(clfTime(ms, off)) === ms), { numRuns: 2000 });
  });

  it('accepts exactly the calendar dates and clock times that exist (oracle: Date.UTC round trip)', () => {
    const part = (max: number, w: number) => fc.integer({ min: 0, max }).map((n) => pad(n, w));
    fc.assert(
      fc.property(part(39, 2), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1000, max: 9999 }), part(29, 2), part(69, 2), part(69, 2), (dd, mo, y, hh, mi, ss) => {
        const text = `${dd}/${MONTHS[mo]}/${y}:${hh}:${mi}:${ss} +0000`;
        const ms = Date.UTC(y, mo, +dd, +hh, +mi, +ss);
        const d = new Date(ms);
        const exists = d.getUTCDate() === +dd && d.getUTCMonth() === mo && d.getUTCHours() === +hh && d.getUTCMinutes() === +mi && d.getUTCSeconds() === +ss;
        expect(parseClfTime(text)).toBe(exists ? ms : null);
      }),
      { numRuns: 3000 },
    );
  });
});
