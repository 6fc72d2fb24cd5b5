// Tests of jobs/top-pages.ts on the local runtime, in memory: `npm test`.
import { describe, expect, it } from 'vitest';
import { runJob } from 'emr-jobs/testing';
import topPages from '../jobs/top-pages.ts';

describe('top-pages', () => {
  it('counts hits and bytes per path over 2xx requests, most hits first', async () => {
    const line = (path: string, status: number, bytes: number) =>
      `10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET ${path} HTTP/1.1" ${status} ${bytes} "-" "curl/8.0"`;
    const result = await runJob(topPages, {
      inputs: { logs: { lines: [line('/a', 200, 10), line('/b', 200, 5), line('/a', 200, 1), line('/a', 404, 7), 'not a log line'] } },
    });
    expect(result.outputs.top_pages).toEqual([
      { path: '/a', hits: 2, bytes: 11 },
      { path: '/b', hits: 1, bytes: 5 },
    ]);
    expect(result.inputs.logs).toMatchObject({ read: 5, parsed: 4, rejected: 1 });
  });
});
