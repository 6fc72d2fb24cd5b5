// ML plan nodes as PySpark: a split filters on crc32 of the plan's key expression; fit builds a
// pyspark.ml Pipeline of the same stages, parameters and seeds; predict, evaluate and modelParams call
// the prelude's functions; saveModel writes Spark's own model format.
import { JobError } from '../../../plan/index.ts';
import {
  labelIndexer, predictionFields, splitKey, splitThreshold,
  type Estimator, type EvaluateNode, type FitNode, type MlStage, type ModelParamsNode, type PredictNode, type SaveModelNode, type SplitNode,
} from '../../../plan/ml.ts';
import type { CompileContext } from '../compile-context.ts';
import { compileExpr } from '../expr-compiler.ts';
import { binop, bool, call, float, int, list, method, name, none, str, tuple, type Py, type PyStmt } from '../py-ast.ts';
import { pathOf } from '../source-compiler.ts';
import { ML_PRELUDE, ML_PRELUDE_KEY } from './ml-prelude.ts';

type Kw = readonly (readonly [string, Py])[];

const assign = (target: string, value: Py): PyStmt[] => [{ kind: 'assign', target, value }];
const ml = (ctx: CompileContext, fn: string): Py => {
  ctx.helper('column');
  ctx.prelude(ML_PRELUDE_KEY, ML_PRELUDE);
  return name(fn);
};
const make = (cls: string, kwargs: Kw): Py => call(name(cls), [], kwargs);

/** The fit nodes compiled so far, per compilation: predict and the others need their stages. */
const FITS = new WeakMap<CompileContext, Map<string, FitNode>>();

function stage(s: MlStage): Py {
  switch (s.kind) {
    case 'stringIndexer':
      return make('StringIndexer', [['inputCol', str(s.input)], ['outputCol', str(s.output)], ['handleInvalid', str(s.handleInvalid)], ['stringOrderType', str('frequencyDesc')]]);
    case 'vectorAssembler':
      return make('VectorAssembler', [['inputCols', list(s.inputs.map(str))], ['outputCol', str(s.output)], ['handleInvalid', str(s.handleInvalid)]]);
    case 'oneHotEncoder':
      return make('OneHotEncoder', [['inputCols', list([str(s.input)])], ['outputCols', list([str(s.output)])], ['dropLast', bool(s.dropLast)]]);
    case 'standardScaler':
      return make('StandardScaler', [['inputCol', str(s.input)], ['outputCol', str(s.output)], ['withMean', bool(s.withMean)], ['withStd', bool(s.withStd)]]);
  }
}

function estimator(e: Estimator, n: FitNode): Py {
  const features: Kw = [['featuresCol', str(e.features)]];
  switch (e.kind) {
    case 'logisticRegression':
      return make('LogisticRegression', [...features, ['labelCol', str(e.label)], ['maxIter', int(e.maxIter)], ['regParam', float(e.regParam)],
        ['elasticNetParam', float(0)], ['fitIntercept', bool(e.fitIntercept)], ['standardization', bool(e.standardization)], ['tol', float(e.tol)], ['family', str(e.family)]]);
    case 'linearRegression':
      return make('LinearRegression', [...features, ['labelCol', str(e.label)], ['regParam', float(e.regParam)], ['elasticNetParam', float(0)],
        ['fitIntercept', bool(e.fitIntercept)], ['standardization', bool(e.standardization)], ['solver', str('normal')]]);
    case 'kMeans':
      if (e.initialCentres !== null) throw new JobError('unsupported', 'pyspark cannot express kMeans with initialCentres (pyspark.ml KMeans has no initial model); they are for the local runtime', n.loc, n.id);
      return make('KMeans', [...features, ['predictionCol', str('cluster')], ['k', int(e.k)], ['seed', int(e.seed)], ['maxIter', int(e.maxIter)],
        ['tol', float(e.tol)], ['initMode', str(e.initMode)]]);
    case 'decisionTreeClassifier':
      return make('DecisionTreeClassifier', [...features, ['labelCol', str(e.label)], ['maxDepth', int(e.maxDepth)], ['maxBins', int(e.maxBins)],
        ['minInstancesPerNode', int(e.minInstancesPerNode)], ['impurity', str('gini')], ['seed', int(e.seed)]]);
    case 'randomForestClassifier':
      return make('RandomForestClassifier', [...features, ['labelCol', str(e.label)], ['numTrees', int(e.numTrees)], ['maxDepth', int(e.maxDepth)],
        ['maxBins', int(e.maxBins)], ['featureSubsetStrategy', str(e.featureSubsetStrategy)], ['impurity', str('gini')], ['seed', int(e.seed)]]);
  }
}

