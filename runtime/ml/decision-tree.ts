// Classification trees as Spark grows them: candidate thresholds per feature from the training data
// (midpoints of neighbouring distinct values, or quantile-like picks when there are more than maxBins - 1),
// the split of greatest Gini gain (first feature, then first threshold, on ties), leaves when the gain is
// not positive, the node is pure or maxDepth is reached, then sibling leaves of equal prediction merged.
import type { Vector } from './ml-frame.ts';
import type { TreeNode } from './model-types.ts';
import type { Random } from './seeded-random.ts';

export interface TreeOptions {
  readonly maxDepth: number;
  readonly minInstancesPerNode: number;
  readonly numClasses: number;
  /** Features tried at each node: all, or a random subset of this size. */
  readonly featuresPerNode: number;
  readonly random: Random | null;
}

/** Spark's findSplitsForContinuousFeature over all values of one feature. */
export function candidateThresholds(values: readonly number[], maxBins: number): number[] {
  const numSplits = Math.min(maxBins, values.length) - 1;
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => a[0] - b[0]);
  const possible = sorted.length - 1;
  if (possible <= 0) return [];
  if (possible <= numSplits) return sorted.slice(1).map(([v], i) => (sorted[i][0] + v) / 2);
  const stride = values.length / (numSplits + 1);
  const splits: number[] = [];
  let current = sorted[0][1];
  let target = stride;
  for (let i = 1; i < sorted.length; i++) {
    const previous = current;
    current += sorted[i][1];
    if (Math.abs(previous - target) < Math.abs(current - target)) {
      splits.push((sorted[i - 1][0] + sorted[i][0]) / 2);
      target += stride;
    }
  }
  return splits;
}

const gini = (stats: readonly number[]) => {
  const total = stats.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  return 1 - stats.reduce((s, c) => s + (c / total) ** 2, 0);
};

const argmax = (v: readonly number[]) => v.reduce((best, x, i) => (x > v[best] ? i : best), 0);

export const predictionOf = (stats: readonly number[]) => argmax(stats);

interface Rows {
  readonly idx: number[];
}

/** Grows one tree over rows `idx` (with weights, for bootstrap samples) and merges equal sibling leaves. */
export function growTree(xs: readonly Vector[], y: readonly number[], weights: readonly number[], thresholds: readonly number[][], opts: TreeOptions): TreeNode {
  const d = thresholds.length;
  const statsOf = (rows: Rows) => {
    const s = new Array<number>(opts.numClasses).fill(0);
    for (const i of rows.idx) s[y[i]] += weights[i];
    return s;
  };
  const grow = (rows: Rows, depth: number): TreeNode => {
    const stats = statsOf(rows);
    const impurity = gini(stats);
    const leaf: TreeNode = { leaf: true, stats, impurity };
    if (depth >= opts.maxDepth || impurity === 0) return leaf;
    const features = pickFeatures(d, opts);
    const total = stats.reduce((a, b) => a + b, 0);
    let best: { gain: number; feature: number; threshold: number } | null = null;
    for (const f of features) {
      const ts = thresholds[f];
      if (ts.length === 0) continue;
      // Class weights (and row counts) per bin: bin b holds values in (ts[b-1], ts[b]].
      const bins = Array.from({ length: ts.length + 1 }, () => new Array<number>(opts.numClasses).fill(0));
      const binCounts = new Array<number>(ts.length + 1).fill(0);
      for (const i of rows.idx) {
        const b = binOf(ts, xs[i][f]);
        bins[b][y[i]] += weights[i];
        binCounts[b]++;
      }
      const left = new Array<number>(opts.numClasses).fill(0);
      let leftCount = 0;
      for (let s = 0; s < ts.length; s++) {
        for (let c = 0; c < opts.numClasses; c++) left[c] += bins[s][c];
        leftCount += binCounts[s];
        const rightCount = rows.idx.length - leftCount;
        if (leftCount < opts.minInstancesPerNode || rightCount < opts.minInstancesPerNode) continue;
        const right = stats.map((v, c) => v - left[c]);
        const lw = left.reduce((a, b) => a + b, 0);
        const gain = impurity - (lw / total) * gini(left) - ((total - lw) / total) * gini(right);
        if (best === null || gain > best.gain) best = { gain, feature: f, threshold: ts[s] };
      }
    }
    if (best === null || best.gain <= 0) return leaf;
    const l: number[] = [];
    const r: number[] = [];
    for (const i of rows.idx) (xs[i][best.feature] <= best.threshold ? l : r).push(i);
    const lt = grow({ idx: l }, depth + 1);
    const rt = grow({ idx: r }, depth + 1);
    if (lt.leaf && rt.leaf && predictionOf(lt.stats) === predictionOf(rt.stats)) return leaf;
    return { leaf: false, stats, impurity, gain: best.gain, feature: best.feature, threshold: best.threshold, left: lt, right: rt };
  };
  return grow({ idx: y.map((_, i) => i).filter((i) => weights[i] > 0) }, 0);
}

/** Spark's bin of a value: the number of thresholds below it (binary search; equal goes left). */
function binOf(ts: readonly number[], v: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function pickFeatures(d: number, opts: TreeOptions): number[] {
  const all = Array.from({ length: d }, (_, i) => i);
  if (opts.featuresPerNode >= d || opts.random === null) return all;
  for (let i = d - 1; i > 0; i--) {
    const j = opts.random.int(i + 1);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, opts.featuresPerNode).sort((a, b) => a - b);
}

export function leafOf(node: TreeNode, x: Vector): TreeNode & { leaf: true } {
  let n = node;
  while (!n.leaf) n = x[n.feature] <= n.threshold ? n.left : n.right;
  return n;
}

export function treeDepth(n: TreeNode): number {
  return n.leaf ? 0 : 1 + Math.max(treeDepth(n.left), treeDepth(n.right));
}

export function treeSize(n: TreeNode): number {
  return n.leaf ? 1 : 1 + treeSize(n.left) + treeSize(n.right);
}

/** Spark's importances: gain times the node's weight, summed per feature, normalised to sum 1. */
export function featureImportances(n: TreeNode, d: number): number[] {
  const imp = new Array<number>(d).fill(0);
  const walk = (t: TreeNode) => {
    if (t.leaf) return;
    imp[t.feature] += t.gain * t.stats.reduce((a, b) => a + b, 0);
    walk(t.left);
    walk(t.right);
  };
  walk(n);
  const total = imp.reduce((a, b) => a + b, 0);
  return total > 0 ? imp.map((v) => v / total) : imp;
}
