// The ML nodes on the local runtime: split membership as an independent computation says (fast-check
// over random tables and batch sizes), and both example jobs end to end through runPlan.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { job, JobError } from '../../dsl/index.ts';
import { ml } from '../../dsl/ml/index.ts';
import { executePlan, formatValue, runPlan, tableToRows } from '../../runtime/index.ts';
import irisJob from '../../jobs/iris-classifier.ts';
import botJob from '../../jobs/bot-clusters.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-ml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = fc.record({
  id: fc.integer({ min: -1000, max: 1000 }),
  x: fc.option(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer().map((i) => i / 8)), { nil: null }),
  s: fc.option(fc.string({ unit: 'grapheme' }), { nil: null }),
  b: fc.option(fc.boolean(), { nil: null }),
});
type Row = { id: number; x: number | null; s: string | null; b: boolean | null };

/** Independently of the runtime's split: the key text from the output text of each value, then crc32. */
function expectedTrain(r: Row, seed: number, fraction: number): boolean {
  const parts = [formatValue('int', r.id), formatValue('double', r.x), r.s, formatValue('boolean', r.b)].map((v) => v ?? '');
  const key = [String(seed), ...parts].join('\u0001');
  return crc32(Buffer.from(key, 'utf8')) % 10000 < Math.round(fraction * 10000);
}

describe('split on the runtime', () => {
  it('is a partition of the rows, each on the side crc32 of its key says, whatever the batch size', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 60 }), fc.integer({ min: -99, max: 1e6 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9 }), async (rows, seed, pct, batchSize) => {
        const file = path.join(dir, `t${n++}.jsonl`);
        writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
        const plan = job('split-prop', 'split', (j) => {
          const [train, test] = ml.split(j.jsonLines('t', { id: 'int', x: 'double', s: 'string', b: 'boolean' }), pct / 100, { seed });
          train.writeCsv('train');
          test.writeCsv('test');
        }).plan();
        const { tables } = await executePlan(plan, { t: file }, { batchSize });
        const ids = (name: string) => tableToRows(tables[name]).map((r) => Number(r[0]));
        const want = rows.map((r) => expectedTrain(r, seed, pct / 100));
        expect(ids('train')).toEqual(rows.filter((_, i) => want[i]).map((r) => r.id));
        expect(ids('test')).toEqual(rows.filter((_, i) => !want[i]).map((r) => r.id));
      }),
      { numRuns: 40, seed: 20260525 },
    );
  });
  it('by named columns: rows with equal keys stay together', async () => {
    const file = path.join(dir, 'groups.jsonl');
    writeFileSync(file, Array.from({ length: 300 }, (_, i) => JSON.stringify({ user: `u${i % 20}`, v: i })).join('\n'));
    const plan = job('split-by', 'split', (j) => {
      const [train, test] = ml.split(j.jsonLines('t', { user: 'string', v: 'int' }), 0.5, { seed: 3, by: ['user'] });
      train.writeCsv('train');
      test.writeCsv('test');
    }).plan();
    const { tables } = await executePlan(plan, { t: file });
    const users = (name: string) => new Set(tableToRows(tables[name]).map((r) => r[0]));
    const train = users('train');
    expect([...users('test')].filter((u) => train.has(u))).toEqual([]);
    expect(train.size + users('test').size).toBe(20);
  });
});

