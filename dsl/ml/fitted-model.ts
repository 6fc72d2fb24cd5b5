// A fitted model in a job: predict, evaluate and save, each a plan node that reads the fit node.
import type { EstimatorRole, MetricOf } from '../../plan/ml.ts';
import { Dataset } from '../dataset.ts';
import type { JobBuilder } from '../job-builder.ts';
import type { Row, Simplify } from '../row-types.ts';
import { addMlNode } from './ml-nodes.ts';

export type MetricsRow = { metric: 'string'; value: 'double' };
export type ParamsRow = { stage: 'int'; kind: 'string'; param: 'string'; value: 'string' };

export class FittedModel<R0 extends Row, Role extends EstimatorRole, Out extends Row> {
  declare readonly __out: Out;
  declare readonly __role: Role;
  constructor(
    /** @internal */ readonly job: JobBuilder,
    /** @internal */ readonly id: string,
  ) {}

  /**
   * The rows with what the model predicts: the input columns, each string indexer's output, then
   * `prediction` (double) and `probability` (of the predicted class) for classifiers — with
   * `predicted_<column>` when the label was indexed from a string column — `prediction` for regression,
   * `cluster` (int) for k-means. Vector columns are left out.
   * ```ts
   * model.predict(test).writeCsv('predictions')
   * // PySpark: ml_predict(model, df, [...input columns], [...added columns]) -> write_csv(...)
   * ```
   */
  predict<R extends R0>(data: Dataset<R>): Dataset<Simplify<R & Out>> {
    return new Dataset(this.job, addMlNode(this.job, { kind: 'predict', model: this.id, input: data.node.id }));
  }

  /**
   * One row (metric, value) per metric, computed from the model's predictions on `data`.
   * ```ts
   * model.evaluate(test, ['accuracy', 'f1']).writeJson('metrics')
   * // PySpark: MulticlassClassificationEvaluator(metricName="accuracy", ...).evaluate(model.transform(df))
   * ```
   */
  evaluate<R extends R0>(data: Dataset<R>, metrics: readonly MetricOf<Role>[]): Dataset<MetricsRow> {
    return new Dataset(this.job, addMlNode(this.job, { kind: 'evaluate', model: this.id, input: data.node.id, metrics: [...metrics] }));
  }

  /** The fitted values as rows (stage, kind, param, value as JSON text). */
  params(): Dataset<ParamsRow> {
    return new Dataset(this.job, addMlNode(this.job, { kind: 'modelParams', model: this.id }));
  }

  /**
   * Saves the model as the output `name`: its params as JSON lines (every engine), and on Spark also the
   * PipelineModel under `<name>/spark-model` (load it with `PipelineModel.load`).
   * ```ts
   * model.save('model')
   * ```
   */
  save(name: string): void {
    this.params().writeJson(name);
    addMlNode(this.job, { kind: 'saveModel', model: this.id, output: name });
  }
}
