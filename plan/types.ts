// Column types and schemas shared by every stage: the DSL produces them, compilers and the runtime read them.

export const COLUMN_TYPES = ['string', 'int', 'long', 'double', 'boolean', 'timestamp', 'date'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export type NumericType = 'int' | 'long' | 'double';
export type TemporalType = 'timestamp' | 'date';

export interface Field {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

export type Schema = readonly Field[];

/** Where in a job file a DSL call was made: errors and generated scripts cite it. */
export interface SourceLoc {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export const UNKNOWN_LOC: SourceLoc = Object.freeze({ file: '<unknown>', line: 0, column: 0 });

export function isColumnType(value: unknown): value is ColumnType {
  return typeof value === 'string' && (COLUMN_TYPES as readonly string[]).includes(value);
}

export function isNumeric(t: ColumnType): t is NumericType {
  return t === 'int' || t === 'long' || t === 'double';
}

/** The wider of two numeric types: int < long < double. */
export function widenNumeric(a: NumericType, b: NumericType): NumericType {
  if (a === 'double' || b === 'double') return 'double';
  if (a === 'long' || b === 'long') return 'long';
  return 'int';
}

export function field(name: string, type: ColumnType, nullable = true): Field {
  return Object.freeze({ name, type, nullable });
}

export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

export function schemaIndex(schema: Schema, name: string): number {
  return schema.findIndex((f) => f.name === name);
}
