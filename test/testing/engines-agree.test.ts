// expectEnginesAgree (emr-jobs/testing) on real Pig 0.17 and Spark 3.5 local: an example job agrees on both,
// a job that meets a documented engine difference fails with a readable diff, missing engines say how to
// install them. Slow: one Pig JVM and one Spark session per call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, job } from '../../dsl/index.ts';
import topPages from '../../jobs/top-pages.ts';
import { CLOUDFRONT_FIELDS, LOG_FORMATS } from '../../plan/index.ts';
import { expectEnginesAgree, logLinesOf, malformedLinesOf, runJob } from '../../testing/index.ts';

const LOG = path.resolve(import.meta.dirname, '../../../shared/data/access_logs/apache_logs');

/** Counts the non-null values per key: Pig reads a CSV `""` as null (docs/engines.md), the runtime as ''. */
// Read with multiline (CSVExcelStorage on Pig), which reads `""` as null: a known difference to show a diff with.
const nonNullValues = job('non-null-values', 'non-null values per key', (j) => {
  j.csv('t', { k: 'string', v: 'string' }, { multiline: true })
    .groupBy('k')
    .agg((r) => ({ n: count(r.v) }))
    .writeCsv('counts');
});

describe('expectEnginesAgree', () => {
  it('resolves when top-pages gives the same rows on the runtime, Pig and Spark', async () => {
    await expect(expectEnginesAgree(topPages, { logs: { file: LOG } }, { engines: ['pig', 'spark'] })).resolves.toBeUndefined();
  }, 600_000);

  it('generated valid and malformed lines of every log format read alike on the runtime, Pig and Spark', async () => {
    // One job with an input and an output per format: one Pig JVM and one Spark session for all six.
    const everyFormat = job('every-log-format', 'every column of every log format', (j) => {
      j.accessLog('common', 'common').writeCsv('common_out');
      j.accessLog('combined').writeCsv('combined_out');
      j.elbLog('elb').writeCsv('elb_out');
      j.albLog('alb').writeCsv('alb_out');
      j.s3AccessLog('s3access').writeCsv('s3access_out');
      j.cloudFrontLog('cloudfront').writeCsv('cloudfront_out');
    });
    const inputs = Object.fromEntries(
      LOG_FORMATS.map((f) => {
        const good = fc.sample(logLinesOf(f, { minLength: 20, maxLength: 20 }), { seed: 21, numRuns: 3 }).flat();
        const bad = fc.sample(malformedLinesOf(f), { seed: 22, numRuns: 3 }).flat();
        // CloudFront's header lines are skipped, but a #Fields line of another order is a reject.
        const headers = f === 'cloudfront' ? ['#Version: 1.0', `#Fields: ${CLOUDFRONT_FIELDS.join(' ')}`, '#Fields: time date'] : [];
        return [f, [...headers, ...good, ...bad.map((b) => b.line)]];
      }),
    );
    const run = await runJob(everyFormat, { inputs });
    for (const f of LOG_FORMATS) expect(run.outputs[`${f}_out`], f).toHaveLength(60);
    await expect(expectEnginesAgree(everyFormat, inputs, { engines: ['pig', 'spark'] })).resolves.toBeUndefined();
  }, 900_000);

  it('throws a diff naming the engine, the output and the differing rows when they disagree', async () => {
    const rows = [{ k: 'a', v: '' }, { k: 'a', v: 'x' }, { k: 'b', v: 'y' }];
    // The runtime's own answer, so the failure below can only come from Pig's side.
    expect((await runJob(nonNullValues, { inputs: { t: rows } })).outputs.counts).toEqual([
      { k: 'a', n: 2n },
      { k: 'b', n: 1n },
    ]);
    const failure = await expectEnginesAgree(nonNullValues, { t: rows }, { engines: ['pig'] }).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(failure).not.toBeNull();
    expect(failure).toContain("job 'non-null-values': the engines disagree");
    expect(failure).toContain('runtime vs pig:');
    expect(failure).toContain("output 'counts' [k:string, n:long]");
    expect(failure).toContain('only in runtime (1):\n    ["a","2"]');
    expect(failure).toContain('only in pig (1):\n    ["a","1"]');
    expect(failure).not.toContain('"b"');
  }, 600_000);

  it('says how to install the engines when they are missing, before running anything', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'emr-jobs-no-engines-'));
    const before = process.env.EMR_JOBS_ENGINES_DIR;
    process.env.EMR_JOBS_ENGINES_DIR = empty;
    try {
      await expect(expectEnginesAgree(topPages, { logs: { file: LOG } }, { engines: ['spark'] })).rejects.toThrow(/Apache Spark local engine is not available.*npx emr-jobs engines install/);
      await expect(expectEnginesAgree(topPages, { logs: { file: LOG } }, { engines: ['pig'] })).rejects.toThrow(/Apache Pig local engine is not available.*npx emr-jobs engines install/);
    } finally {
      if (before === undefined) delete process.env.EMR_JOBS_ENGINES_DIR;
      else process.env.EMR_JOBS_ENGINES_DIR = before;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('rejects an unknown engine name', async () => {
    await expect(expectEnginesAgree(topPages, { logs: { file: LOG } }, { engines: ['hive' as 'pig'] })).rejects.toThrow(/unknown engine 'hive'/);
  });
});
