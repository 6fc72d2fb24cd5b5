// ML nodes in the plan: what the DSL builds, what validation refuses in a plan read from JSON, and how
// the compilers answer (Pig: an unsupported error naming the node; PySpark: pyspark.ml code).
import { describe, expect, it } from 'vitest';
import { toPig } from '../../codegen/pig/index.ts';
import { toPySpark } from '../../codegen/pyspark/index.ts';
import { job } from '../../dsl/index.ts';
import { ml } from '../../dsl/ml/index.ts';
import { JobError, planFromJson, planToJson, validatePlan, type FitNode, type Plan, type PlanNode } from '../../plan/index.ts';
import irisJob from '../../jobs/iris-classifier.ts';
import botJob from '../../jobs/bot-clusters.ts';

const schemaOf = (plan: Plan, kind: string) => plan.nodes.find((n) => n.kind === kind)!.schema.map((f) => `${f.name}:${f.type}`);
const withNode = (plan: Plan, id: string, change: (n: PlanNode) => object): Plan => ({
  ...plan,
  nodes: plan.nodes.map((n) => (n.id === id ? ({ ...n, ...change(n) } as PlanNode) : n)),
});
const messages = (plan: Plan) => validatePlan(plan).map((e) => e.message);

describe('the DSL builds ML nodes', () => {
  const plan = irisJob.plan();
  it('split, fit, predict, evaluate, params, their sinks and saveModel, each citing its job line', () => {
    expect(plan.nodes.map((n) => n.kind)).toEqual([
      'source', 'split', 'split', 'fit', 'predict', 'sink', 'evaluate', 'sink', 'modelParams', 'sink', 'saveModel',
    ]);
    for (const n of plan.nodes) expect(n.loc.file).toBe('jobs/iris-classifier.ts');
    const fit = plan.nodes.find((n): n is FitNode => n.kind === 'fit')!;
    expect(fit.stages.map((s) => s.kind)).toEqual(['stringIndexer', 'vectorAssembler']);
    expect(fit.estimator).toMatchObject({ kind: 'logisticRegression', features: 'features', label: 'label', maxIter: 100, regParam: 0.01 });
  });
  it('a model lists the columns predictions add; predictions keep the input columns first', () => {
    expect(schemaOf(plan, 'fit')).toEqual(['label:double', 'prediction:double', 'probability:double', 'predicted_class:string']);
    expect(schemaOf(plan, 'predict')).toEqual([
      'sepal_length:double', 'sepal_width:double', 'petal_length:double', 'petal_width:double', 'class:string',
      'label:double', 'prediction:double', 'probability:double', 'predicted_class:string',
    ]);
    expect(schemaOf(plan, 'evaluate')).toEqual(['metric:string', 'value:double']);
    expect(schemaOf(botJob.plan(), 'fit')).toEqual(['cluster:int']);
  });
  it('round-trips through JSON and validates', () => {
    expect(planFromJson(planToJson(plan))).toEqual(JSON.parse(JSON.stringify(plan)));
  });
  it('a typing mistake the types let through is a JobError at the job line', () => {
    const bad = job('bad-ml', 'bad', (j) => {
      const t = j.csv('t', { x: 'double', y: 'double' });
      // The types cannot see a fraction out of range: the plan rule reports it at this line.
      ml.split(t, 1.5, { seed: 1 });
    });
    expect(() => bad.plan()).toThrow(JobError);
    try {
      bad.plan();
    } catch (e) {
      expect((e as JobError).describe()).toMatch(/^test\/ml\/ml-plan\.test\.ts:\d+:\d+: job error: split: fraction 1.5 must be between 0 and 1$/);
    }
  });
});

describe('validation of ML nodes read from JSON', () => {
  const plan = irisJob.plan();
  it('refuses a string label', () => {
    const bad = withNode(plan, 'fit_4', (n) => ({ estimator: { ...(n as FitNode).estimator, label: 'class' } }));
    expect(messages(bad)).toContain("fit: logisticRegression: label column 'class' is not numeric (index a string label with stringIndexer)");
  });
  it('refuses a missing feature column and features that are not a vector', () => {
    const missing = withNode(plan, 'fit_4', (n) => ({ stages: [(n as FitNode).stages[0], { kind: 'vectorAssembler', inputs: ['petal_size'], output: 'features', handleInvalid: 'error' }] }));
    expect(messages(missing)[0]).toMatch(/^fit: vectorAssembler: no column 'petal_size'/);
    const notVector = withNode(plan, 'fit_4', (n) => ({ estimator: { ...(n as FitNode).estimator, features: 'sepal_length' } }));
    expect(messages(notVector)[0]).toMatch(/features column 'sepal_length' is not a vector/);
  });
  it('refuses a metric that does not suit the model', () => {
    const bad = withNode(plan, 'evaluate_7', () => ({ metrics: ['rmse'] }));
    expect(messages(bad)).toContain("evaluate: metric 'rmse' does not apply to logisticRegression (use accuracy, f1, weightedPrecision, weightedRecall, areaUnderROC)");
  });
  it('refuses a saved model without its params output', () => {
    const bad = withNode(plan, 'saveModel_11', () => ({ output: 'elsewhere' }));
    expect(messages(bad)).toContain("saveModel: no output 'elsewhere' writes the params of fit_4 (use model.save(name))");
  });
  it('refuses a model read as a dataset, and a dataset read as a model', () => {
    const asData = withNode(plan, 'predict_5', () => ({ input: 'fit_4' }));
    expect(messages(asData)).toContain('node predict_5 (predict) reads the model fit_4 as a dataset');
    const asModel = withNode(plan, 'predict_5', () => ({ model: 'split_3' }));
    expect(messages(asModel)).toContain('node predict_5 (predict) needs a fitted model, but split_3 is not one');
  });
});

describe('compilers', () => {
  it('Pig cannot express ML stages: an unsupported error at the split line', () => {
    expect(() => toPig(irisJob.plan())).toThrow(/pig cannot express an ML stage .*\(split\).*run the job as a PySpark step/);
    try {
      toPig(irisJob.plan());
    } catch (e) {
      expect((e as JobError).kind).toBe('unsupported');
      expect((e as JobError).describe()).toMatch(/^jobs\/iris-classifier\.ts:12:\d+: unsupported error: /);
    }
  });
  it('PySpark: one pyspark.ml Pipeline with the same stages, parameters and seeds', () => {
    const py = toPySpark(botJob.plan());
    expect(py).toContain('from pyspark.ml import Pipeline');
    expect(py).toMatch(/KMeans\(\s*featuresCol="features",\s*predictionCol="cluster",\s*k=4,\s*seed=7,\s*maxIter=50,/);
    expect(py).toContain('StandardScaler(inputCol="raw_features", outputCol="features", withMean=False, withStd=True)');
    expect(py).toMatch(/\.write\(\)\.overwrite\(\)\.save\(\(paths\["model"\] \+ "\/spark-model"\)\)/);
    expect(py).not.toMatch(/\budf\b|pandas_udf/);
  });
  it('PySpark refuses k-means from given centres (pyspark.ml has no initial model)', () => {
    const plan = job('kc', 'k', (j) => {
      const t = j.csv('t', { a: 'double', b: 'double' });
      ml.pipeline(t).vectorAssembler(['a', 'b'], 'f').fit(ml.kMeans({ features: 'f', k: 2, initialCentres: [[0, 0], [1, 1]] })).predict(t).writeCsv('o');
    }).plan();
    expect(() => toPySpark(plan)).toThrow(/pyspark cannot express kMeans with initialCentres/);
  });
});
