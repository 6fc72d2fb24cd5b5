// Rows as the ML stages see them: named columns of JS numbers, strings or vectors, read from record
// batches. A frame holds one batch (predict) or a whole training set (fit).
import type * as arrow from 'apache-arrow';
import type { Field } from '../../plan/index.ts';
import { scalarAt } from '../columns/lane.ts';
import { LaneSource } from '../columns/record-batch.ts';

export type Vector = Float64Array;

export type MlColumn =
  | { readonly kind: 'number'; readonly values: (number | null)[]; readonly categories?: number }
  | { readonly kind: 'string'; readonly values: (string | null)[] }
  | { readonly kind: 'vector'; readonly values: Vector[] };

export interface MlFrame {
  readonly length: number;
  readonly columns: Map<string, MlColumn>;
  /** Each row's position in the batch it came from (stages that skip rows drop some). */
  readonly rowIds: readonly number[];
}

/** Numbers as JS numbers (longs converted, booleans 0/1), strings as strings; other types are not read. */
export function frameOfBatch(batch: arrow.RecordBatch, fields: readonly Field[]): MlFrame {
  const src = new LaneSource(batch);
  const columns = new Map<string, MlColumn>();
  for (const f of fields) {
    const lane = src.lane(f.name);
    if (f.type === 'string') {
      columns.set(f.name, { kind: 'string', values: Array.from({ length: lane.length }, (_, i) => scalarAt(lane, i) as string | null) });
    } else if (f.type === 'int' || f.type === 'long' || f.type === 'double') {
      columns.set(f.name, { kind: 'number', values: Array.from({ length: lane.length }, (_, i) => { const v = scalarAt(lane, i); return v === null ? null : Number(v); }) });
    }
  }
  return { length: batch.numRows, columns, rowIds: Array.from({ length: batch.numRows }, (_, i) => i) };
}

/** Rows of every batch in one frame. */
export function concatFrames(frames: readonly MlFrame[], fields: readonly Field[]): MlFrame {
  const columns = new Map<string, MlColumn>();
  for (const f of fields) {
    if (f.type !== 'string' && f.type !== 'int' && f.type !== 'long' && f.type !== 'double') continue;
    const values = frames.flatMap((fr) => (fr.columns.get(f.name)?.values ?? []) as unknown[]);
    columns.set(f.name, { kind: f.type === 'string' ? 'string' : 'number', values } as MlColumn);
  }
  const length = frames.reduce((n, f) => n + f.length, 0);
  return { length, columns, rowIds: Array.from({ length }, (_, i) => i) };
}

/** The frame's rows at `idx`, every column. */
export function takeFrame(frame: MlFrame, idx: readonly number[]): MlFrame {
  const columns = new Map<string, MlColumn>();
  for (const [name, c] of frame.columns) columns.set(name, { ...c, values: idx.map((i) => c.values[i]) } as MlColumn);
  return { length: idx.length, columns, rowIds: idx.map((i) => frame.rowIds[i]) };
}

export function column(frame: MlFrame, name: string): MlColumn {
  const c = frame.columns.get(name);
  if (!c) throw new Error(`internal: ML frame has no column '${name}' (has ${[...frame.columns.keys()].join(', ')})`);
  return c;
}

export function vectors(frame: MlFrame, name: string): Vector[] {
  const c = column(frame, name);
  if (c.kind !== 'vector') throw new Error(`internal: ML column '${name}' is not a vector`);
  return c.values;
}

/** A numeric column's values (labels: validation makes them numeric). */
export function numbers(frame: MlFrame, name: string): (number | null)[] {
  const c = column(frame, name);
  if (c.kind !== 'number') throw new Error(`internal: ML column '${name}' is not numeric`);
  return c.values;
}
