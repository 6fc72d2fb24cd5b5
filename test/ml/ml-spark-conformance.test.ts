// The ML nodes on Apache Spark 3.5 (local mode, one session for every case) against the local runtime,
// within the tolerances docs/ml.md states: both example jobs, the PySpark bundle `emr-jobs compile` writes,
// and seeded cases (binary, multiclass, regression, clusters, a split over every column type).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPySpark } from '../../codegen/pyspark/index.ts';
import { runSparkBatch, sparkAvailable } from '../../engines/spark-runner.ts';
import { inputNames, sinks, type FitNode, type Plan } from '../../plan/index.ts';
import { executePlan, tableToRows } from '../../runtime/index.ts';
import botJob from '../../jobs/bot-clusters.ts';
import irisJob from '../../jobs/iris-classifier.ts';
import { cli } from '../cli/cli-harness.ts';
import { readSparkOutput } from '../harness/spark-harness.ts';
import { clustersPlan, mlCases, type MlCase } from './ml-spark-cases.ts';

type Rows = (string | null)[][];
type Outputs = Record<string, Rows>;

const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-ml-spark-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spark = new Map<string, Outputs>();
const local = new Map<string, Outputs>();
let bundleOutputs: Outputs = {};
let cases: MlCase[] = [];

function sparkJob(plan: Plan, inputs: Record<string, string>, caseDir: string, script: string) {
  mkdirSync(caseDir, { recursive: true });
  const argv = [
    ...inputNames(plan).flatMap((n) => [`--${n}`, path.resolve(inputs[n])]),
    ...sinks(plan).flatMap((s) => [`--${s.output}`, path.join(caseDir, 'out', s.output)]),
  ];
  const read = () => Object.fromEntries(sinks(plan).map((s) => [s.output, readSparkOutput(path.join(caseDir, 'out', s.output), s)]));
  return { job: { script, argv }, read };
}

beforeAll(async () => {
  cases = [
    { name: 'iris', plan: irisJob.plan(), inputs: { iris: 'jobs/data/iris.data' } },
    { name: 'bots', plan: botJob.plan(), inputs: { logs: 'jobs/data/apache_logs' } },
    ...mlCases(dir),
  ];
  const bundle = path.join(dir, 'bundle');
  const compiled = await cli(['compile', 'iris-classifier', '--target', 'pyspark', '--out', bundle]);
  expect(compiled.code, compiled.stderr).toBe(0);
  const prepared = cases.map((c) => {
    const script = path.join(dir, c.name, 'job.py');
    mkdirSync(path.dirname(script), { recursive: true });
    writeFileSync(script, toPySpark(c.plan));
    return sparkJob(c.plan, c.inputs, path.join(dir, c.name), script);
  });
  const fromBundle = sparkJob(cases[0].plan, cases[0].inputs, path.join(dir, 'bundle-run'), path.join(bundle, 'iris-classifier.py'));
  const results = await runSparkBatch([...prepared.map((p) => p.job), fromBundle.job], { timeoutMs: 1_500_000 });
  results.forEach((r, i) => expect(r.ok, `${cases[i]?.name ?? 'bundle'}: ${r.error}\n${r.traceback}`).toBe(true));
  cases.forEach((c, i) => spark.set(c.name, prepared[i].read()));
  bundleOutputs = fromBundle.read();
  for (const c of cases) {
    const { tables } = await executePlan(c.plan, c.inputs);
    local.set(c.name, Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, tableToRows(t)])));
  }
}, 1_800_000);

const both = (name: string, output: string): [Rows, Rows] => [spark.get(name)![output], local.get(name)![output]];
const metricsOf = (rows: Rows) => Object.fromEntries(rows.map((r) => [r[0]!, Number(r[1])]));
const paramsOf = (rows: Rows) => Object.fromEntries(rows.map((r) => [`${r[1]}.${r[2]}`, JSON.parse(r[3]!) as unknown]));
const sortRows = (rows: Rows) => rows.map((r) => JSON.stringify(r)).sort();

/** Rows matched by their first `k` cells (the input columns); both sides must hold the same keys. */
function matched(a: Rows, b: Rows, k: number): [(string | null)[], (string | null)[]][] {
  const key = (r: (string | null)[]) => JSON.stringify(r.slice(0, k));
  const order = (rows: Rows) => [...rows].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  const [sa, sb] = [order(a), order(b)];
  expect(sa.map(key)).toEqual(sb.map(key));
  return sa.map((r, i) => [r, sb[i]]);
}

/** Share of matched rows whose cell `col` is equal on both sides. */
const agreement = (pairs: [(string | null)[], (string | null)[]][], col: number) => pairs.filter(([x, y]) => x[col] === y[col]).length / pairs.length;

