// The one mapping from plan column types to Arrow types used by every reader, kernel and writer.
import * as arrow from 'apache-arrow';
import type { ColumnType, Field, Schema } from '../plan/index.ts';

export function arrowType(t: ColumnType): arrow.DataType {
  switch (t) {
    case 'string':
      return new arrow.Utf8();
    case 'int':
      return new arrow.Int32();
    case 'long':
      return new arrow.Int64();
    case 'double':
      return new arrow.Float64();
    case 'boolean':
      return new arrow.Bool();
    case 'timestamp':
      return new arrow.TimestampMillisecond('UTC');
    case 'date':
      return new arrow.DateDay();
  }
}

export function arrowSchema(schema: Schema): arrow.Schema {
  return new arrow.Schema(schema.map((f) => new arrow.Field(f.name, arrowType(f.type), true)));
}

/** The plan type an Arrow column holds; the inverse of `arrowType` (other Arrow types are not produced here). */
export function columnTypeOf(t: arrow.DataType): ColumnType {
  if (arrow.DataType.isUtf8(t)) return 'string';
  if (arrow.DataType.isBool(t)) return 'boolean';
  if (arrow.DataType.isTimestamp(t)) return 'timestamp';
  if (arrow.DataType.isDate(t)) return 'date';
  if (arrow.DataType.isFloat(t)) return 'double';
  if (arrow.DataType.isInt(t)) return t.bitWidth === 64 ? 'long' : 'int';
  throw new Error(`Arrow type ${String(t)} has no plan column type`);
}

/** Plan fields of an Arrow schema (every column nullable). */
export function planFields(schema: arrow.Schema): Field[] {
  return schema.fields.map((f) => ({ name: f.name, type: columnTypeOf(f.type), nullable: true }));
}
