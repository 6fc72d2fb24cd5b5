// Tests of jobs/top-pages.ts, on the local runtime and in memory: `npm test`. More in emr-jobs' docs/testing.md,
// including expectEnginesAgree, which runs the job's Pig and PySpark on real local engines.
import { describe, expect, it } from 'vitest';
import { fc, logLinesOf, malformedLinesOf, runJob } from 'emr-jobs/testing';
import topPages from '../jobs/top-pages.ts';

const line = (path: string, status: number, bytes: number) =>
  `10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET ${path} HTTP/1.1" ${status} ${bytes} "-" "curl/8.0"`;

describe('top-pages', () => {
  it('counts hits and bytes per path over 2xx requests, most hits first, and rejects what is not a log line', async () => {
    const run = await runJob(topPages, {
      inputs: { logs: [line('/a', 200, 10), line('/b', 200, 5), line('/a', 204, 1), line('/a', 404, 7), 'not a log line'] },
    });
    // count() and sum() of a long column are longs: bigints in JavaScript.
    expect(run.outputs.top_pages).toEqual([
      { path: '/a', hits: 2n, bytes: 11n },
      { path: '/b', hits: 1n, bytes: 5n },
    ]);
    expect(run.inputs.logs).toMatchObject({ read: 5, parsed: 4, rejected: 1 });
    expect(run.inputs.logs.rejects).toEqual([{ line: 5, reason: 'no-match', text: 'not a log line' }]);
  });

  it('runs on the bundled sample', async () => {
    const run = await runJob(topPages, { inputs: { logs: { file: 'data/access.log' } } });
    expect(run.outputs.top_pages.length).toBe(10);
    expect(run.inputs.logs.rejected).toBe(0);
  });

  it('never counts more hits than there are valid lines, and rejects every malformed one', async () => {
    await fc.assert(
      fc.asyncProperty(logLinesOf('combined'), malformedLinesOf('combined'), async (good, bad) => {
        const run = await runJob(topPages, { inputs: { logs: [...good, ...bad.map((b) => b.line)] } });
        const hits = run.outputs.top_pages.reduce((n, r) => n + (r.hits as bigint), 0n);
        expect(hits).toBeLessThanOrEqual(BigInt(good.length));
        expect(run.inputs.logs.rejected).toBe(bad.length);
      }),
      { numRuns: 30 },
    );
  });
});
