// A fitted pipeline as rows (stage, kind, param, value): the same names pyspark.ml's models give these
// values, each value as JSON text. This is what the runtime writes when a job saves a model.
import type { PipelineModel } from './model-types.ts';
import { treeParams } from './random-forest.ts';

export interface ParamRow {
  readonly stage: number;
  readonly kind: string;
  readonly param: string;
  readonly value: string;
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x));

export function modelParams(model: PipelineModel): ParamRow[] {
  const rows: ParamRow[] = [];
  const add = (stage: number, kind: string, params: Record<string, unknown>) => {
    for (const [param, value] of Object.entries(params)) rows.push({ stage, kind, param, value: json(value) });
  };
  model.stages.forEach((s, i) => {
    switch (s.kind) {
      case 'stringIndexer':
        return add(i, s.kind, { labels: s.labels });
      case 'vectorAssembler':
        return add(i, s.kind, { inputCols: s.inputs });
      case 'oneHotEncoder':
        return add(i, s.kind, { categorySizes: [s.categories] });
      case 'standardScaler':
        return add(i, s.kind, { mean: s.mean, std: s.std });
    }
  });
  const e = model.estimator;
  const at = model.stages.length;
  switch (e.kind) {
    case 'logisticRegression':
      add(at, e.kind, { coefficientMatrix: e.coefficients, interceptVector: e.intercepts, numClasses: e.numClasses });
      break;
    case 'linearRegression':
      add(at, e.kind, { coefficients: e.coefficients, intercept: e.intercept });
      break;
    case 'kMeans':
      add(at, e.kind, { clusterCenters: e.centres, trainingCost: e.trainingCost });
      break;
    case 'decisionTreeClassifier':
    case 'randomForestClassifier':
      add(at, e.kind, treeParams(e));
      break;
  }
  return rows;
}
