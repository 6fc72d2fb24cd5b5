// The runtime's ML algorithms against results computed independently: closed forms and brute force in
// this file, and values pyspark.ml 3.5.9 printed for the bundled Iris data (recorded below, with how).
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { candidateThresholds } from '../../runtime/ml/decision-tree.ts';
import { fitKMeans } from '../../runtime/ml/k-means.ts';
import { fitLinearRegression, predictLinear } from '../../runtime/ml/linear-regression.ts';
import { fitLogisticRegression, predictLogistic } from '../../runtime/ml/logistic-regression.ts';
import { accuracy, areaUnderRoc, silhouette, weighted, type Scored } from '../../runtime/ml/ml-metrics.ts';
import type { MlFrame } from '../../runtime/ml/ml-frame.ts';
import { fitStage } from '../../runtime/ml/pipeline-stages.ts';
import { fitDecisionTree, treeParams } from '../../runtime/ml/random-forest.ts';
import { inTrain } from '../../runtime/ml/split-rows.ts';
import { UNKNOWN_LOC } from '../../plan/index.ts';
import { gaussian, random } from './ml-data.ts';

const site = { loc: UNKNOWN_LOC, nodeId: 't' };
const iris = readFileSync('jobs/data/iris.data', 'utf8').split('\n').filter(Boolean).map((l) => l.split(','));
const irisX = iris.map((r) => Float64Array.from(r.slice(0, 4).map(Number)));
// On the full data every class has 50 rows, so Spark's StringIndexer orders them alphabetically.
const irisY = iris.map((r) => ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica'].indexOf(r[4]));
const close = (a: readonly number[], b: readonly number[], tol: number) => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(tol * Math.max(1, Math.abs(b[i]))));

describe('split', () => {
  it("node's crc32 is the standard CRC-32 (check value of '123456789')", () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
  it('puts about the asked fraction on the train side', () => {
    const keys = Array.from({ length: 20000 }, (_, i) => `7\u0001${i}`);
    const share = keys.filter((k) => inTrain(k, 0.7)).length / keys.length;
    expect(share).toBeGreaterThan(0.68);
    expect(share).toBeLessThan(0.72);
  });
});

describe('linear regression (normal equations)', () => {
  it('recovers an exact linear relation', () => {
    const r = random(3);
    const xs = Array.from({ length: 40 }, () => Float64Array.from([r() * 10, r() * 5 - 2]));
    const m = fitLinearRegression({ kind: 'linearRegression', features: 'f', label: 'y', regParam: 0, fitIntercept: true, standardization: true }, xs, xs.map((x) => 2 * x[0] - 3 * x[1] + 1));
    close(m.coefficients, [2, -3], 1e-9);
    expect(m.intercept).toBeCloseTo(1, 9);
  });
  it('matches the one-feature closed form slope = cov(x, y) / var(x)', () => {
    const r = random(5);
    const x = Array.from({ length: 60 }, () => r() * 4);
    const y = x.map((v) => 0.5 * v + gaussian(r));
    const mx = x.reduce((a, b) => a + b) / x.length;
    const my = y.reduce((a, b) => a + b) / y.length;
    const slope = x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0) / x.reduce((s, v) => s + (v - mx) ** 2, 0);
    const m = fitLinearRegression({ kind: 'linearRegression', features: 'f', label: 'y', regParam: 0, fitIntercept: true, standardization: false }, x.map((v) => Float64Array.of(v)), y);
    expect(m.coefficients[0]).toBeCloseTo(slope, 10);
    expect(m.intercept).toBeCloseTo(my - slope * mx, 10);
    expect(predictLinear(m, Float64Array.of(2))).toBeCloseTo(my + slope * (2 - mx), 10);
  });
  // pyspark: LinearRegression(featuresCol=[sepal_length, sepal_width, petal_length], labelCol=petal_width,
  // regParam=0.3, standardization=..., solver="normal") on the 150 Iris rows.
  it.each([
    [true, [0.24837503358897814, -0.1535297746437981, 0.21359873509716357], -0.5853171284224313],
    [false, [0.07604724409385608, -0.01069688092973506, 0.3401350437133265], -0.49055962663393715],
  ])('ridge (regParam 0.3, standardization %s) as Spark computed it', (standardization, coefficients, intercept) => {
    const m = fitLinearRegression(
      { kind: 'linearRegression', features: 'f', label: 'y', regParam: 0.3, fitIntercept: true, standardization },
      irisX.map((x) => x.slice(0, 3)),
      irisX.map((x) => x[3]),
    );
    close(m.coefficients, coefficients, 1e-9);
    expect(m.intercept).toBeCloseTo(intercept, 9);
  });
});

