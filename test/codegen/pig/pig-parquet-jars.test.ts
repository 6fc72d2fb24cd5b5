// The jars a Parquet Pig script REGISTERs are the ones engines/pig/pom.xml pins (the local engine runs with
// those), a top-n's the package's own (TopN), and the script names each one under the `emr_jobs_pig_lib`
// parameter, where the runner and the submitter read the names back.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPig } from '../../../codegen/pig/index.ts';
import { registeredPigLibJars } from '../../../codegen/pig/pig-lib.ts';
import { jarFileName, needsPigLib, PARQUET_PIG_ARTIFACTS } from '../../../codegen/pig/pig-parquet.ts';
import { job } from '../../../dsl/index.ts';
import { ROOT } from '../pyspark/job-plans.ts';

const pom = readFileSync(path.join(ROOT, 'engines/pig/pom.xml'), 'utf8');

describe('Parquet jars of Pig scripts', () => {
  it("are parquet-pig at the POM's pinned version and the parquet-mr jars of the same version", () => {
    const version = /<parquet\.version>([^<]+)<\/parquet\.version>/.exec(pom)![1];
    const parquet = PARQUET_PIG_ARTIFACTS.filter((a) => a.startsWith('org.apache.parquet:'));
    expect(parquet.map((a) => a.split(':')[2])).toEqual(parquet.map(() => version));
    expect(parquet.map((a) => a.split(':')[1])).toContain('parquet-pig');
    expect(pom).toContain('<artifactId>parquet-pig</artifactId>');
  });

  it('are REGISTERed once, before the first Parquet statement, only by scripts that use Parquet', () => {
    const both = job('pq', 'parquet in and out', (j) => {
      j.parquet('a', { id: 'int' }).writeParquet('b');
    }).plan();
    const csv = job('plain', 'csv only', (j) => {
      j.csv('a', { id: 'int' }).writeCsv('b');
    }).plan();
    const script = toPig(both);
    const registers = script.split('\n').filter((l) => l.startsWith('REGISTER'));
    expect(registers).toEqual(PARQUET_PIG_ARTIFACTS.map((a) => `REGISTER '$emr_jobs_pig_lib/${jarFileName(a)}';`));
    expect(script.indexOf('REGISTER')).toBeLessThan(script.indexOf('ParquetLoader'));
    expect(script).toMatch(/^-- run: pig .* -param emr_jobs_pig_lib=<folder of the jars it REGISTERs> pq\.pig$/m);
    expect(needsPigLib(both)).toBe(true);
    expect(needsPigLib(csv)).toBe(false);
    expect(toPig(csv)).not.toContain('REGISTER');
  });

  it("a top-n REGISTERs the package's jar once, beside the Parquet jars when it has them", () => {
    const top = job('top', 'top 2 twice', (j) => {
      const sorted = j.csv('a', { id: 'int' }).orderBy(['id', 'desc']);
      sorted.limit(2).writeCsv('b');
      sorted.limit(1).writeParquet('c');
    }).plan();
    const script = toPig(top);
    expect(needsPigLib(top)).toBe(true);
    expect(registeredPigLibJars(script)).toEqual(['emr-jobs-udf.jar', ...PARQUET_PIG_ARTIFACTS.map(jarFileName)]);
    expect(script.split('\n').filter((l) => l.includes('emr-jobs-udf.jar'))).toHaveLength(1);
  });
});
