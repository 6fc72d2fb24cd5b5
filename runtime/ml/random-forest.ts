// Random forests as Spark builds them, with the runtime's own random numbers: each tree grows on a
// Poisson(1) bootstrap sample, trying a random subset of features at each node ('auto' is sqrt for more
// than one tree); the forest's raw prediction sums each tree's leaf class distribution.
import type { DecisionTreeEstimator, RandomForestEstimator } from '../../plan/ml.ts';
import { candidateThresholds, featureImportances, growTree, leafOf, treeDepth, treeSize } from './decision-tree.ts';
import type { Vector } from './ml-frame.ts';
import type { FittedEstimator, TreeNode } from './model-types.ts';
import { poissonOne, seededRandom } from './seeded-random.ts';

type Tree = Extract<FittedEstimator, { kind: 'decisionTreeClassifier' }>;
type Forest = Extract<FittedEstimator, { kind: 'randomForestClassifier' }>;

function thresholdsOf(xs: readonly Vector[], maxBins: number): number[][] {
  const d = xs[0]?.length ?? 0;
  return Array.from({ length: d }, (_, j) => candidateThresholds(xs.map((x) => x[j]), maxBins));
}

export function fitDecisionTree(spec: DecisionTreeEstimator, xs: readonly Vector[], y: readonly number[], numClasses: number): Tree {
  const d = xs[0]?.length ?? 0;
  const root = growTree(xs, y, y.map(() => 1), thresholdsOf(xs, spec.maxBins), {
    maxDepth: spec.maxDepth, minInstancesPerNode: spec.minInstancesPerNode, numClasses, featuresPerNode: d, random: null,
  });
  return { kind: 'decisionTreeClassifier', numClasses, numFeatures: d, root };
}

function subsetSize(strategy: RandomForestEstimator['featureSubsetStrategy'], d: number, numTrees: number): number {
  const s = strategy === 'auto' ? (numTrees === 1 ? 'all' : 'sqrt') : strategy;
  if (s === 'all') return d;
  if (s === 'sqrt') return Math.ceil(Math.sqrt(d));
  if (s === 'log2') return Math.max(1, Math.ceil(Math.log2(d)));
  return Math.ceil(d / 3);
}

export function fitRandomForest(spec: RandomForestEstimator, xs: readonly Vector[], y: readonly number[], numClasses: number): Forest {
  const d = xs[0]?.length ?? 0;
  const thresholds = thresholdsOf(xs, spec.maxBins);
  const random = seededRandom(spec.seed);
  const featuresPerNode = subsetSize(spec.featureSubsetStrategy, d, spec.numTrees);
  const trees: TreeNode[] = [];
  for (let t = 0; t < spec.numTrees; t++) {
    const weights = spec.numTrees === 1 ? y.map(() => 1) : y.map(() => poissonOne(random));
    trees.push(growTree(xs, y, weights, thresholds, { maxDepth: spec.maxDepth, minInstancesPerNode: 1, numClasses, featuresPerNode, random }));
  }
  return { kind: 'randomForestClassifier', numClasses, numFeatures: d, trees };
}

/** Raw prediction (leaf class weights for a tree; summed leaf distributions for a forest) and probabilities. */
export function predictTrees(m: Tree | Forest, x: Vector): { raw: number[]; probability: number[] } {
  const normalise = (v: readonly number[]) => {
    const total = v.reduce((a, b) => a + b, 0);
    return total > 0 ? v.map((c) => c / total) : v.map(() => 0);
  };
  if (m.kind === 'decisionTreeClassifier') {
    const raw = [...leafOf(m.root, x).stats];
    return { raw, probability: normalise(raw) };
  }
  const votes = new Array<number>(m.numClasses).fill(0);
  for (const t of m.trees) normalise(leafOf(t, x).stats).forEach((p, c) => (votes[c] += p));
  return { raw: votes, probability: normalise(votes) };
}

/** Depth, node count and importances of a tree or forest, as the model's params. */
export function treeParams(m: Tree | Forest): Record<string, unknown> {
  if (m.kind === 'decisionTreeClassifier') {
    return { depth: treeDepth(m.root), numNodes: treeSize(m.root), featureImportances: featureImportances(m.root, m.numFeatures) };
  }
  const sum = new Array<number>(m.numFeatures).fill(0);
  for (const t of m.trees) featureImportances(t, m.numFeatures).forEach((v, j) => (sum[j] += v));
  const total = sum.reduce((a, b) => a + b, 0);
  return {
    numTrees: m.trees.length,
    totalNumNodes: m.trees.reduce((n, t) => n + treeSize(t), 0),
    featureImportances: total > 0 ? sum.map((v) => v / total) : sum,
  };
}
