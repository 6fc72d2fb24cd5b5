// Row types of ML pipelines: the dataset's columns plus the vectors stages make, so tsc rejects a
// missing or non-numeric feature, a string label, or a metric that does not suit the model.
import type { ColumnType, NumericType } from '../../plan/index.ts';
import type { EstimatorRole } from '../../plan/ml.ts';

export type MlType = ColumnType | 'vector';
export type MlRow = { readonly [name: string]: MlType };

type ColsWhere<R extends MlRow, T> = { [K in keyof R]: R[K] extends T ? K : never }[keyof R] & string;

export type NumericCols<R extends MlRow> = ColsWhere<R, NumericType>;
export type StringCols<R extends MlRow> = ColsWhere<R, 'string'>;
export type VectorCols<R extends MlRow> = ColsWhere<R, 'vector'>;

/** A name not yet used by the row. */
export type FreshName<R extends MlRow, O extends string> = O extends keyof R ? never : O;

export type With<R, K extends string, T> = { [P in keyof R | K]: P extends K ? T : P extends keyof R ? R[P] : never };

/** The plain columns (no vectors) of a row: what predictions keep. */
export type ScalarPart<R extends MlRow> = { [K in keyof R as R[K] extends 'vector' ? never : K]: Exclude<R[K], 'vector'> };

/** Columns a prediction adds: the indexed columns, then the estimator's outputs. */
export type PredictionCols<Role extends EstimatorRole, Idx extends Record<string, string>, L extends string> = Role extends 'clusterer'
  ? { cluster: 'int' }
  : Role extends 'regressor'
    ? { prediction: 'double' }
    : { prediction: 'double'; probability: 'double' } & (L extends keyof Idx ? { [K in `predicted_${Idx[L]}`]: 'string' } : {});
