// fast-check arbitraries of rows for any schema, with the values that break jobs: nulls, empty strings,
// quotes, commas, line breaks (where the format holds them), characters beyond the BMP, integer extremes, NaN and infinities, old and far
// timestamps. The values come from the same pools the project's own conformance suite draws from.
import fc from 'fast-check';
import { field, type ColumnType, type Schema } from '../plan/index.ts';
import { freshValue } from './cell-values.ts';
import { drawn, type Draw } from './draw.ts';
import type { Row, Value } from './job-values.ts';

/** A schema as `j.csv` and `j.jsonLines` declare it (`{ host: 'string', hits: 'long' }`), or a plan schema. */
export type SchemaLike = Schema | { readonly [name: string]: ColumnType };

export interface RowArbOptions {
  /**
   * The input format the rows will be written as (default 'csv'). 'jsonl' keeps longs within ±2^53 and
   * doubles finite, all a JSON number carries; 'csv' leaves out the all-null row of a one-column schema
   * (it would be a blank line, which CSV readers skip) and line breaks (the default CSV mode reads a record
   * per line); 'csv-multiline' draws line breaks too, for a `j.csv(..., { multiline: true })` input.
   */
  readonly format?: RowFormat;
  /** Share of null cells, per column 0 to 1 (default: drawn per column among 0, 0.1, 0.3, 1). */
  readonly nullRate?: number;
}

export type RowFormat = 'csv' | 'csv-multiline' | 'jsonl';

export function schemaFields(schema: SchemaLike): Schema {
  return Array.isArray(schema) ? schema : Object.entries(schema).map(([name, type]) => field(name, type as ColumnType));
}

function valueOf(t: ColumnType, text: string): Value {
  switch (t) {
    case 'int':
    case 'double':
      return Number(text);
    case 'long':
      return BigInt(text);
    case 'boolean':
      return text === 'true';
    case 'timestamp':
      return new Date(text);
    default:
      return text;
  }
}

const fitsJson = (v: Value) => (typeof v === 'bigint' ? v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) : typeof v !== 'number' || Number.isFinite(v));

function drawValue(d: Draw, t: ColumnType, format: RowFormat): Value {
  for (;;) {
    const v = valueOf(t, freshValue(d, t, false));
    if (format === 'csv' && typeof v === 'string' && /[\r\n]/.test(v)) continue;
    if (format !== 'jsonl' || fitsJson(v)) return v;
  }
}

function drawRow(d: Draw, fields: Schema, nullRates: readonly number[], format: RowFormat): Row {
  for (;;) {
    const row: Row = {};
    fields.forEach((f, i) => (row[f.name] = d.chance(nullRates[i]) ? null : drawValue(d, f.type, format)));
    const blank = format !== 'jsonl' && fields.length === 1 && row[fields[0].name] === null;
    if (!blank) return row;
    if (nullRates[0] >= 1) throw new Error(`a one-column CSV row cannot be null: give rowsOf a nullRate below 1 for '${fields[0].name}'`);
  }
}

const ratesFor = (d: Draw, fields: Schema, opts: RowArbOptions) => fields.map(() => opts.nullRate ?? d.pick([0, 0.1, 0.3, 1]));

/** One row of `schema` (column name → value; values typed as runJob returns them). */
export function rowOf(schema: SchemaLike, opts: RowArbOptions = {}): fc.Arbitrary<Row> {
  const fields = schemaFields(schema);
  return drawn((d) => drawRow(d, fields, ratesFor(d, fields, { nullRate: opts.nullRate ?? 0.2 }), opts.format ?? 'csv'));
}

/** 0 to `maxLength` (default 20) rows of `schema`; each column has its own null rate. */
export function rowsOf(schema: SchemaLike, opts: RowArbOptions & { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<Row[]> {
  const fields = schemaFields(schema);
  return drawn((d) => {
    const rates = ratesFor(d, fields, opts).map((r) => (fields.length === 1 && opts.format !== 'jsonl' ? Math.min(r, 0.5) : r));
    return Array.from({ length: d.int(opts.minLength ?? 0, opts.maxLength ?? 20) }, () => drawRow(d, fields, rates, opts.format ?? 'csv'));
  });
}