function expectNumbersClose(a: unknown, b: unknown, rel: number): void {
  if (Array.isArray(a)) {
    expect(Array.isArray(b) && b.length === a.length).toBe(true);
    a.forEach((x, i) => expectNumbersClose(x, (b as unknown[])[i], rel));
  } else if (typeof a === 'number') {
    expect(Math.abs(a - (b as number)), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(a)));
  } else expect(a).toEqual(b);
}

/** Classifier predictions: same test rows, ≥ 95% equal predictions, probabilities within 0.01 where equal. */
function expectClassifierAgrees(name: string, output: string, inputColumns: number) {
  const [s, l] = both(name, output);
  const pairs = matched(s, l, inputColumns);
  const header = sinks(cases.find((c) => c.name === name)!.plan).find((x) => x.output === output)!.schema.map((f) => f.name);
  expect(agreement(pairs, header.indexOf('prediction'))).toBeGreaterThanOrEqual(0.95);
  const [c, p] = [header.indexOf('prediction'), header.indexOf('probability')];
  for (const [x, y] of pairs) if (x[c] === y[c]) expect(Math.abs(Number(x[p]) - Number(y[p]))).toBeLessThan(0.01);
}

function expectMetricsWithin(name: string, output: string, tol: number) {
  const [s, l] = both(name, output).map(metricsOf);
  expect(Object.keys(l)).toEqual(Object.keys(s));
  for (const m of Object.keys(s)) expect(Math.abs(s[m] - l[m]), `${name} ${m}: spark ${s[m]}, local ${l[m]}`).toBeLessThanOrEqual(tol);
}

