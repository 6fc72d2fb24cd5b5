// One JSON object -> one row: each column follows its path of keys; an absent or null field (or a missing
// object on the way) is null, a value of another JSON type rejects the record (`bad-json`, naming the field).
import type { ColumnType } from '../../plan/index.ts';
import { Rejection, type Cell } from './cell.ts';
import { JsonNumber, jsonText } from './json-text.ts';
import { parseIsoDate, parseIsoTimestamp } from './time-parse.ts';

/** A JSON value -> cell, or a description of what was expected. */
type JsonCast = (v: unknown) => Exclude<Cell, null> | { expected: string };

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

const JSON_CASTS: { readonly [T in ColumnType]: JsonCast } = {
  string: (v) => (typeof v === 'string' ? v : { expected: 'a string' }),
  int: (v) => (Number.isInteger(v) && (v as number) >= INT_MIN && (v as number) <= INT_MAX ? (v as number) : { expected: 'an integer within 32 bits' }),
  // JSON.parse yields doubles: a long beyond 2^53 is rejected rather than silently rounded.
  long: (v) => (Number.isSafeInteger(v) ? BigInt(v as number) : { expected: 'an integer within ±2^53 (exactly representable)' }),
  double: (v) => (typeof v === 'number' ? v : { expected: 'a number' }),
  boolean: (v) => (typeof v === 'boolean' ? v : { expected: 'true or false' }),
  timestamp: (v) => {
    if (Number.isSafeInteger(v)) return v as number;
    const ms = typeof v === 'string' ? parseIsoTimestamp(v) : null;
    return ms ?? { expected: 'an ISO-8601 timestamp string or integer epoch milliseconds' };
  },
  date: (v) => (typeof v === 'string' ? parseIsoDate(v) : null) ?? { expected: 'a yyyy-MM-dd date string' },
};

/** Any JSON value as text: a string as itself, anything else as its compact JSON text (json-text.ts). */
const JSON_AS_TEXT: JsonCast = (v) => (typeof v === 'string' ? v : jsonText(v));

export interface JsonColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly path: readonly string[];
  /** `json`: the value kept as text whatever its JSON type (string columns only). */
  readonly read?: 'value' | 'json';
}

const describe = (v: unknown): string => {
  const s = jsonText(v);
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber);

/** Fills `row` from a parsed JSON value; the rejection when it is not an object or a field has another type. */
export function jsonRecordConverter(columns: readonly JsonColumn[]): (value: unknown, row: Cell[]) => Rejection | null {
  // A number kept as its source token is a plain number to every typed column (as JSON.parse gives it).
  const casts = columns.map((c): JsonCast => {
    if (c.read === 'json') return JSON_AS_TEXT;
    const cast = JSON_CASTS[c.type];
    return (v) => cast(v instanceof JsonNumber ? Number(v.token) : v);
  });
  const labels = columns.map((c) => (c.path.length === 1 && c.path[0] === c.name ? `'${c.name}'` : `'${c.name}' (${c.path.join('.')})`));
  return (value, row) => {
    if (!isObject(value)) return new Rejection('bad-json', 'a record must be one JSON object');
    for (let i = 0; i < columns.length; i++) {
      const path = columns[i].path;
      let v: unknown = value;
      for (let k = 0; k < path.length && v !== null && v !== undefined; k++) {
        if (!isObject(v)) return new Rejection('bad-json', `field ${labels[i]}: ${path.slice(0, k).join('.')} is ${describe(v)}, not an object`);
        // Own properties only: a key named `constructor` must not find Object.prototype's.
        v = Object.hasOwn(v, path[k]) ? v[path[k]] : null;
      }
      if (v === null || v === undefined) {
        row[i] = null;
        continue;
      }
      const c = casts[i](v);
      if (typeof c === 'object') return new Rejection('bad-json', `field ${labels[i]}: ${describe(v)} is not ${c.expected}`);
      row[i] = c;
    }
    return null;
  };
}
