// Error extraction from real engine output: top-pages compiled, broken on its filter line, and run on the
// local Pig and Spark; the extractor must find the error, the script line and, through the script's
// comments, the job line.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engines/engine-paths.ts';
import { pigAvailable, runPig } from '../../engines/pig-runner.ts';
import { runSparkScript, sparkAvailable } from '../../engines/spark-runner.ts';
import { citationNear } from '../../emr/job-citation.ts';
import { extractError } from '../../emr/log-errors.ts';
import { brokenBundle, compileBundle } from './emulator-fixtures.ts';

const LOGS = path.join(PROJECT_ROOT, 'jobs', 'data', 'apache_logs');
const jobLines = readFileSync(path.join(PROJECT_ROOT, 'jobs', 'top-pages.ts'), 'utf8').split('\n');
const FILTER_LINE = jobLines.findIndex((l) => l.includes('.filter(')) + 1;
const out = () => path.join(mkdtempSync(path.join(tmpdir(), 'emr-jobs-logerr-')), 'out');

describe.runIf(pigAvailable())('Pig error logs', () => {
  let broken: { dir: string; brokenLine: number };
  let stderr = '';
  beforeAll(async () => {
    broken = await brokenBundle('pig');
    const r = await runPig({ script: path.join(broken.dir, 'top-pages.pig'), params: { logs: LOGS, top_pages: out(), rejects__logs: out() } });
    expect(r.code).not.toBe(0);
    stderr = r.stderr;
  }, 180_000);

  it('finds the ERROR line, the script line it names, and the job line cited above it', () => {
    const e = extractError(stderr)!;
    expect(e.source).toBe('pig');
    expect(e.generic).toBe(false);
    expect(e.message).toMatch(/^ERROR 1025: <file .*top-pages\.pig, line \d+, column \d+> Invalid field projection\. Projected field \[statusx\] does not exist/);
    expect(e.scriptLine).toBe(broken.brokenLine);
    const c = citationNear(readFileSync(path.join(broken.dir, 'top-pages.pig'), 'utf8'), e.scriptLine!, PROJECT_ROOT)!;
    expect([c.file, c.line]).toEqual(['jobs/top-pages.ts', FILTER_LINE]);
    expect(c.source).toBe(jobLines[FILTER_LINE - 1].trim());
  });

  it('a job that fails while running: the specific cause wins over "job failed"', async () => {
    const dir = compileBundle('pig');
    const r = await runPig({ script: path.join(dir, 'top-pages.pig'), params: { logs: '/nonexistent/emr-jobs/logs', top_pages: out(), rejects__logs: out() }, logLevel: 'INFO' });
    expect(r.code).not.toBe(0);
    const e = extractError(r.stderr)!;
    expect(e.message).toBe('ERROR 2118: Input path does not exist: file:/nonexistent/emr-jobs/logs');
    expect(e.generic).toBe(false);
    // At Pig's default ERROR level only the generic errors show; the extractor says so and adds the exception.
    const quiet = extractError(r.stderr.split('\n').filter((l) => !l.startsWith('INFO') && !l.includes('2118')).join('\n'))!;
    expect(quiet.generic).toBe(true);
    expect(quiet.message).toMatch(/^ERROR (0|2244): /);
  }, 180_000);
});

describe.runIf(sparkAvailable())('PySpark error logs', () => {
  it('finds the traceback last line and the script frame, then the job line cited above it', async () => {
    const broken = await brokenBundle('spark');
    const script = path.join(broken.dir, 'top-pages.py');
    const r = await runSparkScript(script, ['--logs', LOGS, '--top_pages', out()]);
    expect(r.ok).toBe(false);
    const e = extractError(r.traceback!, 'top-pages.py')!;
    expect(e.source).toBe('python');
    expect(e.message).toMatch(/^pyspark\.errors\.exceptions\.captured\.AnalysisException: \[UNRESOLVED_COLUMN\.\w+\] A column or function parameter with name `statusx` cannot be resolved/);
    expect(e.scriptLine).toBe(broken.brokenLine);
    const c = citationNear(readFileSync(script, 'utf8'), e.scriptLine!, PROJECT_ROOT)!;
    expect([c.file, c.line]).toEqual(['jobs/top-pages.ts', FILTER_LINE]);
    expect(c.source).toBe(jobLines[FILTER_LINE - 1].trim());
  }, 180_000);
});

describe('log shapes without an engine', () => {
  it('a Spark cluster-mode client log points at the YARN application, and a Java exception is the error', () => {
    // The shape spark-submit prints in cluster mode (lines as in EMR step stderr).
    const text = [
      '25/05/17 10:05:03 INFO Client: Application report for application_1716000000000_0003 (state: FINISHED)',
      'Exception in thread "main" org.apache.spark.SparkException: Application application_1716000000000_0003 finished with failed status',
      '\tat org.apache.spark.deploy.yarn.Client.run(Client.scala:1342)',
    ].join('\n');
    const e = extractError(text)!;
    expect(e).toMatchObject({ source: 'spark', yarnApplication: 'application_1716000000000_0003', generic: true });
    expect(e.message).toBe('org.apache.spark.SparkException: Application application_1716000000000_0003 finished with failed status');
  });

  it('no error in a clean log', () => {
    expect(extractError('INFO all good\nINFO Step succeeded with exitCode 0 and took 3 seconds\n')).toBeNull();
  });
});
