// Record batches as operators see them: columns looked up by name, built from plan fields, and rows
// gathered or selected without touching the values.
import * as arrow from 'apache-arrow';
import type { Field } from '../../plan/index.ts';
import { arrowSchema, columnTypeOf } from '../arrow-types.ts';
import { decodeLane } from './lane-codec.ts';
import type { Lane } from './lane.ts';
import { takeRows } from './take-rows.ts';

/** A batch with the given columns (one Arrow data per field, each `length` rows). */
export function makeBatch(fields: readonly Field[], columns: readonly arrow.Data[], length: number): arrow.RecordBatch {
  const schema = arrowSchema(fields);
  const struct = arrow.makeData({ type: new arrow.Struct(schema.fields), length, nullCount: 0, children: [...columns] });
  return new arrow.RecordBatch(schema, struct);
}

/** The data of column `name`; a missing column is a bug in column pruning, not a user error. */
export function columnData(batch: arrow.RecordBatch, name: string): arrow.Data {
  const i = batch.schema.fields.findIndex((f) => f.name === name);
  if (i < 0) throw new Error(`internal: batch has no column '${name}' (has ${batch.schema.fields.map((f) => f.name).join(', ')})`);
  return batch.data.children[i];
}

/** The batch restricted to `fields`, in their order (the values are shared, not copied). */
export function selectColumns(batch: arrow.RecordBatch, fields: readonly Field[]): arrow.RecordBatch {
  const names = batch.schema.fields.map((f) => f.name);
  if (names.length === fields.length && fields.every((f, i) => f.name === names[i])) return batch;
  return makeBatch(fields, fields.map((f) => columnData(batch, f.name)), batch.numRows);
}

/** Rows `idx` of the batch (-1 = all-null row), restricted to `fields`. */
export function takeBatch(batch: arrow.RecordBatch, fields: readonly Field[], idx: Int32Array): arrow.RecordBatch {
  return makeBatch(fields, fields.map((f) => takeRows(columnData(batch, f.name), f.type, idx)), idx.length);
}

/** Lanes of one batch, decoded on first use and cached, so an expression reading a column twice decodes it once. */
export class LaneSource {
  private readonly cache = new Map<string, Lane>();
  constructor(readonly batch: arrow.RecordBatch) {}

  get length(): number {
    return this.batch.numRows;
  }

  lane(name: string): Lane {
    let l = this.cache.get(name);
    if (!l) {
      const data = columnData(this.batch, name);
      l = decodeLane(data, columnTypeOf(data.type));
      this.cache.set(name, l);
    }
    return l;
  }
}