export function compileSplit(n: SplitNode, ctx: CompileContext): PyStmt[] {
  const key = compileExpr(splitKey(n, ctx.schemaOf(n.input)), ctx.env(n));
  return assign(ctx.target(n.id), call(ml(ctx, 'ml_split'), [ctx.varOf(n.input), key, int(splitThreshold(n.fraction)), bool(n.side === 'train')]));
}

export function compileFit(n: FitNode, ctx: CompileContext): PyStmt[] {
  ml(ctx, 'Pipeline');
  if (!FITS.has(ctx)) FITS.set(ctx, new Map());
  FITS.get(ctx)!.set(n.id, n);
  const pipeline = make('Pipeline', [['stages', list([...n.stages.map(stage), estimator(n.estimator, n)])]]);
  return assign(ctx.target(n.id), method(pipeline, 'fit', ctx.varOf(n.input)));
}

function fitOf(id: string, ctx: CompileContext, at: { loc: FitNode['loc']; id: string }): FitNode {
  const fit = FITS.get(ctx)?.get(id);
  if (!fit) throw new JobError('plan', `node ${at.id} needs a fitted model, but ${id} is not one`, at.loc, at.id);
  return fit;
}

export function compilePredict(n: PredictNode, ctx: CompileContext): PyStmt[] {
  const fit = fitOf(n.model, ctx, n);
  const indexer = labelIndexer(fit);
  const stageOf = (input: string) => fit.stages.findIndex((s) => s.kind === 'stringIndexer' && s.input === input);
  const added = predictionFields(fit).map((f) => {
    if (f.name === 'prediction' || f.name === 'probability' || f.name === 'cluster') return tuple([str(f.name), str(f.name), none]);
    if (indexer && f.name === `predicted_${indexer.input}`) return tuple([str(f.name), str('label'), int(stageOf(indexer.input))]);
    return tuple([str(f.name), str('value'), none]);
  });
  const keep = list(ctx.schemaOf(n.input).map((f) => str(f.name)));
  return assign(ctx.target(n.id), call(ml(ctx, 'ml_predict'), [ctx.varOf(n.model), ctx.varOf(n.input), keep, list(added)]));
}

export function compileEvaluate(n: EvaluateNode, ctx: CompileContext): PyStmt[] {
  const e = fitOf(n.model, ctx, n).estimator;
  const label = e.kind === 'kMeans' ? none : str(e.label);
  return assign(ctx.target(n.id), call(ml(ctx, 'ml_evaluate'), [name('spark'), ctx.varOf(n.model), ctx.varOf(n.input), list(n.metrics.map(str)), label, str(e.features)]));
}

export function compileModelParams(n: ModelParamsNode, ctx: CompileContext): PyStmt[] {
  const fit = fitOf(n.model, ctx, n);
  const kinds = list([...fit.stages.map((s) => str(s.kind)), str(fit.estimator.kind)]);
  return assign(ctx.target(n.id), call(ml(ctx, 'ml_params'), [name('spark'), ctx.varOf(n.model), kinds]));
}

/** After the params output is written (a sink before this node), so its overwrite does not remove the model. */
export function compileSaveModel(n: SaveModelNode, ctx: CompileContext): PyStmt[] {
  fitOf(n.model, ctx, n);
  const writer = method(method(ctx.varOf(n.model), 'write'), 'overwrite');
  return [{ kind: 'expr', value: method(writer, 'save', binop('+', pathOf(n.output), str('/spark-model'))) }];
}
