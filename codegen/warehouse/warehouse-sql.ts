// The SQL of a warehouse load: a dialect-neutral core (CREATE SCHEMA/TABLE, DELETE of a partition) that
// PostgreSQL and Redshift both accept, plus the Redshift-only clauses (DISTSTYLE, DISTKEY, SORTKEY,
// ENCODE, COPY from S3) added for Redshift alone. docs/warehouse.md documents each choice.
import { JobError, type ColumnType, type Field, type PartitionGrain, type SinkFormat, type TableLayout } from '../../plan/index.ts';

export type SqlDialect = 'postgres' | 'redshift';

/** Column types in the warehouse; every one is spelled the same in PostgreSQL and Redshift. */
export const WAREHOUSE_TYPES: { readonly [T in ColumnType]: string } = {
  string: 'VARCHAR(65535)', // Redshift's widest VARCHAR, in bytes; our strings have no declared length
  int: 'INTEGER',
  long: 'BIGINT',
  double: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP', // without time zone: our timestamps are UTC instants, stored as UTC
  date: 'DATE',
};

/** A quoted identifier; `"` doubled. Names are checked before (no control characters). */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.table` as quoted identifiers. */
export function sqlTable(table: string): string {
  return table.split('.').map(sqlIdent).join('.');
}

/**
 * A string literal: `'` doubled. Redshift reads a backslash in a literal as an escape and PostgreSQL does
 * not, so a text holding one (or a control character) has no spelling both read alike and is refused.
 */
export function sqlString(text: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(text)) throw new JobError('usage', `${what} ${JSON.stringify(text)} holds a backslash or a control character, which a SQL literal cannot carry alike in Redshift and PostgreSQL`);
  return `'${text.replace(/'/g, "''")}'`;
}

/** `CREATE SCHEMA IF NOT EXISTS`, for a `schema.table` name; null for a bare table name. */
export function createSchemaSql(table: string): string | null {
  const dot = table.indexOf('.');
  return dot < 0 ? null : `CREATE SCHEMA IF NOT EXISTS ${sqlIdent(table.slice(0, dot))}`;
}

/** `CREATE TABLE IF NOT EXISTS` from the output's columns; Redshift gets the layout clauses too. */
export function createTableSql(table: string, columns: readonly Field[], layout: TableLayout, dialect: SqlDialect): string {
  const cols = columns.map((c) => `  ${sqlIdent(c.name)} ${WAREHOUSE_TYPES[c.type]}${c.nullable ? '' : ' NOT NULL'}`);
  const lines = [`CREATE TABLE IF NOT EXISTS ${sqlTable(table)} (`, cols.join(',\n'), ')'];
  if (dialect === 'redshift') {
    const style = layout.distStyle ?? (layout.distKey !== undefined ? 'key' : 'auto');
    lines.push(`DISTSTYLE ${style.toUpperCase()}`);
    if (layout.distKey !== undefined) lines.push(`DISTKEY (${sqlIdent(layout.distKey)})`);
    if (layout.sortKey?.length) lines.push(`SORTKEY (${layout.sortKey.map(sqlIdent).join(', ')})`);
    lines.push('ENCODE AUTO');
  }
  return lines.join('\n');
}

/** The condition matching the run's partition `value` (a date or a canonical UTC timestamp text). */
export function partitionPredicate(column: Field, grain: PartitionGrain, value: string): string {
  const c = sqlIdent(column.name);
  if (column.type === 'string') return `${c} = ${sqlString(value, 'partition value')}`;
  if (column.type === 'date') return `${c} = DATE ${sqlString(value, 'partition value')}`;
  const start = new Date(grain === 'daily' ? `${value.slice(0, 10)}T00:00:00Z` : value);
  if (Number.isNaN(start.getTime())) throw new JobError('usage', `partition value '${value}' is not a ${grain === 'daily' ? 'date' : 'timestamp'}`);
  const end = new Date(start.getTime() + (grain === 'daily' ? 86_400_000 : 3_600_000));
  const ts = (d: Date) => `TIMESTAMP '${d.toISOString().slice(0, 19).replace('T', ' ')}'`;
  return `${c} >= ${ts(start)} AND ${c} < ${ts(end)}`;
}

export function deleteSql(table: string, predicate: string): string {
  return `DELETE FROM ${sqlTable(table)} WHERE ${predicate}`;
}

/**
 * Redshift's COPY of an output folder in S3. CSV: the columns in file order, the header skipped per file,
 * empty fields null (EMPTYASNULL: Redshift would load an empty string column as ''), ISO-8601 timestamps.
 * Parquet: by position, which is the table's column order.
 */
export function redshiftCopySql(table: string, columns: readonly Field[], s3Folder: string, format: SinkFormat, iamRole: string): string {
  const from = `FROM ${sqlString(s3Folder, 'S3 path')}\nIAM_ROLE ${sqlString(iamRole, 'IAM role')}`;
  if (format === 'parquet') return `COPY ${sqlTable(table)}\n${from}\nFORMAT AS PARQUET`;
  const header = format === 'csv' ? ' IGNOREHEADER 1' : '';
  return `COPY ${sqlTable(table)} (${columns.map((c) => sqlIdent(c.name)).join(', ')})\n${from}\nFORMAT AS CSV${header} EMPTYASNULL TIMEFORMAT 'auto' DATEFORMAT 'auto'`;
}

/** PostgreSQL's COPY of the output's CSV text sent by the client (a local run's file). */
export function postgresCopySql(table: string, columns: readonly Field[], header: boolean): string {
  return `COPY ${sqlTable(table)} (${columns.map((c) => sqlIdent(c.name)).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER ${header})`;
}
