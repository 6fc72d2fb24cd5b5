// The emr-jobs/testing arbitraries keep their promises on the real runtime: valid log lines of every format
// parse back to the row they were written from, malformed ones are rejected with their stated reason, and
// rows of any schema survive a pass-through job through CSV and JSON lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { job } from '../../dsl/index.ts';
import { COLUMN_TYPES, LOG_FORMATS, type ColumnType, type LogFormat } from '../../plan/index.ts';
import { logLine, logRecordOf, malformedLineOf, rowsOf, runJob, type Row } from '../../testing/index.ts';

/** source → sink over one log format: every column as read (no checks: an empty output is an outcome here). */
const passThrough = (format: LogFormat) =>
  job(`pass-${format}`, 'every column as read', (j) => {
    const src = { combined: () => j.accessLog('logs'), common: () => j.accessLog('logs', 'common'), elb: () => j.elbLog('logs'), alb: () => j.albLog('logs'), s3access: () => j.s3AccessLog('logs'), cloudfront: () => j.cloudFrontLog('logs') }[format]();
    src.writeCsv('out');
  });

const outputOf = (run: { outputs: Record<string, Row[]> }) => Object.values(run.outputs)[0];

describe.each(LOG_FORMATS)('%s lines', (format) => {
  it('valid lines parse with no reject, each to the row it was written from', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(logRecordOf(format), { minLength: 1, maxLength: 25 }), async (records) => {
        const run = await runJob(passThrough(format), { inputs: { logs: records.map((r) => r.line) } });
        expect(run.inputs.logs.rejects).toEqual([]);
        expect(outputOf(run)).toEqual(records.map((r) => r.row));
      }),
      { numRuns: 40, seed: 7 },
    );
  }, 120_000);

  it('malformed lines are all rejected, each with its stated reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(malformedLineOf(format), { minLength: 1, maxLength: 20 }), async (bad) => {
        const run = await runJob(passThrough(format), { inputs: { logs: bad.map((b) => b.line) } });
        expect(outputOf(run)).toEqual([]);
        expect(run.inputs.logs.rejects.map((r) => [r.line, r.reason, r.text])).toEqual(bad.map((b, i) => [i + 1, b.reason, b.line]));
      }),
      { numRuns: 30, seed: 8 },
    );
  }, 120_000);

  it('malformed lines cover every reason a line of the format can be rejected for', () => {
    const reasons = new Set(fc.sample(malformedLineOf(format), { seed: 9, numRuns: 300 }).map((m) => m.reason));
    expect([...reasons].sort()).toEqual(['bad-number', 'bad-time', 'no-match']);
  });
});

describe('logLine', () => {
  it('names the column a value cannot be written to', () => {
    expect(() => logLine('common', { host: 'a b', time: new Date(0), status: 200 })).toThrow(/column 'host' .* without whitespace/);
    expect(() => logLine('common', { host: 'h', time: new Date(1), status: 200 })).toThrow(/column 'time': the format logs whole seconds/);
    expect(() => logLine('combined', { host: 'h', time: new Date(0), status: 200, agent: 'say "hi"' })).toThrow(/column 'agent' is a quoted field/);
  });

  it('writes the line a reader expects', () => {
    const row = { host: '10.0.0.1', time: new Date('2015-05-17T10:05:03Z'), method: 'GET', path: '/a', protocol: 'HTTP/1.1', status: 200, bytes: 12n };
    expect(logLine('common', row)).toBe('10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 12');
    expect(logLine('common', row, { offsetMinutes: -330 })).toBe('10.0.0.1 - - [17/May/2015:04:35:03 -0530] "GET /a HTTP/1.1" 200 12');
  });
});

describe('rowsOf', () => {
  const schemaArb = fc
    .uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.constantFrom(...COLUMN_TYPES)), { minLength: 1, maxLength: 5, selector: ([n]) => n })
    .map((cols) => Object.fromEntries(cols) as Record<string, ColumnType>);

  it.each(['csv', 'csv-multiline', 'jsonl'] as const)('rows of any schema round-trip through a pass-through %s job', async (format) => {
    await fc.assert(
      fc.asyncProperty(
        schemaArb.chain((schema) => fc.tuple(fc.constant(schema), rowsOf(schema, { format, maxLength: 15 }))),
        async ([schema, rows]) => {
          const pass = job('pass-rows', 'rows as read', (j) =>
            (format === 'jsonl' ? j.jsonLines('t', schema) : j.csv('t', schema, { multiline: format === 'csv-multiline' })).writeJson('out'));
          const run = await runJob(pass, { inputs: { t: rows } });
          expect(run.inputs.t.rejects).toEqual([]);
          expect(run.outputs.out).toEqual(rows.map((r) => Object.fromEntries(Object.keys(schema).map((k) => [k, r[k]]))));
        },
      ),
      { numRuns: 60, seed: 10 },
    );
  }, 120_000);

  it('draws the hostile values: nulls, empty strings, quotes, commas, line breaks, non-BMP text, extremes', () => {
    const rows = fc.sample(rowsOf({ s: 'string', n: 'long', d: 'double' }, { minLength: 5, format: 'csv-multiline' }), { seed: 11, numRuns: 200 }).flat();
    const strings = rows.map((r) => r.s).filter((s): s is string => typeof s === 'string');
    expect(rows.some((r) => r.s === null)).toBe(true);
    for (const probe of [(s: string) => s === '', (s: string) => s.includes('"'), (s: string) => s.includes(','), (s: string) => /[\r\n]/.test(s), (s: string) => /[\u{10000}-\u{10FFFF}]/u.test(s)]) {
      expect(strings.some(probe), String(probe)).toBe(true);
    }
    expect(rows.some((r) => r.n === 9223372036854775807n || r.n === -9223372036854775808n)).toBe(true);
    expect(rows.some((r) => Number.isNaN(r.d))).toBe(true);
  });

  it("format 'csv' (a record per line) draws no line breaks; a line break given for such an input is an error naming the row", async () => {
    const rows = fc.sample(rowsOf({ s: 'string' }, { minLength: 5 }), { seed: 11, numRuns: 200 }).flat();
    expect(rows.some((r) => typeof r.s === 'string' && /[\r\n]/.test(r.s))).toBe(false);
    const pass = job('pass-lines', 'rows as read', (j) => j.csv('t', { s: 'string' }).writeJson('out'));
    await expect(runJob(pass, { inputs: { t: [{ s: 'ok' }, { s: 'two\nlines' }] } })).rejects.toThrow(/input 't' row 2: .*line break.*multiline: true/);
  });
});
