// The ML part of the DSL: `ml.split`, `ml.pipeline(data)...fit(estimator)`, and the estimators.
import type { Dataset } from '../dataset.ts';
import type { Row } from '../row-types.ts';
import { PipelineBuilder } from './pipeline-builder.ts';
import { decisionTreeClassifier, kMeans, linearRegression, logisticRegression, randomForestClassifier } from './estimators.ts';
import { split } from './split.ts';

export type { EstimatorSpec } from './estimators.ts';
export type { FittedModel, MetricsRow, ParamsRow } from './fitted-model.ts';
export type { PipelineBuilder } from './pipeline-builder.ts';
export type { MlRow, MlType } from './ml-types.ts';

/**
 * A pipeline over `data` (the training rows): add stages, then `.fit(estimator)`.
 * ```ts
 * const model = ml.pipeline(train).stringIndexer('class', 'label')
 *   .vectorAssembler(['sepal_length', 'petal_length'], 'features')
 *   .fit(ml.logisticRegression({ features: 'features', label: 'label' }));
 * ```
 */
function pipeline<R extends Row>(data: Dataset<R>): PipelineBuilder<R, R> {
  return new PipelineBuilder<R, R>(data, []);
}

export const ml = Object.freeze({ split, pipeline, logisticRegression, linearRegression, kMeans, decisionTreeClassifier, randomForestClassifier });
