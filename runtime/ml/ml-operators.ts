// The ML operators: fit materialises its input and trains; predict and evaluate stream their input
// through the fitted stages and estimator; modelParams lists the fitted values.
import type * as arrow from 'apache-arrow';
import { JobError, type ColumnType, type Field } from '../../plan/index.ts';
import type { EvaluateNode, FitNode, ModelParamsNode, PredictNode } from '../../plan/ml.ts';
import { encodeLane } from '../columns/lane-codec.ts';
import { laneOfScalars, type Scalar } from '../columns/lane.ts';
import { columnData, makeBatch } from '../columns/record-batch.ts';
import { takeRows } from '../columns/take-rows.ts';
import type { BatchStream, OperatorContext } from '../kernels/operator-types.ts';
import { concatFrames, frameOfBatch, numbers, vectors, type MlFrame, type Vector } from './ml-frame.ts';
import { accuracy, areaUnderRoc, clusteringCost, regressionMetric, silhouette, weighted, type Scored } from './ml-metrics.ts';
import { modelBatch, readModel } from './model-batch.ts';
import { modelParams } from './model-params.ts';
import type { PipelineModel } from './model-types.ts';
import { applyStages, fitPipeline, predictRows, type RowPrediction } from './pipeline-fit.ts';

const readable = (fields: readonly Field[]) => fields.filter((f) => ['int', 'long', 'double', 'string'].includes(f.type));

export async function* fitModel(node: FitNode, input: BatchStream, ctx: OperatorContext): BatchStream {
  const fields = readable(ctx.inputs[0]);
  const frames: MlFrame[] = [];
  for await (const b of input) frames.push(frameOfBatch(b, fields));
  yield modelBatch(fitPipeline(node, concatFrames(frames, fields), ctx.site));
}

/** The value of a column predictions add, per row of the transformed frame. */
function addedColumn(name: string, model: PipelineModel, frame: MlFrame, preds: readonly RowPrediction[]): (Scalar | null)[] {
  if (name === 'prediction' || name === 'cluster') return preds.map((p) => p.prediction);
  if (name === 'probability') return preds.map((p) => p.probability?.[p.prediction] ?? null);
  const indexer = model.stages.find((s) => s.kind === 'stringIndexer' && s.output === name);
  if (indexer) return numbers(frame, name);
  const label = model.stages.find((s) => s.kind === 'stringIndexer' && `predicted_${s.input}` === name);
  if (label?.kind === 'stringIndexer') return preds.map((p) => label.labels[p.prediction] ?? null);
  throw new Error(`internal: predict has no column '${name}'`);
}

export async function* predict(node: PredictNode, model: BatchStream, input: BatchStream, ctx: OperatorContext): BatchStream {
  const m = await readModel(model);
  const inputFields = ctx.inputs[1];
  const own = new Set(inputFields.map((f) => f.name));
  for await (const batch of input) {
    const frame = applyStages(m, frameOfBatch(batch, readable(inputFields)), ctx.site);
    const preds = predictRows(m, frame);
    const all = frame.length === batch.numRows;
    const idx = Int32Array.from(frame.rowIds);
    const columns: arrow.Data[] = ctx.out.map((f) => {
      if (own.has(f.name)) return all ? columnData(batch, f.name) : takeRows(columnData(batch, f.name), f.type, idx);
      return encodeLane(laneOfScalars(f.type as ColumnType, addedColumn(f.name, m, frame, preds)));
    });
    if (frame.length > 0) yield makeBatch(ctx.out, columns, frame.length);
  }
}

interface Evaluated {
  readonly scored: Scored[];
  readonly values: number[];
  readonly xs: Vector[];
}

export async function* evaluate(node: EvaluateNode, model: BatchStream, input: BatchStream, ctx: OperatorContext): BatchStream {
  const m = await readModel(model);
  const fields = readable(ctx.inputs[1]);
  const seen: Evaluated = { scored: [], values: [], xs: [] };
  const spec = m.spec;
  for await (const batch of input) {
    const frame = applyStages(m, frameOfBatch(batch, fields), ctx.site);
    const preds = predictRows(m, frame);
    if (spec.kind === 'kMeans') {
      seen.xs.push(...vectors(frame, spec.features));
      preds.forEach((p) => seen.values.push(p.prediction));
      continue;
    }
    numbers(frame, spec.label).forEach((label, i) => {
      if (label === null) throw new JobError('runtime', `evaluate: label '${spec.label}' is null`, ctx.site.loc, ctx.site.nodeId);
      seen.scored.push({ label, prediction: preds[i].prediction, score: preds[i].raw?.[1] ?? null });
    });
  }
  const values = node.metrics.map((metric) => metricValue(metric, m, seen, ctx));
  const cols = [laneOfScalars('string', [...node.metrics]), laneOfScalars('double', values)];
  const byName: Record<string, (typeof cols)[number]> = { metric: cols[0], value: cols[1] };
  yield makeBatch(ctx.out, ctx.out.map((f) => encodeLane(byName[f.name])), values.length);
}

function metricValue(metric: string, m: PipelineModel, seen: Evaluated, ctx: OperatorContext): number {
  const { scored } = seen;
  switch (metric) {
    case 'accuracy':
      return accuracy(scored);
    case 'f1':
      return weighted(scored, 'f1');
    case 'weightedPrecision':
      return weighted(scored, 'precision');
    case 'weightedRecall':
      return weighted(scored, 'recall');
    case 'areaUnderROC':
      return areaUnderRoc(scored);
    case 'rmse':
    case 'mse':
    case 'mae':
    case 'r2':
      return regressionMetric(metric, scored.map((s) => s.label), scored.map((s) => s.prediction));
    case 'cost':
      if (m.estimator.kind !== 'kMeans') break;
      return clusteringCost(seen.xs, seen.values, m.estimator.centres);
    case 'silhouette': {
      const value = silhouette(seen.xs, seen.values);
      if (Number.isNaN(value)) throw new JobError('runtime', 'evaluate: silhouette needs the rows in two clusters or more', ctx.site.loc, ctx.site.nodeId);
      return value;
    }
  }
  throw new Error(`internal: metric '${metric}' for ${m.spec.kind}`);
}

export async function* modelParamsRows(node: ModelParamsNode, model: BatchStream, ctx: OperatorContext): BatchStream {
  const rows = modelParams(await readModel(model));
  const lanes = {
    stage: laneOfScalars('int', rows.map((r) => r.stage)),
    kind: laneOfScalars('string', rows.map((r) => r.kind)),
    param: laneOfScalars('string', rows.map((r) => r.param)),
    value: laneOfScalars('string', rows.map((r) => r.value)),
  } as Record<string, ReturnType<typeof laneOfScalars>>;
  yield makeBatch(ctx.out, ctx.out.map((f) => encodeLane(lanes[f.name])), rows.length);
}

/** Nothing to run locally: the runtime's saved model is the params output written before it. */
export async function* saveModel(): BatchStream {}
