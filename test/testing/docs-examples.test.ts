// The examples of docs/testing.md, run as written (the engines-agree one is engines-agree.test.ts), so the
// page cannot drift from the code.
import { expect, it } from 'vitest';
import statusByHost from '../../jobs/status-by-host.ts';
import topPages from '../../jobs/top-pages.ts';
import { fc, logLine, logLinesOf, malformedLinesOf, rowsOf, runJob } from '../../testing/index.ts';

it('counts 2xx hits per path and rejects what is not a log line', async () => {
  const run = await runJob(topPages, {
    inputs: {
      logs: [
        '10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 12 "-" "curl"',
        '10.0.0.2 - - [17/May/2015:10:05:04 +0000] "GET /a HTTP/1.1" 200 30 "-" "curl"',
        '10.0.0.2 - - [17/May/2015:10:05:05 +0000] "GET /b HTTP/1.1" 404 0 "-" "curl"',
        'not a log line',
      ],
    },
  });
  expect(run.outputs.top_pages).toEqual([{ path: '/a', hits: 2n, bytes: 42n }]);
  expect(run.inputs.logs).toMatchObject({ read: 4, parsed: 3, rejected: 1 });
  expect(run.inputs.logs.rejects).toEqual([{ line: 4, reason: 'no-match', text: 'not a log line' }]);
});

it('never reports more hits than 2xx lines, whatever the log holds', async () => {
  await fc.assert(
    fc.asyncProperty(logLinesOf('combined'), malformedLinesOf('combined'), async (good, bad) => {
      const run = await runJob(topPages, { inputs: { logs: [...good, ...bad.map((b) => b.line)] } });
      const hits = run.outputs.top_pages.reduce((n, r) => n + (r.hits as bigint), 0n);
      expect(hits).toBeLessThanOrEqual(BigInt(good.length));
      expect(run.inputs.logs.rejected).toBe(bad.length);
    }),
    { numRuns: 30, seed: 12 },
  );
}, 60_000);

it('reads generated host rows without a reject', async () => {
  const hosts = { host: 'string', owner: 'string', kind: 'string' } as const;
  await fc.assert(
    fc.asyncProperty(rowsOf(hosts), logLinesOf('combined'), async (rows, lines) => {
      const run = await runJob(statusByHost, { inputs: { hosts: rows, logs: lines } });
      expect(run.inputs.hosts.rejected).toBe(0);
      expect(run.inputs.hosts.parsed).toBe(rows.length);
    }),
    { numRuns: 20, seed: 13 },
  );
}, 60_000);

it('logLine writes the documented line', () => {
  const row = { host: '10.0.0.1', time: new Date('2015-05-17T10:05:03Z'), method: 'GET', path: '/a', protocol: 'HTTP/1.1', status: 200, bytes: 12n };
  expect(logLine('common', row)).toBe('10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 12');
});
