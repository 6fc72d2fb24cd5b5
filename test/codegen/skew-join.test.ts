// A join declared skewed: Pig joins USING 'skewed' (its left side sampled), PySpark leaves it to AQE's
// skew-join handling, which no generated script turns off. Rows are checked on the engines by the
// relational cases (test/codegen/pig/support/relational-cases.ts, skewJoins).
import { describe, expect, it } from 'vitest';
import { job } from '../../dsl/index.ts';
import { toPig } from '../../codegen/pig/index.ts';
import { toPySpark } from '../../codegen/pyspark/index.ts';
import { examplePlans } from './pyspark/job-plans.ts';

const plan = (skew: boolean) =>
  job('skew', 'x', (j) => {
    // Without headers: a header is dropped through a join of its own (pig-csv-line-source.ts).
    const a = j.csv('a', { k: 'string', n: 'long', v: 'int' }, { header: false });
    const b = j.csv('b', { k: 'string', n: 'int', w: 'int' }, { header: false });
    a.join(b, { on: ['k', 'n'], how: 'full', skew }).writeCsv('out');
  }).plan();

describe('skew: true', () => {
  it("Pig: USING 'skewed' on the one JOIN, on the widened keys", () => {
    const joins = toPig(plan(true)).split('\n').filter((l) => /= JOIN /.test(l));
    expect(joins).toEqual([expect.stringMatching(/^join_3__joined = JOIN \S+ BY \(key__1, key__2\) FULL OUTER, \S+ BY \(key__1, key__2\) USING 'skewed';$/)]);
    expect(toPig(plan(false))).not.toMatch(/USING 'skewed'/);
  });

  it('PySpark: the same join as without it, said in its comment', () => {
    const code = (skew: boolean) => toPySpark(plan(skew)).split('\n').filter((l) => !/^# plan sha256/.test(l));
    const differing = code(true).filter((l, i) => l !== code(false)[i]);
    expect(differing).toEqual([expect.stringMatching(/# .* join_3: full join on .* \(skewed left side: AQE splits its large partitions\)$/)]);
  });

  it('no generated PySpark turns AQE or its skew-join handling off', async () => {
    const scripts = [toPySpark(plan(true)), ...(await examplePlans()).map((j) => toPySpark(j.plan))];
    for (const s of scripts) expect(s).not.toMatch(/spark\.sql\.adaptive/);
  });
});
