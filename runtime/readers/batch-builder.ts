// Collects full-schema rows into Arrow record batches of at most batchSize rows, materialising only the
// projected columns.
import * as arrow from 'apache-arrow';
import { JobError, type Schema } from '../../plan/index.ts';
import { arrowSchema } from '../arrow-types.ts';
import type { Cell } from './cell.ts';
import { COLUMN_BUILDERS, initialCapacity, type ColumnBuilder } from './column-builders.ts';

export class BatchBuilder {
  readonly schema: arrow.Schema;
  private readonly picks: number[];
  private readonly builders: ColumnBuilder[];
  private rows = 0;

  /** `columns`: the projection (any order; output keeps schema order); undefined keeps every column. */
  constructor(
    full: Schema,
    columns: readonly string[] | undefined,
    readonly batchSize: number,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new JobError('runtime', `batch size must be a positive integer, got ${batchSize}`);
    }
    const unknown = (columns ?? []).filter((c) => !full.some((f) => f.name === c));
    if (unknown.length) {
      throw new JobError('runtime', `no column ${unknown.join(', ')} to read (columns: ${full.map((f) => f.name).join(', ')})`);
    }
    this.picks = full.flatMap((f, i) => (columns === undefined || columns.includes(f.name) ? [i] : []));
    const kept = this.picks.map((i) => full[i]);
    this.schema = arrowSchema(kept);
    this.builders = kept.map((f) => COLUMN_BUILDERS[f.type](initialCapacity(batchSize)));
  }

  get length(): number {
    return this.rows;
  }

  get full(): boolean {
    return this.rows >= this.batchSize;
  }

  /** Appends the projected cells of a full-schema row. */
  append(row: readonly Cell[]): void {
    const picks = this.picks;
    for (let k = 0; k < picks.length; k++) this.builders[k].append(row[picks[k]]);
    this.rows++;
  }

  /** The builder of full-schema column i, or null when the projection drops it (for readers that fill columns directly). */
  builderOf(i: number): ColumnBuilder | null {
    const k = this.picks.indexOf(i);
    return k < 0 ? null : this.builders[k];
  }

  /** Counts a row whose values went straight into every builder of `builderOf`, one value each. */
  rowAppended(): void {
    this.rows++;
  }

  /** The rows so far as one record batch (null when there are none); starts a new batch. */
  flush(): arrow.RecordBatch | null {
    if (this.rows === 0) return null;
    const children = this.builders.map((b) => b.finish());
    const struct = arrow.makeData({ type: new arrow.Struct(this.schema.fields), length: this.rows, nullCount: 0, children });
    this.rows = 0;
    return new arrow.RecordBatch(this.schema, struct);
  }
}