describe('logistic regression', () => {
  const spec = { kind: 'logisticRegression', features: 'f', label: 'l', maxIter: 100, regParam: 0, fitIntercept: true, standardization: true, tol: 1e-6, family: 'auto' } as const;
  it('separates separable data', () => {
    const r = random(11);
    const xs = Array.from({ length: 80 }, (_, i) => Float64Array.from([gaussian(r) + (i % 2 ? 3 : -3), gaussian(r)]));
    const y = xs.map((_, i) => i % 2);
    const m = fitLogisticRegression({ ...spec, regParam: 0.01 }, xs, y, 2);
    const predicted = xs.map((x) => (predictLogistic(m, x).probability[1] > 0.5 ? 1 : 0));
    expect(predicted).toEqual(y);
  });
  // pyspark: LogisticRegression(regParam=0.01, maxIter=1000, tol=1e-12) on the 4 Iris measurements.
  it('multinomial Iris with regParam 0.01: the coefficients Spark found', () => {
    const m = fitLogisticRegression({ ...spec, regParam: 0.01, maxIter: 1000 }, irisX, irisY, 3);
    expect(m.multinomial).toBe(true);
    const spark = [
      [-1.1809128379823455, 2.3897176729009093, -0.9605071847619426, -2.0833183405006044],
      [0.5934862379248635, -0.8619880771020183, -0.1369359004108869, -0.9359069545503457],
      [0.5874266000574793, -1.5277295957988735, 1.0974430851728283, 3.0192252950509495],
    ];
    m.coefficients.forEach((row, c) => close(row, spark[c], 1e-4));
    close(m.intercepts, [5.466100262440439, 2.5913410785593776, -8.057441340999816], 1e-4);
  });
  it('binomial (versicolor or not, from the sepals), no penalty: the coefficients Spark found', () => {
    const y = iris.map((r) => (r[4] === 'Iris-versicolor' ? 1 : 0));
    const m = fitLogisticRegression({ ...spec, maxIter: 1000 }, irisX.map((x) => x.slice(0, 2)), y, 2);
    expect(m.multinomial).toBe(false);
    close(m.coefficients[0], [0.12942541022010315, -3.2127633142262138], 1e-6);
    close(m.intercepts, [8.09277700208332], 1e-6);
  });
});

describe('decision tree', () => {
  it('thresholds are midpoints of neighbouring distinct values while they fit in maxBins - 1', () => {
    expect(candidateThresholds([3, 1, 2, 2, 5], 32)).toEqual([1.5, 2.5, 4]);
    expect(candidateThresholds([7, 7, 7], 32)).toEqual([]);
  });
  it('with many distinct values, at most maxBins - 1 increasing thresholds', () => {
    const values = Array.from({ length: 500 }, (_, i) => i * 0.5);
    const t = candidateThresholds(values, 8);
    expect(t.length).toBeLessThanOrEqual(7);
    expect(t.length).toBeGreaterThan(3);
    expect([...t].sort((a, b) => a - b)).toEqual(t);
  });
  // pyspark: DecisionTreeClassifier(maxDepth=5) on Iris: depth=5, numNodes=17, and these importances.
  it('Iris with maxDepth 5: the tree Spark grew', () => {
    const m = fitDecisionTree({ kind: 'decisionTreeClassifier', features: 'f', label: 'l', maxDepth: 5, maxBins: 32, minInstancesPerNode: 1, seed: 1 }, irisX, irisY, 3);
    const p = treeParams(m) as { depth: number; numNodes: number; featureImportances: number[] };
    expect(p.depth).toBe(5);
    expect(p.numNodes).toBe(17);
    close(p.featureImportances, [0.02666666666666668, 0.0, 0.5507226247987117, 0.4226107085346217], 1e-12);
    expect(m.root.leaf === false && m.root.feature === 2 && m.root.threshold === 2.45).toBe(true);
  });
});

