// Golden scripts: every example job compiles to the bytes in test/golden/<job>/pyspark.py
// (UPDATE_GOLDEN=1 rewrites them), the same bytes every time, and never with a Python UDF.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPySpark } from '../../../codegen/pyspark/index.ts';
import { planHash } from '../../../plan/index.ts';
import { examplePlans, ROOT } from './job-plans.ts';

const jobs = await examplePlans();

describe('PySpark golden scripts', () => {
  it('covers every job in jobs/', () => {
    expect(jobs.map((j) => j.name)).toContain('top-pages');
    expect(jobs.length).toBeGreaterThanOrEqual(5);
  });

  for (const { name, plan } of jobs) {
    it(`${name} matches test/golden/${name}/pyspark.py`, () => {
      const file = path.join(ROOT, 'test', 'golden', name, 'pyspark.py');
      const script = toPySpark(plan);
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, script);
      }
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(script).toBe(readFileSync(file, 'utf8'));
    });

    it(`${name} compiles to the same text twice, citing its plan hash and job lines`, () => {
      const script = toPySpark(plan);
      expect(toPySpark(JSON.parse(JSON.stringify(plan)))).toBe(script);
      expect(script).toContain(`# plan sha256: ${planHash(plan)}`);
      for (const n of plan.nodes) expect(script).toContain(`# ${n.loc.file}:${n.loc.line}:${n.loc.column} ${n.id}:`);
      expect(script).toMatch(/\ndef main\(argv=None, spark=None\):\n/);
      expect(script.endsWith('if __name__ == "__main__":\n    main()\n')).toBe(true);
    });

    it(`${name} uses no Python UDF, pandas or RDD`, () => {
      const script = toPySpark(plan);
      // As a word: `F.udf`, `@udf`, `udf(...)`; not inside a name such as `cloudfront`.
      expect(script.match(/\budf\b|UserDefinedFunction/gi)).toBeNull();
      expect(script).not.toMatch(/import pandas|from pandas|pandas_udf|\.rdd\b|mapPartitions|mapInPandas|applyInPandas/);
    });
  }
});
