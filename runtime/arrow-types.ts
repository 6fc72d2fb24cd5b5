// The one mapping from plan column types to Arrow types used by every reader, kernel and writer.
import * as arrow from 'apache-arrow';
import type { ColumnType, Schema } from '../plan/index.ts';

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
