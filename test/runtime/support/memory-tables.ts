// Test support: in-memory tables as Arrow record batches (built with Arrow's own builders, not the
// runtime's codecs), plans run over them without files, and rows read back through Arrow's getters.
import * as arrow from 'apache-arrow';
import { expect } from 'vitest';
import type { ColumnType, Field, Plan } from '../../../plan/index.ts';
import { field } from '../../../plan/index.ts';
import { arrowSchema, arrowType } from '../../../runtime/arrow-types.ts';
import { buildSinkStreams } from '../../../runtime/plan-executor.ts';

/** A value as tests write it: long as bigint, boolean as boolean, timestamp as epoch ms, date as epoch days. */
export type Value = string | number | bigint | boolean | null;
export type Row = Value[];

export interface MemTable {
  readonly fields: readonly Field[];
  readonly rows: readonly Row[];
}

export const fieldsOf = (spec: Record<string, ColumnType>): Field[] => Object.entries(spec).map(([n, t]) => field(n, t));

const DAY = 86_400_000;
const toArrow = (t: ColumnType, v: Value): unknown => (v === null ? null : t === 'date' ? (v as number) * DAY : v);
const fromArrow = (t: ColumnType, v: unknown): Value => {
  if (v === null || v === undefined) return null;
  if (t === 'date') return Math.round((v as number) / DAY);
  return v as Value;
};

/** One record batch of `rows` restricted to `fields` (looked up by name in `all`). */
export function batchOf(all: readonly Field[], rows: readonly Row[], fields: readonly Field[] = all): arrow.RecordBatch {
  const schema = arrowSchema(fields);
  const children = fields.map((f) => {
    const c = all.findIndex((x) => x.name === f.name);
    const v = arrow.vectorFromArray(rows.map((r) => toArrow(f.type, r[c])), arrowType(f.type));
    if (v.data.length !== 1) throw new Error('expected one chunk');
    return v.data[0];
  });
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: rows.length, nullCount: 0, children }));
}

/** The rows split into batches of at most `size` rows. */
export function batchesOf(t: MemTable, size: number, fields: readonly Field[] = t.fields): arrow.RecordBatch[] {
  const out: arrow.RecordBatch[] = [];
  for (let i = 0; i < t.rows.length; i += size) out.push(batchOf(t.fields, t.rows.slice(i, i + size), fields));
  return out;
}

/** Rows of batches through Arrow's `get` (dates back to epoch days). */
export function rowsOf(batches: Iterable<arrow.RecordBatch>): Row[] {
  const rows: Row[] = [];
  for (const b of batches) {
    const cols = b.schema.fields.map((f, c) => ({ vec: b.getChildAt(c)!, type: typeName(f.type) }));
    for (let i = 0; i < b.numRows; i++) rows.push(cols.map(({ vec, type }) => fromArrow(type, vec.get(i))));
  }
  return rows;
}

function typeName(t: arrow.DataType): ColumnType {
  if (arrow.DataType.isUtf8(t)) return 'string';
  if (arrow.DataType.isBool(t)) return 'boolean';
  if (arrow.DataType.isTimestamp(t)) return 'timestamp';
  if (arrow.DataType.isDate(t)) return 'date';
  if (arrow.DataType.isFloat(t)) return 'double';
  return (t as arrow.Int).bitWidth === 64 ? 'long' : 'int';
}

export async function collect(stream: AsyncIterable<arrow.RecordBatch>): Promise<arrow.RecordBatch[]> {
  const out: arrow.RecordBatch[] = [];
  for await (const b of stream) out.push(b);
  return out;
}

export interface MemoryRun {
  /** Rows per output. */
  readonly outputs: Record<string, Row[]>;
  /** Batch sizes per output, to check batching. */
  readonly batchRows: Record<string, number[]>;
  /** The columns each input was opened with, one list per open. */
  readonly opened: Record<string, string[][]>;
}

/** Runs a plan over in-memory inputs (through the real executor, without readers or files). */
export async function runMemory(plan: Plan, inputs: Record<string, MemTable>, batchSize: number): Promise<MemoryRun> {
  const opened: Record<string, string[][]> = {};
  const sinks = buildSinkStreams(plan, batchSize, (source, columns) => {
    (opened[source.input] ??= []).push(columns.map((f) => f.name));
    const t = inputs[source.input];
    return (async function* () {
      yield* batchesOf(t, batchSize, columns);
    })();
  });
  const outputs: Record<string, Row[]> = {};
  const batchRows: Record<string, number[]> = {};
  await Promise.all(
    sinks.map(async ({ sink, stream }) => {
      const batches = await collect(stream);
      outputs[sink.output] = rowsOf(batches);
      batchRows[sink.output] = batches.map((b) => b.numRows);
    }),
  );
  return { outputs, batchRows, opened };
}

/** One output's rows of a plan over in-memory inputs, checked to be the same at batch sizes 1, 3 and 8192. */
export async function rowsAtEveryBatchSize(plan: Plan, inputs: Record<string, MemTable>, output = 'out'): Promise<Row[]> {
  const results: Row[][] = [];
  for (const size of [1, 3, 8192]) results.push((await runMemory(plan, inputs, size)).outputs[output]);
  expect(results[1]).toEqual(results[0]);
  expect(results[2]).toEqual(results[0]);
  return results[0];
}