type Cell = string | null;
const readCsv = (file: string): Cell[][] => parse(readFileSync(file), { cast: (v, ctx) => (v === '' && !ctx.quoting ? null : v) }) as Cell[][];
const readJsonl = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('example jobs on the runtime', () => {
  it('iris-classifier: 80/20 split, predictions of every test row, metrics and params; the same for any batch size', async () => {
    const outs = await Promise.all([8192, 7].map(async (batchSize) => {
      const out = path.join(dir, `iris-${batchSize}`);
      const r = await runPlan(irisJob.plan(), { iris: 'jobs/data/iris.data' }, { outDir: out, batchSize });
      expect(r.inputs[0]).toMatchObject({ rowsRead: 150, rowsParsed: 150, rejected: 0 });
      return out;
    }));
    const [a, b] = outs.map((o) => ['predictions.csv', 'metrics.jsonl', 'model.jsonl'].map((f) => readFileSync(path.join(o, f), 'utf8')));
    expect(b).toEqual(a);
    const [header, ...rows] = readCsv(path.join(outs[0], 'predictions.csv'));
    expect(header).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'class', 'label', 'prediction', 'probability', 'predicted_class']);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.length).toBeLessThan(45);
    for (const r of rows) {
      expect(Number(r[7])).toBeGreaterThan(1 / 3);
      expect(Number(r[7])).toBeLessThanOrEqual(1);
    }
    const correct = rows.filter((r) => r[4] === r[8]).length / rows.length;
    const metrics = readJsonl(path.join(outs[0], 'metrics.jsonl'));
    expect(metrics.map((m) => m.metric)).toEqual(['accuracy', 'f1', 'weightedPrecision', 'weightedRecall']);
    expect(metrics[0].value).toBeCloseTo(correct, 12);
    expect(correct).toBeGreaterThan(0.9);
    const params = readJsonl(path.join(outs[0], 'model.jsonl'));
    expect(params.map((p) => `${p.stage} ${p.kind} ${p.param}`)).toEqual([
      '0 stringIndexer labels', '1 vectorAssembler inputCols', '2 logisticRegression coefficientMatrix', '2 logisticRegression interceptVector', '2 logisticRegression numClasses',
    ]);
    const labels = JSON.parse(params[0].value as string) as string[];
    expect([...labels].sort()).toEqual(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
    for (const r of rows) expect(r[8]).toBe(labels[Number(r[6])]);
  });

  it('bot-clusters: every host once, in one of 4 clusters; cost and silhouette', async () => {
    const out = path.join(dir, 'bots');
    await runPlan(botJob.plan(), { logs: 'jobs/data/apache_logs' }, { outDir: out });
    const [header, ...rows] = readCsv(path.join(out, 'host_clusters.csv'));
    expect(header).toEqual(['host', 'requests', 'error_rate', 'bytes_per_request', 'distinct_paths', 'cluster']);
    const hosts = new Set(readFileSync('jobs/data/apache_logs', 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')[0]));
    // Line 8899 is rejected, but its host made other requests too.
    expect(new Set(rows.map((r) => r[0]))).toEqual(hosts);
    expect(rows).toHaveLength(hosts.size);
    expect(new Set(rows.map((r) => r[5]))).toEqual(new Set(['0', '1', '2', '3']));
    const metrics = readJsonl(path.join(out, 'metrics.jsonl'));
    const params = readJsonl(path.join(out, 'model.jsonl'));
    // The cost from the written rows, the scaler's std and the centres: sum of squared distances to each row's centre.
    const param = (name: string) => JSON.parse(params.find((p) => p.param === name)!.value as string);
    const std = param('std') as number[];
    const centres = param('clusterCenters') as number[][];
    const cost = rows.reduce((sum, r) => sum + [1, 2, 3, 4].reduce((s, c, j) => s + (Number(r[c]) / std[j] - centres[Number(r[5])][j]) ** 2, 0), 0);
    expect(metrics[0].metric).toBe('cost');
    expect(metrics[0].value as number).toBeCloseTo(cost, 6);
    expect(metrics[1].metric).toBe('silhouette');
    expect(metrics[1].value as number).toBeGreaterThan(0);
    expect(metrics[1].value as number).toBeLessThanOrEqual(1);
  });
});

describe('invalid values on the runtime', () => {
  const file = path.join(dir, 'invalid.jsonl');
  writeFileSync(file, ['{"x":1,"c":"a"}', '{"x":2,"c":"b"}', '{"x":null,"c":"a"}', '{"x":4,"c":null}', '{"x":5,"c":"a"}'].join('\n'));
  const plan = (indexer: 'error' | 'skip' | 'keep', assembler: 'error' | 'skip') =>
    job('invalid', 'invalid', (j) => {
      const t = j.jsonLines('t', { x: 'double', c: 'string' });
      ml.pipeline(t).stringIndexer('c', 'ci', { handleInvalid: indexer }).vectorAssembler(['x', 'ci'], 'f', { handleInvalid: assembler })
        .fit(ml.kMeans({ features: 'f', k: 2 })).predict(t).writeCsv('out');
    }).plan();
  const rows = async (p: ReturnType<typeof plan>) => tableToRows((await executePlan(p, { t: file })).tables.out);

  it("'skip' drops the rows a stage cannot handle; 'keep' indexes null after the labels", async () => {
    expect((await rows(plan('skip', 'skip'))).map((r) => [r[0], r[1], r[2]])).toEqual([['1.0', 'a', '0.0'], ['2.0', 'b', '1.0'], ['5.0', 'a', '0.0']]);
    expect((await rows(plan('keep', 'skip'))).map((r) => [r[0], r[2]])).toEqual([['1.0', '0.0'], ['2.0', '1.0'], ['4.0', '2.0'], ['5.0', '0.0']]);
  });
  it("'error' is a runtime JobError at the fit's job line", async () => {
    await expect(rows(plan('error', 'skip'))).rejects.toThrow(/stringIndexer: 'c' is null; set handleInvalid to 'skip' or 'keep'/);
    await expect(rows(plan('keep', 'error'))).rejects.toThrow(/vectorAssembler: x is null; set handleInvalid to 'skip'/);
    try {
      await rows(plan('keep', 'error'));
    } catch (e) {
      expect((e as JobError).describe()).toMatch(/^test\/ml\/ml-runtime\.test\.ts:\d+:\d+: runtime error: /);
    }
  });
  it('fitting on no rows is a runtime error naming the estimator', async () => {
    const empty = path.join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    await expect(executePlan(plan('skip', 'skip'), { t: empty })).rejects.toThrow(/kMeans: the training data has no rows/);
  });
});
