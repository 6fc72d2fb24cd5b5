/**
 * Real-engine smoke tests: one tiny Pig script and one tiny PySpark script run
 * through the runners on a CSV with the awkward cases (comma, quote, newline,
 * empty, missing, non-BMP unicode, backslash). Needs `bash scripts/install-engines.sh`.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineMissingError } from '../../engines/engine-paths.js';
import { pigAvailable, runPig } from '../../engines/pig-runner.js';
import { runSparkBatch, runSparkScript, sparkAvailable } from '../../engines/spark-runner.js';

const TIMEOUT = 180_000;

// id,s,n — rows 4 and 5 are an empty string and a missing value.
const INPUT_CSV = [
  'id,s,n',
  '1,"a,b",10',
  '2,"say ""hi""",20',
  '3,"line1\nline2",30',
  '4,"",40',
  '5,,',
  '6,héllo 😀 日本,60',
  '7,back\\slash,70',
  '',
].join('\n');

/** Reads every visible part file of a Hadoop/Spark output folder, in name order. */
function readParts(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith('part-'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'emr-jobs-engines-test-'));
  writeFileSync(join(dir, 'in.csv'), INPUT_CSV);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('engine availability', () => {
  it('EngineMissingError names the engine and the install command', () => {
    const e = new EngineMissingError('pig', 'x is missing');
    expect(e).toBeInstanceOf(Error);
    expect(e.engine).toBe('pig');
    expect(e.message).toContain('npx emr-jobs engines install');
    // Users run it from their own project, where the package's script path means nothing.
    expect(e.message).not.toContain('scripts/install-engines.sh');
  });

  it('both engines are installed (run `bash scripts/install-engines.sh`)', () => {
    expect(pigAvailable()).toBe(true);
    expect(sparkAvailable()).toBe(true);
  });
});

describe('Pig 0.17 local mode', () => {
  it(
    'reads and writes CSV with CSVExcelStorage, doubles and datetimes in UTC',
    async () => {
      const script = join(dir, 'job.pig');
      writeFileSync(
        script,
        [
          "SET pig.datetime.default.tz 'UTC';",
          "A = LOAD '$input' USING org.apache.pig.piggybank.storage.CSVExcelStorage(',', 'YES_MULTILINE', 'UNIX', 'SKIP_INPUT_HEADER')",
          '    AS (id:int, s:chararray, n:long);',
          "B = FOREACH A GENERATE id, s, SIZE(s) AS len, n, (double)n / 100.0 AS d, ToString(ToDate(n * 1000L), 'yyyy-MM-dd\\'T\\'HH:mm:ss\\'Z\\'') AS t;",
          'C = ORDER B BY id;',
          "STORE C INTO '$output' USING org.apache.pig.piggybank.storage.CSVExcelStorage(',', 'YES_MULTILINE', 'UNIX', 'WRITE_OUTPUT_HEADER');",
          '',
        ].join('\n'),
      );
      const res = await runPig({ script, params: { input: 'in.csv', output: 'out-pig' }, cwd: dir });
      expect(res.stderr).not.toMatch(/ERROR/);
      expect(res.code).toBe(0);
      expect(readParts(join(dir, 'out-pig'))).toBe(
        [
          'id,s,len,n,d,t',
          '1,"a,b",3,10,0.1,1970-01-01T00:00:10Z',
          '2,"say ""hi""",8,20,0.2,1970-01-01T00:00:20Z',
          '3,"line1\nline2",11,30,0.3,1970-01-01T00:00:30Z',
          // Pig reads both "" and a missing field as '' (not null) and writes null and '' alike.
          '4,,0,40,0.4,1970-01-01T00:00:40Z',
          '5,,0,,,',
          // SIZE counts UTF-16 units: the emoji counts 2.
          '6,héllo 😀 日本,11,60,0.6,1970-01-01T00:01:00Z',
          '7,back\\slash,10,70,0.7,1970-01-01T00:01:10Z',
          '',
        ].join('\n'),
      );
    },
    TIMEOUT,
  );

  it(
    'reports a script error with a non-zero code and the message',
    async () => {
      const script = join(dir, 'bad.pig');
      writeFileSync(script, "A = LOAD '$input' AS (a:int);\nB = FOREACH A GENERATE nosuch;\nSTORE B INTO '$output';\n");
      const res = await runPig({ script, params: { input: 'in.csv', output: 'out-bad' }, cwd: dir });
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain('Projected field [nosuch] does not exist');
    },
    TIMEOUT,
  );
});

