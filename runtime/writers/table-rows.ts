// A table's rows in CSV text form (null stays null), for tests and harnesses comparing engines' outputs.
import type * as arrow from 'apache-arrow';
import { planFields } from '../arrow-types.ts';
import { decodeLane } from '../columns/lane-codec.ts';
import { formatLane } from './format-value.ts';

/** Data rows only (no header: the column names are `table.schema.fields`). */
export function tableToRows(table: arrow.Table): (string | null)[][] {
  const fields = planFields(table.schema);
  const rows: (string | null)[][] = [];
  for (const batch of table.batches) {
    const cells = fields.map((f, c) => formatLane(decodeLane(batch.data.children[c], f.type)));
    for (let i = 0; i < batch.numRows; i++) rows.push(cells.map((col) => col[i]));
  }
  return rows;
}
