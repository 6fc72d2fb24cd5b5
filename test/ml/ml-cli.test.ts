// `emr-jobs run iris-classifier --local jobs/data/iris.data`: the CLI runs an ML job like any other and
// prints its outputs, metrics among them.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli/cli-harness.ts';

const out = tempDir('ml');
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('emr-jobs run with ML stages', () => {
  it('iris-classifier --local: writes predictions, metrics and the model, and prints the metrics', async () => {
    const r = await cli(['run', 'iris-classifier', '--local', 'jobs/data/iris.data', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('metrics: first 4 of 4 rows');
    const metrics = readFileSync(path.join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { metric: string; value: number });
    expect(metrics.map((m) => m.metric)).toEqual(['accuracy', 'f1', 'weightedPrecision', 'weightedRecall']);
    for (const m of metrics) expect(r.stdout).toMatch(new RegExp(`│ ${m.metric} +│ ${String(m.value).replace('.', '\\.')}`));
    expect(r.stdout).toMatch(/│ model +│ 5 +│/);
  }, 120_000);

  it('compile --target pig explains that ML stages run on Spark', async () => {
    const r = await cli(['compile', 'iris-classifier', '--target', 'pig', '--out', path.join(out, 'pig')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/jobs\/iris-classifier\.ts:12:\d+: unsupported error: pig cannot express an ML stage/);
  }, 120_000);
});
