// ML plan nodes: a deterministic train/test split, fitting a pipeline (feature stages + one estimator), and
// using the fitted model to predict, evaluate and describe itself. Plain data, like every plan node.
import { TypeRuleError } from './derive.ts';
import { call, cast, col, lit, type Expr } from './expr.ts';
import type { Field, Schema, SourceLoc } from './types.ts';
import { field, isNumeric } from './types.ts';

interface MlBase {
  readonly id: string;
  readonly loc: SourceLoc;
  readonly schema: Schema;
}

/** Category index of a string column: most frequent first, ties in string order (Spark's frequencyDesc). */
export interface StringIndexerStage {
  readonly kind: 'stringIndexer';
  readonly input: string;
  readonly output: string;
  /** A null or unseen value: fail ('error'), drop the row ('skip') or give it the index after the last ('keep'). */
  readonly handleInvalid: 'error' | 'skip' | 'keep';
}

/** Numeric columns and vectors joined into one vector column. */
export interface VectorAssemblerStage {
  readonly kind: 'vectorAssembler';
  readonly inputs: readonly string[];
  readonly output: string;
  /** A null or NaN input value: fail ('error') or drop the row ('skip'). */
  readonly handleInvalid: 'error' | 'skip';
}

/** A category index (0, 1, ...) as a one-hot vector; with dropLast the last category is all zeros. */
export interface OneHotEncoderStage {
  readonly kind: 'oneHotEncoder';
  readonly input: string;
  readonly output: string;
  readonly dropLast: boolean;
}

/** Scales each vector element by the training set's sample standard deviation (and centres it withMean). */
export interface StandardScalerStage {
  readonly kind: 'standardScaler';
  readonly input: string;
  readonly output: string;
  readonly withMean: boolean;
  readonly withStd: boolean;
}

export type MlStage = StringIndexerStage | VectorAssemblerStage | OneHotEncoderStage | StandardScalerStage;

export interface LogisticRegressionEstimator {
  readonly kind: 'logisticRegression';
  readonly features: string;
  readonly label: string;
  readonly maxIter: number;
  readonly regParam: number;
  readonly fitIntercept: boolean;
  readonly standardization: boolean;
  readonly tol: number;
  /** 'auto': binomial for two classes, multinomial for more. */
  readonly family: 'auto' | 'binomial' | 'multinomial';
}

/** Least squares with an optional L2 penalty, solved exactly (Spark's normal-equation solver). */
export interface LinearRegressionEstimator {
  readonly kind: 'linearRegression';
  readonly features: string;
  readonly label: string;
  readonly regParam: number;
  readonly fitIntercept: boolean;
  readonly standardization: boolean;
}

export interface KMeansEstimator {
  readonly kind: 'kMeans';
  readonly features: string;
  readonly k: number;
  readonly seed: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly initMode: 'k-means||' | 'random';
  /** Start from these centres instead of initMode (the local runtime only: pyspark.ml cannot). */
  readonly initialCentres: readonly (readonly number[])[] | null;
}

export interface DecisionTreeEstimator {
  readonly kind: 'decisionTreeClassifier';
  readonly features: string;
  readonly label: string;
  readonly maxDepth: number;
  readonly maxBins: number;
  readonly minInstancesPerNode: number;
  readonly seed: number;
}

export interface RandomForestEstimator {
  readonly kind: 'randomForestClassifier';
  readonly features: string;
  readonly label: string;
  readonly numTrees: number;
  readonly maxDepth: number;
  readonly maxBins: number;
  readonly seed: number;
  readonly featureSubsetStrategy: 'auto' | 'all' | 'sqrt' | 'log2' | 'onethird';
}

export type Estimator =
  | LogisticRegressionEstimator
  | LinearRegressionEstimator
  | KMeansEstimator
  | DecisionTreeEstimator
  | RandomForestEstimator;

export type EstimatorKind = Estimator['kind'];
export type EstimatorRole = 'classifier' | 'regressor' | 'clusterer';

export const ESTIMATOR_ROLE: { readonly [K in EstimatorKind]: EstimatorRole } = {
  logisticRegression: 'classifier',
  decisionTreeClassifier: 'classifier',
  randomForestClassifier: 'classifier',
  linearRegression: 'regressor',
  kMeans: 'clusterer',
};

/** Metrics each kind of model can be evaluated with (Spark's evaluators' names). */
export const METRICS = {
  classifier: ['accuracy', 'f1', 'weightedPrecision', 'weightedRecall', 'areaUnderROC'],
  regressor: ['rmse', 'mse', 'mae', 'r2'],
  clusterer: ['cost', 'silhouette'],
} as const satisfies { readonly [R in EstimatorRole]: readonly string[] };

