// Evaluation metrics as pyspark.ml's evaluators compute them: MulticlassClassificationEvaluator
// (accuracy, weighted f1 / precision / recall over the labels present), BinaryClassificationEvaluator
// (areaUnderROC over rawPrediction[1], ties grouped), RegressionEvaluator and ClusteringEvaluator
// (squared Euclidean silhouette), plus k-means cost (sum of squared distances to the nearest centre).
import type { Vector } from './ml-frame.ts';
import { squaredDistance } from './k-means.ts';

export interface Scored {
  readonly label: number;
  readonly prediction: number;
  /** rawPrediction[1] of a binary classifier. */
  readonly score: number | null;
}

export function accuracy(rows: readonly Scored[]): number {
  return rows.filter((r) => r.label === r.prediction).length / rows.length;
}

/** Per label present in the label column: its weight (share of rows), precision and recall. */
function perLabel(rows: readonly Scored[]) {
  const labels = [...new Set(rows.map((r) => r.label))].sort((a, b) => a - b);
  return labels.map((l) => {
    const count = rows.filter((r) => r.label === l).length;
    const tp = rows.filter((r) => r.label === l && r.prediction === l).length;
    const predicted = rows.filter((r) => r.prediction === l).length;
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = tp / count;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { weight: count / rows.length, precision, recall, f1 };
  });
}

export const weighted = (rows: readonly Scored[], pick: 'precision' | 'recall' | 'f1') =>
  perLabel(rows).reduce((s, l) => s + l.weight * l[pick], 0);

/** Area under the ROC curve by the trapezoid rule, rows of equal score taken together; label > 0.5 is positive. */
export function areaUnderRoc(rows: readonly Scored[]): number {
  const byScore = new Map<number, { pos: number; neg: number }>();
  for (const r of rows) {
    const s = r.score ?? 0;
    const e = byScore.get(s) ?? { pos: 0, neg: 0 };
    if (r.label > 0.5) e.pos++;
    else e.neg++;
    byScore.set(s, e);
  }
  const groups = [...byScore].sort((a, b) => b[0] - a[0]).map(([, e]) => e);
  const P = groups.reduce((s, g) => s + g.pos, 0);
  const N = groups.reduce((s, g) => s + g.neg, 0);
  let tp = 0;
  let fp = 0;
  let area = 0;
  for (const g of groups) {
    const [x0, y0] = [N ? fp / N : 0, P ? tp / P : 0];
    tp += g.pos;
    fp += g.neg;
    const [x1, y1] = [N ? fp / N : 0, P ? tp / P : 0];
    area += ((x1 - x0) * (y0 + y1)) / 2;
  }
  return area;
}

export function regressionMetric(metric: 'rmse' | 'mse' | 'mae' | 'r2', y: readonly number[], p: readonly number[]): number {
  const n = y.length;
  const sse = y.reduce((s, v, i) => s + (v - p[i]) ** 2, 0);
  if (metric === 'mse') return sse / n;
  if (metric === 'rmse') return Math.sqrt(sse / n);
  if (metric === 'mae') return y.reduce((s, v, i) => s + Math.abs(v - p[i]), 0) / n;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  return 1 - sse / y.reduce((s, v) => s + (v - mean) ** 2, 0);
}

export function clusteringCost(xs: readonly Vector[], clusters: readonly number[], centres: readonly (readonly number[])[]): number {
  return xs.reduce((s, x, i) => s + squaredDistance(x, centres[clusters[i]]), 0);
}

/**
 * Mean silhouette with squared Euclidean distances: for a point, a = mean distance to the others of its
 * cluster, b = least mean distance to the points of another cluster; 0 for a point alone in its cluster.
 */
export function silhouette(xs: readonly Vector[], clusters: readonly number[]): number {
  const ids = [...new Set(clusters)];
  if (ids.length < 2) return NaN;
  const d = xs[0].length;
  // Per cluster: size, sum of vectors and sum of squared norms, so each mean distance is O(d).
  const agg = new Map(ids.map((c) => [c, { n: 0, sum: new Float64Array(d), sq: 0 }]));
  xs.forEach((x, i) => {
    const a = agg.get(clusters[i])!;
    a.n++;
    a.sq += x.reduce((s, v) => s + v * v, 0);
    for (let j = 0; j < d; j++) a.sum[j] += x[j];
  });
  const meanDist = (x: Vector, c: number) => {
    const a = agg.get(c)!;
    const norm = x.reduce((s, v) => s + v * v, 0);
    let dotSum = 0;
    for (let j = 0; j < d; j++) dotSum += x[j] * a.sum[j];
    return (norm * a.n + a.sq - 2 * dotSum) / a.n;
  };
  let total = 0;
  xs.forEach((x, i) => {
    const own = agg.get(clusters[i])!;
    if (own.n === 1) return;
    const a = (meanDist(x, clusters[i]) * own.n) / (own.n - 1);
    const b = Math.min(...ids.filter((c) => c !== clusters[i]).map((c) => meanDist(x, c)));
    total += a < b ? 1 - a / b : a > b ? b / a - 1 : 0;
  });
  return total / xs.length;
}

export { squaredDistance };
