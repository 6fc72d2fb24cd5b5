// The fitted pipeline as plain data: what fit produces, predict and evaluate use, and the params output
// describes. It travels between operators as JSON in a one-row record batch (see model-batch.ts).
import type { Estimator } from '../../plan/ml.ts';

export interface FittedStringIndexer {
  readonly kind: 'stringIndexer';
  readonly input: string;
  readonly output: string;
  readonly handleInvalid: 'error' | 'skip' | 'keep';
  readonly labels: readonly string[];
}

export interface FittedVectorAssembler {
  readonly kind: 'vectorAssembler';
  readonly inputs: readonly string[];
  readonly output: string;
  readonly handleInvalid: 'error' | 'skip';
}

export interface FittedOneHotEncoder {
  readonly kind: 'oneHotEncoder';
  readonly input: string;
  readonly output: string;
  readonly dropLast: boolean;
  /** Number of categories (indexes 0 .. categories - 1). */
  readonly categories: number;
}

export interface FittedStandardScaler {
  readonly kind: 'standardScaler';
  readonly input: string;
  readonly output: string;
  readonly withMean: boolean;
  readonly withStd: boolean;
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export type FittedStage = FittedStringIndexer | FittedVectorAssembler | FittedOneHotEncoder | FittedStandardScaler;

/** A decision tree node: a leaf, or a split `feature <= threshold` (left) / `>` (right). */
export type TreeNode =
  | { readonly leaf: true; readonly stats: readonly number[]; readonly impurity: number }
  | {
      readonly leaf: false;
      readonly stats: readonly number[];
      readonly impurity: number;
      readonly gain: number;
      readonly feature: number;
      readonly threshold: number;
      readonly left: TreeNode;
      readonly right: TreeNode;
    };

export type FittedEstimator =
  | {
      readonly kind: 'logisticRegression';
      readonly numClasses: number;
      readonly multinomial: boolean;
      /** One row per class (one row in total for binomial), one column per feature. */
      readonly coefficients: readonly (readonly number[])[];
      readonly intercepts: readonly number[];
    }
  | { readonly kind: 'linearRegression'; readonly coefficients: readonly number[]; readonly intercept: number }
  | { readonly kind: 'kMeans'; readonly centres: readonly (readonly number[])[]; readonly trainingCost: number; readonly iterations: number }
  | { readonly kind: 'decisionTreeClassifier'; readonly numClasses: number; readonly numFeatures: number; readonly root: TreeNode }
  | { readonly kind: 'randomForestClassifier'; readonly numClasses: number; readonly numFeatures: number; readonly trees: readonly TreeNode[] };

export interface PipelineModel {
  readonly stages: readonly FittedStage[];
  readonly spec: Estimator;
  readonly estimator: FittedEstimator;
}