export type MetricOf<R extends EstimatorRole> = (typeof METRICS)[R][number];
export type Metric = MetricOf<EstimatorRole>;

/**
 * Rows whose crc32(seed, row key) lands below `fraction` (side 'train') or not (side 'test'); the key is the
 * `by` columns (all columns when null) cast to string, nulls as '', joined with U+0001. See docs/ml.md.
 */
export interface SplitNode extends MlBase {
  readonly kind: 'split';
  readonly input: string;
  readonly seed: number;
  readonly fraction: number;
  readonly side: 'train' | 'test';
  readonly by: readonly string[] | null;
}

/** A fitted model. Its schema lists the columns its predictions add to their input. */
export interface FitNode extends MlBase {
  readonly kind: 'fit';
  readonly input: string;
  readonly stages: readonly MlStage[];
  readonly estimator: Estimator;
}

/** The input's columns, then the model's (scalar stage outputs, prediction, ...). */
export interface PredictNode extends MlBase {
  readonly kind: 'predict';
  readonly model: string;
  readonly input: string;
}

/** One row (metric, value) per metric, in the order asked, over the model's predictions on the input. */
export interface EvaluateNode extends MlBase {
  readonly kind: 'evaluate';
  readonly model: string;
  readonly input: string;
  readonly metrics: readonly string[];
}

/** The fitted parameters as rows (stage, kind, param, value as JSON text). */
export interface ModelParamsNode extends MlBase {
  readonly kind: 'modelParams';
  readonly model: string;
}

/**
 * Saves the engine's own model format under the output `output` (written by a sink of the model's
 * params before it): Spark's PipelineModel in `<output>/spark-model`. The local runtime's model is its params.
 */
export interface SaveModelNode extends MlBase {
  readonly kind: 'saveModel';
  readonly model: string;
  readonly output: string;
}

export type MlNode = SplitNode | FitNode | PredictNode | EvaluateNode | ModelParamsNode | SaveModelNode;
export type MlNodeKind = MlNode['kind'];
export const ML_NODE_KINDS: readonly MlNodeKind[] = ['split', 'fit', 'predict', 'evaluate', 'modelParams', 'saveModel'];

/** Kinds whose `model` field must name a fit node. */
const MODEL_READERS: readonly MlNodeKind[] = ['predict', 'evaluate', 'modelParams', 'saveModel'];

export function mlInputs(n: MlNode): string[] {
  switch (n.kind) {
    case 'split':
    case 'fit':
      return [n.input];
    case 'predict':
    case 'evaluate':
      return [n.model, n.input];
    case 'modelParams':
    case 'saveModel':
      return [n.model];
  }
}

/** Column names ML stages read or write: Spark ML resolves them as SQL identifiers. */
const ML_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const EVALUATE_SCHEMA: Schema = Object.freeze([field('metric', 'string', false), field('value', 'double')]);
export const MODEL_PARAMS_SCHEMA: Schema = Object.freeze([
  field('stage', 'int', false), field('kind', 'string', false), field('param', 'string', false), field('value', 'string', false),
]);

/** The estimator's label, when it is the output of a string indexer of the pipeline. */
export function labelIndexer(n: Pick<FitNode, 'stages' | 'estimator'>): StringIndexerStage | null {
  const e = n.estimator;
  if (e.kind === 'kMeans') return null;
  return n.stages.find((s): s is StringIndexerStage => s.kind === 'stringIndexer' && s.output === e.label) ?? null;
}

/** Columns a prediction adds, in order: string indexer outputs, then the estimator's. */
export function predictionFields(n: Pick<FitNode, 'stages' | 'estimator'>): Field[] {
  const indexed = n.stages.filter((s) => s.kind === 'stringIndexer').map((s) => field(s.output, 'double'));
  const role = ESTIMATOR_ROLE[n.estimator.kind];
  if (role === 'clusterer') return [...indexed, field('cluster', 'int')];
  if (role === 'regressor') return [...indexed, field('prediction', 'double')];
  const li = labelIndexer(n);
  return [...indexed, field('prediction', 'double'), field('probability', 'double'), ...(li ? [field(`predicted_${li.input}`, 'string')] : [])];
}

type Kind = 'number' | 'string' | 'vector' | 'other';

function kindOf(cols: Map<string, Kind>, name: string, role: string): Kind {
  if (!ML_NAME.test(name)) throw new TypeRuleError(`${role}: '${name}' is not a plain identifier (Spark ML needs one)`);
  const k = cols.get(name);
  if (!k) throw new TypeRuleError(`${role}: no column '${name}' (columns: ${[...cols.keys()].join(', ')})`);
  return k;
}

