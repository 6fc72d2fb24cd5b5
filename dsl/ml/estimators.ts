// Estimator builders: the last step of a pipeline. Each carries its role (classifier, regressor,
// clusterer) and its feature and label column names in its type, for `fit` to check.
import type { Estimator, EstimatorRole, LogisticRegressionEstimator, RandomForestEstimator } from '../../plan/ml.ts';

export class EstimatorSpec<Role extends EstimatorRole, F extends string, L extends string> {
  declare readonly __role: Role;
  declare readonly __features: F;
  declare readonly __label: L;
  constructor(/** @internal */ readonly node: Estimator) {}
}

interface Supervised<F extends string, L extends string> {
  /** A vector column (vectorAssembler, oneHotEncoder or standardScaler output). */
  readonly features: F;
  /** A numeric column holding class indexes 0, 1, ... (classifiers) or values (regression). */
  readonly label: L;
}

/**
 * Logistic regression (binomial for two classes, multinomial for more), as pyspark.ml's
 * `LogisticRegression` (L-BFGS, features standardised, elasticNetParam 0).
 * ```ts
 * ml.logisticRegression({ features: 'features', label: 'label', maxIter: 100, regParam: 0.01 })
 * // PySpark: LogisticRegression(featuresCol="features", labelCol="label", maxIter=100, regParam=0.01, ...)
 * // Pig:     cannot express it (a Spark step)
 * ```
 */
export function logisticRegression<const F extends string, const L extends string>(
  o: Supervised<F, L> & Partial<Pick<LogisticRegressionEstimator, 'maxIter' | 'regParam' | 'fitIntercept' | 'standardization' | 'tol' | 'family'>>,
): EstimatorSpec<'classifier', F, L> {
  return new EstimatorSpec({
    kind: 'logisticRegression', features: o.features, label: o.label, maxIter: o.maxIter ?? 100, regParam: o.regParam ?? 0,
    fitIntercept: o.fitIntercept ?? true, standardization: o.standardization ?? true, tol: o.tol ?? 1e-6, family: o.family ?? 'auto',
  });
}

/** Least squares (with an optional L2 penalty), solved exactly as Spark's normal-equation solver. */
export function linearRegression<const F extends string, const L extends string>(
  o: Supervised<F, L> & { readonly regParam?: number; readonly fitIntercept?: boolean; readonly standardization?: boolean },
): EstimatorSpec<'regressor', F, L> {
  return new EstimatorSpec({
    kind: 'linearRegression', features: o.features, label: o.label, regParam: o.regParam ?? 0,
    fitIntercept: o.fitIntercept ?? true, standardization: o.standardization ?? true,
  });
}

/**
 * k-means clustering; predictions get an int `cluster` column.
 * ```ts
 * ml.kMeans({ features: 'scaled', k: 3, seed: 7 })
 * // PySpark: KMeans(featuresCol="scaled", predictionCol="cluster", k=3, seed=7, maxIter=20, ...)
 * ```
 * `initialCentres` starts from given centres: the local runtime only (pyspark.ml cannot), for tests.
 */
export function kMeans<const F extends string>(o: {
  readonly features: F;
  readonly k: number;
  readonly seed?: number;
  readonly maxIter?: number;
  readonly tol?: number;
  readonly initMode?: 'k-means||' | 'random';
  readonly initialCentres?: readonly (readonly number[])[];
}): EstimatorSpec<'clusterer', F, never> {
  return new EstimatorSpec({
    kind: 'kMeans', features: o.features, k: o.k, seed: o.seed ?? 1, maxIter: o.maxIter ?? 20, tol: o.tol ?? 1e-4,
    initMode: o.initMode ?? 'k-means||', initialCentres: o.initialCentres ?? null,
  });
}

/** A classification tree (Gini impurity, Spark's binning with maxBins). */
export function decisionTreeClassifier<const F extends string, const L extends string>(
  o: Supervised<F, L> & { readonly maxDepth?: number; readonly maxBins?: number; readonly minInstancesPerNode?: number; readonly seed?: number },
): EstimatorSpec<'classifier', F, L> {
  return new EstimatorSpec({
    kind: 'decisionTreeClassifier', features: o.features, label: o.label, maxDepth: o.maxDepth ?? 5, maxBins: o.maxBins ?? 32,
    minInstancesPerNode: o.minInstancesPerNode ?? 1, seed: o.seed ?? 1,
  });
}

/** A random forest of classification trees (bootstrap samples, a feature subset per node). */
export function randomForestClassifier<const F extends string, const L extends string>(
  o: Supervised<F, L> & Partial<Pick<RandomForestEstimator, 'numTrees' | 'maxDepth' | 'maxBins' | 'seed' | 'featureSubsetStrategy'>>,
): EstimatorSpec<'classifier', F, L> {
  return new EstimatorSpec({
    kind: 'randomForestClassifier', features: o.features, label: o.label, numTrees: o.numTrees ?? 20, maxDepth: o.maxDepth ?? 5,
    maxBins: o.maxBins ?? 32, seed: o.seed ?? 1, featureSubsetStrategy: o.featureSubsetStrategy ?? 'auto',
  });
}
