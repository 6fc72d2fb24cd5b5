// What every operator receives: its input streams of record batches and the shape of its output.
import type * as arrow from 'apache-arrow';
import type { Field } from '../../plan/index.ts';
import type { ExprSite } from '../expr/kernel-types.ts';

export type BatchStream = AsyncIterable<arrow.RecordBatch>;

export interface OperatorContext {
  /** Most rows per output batch. */
  readonly batchSize: number;
  /** The columns to produce, in order: the node's schema less the columns nothing downstream reads. */
  readonly out: readonly Field[];
  /** The columns each input stream carries, in `inputsOf` order. */
  readonly inputs: readonly (readonly Field[])[];
  /** The node's location, for errors in its expressions. */
  readonly site: ExprSite;
}

/** Ends a stream that will not be read (so its reader closes its file). */
export async function closeStream(s: BatchStream): Promise<void> {
  await s[Symbol.asyncIterator]().return?.();
}