describe('Spark 3.5 local mode (batch runner)', () => {
  const JOB = `
import argparse
from pyspark.sql import SparkSession, functions as F

def main(argv=None, spark=None):
    p = argparse.ArgumentParser()
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    args = p.parse_args(argv)
    own = spark is None
    if own:
        spark = SparkSession.builder.appName("engines-test").getOrCreate()
    df = (spark.read
          .options(header=True, multiLine=True, quote='"', escape='"', nullValue="\\\\N", encoding="UTF-8")
          .csv(args.input, schema="id INT, s STRING, n LONG"))
    out = df.select(
        "id", "s", F.length("s").alias("len"), "n",
        (F.col("n").cast("double") / F.lit(100.0)).alias("d"),
        F.timestamp_seconds("n").alias("t"),
    ).orderBy("id")
    (out.coalesce(1).write.mode("overwrite")
        .options(header=True, quote='"', escape='"',
                 ignoreLeadingWhiteSpace=False, ignoreTrailingWhiteSpace=False)
        .csv(args.output))
    if own:
        spark.stop()

if __name__ == "__main__":
    main()
`;

  it(
    'runs scripts following the main(argv, spark) contract in one session',
    async () => {
      const script = join(dir, 'job.py');
      writeFileSync(script, JOB);
      const failing = join(dir, 'failing.py');
      writeFileSync(failing, 'def main(argv=None, spark=None):\n    raise ValueError("boom " + argv[0])\n');
      const results = await runSparkBatch(
        [
          { script, argv: ['--input', 'in.csv', '--output', 'out-spark'] },
          { script: failing, argv: ['x'] },
          { script, argv: ['--input', 'in.csv'] }, // argparse error: --output missing
        ],
        { cwd: dir },
      );
      expect(results).toHaveLength(3);
      expect(results[0]!.error).toBeUndefined();
      expect(results[0]!.ok).toBe(true);
      expect(results[1]!.ok).toBe(false);
      expect(results[1]!.error).toBe('ValueError: boom x');
      expect(results[1]!.traceback).toContain('raise ValueError');
      expect(results[2]!.ok).toBe(false);
      expect(results[2]!.error).toBe('SystemExit: 2');
      expect(results[2]!.stderr).toContain('--output');
      expect(readParts(join(dir, 'out-spark'))).toBe(
        [
          'id,s,len,n,d,t',
          '1,"a,b",3,10,0.1,1970-01-01T00:00:10.000Z',
          '2,"say ""hi""",8,20,0.2,1970-01-01T00:00:20.000Z',
          '3,"line1\nline2",11,30,0.3,1970-01-01T00:00:30.000Z',
          // With nullValue other than "", Spark reads "" as '' and a missing field as null,
          // and writes '' as "" and null as nothing.
          '4,"",0,40,0.4,1970-01-01T00:00:40.000Z',
          '5,,,,,',
          // length() counts code points: the emoji counts 1.
          '6,héllo 😀 日本,10,60,0.6,1970-01-01T00:01:00.000Z',
          '7,back\\slash,10,70,0.7,1970-01-01T00:01:10.000Z',
          '',
        ].join('\n'),
      );
    },
    TIMEOUT,
  );

  it(
    'runSparkScript runs one script',
    async () => {
      const script = join(dir, 'job2.py');
      writeFileSync(script, JOB);
      const r = await runSparkScript(script, ['--input', 'in.csv', '--output', 'out-spark2'], { cwd: dir });
      expect(r.ok).toBe(true);
      expect(readParts(join(dir, 'out-spark2'))).toContain('2,"say ""hi""",8,20,0.2,');
    },
    TIMEOUT,
  );
});
