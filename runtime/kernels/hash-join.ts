// Hash join: materialises the right input (its columns in Arrow form plus a hash table of its keys), then
// streams the left input through it. Null keys never match; numeric keys of different types compare
// after widening. Left rows come out in input order with their matches in right-input order; right and
// full joins add the unmatched right rows at the end. Keys sharing a name appear once, as coalesce(left, right).
import * as arrow from 'apache-arrow';
import { isNumeric, widenNumeric, type ColumnType, type Field, type JoinNode, type NumericType } from '../../plan/index.ts';
import { decodeLane, encodeLane } from '../columns/lane-codec.ts';
import type { Lane } from '../columns/lane.ts';
import { columnData, LaneSource, makeBatch } from '../columns/record-batch.ts';
import { anyNullAt, rowKeyReader, type RowKey } from '../columns/row-key.ts';
import { concatData, nullData, takeRows } from '../columns/take-rows.ts';
import { castLane } from '../expr/cast.ts';
import type { BatchStream, OperatorContext } from './operator-types.ts';

const common = (a: ColumnType, b: ColumnType): ColumnType =>
  isNumeric(a) && isNumeric(b) ? widenNumeric(a as NumericType, b as NumericType) : a;

/** Right rows by key: `head` gives the first row of a key, `next` the following row of the same key. */
interface RightTable {
  readonly columns: Map<string, arrow.Data>;
  readonly rows: number;
  readonly head: Map<RowKey, number>;
  readonly next: Int32Array;
}

async function buildRight(node: JoinNode, input: BatchStream, fields: readonly Field[], keyTypes: ColumnType[]): Promise<RightTable> {
  const batches: arrow.RecordBatch[] = [];
  for await (const b of input) batches.push(b);
  const columns = new Map(fields.map((f) => [f.name, concatData(batches.map((b) => columnData(b, f.name)), f.type)]));
  const rows = batches.reduce((s, b) => s + b.numRows, 0);
  const keys = node.on.map((k, j) => {
    const data = columns.get(k.right)!;
    return castLane(decodeLane(data, fields.find((f) => f.name === k.right)!.type), keyTypes[j]);
  });
  const keyAt = rowKeyReader(keys);
  const head = new Map<RowKey, number>();
  const next = new Int32Array(rows).fill(-1);
  for (let i = rows - 1; i >= 0; i--) {
    if (anyNullAt(keys, i)) continue;
    const k = keyAt(i);
    next[i] = head.get(k) ?? -1;
    head.set(k, i);
  }
  return { columns, rows, head, next };
}

export async function* hashJoin(node: JoinNode, left: BatchStream, right: BatchStream, ctx: OperatorContext): BatchStream {
  const [leftFields, rightFields] = ctx.inputs;
  const typeIn = (fields: readonly Field[], name: string) => fields.find((f) => f.name === name)!.type;
  const keyTypes = node.on.map((k) => common(typeIn(leftFields, k.left), typeIn(rightFields, k.right)));
  const table = await buildRight(node, right, rightFields, keyTypes);
  const matched = new Uint8Array(table.rows);
  const keepUnmatchedLeft = node.how === 'left' || node.how === 'full';
  const keepUnmatchedRight = node.how === 'right' || node.how === 'full';
  const merged = new Map(node.on.filter((k) => k.left === k.right).map((k) => [k.left, k.right]));
  const fromLeft = new Set(leftFields.map((f) => f.name));

  /** Output rows pairing left rows `li` of `batch` (or none) with right rows `ri` (-1 = no row). */
  const output = (batch: arrow.RecordBatch | null, li: Int32Array, ri: Int32Array): arrow.RecordBatch => {
    const leftCol = (f: Field) => (batch ? takeRows(columnData(batch, f.name), f.type, li) : nullData(f.type, li.length));
    const columns = ctx.out.map((f) => {
      if (!fromLeft.has(f.name)) return takeRows(table.columns.get(f.name)!, f.type, ri);
      const rightName = merged.get(f.name);
      if (rightName === undefined || !keepUnmatchedRight) return leftCol(f);
      const l = decodeLane(leftCol(f), f.type);
      const r = castLane(decodeLane(takeRows(table.columns.get(rightName)!, typeIn(rightFields, rightName), ri), typeIn(rightFields, rightName)), f.type);
      return encodeLane(coalesceLanes(l, r));
    });
    return makeBatch(ctx.out, columns, li.length);
  };

  const li = new Int32Array(ctx.batchSize);
  const ri = new Int32Array(ctx.batchSize);
  let k = 0;
  for await (const batch of left) {
    const src = new LaneSource(batch);
    const keys = node.on.map((on, j) => castLane(src.lane(on.left), keyTypes[j]));
    const keyAt = rowKeyReader(keys);
    for (let i = 0; i < batch.numRows; i++) {
      let r = anyNullAt(keys, i) ? -1 : (table.head.get(keyAt(i)) ?? -1);
      if (r < 0 && !keepUnmatchedLeft) continue;
      do {
        li[k] = i;
        ri[k++] = r;
        if (r >= 0) matched[r] = 1;
        if (k === ctx.batchSize) {
          yield output(batch, li, ri);
          k = 0;
        }
        r = r >= 0 ? table.next[r] : -1;
      } while (r >= 0);
    }
    if (k > 0) yield output(batch, li.slice(0, k), ri.slice(0, k));
    k = 0;
  }
  if (!keepUnmatchedRight) return;
  for (let r = 0; r < table.rows; r++) {
    if (matched[r]) continue;
    li[k] = -1;
    ri[k++] = r;
    if (k === ctx.batchSize) {
      yield output(null, li, ri);
      k = 0;
    }
  }
  if (k > 0) yield output(null, li.slice(0, k), ri.slice(0, k));
}

/** Left value where present, else right (both of the same type). */
function coalesceLanes(l: Lane, r: Lane): Lane {
  if (l.valid === null) return l;
  const values = (l.values as unknown[]).slice() as unknown[];
  const valid = l.valid.slice();
  for (let i = 0; i < l.length; i++) {
    if (valid[i] === 0 && (r.valid === null || r.valid[i] === 1)) {
      values[i] = (r.values as ArrayLike<unknown>)[i];
      valid[i] = 1;
    }
  }
  return { type: l.type, length: l.length, values: values as unknown as Lane['values'], valid };
}