describe('k-means', () => {
  it('finds three obvious clusters: centres are the blob means, cost their squared deviations', () => {
    const r = random(21);
    const blobs = [[0, 0], [10, 10], [-10, 10]];
    const xs = blobs.flatMap(([a, b]) => Array.from({ length: 30 }, () => Float64Array.from([a + gaussian(r) * 0.5, b + gaussian(r) * 0.5])));
    const m = fitKMeans({ kind: 'kMeans', features: 'f', k: 3, seed: 4, maxIter: 20, tol: 1e-4, initMode: 'k-means||', initialCentres: null }, xs);
    const means = blobs.map((_, b) => [0, 1].map((j) => xs.slice(b * 30, b * 30 + 30).reduce((s, x) => s + x[j], 0) / 30));
    const sorted = [...m.centres].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    [...means].sort((p, q) => p[0] - q[0] || p[1] - q[1]).forEach((c, i) => close(sorted[i], c, 1e-9));
    const cost = xs.reduce((s, x, i) => s + (x[0] - means[Math.floor(i / 30)][0]) ** 2 + (x[1] - means[Math.floor(i / 30)][1]) ** 2, 0);
    expect(m.trainingCost).toBeCloseTo(cost, 9);
  });
  it('from given centres, one Lloyd step moves each to the mean of its points; the cost is of the step\'s assignment', () => {
    const xs = [[0, 0], [0, 2], [10, 0], [10, 4]].map((p) => Float64Array.from(p));
    const m = fitKMeans({ kind: 'kMeans', features: 'f', k: 2, seed: 1, maxIter: 1, tol: 0, initMode: 'random', initialCentres: [[1, 1], [9, 1]] }, xs);
    expect(m.centres).toEqual([[0, 1], [10, 2]]);
    // As Spark's trainingCost: squared distances to the centres the last step assigned by, (1,1) and (9,1).
    expect(m.trainingCost).toBe(2 + 2 + 2 + 10);
  });
});

describe('metrics', () => {
  const rows = (pairs: [number, number][]): Scored[] => pairs.map(([label, prediction]) => ({ label, prediction, score: null }));
  it('accuracy and weighted f1 / precision / recall over the labels present', () => {
    // labels 0,0,0,1,1,2 predicted 0,0,1,1,2,2: class 0 p=1 r=2/3; class 1 p=1/2 r=1/2; class 2 p=1/2 r=1.
    const s = rows([[0, 0], [0, 0], [0, 1], [1, 1], [1, 2], [2, 2]]);
    expect(accuracy(s)).toBeCloseTo(4 / 6, 12);
    const f1 = (p: number, r: number) => (2 * p * r) / (p + r);
    expect(weighted(s, 'f1')).toBeCloseTo((3 / 6) * f1(1, 2 / 3) + (2 / 6) * f1(0.5, 0.5) + (1 / 6) * f1(0.5, 1), 12);
    expect(weighted(s, 'precision')).toBeCloseTo(3 / 6 + (2 / 6) * 0.5 + (1 / 6) * 0.5, 12);
    expect(weighted(s, 'recall')).toBeCloseTo(4 / 6, 12);
  });
  it('areaUnderROC equals the share of positive/negative pairs ranked right (ties count half)', () => {
    const r = random(8);
    const s: Scored[] = Array.from({ length: 200 }, () => {
      const label = r() < 0.4 ? 1 : 0;
      return { label, prediction: 0, score: Math.round((label + gaussian(r)) * 4) / 4 };
    });
    const pos = s.filter((x) => x.label === 1);
    const neg = s.filter((x) => x.label === 0);
    let wins = 0;
    for (const p of pos) for (const n of neg) wins += p.score! > n.score! ? 1 : p.score === n.score ? 0.5 : 0;
    expect(areaUnderRoc(s)).toBeCloseTo(wins / (pos.length * neg.length), 12);
  });
  it('silhouette (squared Euclidean) equals the pairwise definition', () => {
    const r = random(9);
    const xs = Array.from({ length: 60 }, (_, i) => Float64Array.from([gaussian(r) + (i % 3) * 3, gaussian(r)]));
    const cl = xs.map((_, i) => (i % 3 === 2 && i < 10 ? 1 : i % 3));
    const d = (a: Float64Array, b: Float64Array) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
    const brute = xs.map((x, i) => {
      const own = xs.filter((_, j) => j !== i && cl[j] === cl[i]);
      if (own.length === 0) return 0;
      const a = own.reduce((s, y) => s + d(x, y), 0) / own.length;
      const b = Math.min(...[0, 1, 2].filter((c) => c !== cl[i]).map((c) => {
        const ys = xs.filter((_, j) => cl[j] === c);
        return ys.reduce((s, y) => s + d(x, y), 0) / ys.length;
      }));
      return (b - a) / Math.max(a, b);
    });
    expect(silhouette(xs, cl)).toBeCloseTo(brute.reduce((s, v) => s + v, 0) / xs.length, 10);
  });
});

describe('string indexer', () => {
  it('orders by frequency, ties in string order, nulls not counted', () => {
    const values = ['b', 'a', 'c', 'b', null, 'a', 'd', 'c', 'B'];
    const frame: MlFrame = { length: values.length, columns: new Map([['s', { kind: 'string', values }]]), rowIds: values.map((_, i) => i) };
    const s = fitStage({ kind: 'stringIndexer', input: 's', output: 'i', handleInvalid: 'keep' }, frame, site);
    expect(s.kind === 'stringIndexer' && s.labels).toEqual(['a', 'b', 'c', 'B', 'd']);
  });
});