describe.runIf(sparkAvailable())('ML on Spark 3.5 and on the runtime', () => {
  describe('iris-classifier', () => {
    it('splits the same rows, predicts ≥ 95% alike with probabilities within 0.01', () => expectClassifierAgrees('iris', 'predictions', 5));
    it('metrics within 0.02', () => expectMetricsWithin('iris', 'metrics', 0.02));
    it('the same label order, coefficients within 1e-3', () => {
      const [s, l] = both('iris', 'model').map(paramsOf);
      expect(l['stringIndexer.labels']).toEqual(s['stringIndexer.labels']);
      expect(l['logisticRegression.numClasses']).toBe(3);
      expectNumbersClose(s['logisticRegression.coefficientMatrix'], l['logisticRegression.coefficientMatrix'], 1e-3);
      expectNumbersClose(s['logisticRegression.interceptVector'], l['logisticRegression.interceptVector'], 1e-3);
    });
    it('the script `emr-jobs compile --target pyspark` wrote gives the same outputs on spark-submit', () => {
      for (const [name, rows] of Object.entries(spark.get('iris')!)) expect(sortRows(bundleOutputs[name]), name).toEqual(sortRows(rows));
    });
  });

  describe('bot-clusters', () => {
    it("the runtime's k-means++ ends no more than 5% above Spark's k-means|| cost (it may find a lower one)", () => {
      const [s, l] = both('bots', 'metrics').map(metricsOf);
      expect(l.cost, `spark ${s.cost}, local ${l.cost}`).toBeLessThanOrEqual(s.cost * 1.05);
      expect(l.silhouette).toBeGreaterThan(0);
    });
    it("from Spark's centres the runtime assigns every host alike, with the same cost", async () => {
      const plan = botJob.plan();
      const centres = paramsOf(spark.get('bots')!.model)['kMeans.clusterCenters'] as number[][];
      const fromSpark = { ...plan, nodes: plan.nodes.map((n) => (n.kind === 'fit' ? { ...n, estimator: { ...(n as FitNode).estimator, initialCentres: centres } } : n)) } as Plan;
      const { tables } = await executePlan(fromSpark, { logs: 'jobs/data/apache_logs' });
      const pairs = matched(spark.get('bots')!.host_clusters, tableToRows(tables.host_clusters), 5);
      expect(agreement(pairs, 5)).toBeGreaterThanOrEqual(0.999);
      const [s, l] = [spark.get('bots')!.metrics, tableToRows(tables.metrics)].map(metricsOf);
      expect(Math.abs(s.cost - l.cost) / s.cost).toBeLessThan(1e-6);
    });
  });

  describe('binary classifiers', () => {
    it('logistic regression: ≥ 95% equal predictions, metrics (accuracy, f1, areaUnderROC) within 0.02', () => {
      expectClassifierAgrees('binary', 'lr_predictions', 5);
      expectMetricsWithin('binary', 'lr_metrics', 0.02);
    });
    it('logistic regression coefficients within 1e-3', () => {
      const [s, l] = both('binary', 'lr_model').map(paramsOf);
      expectNumbersClose(s['logisticRegression.coefficientMatrix'], l['logisticRegression.coefficientMatrix'], 1e-3);
    });
    it('decision tree: the same tree (depth, nodes, importances), ≥ 95% equal predictions', () => {
      const [s, l] = both('binary', 'dt_params').map(paramsOf);
      expect(l['decisionTreeClassifier.depth']).toBe(s['decisionTreeClassifier.depth']);
      expect(l['decisionTreeClassifier.numNodes']).toBe(s['decisionTreeClassifier.numNodes']);
      expectNumbersClose(s['decisionTreeClassifier.featureImportances'], l['decisionTreeClassifier.featureImportances'], 1e-9);
      expectClassifierAgrees('binary', 'dt_predictions', 5);
      expectMetricsWithin('binary', 'dt_metrics', 0.02);
    });
    it('random forest (different random numbers): accuracy within 0.05', () => expectMetricsWithin('binary', 'rf_metrics', 0.05));
  });

  describe('multiclass with indexed, one-hot and scaled features', () => {
    it('logistic regression: ≥ 95% equal predictions, metrics within 0.02', () => {
      expectClassifierAgrees('multiclass', 'lr_predictions', 5);
      expectMetricsWithin('multiclass', 'lr_metrics', 0.02);
    });
    it('indexer labels and one-hot sizes equal, scaler statistics within 1e-9', () => {
      const [s, l] = both('multiclass', 'lr_model');
      const [ps, pl] = [s, l].map((rows) => rows.map((r) => [r[0], r[1], r[2], JSON.parse(r[3]!)]));
      expect(pl.map((r) => r.slice(0, 3))).toEqual(ps.map((r) => r.slice(0, 3)));
      const stages = ps.filter((r) => r[1] !== 'logisticRegression');
      expect(stages.map((r) => r[1])).toEqual(['stringIndexer', 'stringIndexer', 'oneHotEncoder', 'vectorAssembler', 'standardScaler', 'standardScaler']);
      stages.forEach((r, i) => expectNumbersClose(r[3], pl[i][3], 1e-9));
    });
    it('decision tree over a one-hot vector (categorical to Spark): the same tree and predictions', () => {
      const [s, l] = both('multiclass', 'dt_params').map(paramsOf);
      expect(l['decisionTreeClassifier.numNodes']).toBe(s['decisionTreeClassifier.numNodes']);
      expectNumbersClose(s['decisionTreeClassifier.featureImportances'], l['decisionTreeClassifier.featureImportances'], 1e-9);
      expectClassifierAgrees('multiclass', 'dt_predictions', 5);
    });
  });

  describe('linear regression', () => {
    it('coefficients and every prediction within 1e-6, metrics within 1e-6', () => {
      const [s, l] = both('regression', 'model').map(paramsOf);
      expectNumbersClose(s['linearRegression.coefficients'], l['linearRegression.coefficients'], 1e-6);
      expectNumbersClose(s['linearRegression.intercept'], l['linearRegression.intercept'], 1e-6);
      for (const [x, y] of matched(...both('regression', 'predictions'), 4)) expectNumbersClose(Number(x[4]), Number(y[4]), 1e-6);
      expectMetricsWithin('regression', 'metrics', 1e-6);
    });
  });

  describe('k-means on separated blobs', () => {
    it('costs within 5%, silhouettes within 0.02, the same clusters up to their numbering on ≥ 95% of rows', () => {
      const [s, l] = both('clusters', 'metrics').map(metricsOf);
      expect(Math.abs(s.cost - l.cost) / s.cost).toBeLessThanOrEqual(0.05);
      expect(Math.abs(s.silhouette - l.silhouette)).toBeLessThanOrEqual(0.02);
      const pairs = matched(...both('clusters', 'predictions'), 4);
      const votes = new Map<string, Map<string, number>>();
      for (const [x, y] of pairs) votes.set(x[4]!, new Map([...(votes.get(x[4]!) ?? new Map()), [y[4]!, (votes.get(x[4]!)?.get(y[4]!) ?? 0) + 1]]));
      const best = [...votes.values()].reduce((n, m) => n + Math.max(...m.values()), 0);
      expect(best / pairs.length).toBeGreaterThanOrEqual(0.95);
    });
    it("from Spark's centres: identical assignments and cost", async () => {
      const centres = paramsOf(spark.get('clusters')!.model)['kMeans.clusterCenters'] as number[][];
      const c = cases.find((x) => x.name === 'clusters')!;
      const { tables } = await executePlan(clustersPlan(centres), c.inputs);
      expect(agreement(matched(spark.get('clusters')!.predictions, tableToRows(tables.predictions), 4), 4)).toBe(1);
      const [s, l] = [spark.get('clusters')!.metrics, tableToRows(tables.metrics)].map(metricsOf);
      expect(Math.abs(s.cost - l.cost) / s.cost).toBeLessThan(1e-9);
      expect(Math.abs(s.silhouette - l.silhouette)).toBeLessThan(1e-9);
    });
  });

  it('split: exactly the same train and test rows over int, long, double, string, boolean, timestamp and date with nulls', () => {
    for (const side of ['train', 'test']) {
      const [s, l] = both('typed-split', side);
      expect(sortRows(s)).toEqual(sortRows(l));
    }
    expect(spark.get('typed-split')!.train.length + spark.get('typed-split')!.test.length).toBe(400);
  });
});
