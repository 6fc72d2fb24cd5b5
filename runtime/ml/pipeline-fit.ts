// Fitting a pipeline: each stage is fitted on the output of the stages before it (as pyspark.ml's
// Pipeline.fit does), then the estimator on the features and label columns the last stage leaves.
import { JobError } from '../../plan/index.ts';
import type { Estimator, FitNode } from '../../plan/ml.ts';
import type { ExprSite } from '../expr/kernel-types.ts';
import { fitKMeans, nearest } from './k-means.ts';
import { fitLinearRegression, predictLinear } from './linear-regression.ts';
import { fitLogisticRegression, predictLogistic } from './logistic-regression.ts';
import { column, numbers, vectors, type MlFrame } from './ml-frame.ts';
import type { FittedEstimator, FittedStage, PipelineModel } from './model-types.ts';
import { fitStage, transformStage } from './pipeline-stages.ts';
import { fitDecisionTree, fitRandomForest, predictTrees } from './random-forest.ts';

const fail = (site: ExprSite, message: string) => new JobError('runtime', message, site.loc, site.nodeId);

/** Labels as class indexes: whole numbers >= 0; the class count from a string indexer's labels, else the largest + 1. */
function classLabels(frame: MlFrame, label: string, site: ExprSite): { y: number[]; numClasses: number } {
  const col = column(frame, label);
  const y = numbers(frame, label).map((v) => {
    if (v === null || !Number.isInteger(v) || v < 0) throw fail(site, `classifier: label '${label}' holds ${v}; class labels are whole numbers >= 0`);
    return v;
  });
  const fromData = y.reduce((m, v) => Math.max(m, v + 1), 0);
  return { y, numClasses: Math.max(col.kind === 'number' && col.categories !== undefined ? col.categories : 0, fromData) };
}

function fitEstimator(e: Estimator, frame: MlFrame, site: ExprSite): FittedEstimator {
  if (frame.length === 0) throw fail(site, `${e.kind}: the training data has no rows`);
  const xs = vectors(frame, e.features);
  switch (e.kind) {
    case 'kMeans':
      if (e.initialCentres && e.initialCentres[0].length !== xs[0].length) {
        throw fail(site, `kMeans: initialCentres have ${e.initialCentres[0].length} elements, the features ${xs[0].length}`);
      }
      return fitKMeans(e, xs);
    case 'linearRegression':
      return fitLinearRegression(e, xs, numbers(frame, e.label).map((v) => {
        if (v === null) throw fail(site, `linearRegression: label '${e.label}' is null`);
        return v;
      }));
    case 'logisticRegression': {
      const { y, numClasses } = classLabels(frame, e.label, site);
      return fitLogisticRegression(e, xs, y, numClasses);
    }
    case 'decisionTreeClassifier': {
      const { y, numClasses } = classLabels(frame, e.label, site);
      return fitDecisionTree(e, xs, y, numClasses);
    }
    case 'randomForestClassifier': {
      const { y, numClasses } = classLabels(frame, e.label, site);
      return fitRandomForest(e, xs, y, numClasses);
    }
  }
}

export function fitPipeline(node: Pick<FitNode, 'stages' | 'estimator'>, frame: MlFrame, site: ExprSite): PipelineModel {
  const stages: FittedStage[] = [];
  let current = frame;
  for (const s of node.stages) {
    const fitted = fitStage(s, current, site);
    stages.push(fitted);
    current = transformStage(fitted, current, site);
  }
  return { stages, spec: node.estimator, estimator: fitEstimator(node.estimator, current, site) };
}

/** The frame after every stage (rows a 'skip' stage drops are gone; `rowIds` says which remain). */
export function applyStages(model: PipelineModel, frame: MlFrame, site: ExprSite): MlFrame {
  return model.stages.reduce((f, s) => transformStage(s, f, site), frame);
}

export interface RowPrediction {
  /** Class index, regression value or cluster. */
  readonly prediction: number;
  /** Class probabilities (classifiers). */
  readonly probability: readonly number[] | null;
  /** Spark's rawPrediction (classifiers): what areaUnderROC ranks by. */
  readonly raw: readonly number[] | null;
}

const argmax = (v: readonly number[]) => v.reduce((best, x, i) => (x > v[best] ? i : best), 0);

/** The estimator's prediction for each row of a frame the stages have transformed. */
export function predictRows(model: PipelineModel, frame: MlFrame): RowPrediction[] {
  const m = model.estimator;
  const xs = vectors(frame, model.spec.features);
  return xs.map((x) => {
    switch (m.kind) {
      case 'kMeans':
        return { prediction: nearest(m.centres, x).index, probability: null, raw: null };
      case 'linearRegression':
        return { prediction: predictLinear(m, x), probability: null, raw: null };
      case 'logisticRegression': {
        const { raw, probability } = predictLogistic(m, x);
        // Binomial: class 1 when its probability is above 0.5 (Spark's default threshold).
        return { prediction: m.multinomial ? argmax(raw) : probability[1] > 0.5 ? 1 : 0, probability, raw };
      }
      case 'decisionTreeClassifier':
      case 'randomForestClassifier': {
        const { raw, probability } = predictTrees(m, x);
        return { prediction: argmax(raw), probability, raw };
      }
    }
  });
}