function addColumn(cols: Map<string, Kind>, name: string, kind: Kind, role: string): void {
  if (!ML_NAME.test(name)) throw new TypeRuleError(`${role}: output '${name}' is not a plain identifier (Spark ML needs one)`);
  if (cols.has(name)) throw new TypeRuleError(`${role}: output '${name}' is already a column`);
  cols.set(name, kind);
}

const need = (ok: boolean, message: string) => {
  if (!ok) throw new TypeRuleError(message);
};
const int = (x: number, lo: number, hi: number) => Number.isSafeInteger(x) && x >= lo && x <= hi;

/** Checks a fit node's stages and estimator against its input schema; returns the model's schema. */
function fitSchema(n: FitNode, input: Schema): Schema {
  const cols = new Map<string, Kind>(input.map((f) => [f.name, isNumeric(f.type) ? 'number' : f.type === 'string' ? 'string' : 'other']));
  for (const s of n.stages) {
    switch (s.kind) {
      case 'stringIndexer':
        need(kindOf(cols, s.input, 'stringIndexer') === 'string', `stringIndexer: column '${s.input}' is not a string`);
        addColumn(cols, s.output, 'number', 'stringIndexer');
        break;
      case 'vectorAssembler':
        need(s.inputs.length > 0, 'vectorAssembler: needs at least one input column');
        for (const c of s.inputs) {
          const k = kindOf(cols, c, 'vectorAssembler');
          need(k === 'number' || k === 'vector', `vectorAssembler: column '${c}' is not numeric or a vector`);
        }
        addColumn(cols, s.output, 'vector', 'vectorAssembler');
        break;
      case 'oneHotEncoder':
        need(kindOf(cols, s.input, 'oneHotEncoder') === 'number', `oneHotEncoder: column '${s.input}' is not numeric`);
        addColumn(cols, s.output, 'vector', 'oneHotEncoder');
        break;
      case 'standardScaler':
        need(kindOf(cols, s.input, 'standardScaler') === 'vector', `standardScaler: column '${s.input}' is not a vector`);
        addColumn(cols, s.output, 'vector', 'standardScaler');
        break;
      default:
        throw new TypeRuleError(`unknown ML stage '${(s as { kind: string }).kind}'`);
    }
  }
  const e = n.estimator;
  if (!(e.kind in ESTIMATOR_ROLE)) throw new TypeRuleError(`unknown estimator '${e.kind}'`);
  need(kindOf(cols, e.features, e.kind) === 'vector', `${e.kind}: features column '${e.features}' is not a vector (assemble it first)`);
  if (e.kind !== 'kMeans') {
    const k = kindOf(cols, e.label, e.kind);
    need(k === 'number', `${e.kind}: label column '${e.label}' is not numeric (index a string label with stringIndexer)`);
  }
  checkParams(e);
  // Spark's models add these (vector) columns on the way to the prediction.
  const out = predictionFields(n);
  for (const name of [...out.map((f) => f.name), 'rawPrediction', 'probability', 'prediction']) {
    need(!input.some((f) => f.name === name), `${e.kind}: the input already has a column '${name}', which predicting adds`);
  }
  return Object.freeze(out);
}

function checkParams(e: Estimator): void {
  switch (e.kind) {
    case 'logisticRegression':
      need(int(e.maxIter, 0, 1e6) && e.regParam >= 0 && e.tol >= 0, 'logisticRegression: maxIter must be a whole number >= 0, regParam and tol >= 0');
      return;
    case 'linearRegression':
      need(e.regParam >= 0, 'linearRegression: regParam must be >= 0');
      return;
    case 'kMeans':
      need(int(e.k, 2, 1e4) && int(e.maxIter, 1, 1e6) && int(e.seed, -(2 ** 53), 2 ** 53) && e.tol >= 0, 'kMeans: k must be a whole number >= 2, maxIter >= 1, seed a whole number, tol >= 0');
      if (e.initialCentres !== null) {
        need(e.initialCentres.length === e.k, `kMeans: initialCentres has ${e.initialCentres.length} centres, k is ${e.k}`);
        need(e.initialCentres.every((c) => c.length === e.initialCentres![0].length && c.every(Number.isFinite)), 'kMeans: initialCentres must be finite and of one length');
      }
      return;
    case 'decisionTreeClassifier':
      need(int(e.maxDepth, 0, 30) && int(e.maxBins, 2, 1e6) && int(e.minInstancesPerNode, 1, 1e9) && int(e.seed, -(2 ** 53), 2 ** 53), 'decisionTreeClassifier: maxDepth must be 0..30, maxBins >= 2, minInstancesPerNode >= 1, seed a whole number');
      return;
    case 'randomForestClassifier':
      need(int(e.numTrees, 1, 1e5) && int(e.maxDepth, 0, 30) && int(e.maxBins, 2, 1e6) && int(e.seed, -(2 ** 53), 2 ** 53), 'randomForestClassifier: numTrees must be >= 1, maxDepth 0..30, maxBins >= 2, seed a whole number');
      return;
  }
}

