// ml.pipeline(data): feature stages added one at a time, each checked by tsc against the columns so far,
// then fit with an estimator.
import type { EstimatorRole, FitNode, MlStage } from '../../plan/ml.ts';
import type { Dataset } from '../dataset.ts';
import type { Row, Simplify } from '../row-types.ts';
import type { EstimatorSpec } from './estimators.ts';
import { FittedModel } from './fitted-model.ts';
import type { FreshName, MlRow, NumericCols, PredictionCols, ScalarPart, StringCols, VectorCols, With } from './ml-types.ts';
import { addMlNode } from './ml-nodes.ts';

/**
 * R0: the training rows; R: those rows plus every stage output so far; Idx: string indexer outputs -> inputs.
 */
export class PipelineBuilder<R0 extends Row, R extends MlRow, Idx extends Record<string, string> = {}> {
  constructor(
    private readonly data: Dataset<R0>,
    private readonly stages: readonly MlStage[],
  ) {}

  private then<R2 extends MlRow, I2 extends Record<string, string> = Idx>(s: MlStage): PipelineBuilder<R0, R2, I2> {
    return new PipelineBuilder(this.data, [...this.stages, s]);
  }

  /**
   * Indexes a string column: the most frequent value is 0.0, ties in string order (Spark's frequencyDesc).
   * ```ts
   * ml.pipeline(train).stringIndexer('class', 'label')
   * // PySpark: StringIndexer(inputCol="class", outputCol="label", handleInvalid="error", stringOrderType="frequencyDesc")
   * ```
   */
  stringIndexer<I extends StringCols<R>, O extends string>(
    input: I,
    output: FreshName<R, O>,
    options: { readonly handleInvalid?: 'error' | 'skip' | 'keep' } = {},
  ): PipelineBuilder<R0, Simplify<With<R, O, 'double'>>, Simplify<With<Idx, O, I>>> {
    return this.then({ kind: 'stringIndexer', input, output, handleInvalid: options.handleInvalid ?? 'error' });
  }

  /**
   * Joins numeric columns and vectors into one vector column.
   * ```ts
   * .vectorAssembler(['sepal_length', 'sepal_width'], 'features')
   * // PySpark: VectorAssembler(inputCols=["sepal_length", "sepal_width"], outputCol="features", handleInvalid="error")
   * ```
   */
  vectorAssembler<I extends NumericCols<R> | VectorCols<R>, O extends string>(
    inputs: readonly I[],
    output: FreshName<R, O>,
    options: { readonly handleInvalid?: 'error' | 'skip' } = {},
  ): PipelineBuilder<R0, Simplify<With<R, O, 'vector'>>, Idx> {
    return this.then({ kind: 'vectorAssembler', inputs: [...inputs], output, handleInvalid: options.handleInvalid ?? 'error' });
  }

  /** A category index as a one-hot vector (the last category dropped, as Spark's default). */
  oneHotEncoder<I extends NumericCols<R>, O extends string>(
    input: I,
    output: FreshName<R, O>,
    options: { readonly dropLast?: boolean } = {},
  ): PipelineBuilder<R0, Simplify<With<R, O, 'vector'>>, Idx> {
    return this.then({ kind: 'oneHotEncoder', input, output, dropLast: options.dropLast ?? true });
  }

  /** Scales a vector by each element's sample standard deviation (withMean also centres it). */
  standardScaler<I extends VectorCols<R>, O extends string>(
    input: I,
    output: FreshName<R, O>,
    options: { readonly withMean?: boolean; readonly withStd?: boolean } = {},
  ): PipelineBuilder<R0, Simplify<With<R, O, 'vector'>>, Idx> {
    return this.then({ kind: 'standardScaler', input, output, withMean: options.withMean ?? false, withStd: options.withStd ?? true });
  }

  /**
   * Fits the stages and the estimator on the pipeline's data. The features must be a vector column and
   * the label numeric (index string labels with stringIndexer first).
   * ```ts
   * const model = ml.pipeline(train).stringIndexer('class', 'label').vectorAssembler([...], 'features')
   *   .fit(ml.logisticRegression({ features: 'features', label: 'label' }));
   * // PySpark: model = Pipeline(stages=[StringIndexer(...), VectorAssembler(...), LogisticRegression(...)]).fit(df)
   * ```
   */
  fit<Role extends EstimatorRole, F extends VectorCols<R>, L extends NumericCols<R> = never>(
    estimator: EstimatorSpec<Role, F, L>,
  ): FittedModel<R0, Role, Simplify<Omit<ScalarPart<R>, keyof R0> & PredictionCols<Role, Idx, L>>> {
    const draft: Omit<FitNode, 'id' | 'schema' | 'loc'> = { kind: 'fit', input: this.data.node.id, stages: this.stages, estimator: estimator.node };
    return new FittedModel(this.data.job, addMlNode(this.data.job, draft).id);
  }
}
