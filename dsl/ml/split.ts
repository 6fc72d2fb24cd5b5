// ml.split: a train/test split that every engine computes alike (crc32 of the row's key text).
import type { Dataset } from '../dataset.ts';
import { Dataset as DatasetClass } from '../dataset.ts';
import type { Row } from '../row-types.ts';
import { addMlNode } from './ml-nodes.ts';

export interface SplitOptions<R extends Row> {
  /** Any whole number: another seed gives another split. */
  readonly seed: number;
  /** Columns whose text decides a row's side (default: every column); rows with equal keys stay together. */
  readonly by?: readonly (keyof R & string)[];
}

/**
 * Splits a dataset into a train part (about `fraction` of the rows) and a test part. A row's side depends
 * only on the seed and its key columns, so the local runtime and Spark put the same rows on each side.
 * ```ts
 * const [train, test] = ml.split(iris, 0.8, { seed: 42 });
 * // PySpark: ml_split(df, F.concat(F.lit("42"), F.lit("\x01"), F.coalesce(..., F.lit("")), ...), 8000, True)
 * //          (crc32 of the key's UTF-8 % 10000 < 8000)
 * // Pig:     cannot express it (a Spark step)
 * ```
 */
export function split<R extends Row>(data: Dataset<R>, fraction: number, options: SplitOptions<R>): [train: Dataset<R>, test: Dataset<R>] {
  const by = options.by ? [...options.by] : null;
  const side = (s: 'train' | 'test') =>
    new DatasetClass<R>(data.job, addMlNode(data.job, { kind: 'split', input: data.node.id, seed: options.seed, fraction, side: s, by }));
  return [side('train'), side('test')];
}