/** Output schema of an ML node given its inputs' schemas (in `mlInputs` order). */
export function mlOutputSchema(n: MlNode, inputs: readonly Schema[]): Schema {
  switch (n.kind) {
    case 'split': {
      need(n.fraction > 0 && n.fraction < 1, `split: fraction ${n.fraction} must be between 0 and 1`);
      need(int(n.seed, -(2 ** 53), 2 ** 53), `split: seed ${n.seed} must be a whole number`);
      need(n.side === 'train' || n.side === 'test', `split: side must be 'train' or 'test'`);
      if (n.by !== null) {
        need(n.by.length > 0, 'split: by needs at least one column');
        for (const c of n.by) need(inputs[0].some((f) => f.name === c), `split: no column '${c}'`);
      }
      return inputs[0];
    }
    case 'fit':
      return fitSchema(n, inputs[0]);
    case 'predict':
      return Object.freeze([...inputs[1], ...inputs[0]]);
    case 'evaluate':
      need(n.metrics.length > 0, 'evaluate: needs at least one metric');
      return EVALUATE_SCHEMA;
    case 'modelParams':
      return MODEL_PARAMS_SCHEMA;
    case 'saveModel':
      need(n.output !== '', 'saveModel: the output name is empty');
      return Object.freeze([]);
  }
}

/**
 * What validation checks beyond schemas: a model is read only by the nodes that use models, each of
 * those reads a fit node, and metrics suit the model. Returns error messages.
 */
export function mlReadProblems(n: { readonly kind: string; readonly id: string }, byId: ReadonlyMap<string, { readonly kind: string }>, reads: readonly string[]): string[] {
  const problems: string[] = [];
  const isModelReader = (MODEL_READERS as readonly string[]).includes(n.kind);
  reads.forEach((id, i) => {
    const isFit = byId.get(id)?.kind === 'fit';
    const wantsModel = isModelReader && i === 0;
    if (isFit && !wantsModel) problems.push(`node ${n.id} (${n.kind}) reads the model ${id} as a dataset`);
    if (!isFit && wantsModel) problems.push(`node ${n.id} (${n.kind}) needs a fitted model, but ${id} is not one`);
  });
  if (n.kind === 'saveModel') {
    // The engines save their model beside the params output of the same name (DSL: model.save(name)).
    const output = (n as SaveModelNode).output;
    const params = [...byId.values()].some((s) => {
      const sink = s as { kind: string; output?: string; input?: string };
      const from = byId.get(sink.input ?? '') as { kind: string; model?: string } | undefined;
      return sink.kind === 'sink' && sink.output === output && from?.kind === 'modelParams' && from.model === reads[0];
    });
    if (!params) problems.push(`saveModel: no output '${output}' writes the params of ${reads[0]} (use model.save(name))`);
  }
  if (n.kind === 'evaluate') {
    const model = byId.get(reads[0]) as FitNode | undefined;
    if (model?.kind === 'fit') {
      const allowed: readonly string[] = METRICS[ESTIMATOR_ROLE[model.estimator.kind]];
      for (const m of (n as EvaluateNode).metrics) {
        if (!allowed.includes(m)) problems.push(`evaluate: metric '${m}' does not apply to ${model.estimator.kind} (use ${allowed.join(', ')})`);
      }
    }
  }
  return problems;
}

/** A row goes to the train side when crc32(key) % SPLIT_BUCKETS is below the split's threshold. */
export const SPLIT_BUCKETS = 10000;

export function splitThreshold(fraction: number): number {
  return Math.round(fraction * SPLIT_BUCKETS);
}

/**
 * The text a split hashes (as UTF-8): the seed in decimal, then each key column as the plan casts it to
 * string (null as ''), each preceded by U+0001. Both engines compute it from this one expression.
 */
export function splitKey(n: Pick<SplitNode, 'seed' | 'by'>, schema: Schema): Expr {
  const names = n.by ?? schema.map((f) => f.name);
  const parts: Expr[] = [lit(String(n.seed), 'string')];
  for (const name of names) {
    const f = schema.find((x) => x.name === name);
    if (!f) throw new TypeRuleError(`split: no column '${name}'`);
    const text = f.type === 'string' ? col(f.name, 'string') : cast(col(f.name, f.type), 'string');
    parts.push(lit('\u0001', 'string'), call('coalesce', [text, lit('', 'string')], 'string'));
  }
  return call('concat', parts, 'string');
}
