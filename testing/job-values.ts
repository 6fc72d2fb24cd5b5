// The JS values a test sees for each column type, both ways: rows read out of the runtime's Arrow tables,
// and rows given as inputs turned into the text a CSV or JSON lines file holds.
import type * as arrow from 'apache-arrow';
import type { ColumnType, Field, Schema } from '../plan/index.ts';
import { planFields } from '../runtime/arrow-types.ts';
import { decodeLane } from '../runtime/columns/lane-codec.ts';
import { formatIsoDate, parseIsoTimestamp } from '../runtime/expr/civil-time.ts';
import { formatDouble } from '../runtime/index.ts';

/**
 * One cell: string → string; int and double → number; long → bigint (exact over the whole 64-bit range);
 * boolean → boolean; timestamp → Date (UTC instant, millisecond precision); date → 'yyyy-MM-dd' string;
 * null → null.
 */
export type Value = string | number | bigint | boolean | Date | null;

/** A row: column name → value. */
export type Row = Record<string, Value>;

/** The rows of an Arrow table as objects, values as described by `Value`. */
export function tableRows(table: arrow.Table): Row[] {
  const fields = planFields(table.schema);
  const rows: Row[] = [];
  for (const batch of table.batches) {
    const lanes = fields.map((f, c) => decodeLane(batch.data.children[c], f.type));
    for (let i = 0; i < batch.numRows; i++) {
      const row: Row = {};
      fields.forEach((f, c) => {
        const l = lanes[c];
        row[f.name] = l.valid !== null && l.valid[i] === 0 ? null : fromLane(f.type, l.values[i]);
      });
      rows.push(row);
    }
  }
  return rows;
}

function fromLane(t: ColumnType, v: string | number | bigint): Value {
  switch (t) {
    case 'boolean':
      return v === 1;
    case 'timestamp':
      return new Date(v as number);
    case 'date':
      return formatIsoDate(v as number);
    default:
      return v;
  }
}

/** Why a value does not fit its column; the caller adds where it was (input, row). */
export class ValueError extends Error {}

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

function expected(f: Field, what: string, v: unknown): ValueError {
  const shown = typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? JSON.stringify(v) : String(v);
  return new ValueError(`column '${f.name}' (${f.type}) needs ${what}, got ${typeof v} ${shown}`);
}

/**
 * A value as a plain JS scalar checked against its column: numbers for int (32-bit integers) and double,
 * bigint for long (a safe-integer number is accepted too), epoch milliseconds for timestamp (a Date or an
 * ISO string `yyyy-MM-ddTHH:mm:ss[.fff]Z`), 'yyyy-MM-dd' for date (a Date is taken at its UTC day).
 */
export function checkValue(f: Field, v: unknown): string | number | bigint | boolean | null {
  if (v === null || v === undefined) return null;
  switch (f.type) {
    case 'string':
      if (typeof v !== 'string') throw expected(f, 'a string', v);
      return v;
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw expected(f, 'a 32-bit integer number', v);
      return v;
    case 'long':
      if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
      if (typeof v !== 'bigint' || v < -(2n ** 63n) || v >= 2n ** 63n) throw expected(f, 'a 64-bit bigint (or a safe integer number)', v);
      return v;
    case 'double':
      if (typeof v !== 'number') throw expected(f, 'a number', v);
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw expected(f, 'true or false', v);
      return v;
    case 'timestamp': {
      const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? (parseIsoTimestamp(v) ?? NaN) : NaN;
      if (Number.isNaN(ms)) throw expected(f, 'a valid Date (or an ISO string yyyy-MM-ddTHH:mm:ss[.fff]Z)', v);
      return ms;
    }
    case 'date': {
      if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
      if (typeof v !== 'string' || !DATE_TEXT.test(v)) throw expected(f, "a 'yyyy-MM-dd' string (or a Date)", v);
      return v;
    }
  }
}

/** A checked value as the text a CSV input holds (docs/semantics.md, Data inputs); null stays null. */
export function csvText(f: Field, v: unknown): string | null {
  const x = checkValue(f, v);
  if (x === null) return null;
  if (f.type === 'double') return formatDouble(x as number);
  if (f.type === 'timestamp') return new Date(x as number).toISOString();
  return String(x);
}

/** A checked value as a JSON lines input holds it: longs within ±2^53, finite doubles, ISO timestamps. */
export function jsonValue(f: Field, v: unknown): string | number | boolean | null {
  const x = checkValue(f, v);
  if (x === null) return null;
  if (typeof x === 'bigint') {
    if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new ValueError(`column '${f.name}' (long): ${x} is beyond ±2^53, which a JSON lines input cannot hold exactly`);
    }
    return Number(x);
  }
  if (f.type === 'double' && !Number.isFinite(x)) throw new ValueError(`column '${f.name}' (double): ${x} cannot be written as JSON`);
  if (f.type === 'timestamp') return new Date(x as number).toISOString();
  return x as string | number | boolean;
}

/** Every key of `row` must be a column of `schema` (a misspelt key would silently read as null). */
export function checkKeys(schema: Schema, row: object): void {
  const names = new Set(schema.map((f) => f.name));
  const unknown = Object.keys(row).filter((k) => !names.has(k));
  if (unknown.length > 0) {
    throw new ValueError(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} (columns: ${[...names].join(', ')})`);
  }
}
