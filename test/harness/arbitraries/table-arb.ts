// Random schemas and tables, and the CSV input files they become (RFC 4180 as our reader reads it: an empty
// unquoted field is null, `""` is the empty string, quoted fields may hold commas, quotes and line breaks).
import fc from 'fast-check';
import { CLOUDFRONT_FIELDS, COLUMN_TYPES, field, LOG_SCHEMAS, type ColumnType, type CsvFormat, type Schema } from '../../../plan/index.ts';
import { logLine, logRowOf } from '../../../testing/index.ts';
import { drawPools, freshValue, respell, type Cell, type ColumnSpec, type ValuePools } from '../../../testing/cell-values.ts';
import { drawn, type Draw } from '../../../testing/draw.ts';
import { freshName } from './hostile-names.ts';

export interface TableSpec {
  /** The job input the table is bound to (an identifier). */
  readonly input: string;
  readonly columns: readonly ColumnSpec[];
  /** Cell text as the CSV holds it (before quoting); null is an empty unquoted field. */
  readonly rows: readonly (readonly Cell[])[];
  readonly header: boolean;
  readonly delimiter: string;
  /** Quote every non-null field, not only those that need it. */
  readonly quoteAll: boolean;
  /**
   * Files the table is written as: 1, one file; more, a folder of that many parts (rows split in order, each
   * part with its own header, every other part gzipped, a nested part and a `_SUCCESS` marker beside them).
   */
  readonly parts?: number;
  /** A CloudFront log's lines (header lines included) instead of a CSV; `rows` are then their values. */
  readonly cloudFrontLines?: readonly string[];
  /**
   * `text`: one `line` string column read by j.textLines, each row a line as it is; `parquet`: read by
   * j.parquet from a Parquet file the runtime writes from the table's CSV (case-files.ts); CSV when absent.
   */
  readonly format?: 'text' | 'parquet';
  /**
   * Read with `quote: 'none'` (PigStorage's reading): no field is quoted, cells hold no delimiter or line
   * break (csvText drops them) and may hold stray quotes.
   */
  readonly unquoted?: boolean;
  /**
   * Read with `extraFields: 'ignore'`: per row, the fields written after the declared ones (a prefix
   * schema); absent, rows have exactly the declared fields.
   */
  readonly extra?: readonly (readonly string[])[];
}

/**
 * The table read from Parquet: the same rows, written first as a plain one-file CSV with a header (no stray
 * quotes or extra fields: its values are the typed values that CSV gives).
 */
export function asParquetTable(t: TableSpec): TableSpec {
  const { unquoted: _u, extra: _e, ...rest } = t;
  return { ...rest, format: 'parquet', header: true, delimiter: ',', quoteAll: false, parts: 1 };
}

/**
 * The plan's source format for a table: quoted tables holding a line break (in a cell or a column name) are
 * read with `multiline`, the others a record per line, so both quoted modes are drawn.
 */
export function csvFormatOf(t: TableSpec): CsvFormat {
  const breaks = (c: Cell) => c !== null && /[\r\n]/.test(c);
  const multiline = !t.unquoted && (t.columns.some((c) => breaks(c.name)) || t.rows.some((r) => r.some(breaks)) || (t.extra ?? []).some((r) => r.some(breaks)));
  return {
    kind: 'csv',
    header: t.header,
    delimiter: t.delimiter,
    ...(t.unquoted ? { quote: 'none' as const } : {}),
    ...(t.extra ? { extraFields: 'ignore' as const } : {}),
    ...(multiline ? { multiline: true as const } : {}),
  };
}

export const schemaOf = (columns: readonly ColumnSpec[]): Schema => columns.map((c) => field(c.name, c.type));

/** 1-6 columns of any plan type with hostile names; double columns tame or wild. */
export function drawColumns(d: Draw, opts: { min?: number; max?: number; types?: readonly ColumnType[]; taken?: ReadonlySet<string>; hostileRate?: number } = {}): ColumnSpec[] {
  const n = d.int(opts.min ?? 1, opts.max ?? 6);
  const taken = new Set(opts.taken ?? []);
  const cols: ColumnSpec[] = [];
  for (let i = 0; i < n; i++) {
    const name = freshName(d, taken, opts.hostileRate);
    taken.add(name);
    const type = d.pick(opts.types ?? COLUMN_TYPES);
    cols.push({ name, type, tame: type !== 'double' || d.chance(0.5) });
  }
  return cols;
}

/** Rows for columns: nulls at a per-column rate, values from the case's pools or fresh, some respelled. */
export function drawRows(d: Draw, columns: readonly ColumnSpec[], pools: ValuePools, maxRows = 14): Cell[][] {
  const nullRates = columns.map(() => d.pick([0, 0, 0.1, 0.3, 0.7, 1]));
  const respellRate = d.pick([0, 0, 0.2]);
  return Array.from({ length: d.int(0, maxRows) }, () =>
    columns.map((c, i) => {
      if (d.chance(nullRates[i])) return null;
      const v = d.chance(0.5) ? d.pick(pools[c.type]) : freshValue(d, c.type, c.tame);
      return d.chance(respellRate) ? respell(d, c.type, v) : v;
    }),
  );
}

/** Extra fields after the declared ones: empty, plain, with stray quotes, spaces or a delimiter to quote. */
const EXTRA_CELLS = ['', 'x', '"q', 'a"b', ' ', 'x,y', '1.5', '""'];

export function drawTable(d: Draw, input: string, columns: readonly ColumnSpec[], pools: ValuePools): TableSpec {
  const rows = drawRows(d, columns, pools);
  const unquoted = d.chance(0.15);
  const prefix = d.chance(0.15);
  const stray = unquoted && d.chance(0.5);
  return {
    input,
    columns,
    // Unquoted tables: stray quotes in strings (data there; they would unbalance RFC 4180 quoting).
    rows: stray ? rows.map((r) => r.map((c, i) => (c !== null && columns[i].type === 'string' && d.chance(0.3) ? `"${c}` : c))) : rows,
    header: d.chance(0.85),
    delimiter: d.weighted([[8, ','], [1, ';'], [1, '\t'], [1, '|']] as const),
    quoteAll: d.chance(0.05),
    parts: d.weighted([[6, 1], [2, 2], [1, 3]] as const),
    ...(unquoted ? { unquoted } : {}),
    ...(prefix ? { extra: rows.map(() => Array.from({ length: d.weighted([[2, 0], [2, 1], [1, 3]] as const) }, () => d.pick(EXTRA_CELLS))) } : {}),
  };
}

/** A schema arbitrary (part (a) of the generators). */
export const schemaArb = (): fc.Arbitrary<ColumnSpec[]> => drawn((d) => drawColumns(d));

/** A table arbitrary for given columns (part (b)): a fresh pool of shared values per table. */
export const tableArb = (columns: readonly ColumnSpec[], input = 't0'): fc.Arbitrary<TableSpec> =>
  drawn((d) => drawTable(d, input, columns, drawPools(d)));

/** 0-10 rows of a CloudFront log, as the lines of a file with its #Version and #Fields header lines. */
export function drawCloudFrontTable(d: Draw, input: string): TableSpec {
  const rows = d.from(fc.array(logRowOf('cloudfront'), { maxLength: 10 }));
  const columns: ColumnSpec[] = LOG_SCHEMAS.cloudfront.map((f) => ({ name: f.name, type: f.type, tame: true }));
  const cell = (v: unknown): Cell => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));
  return {
    input,
    columns,
    rows: rows.map((r) => columns.map((c) => cell(r[c.name]))),
    header: false,
    delimiter: '\t',
    quoteAll: false,
    cloudFrontLines: ['#Version: 1.0', `#Fields: ${CLOUDFRONT_FIELDS.join(' ')}`, ...rows.map((r) => logLine('cloudfront', r))],
  };
}

/**
 * A text lines table: lines drawn from the string pool (line breaks cut out, so one row is one line), some
 * empty, some with the spaces, quotes and delimiters a CSV reader would act on.
 */
export function drawTextTable(d: Draw, input: string, pools: ValuePools): TableSpec {
  const rows = Array.from({ length: d.int(0, 14) }, () => {
    const v = d.chance(0.15) ? '' : d.chance(0.5) ? d.pick(pools.string) : freshValue(d, 'string', true);
    return [(v ?? '').replace(/[\r\n]+/g, ' ')];
  });
  return { input, columns: [{ name: 'line', type: 'string', tame: true }], rows, header: false, delimiter: ',', quoteAll: false, format: 'text' };
}

/** The table as its input file's text: CSV, a CloudFront table's log lines, or a text table's lines. */
export function csvText(t: TableSpec): string {
  if (t.cloudFrontLines) return t.cloudFrontLines.map((l) => `${l}\n`).join('');
  if (t.format === 'text') return t.rows.map((r) => `${r[0]}\n`).join('');
  const lines = csvLines(t);
  if (t.header) lines.unshift(csvLine(t, t.columns.map((c) => c.name)));
  return lines.map((l) => `${l}\n`).join('');
}

/** Each row's line (extra fields after the declared ones). The reference run must reject none of them. */
export function csvLines(t: TableSpec): string[] {
  return t.rows.map((r, i) => csvLine(t, [...r, ...(t.extra?.[i] ?? [])]));
}

function csvLine(t: TableSpec, cells: readonly Cell[]): string {
  return cells.map((c) => (t.unquoted ? unquotedField(c, t.delimiter) : csvField(c, t.delimiter, t.quoteAll))).join(t.delimiter);
}

/** A cell as PigStorage holds it: as is, without the delimiter and line breaks it cannot hold. */
export function unquotedField(c: Cell, delimiter: string): string {
  return c === null ? '' : c.split(delimiter).join('').replace(/[\r\n]/g, '');
}

function csvField(c: Cell, delimiter: string, quoteAll: boolean): string {
  if (c === null) return '';
  const needs = c === '' || c.includes(delimiter) || /["\r\n]/.test(c);
  return needs || quoteAll ? `"${c.replace(/"/g, '""')}"` : c;
}

/**
 * The table as Pig reads it (docs/engines.md, "Pig cannot tell null from empty string in CSV"; docs/codegen.md,
 * Pig, "Known differences from the runtime"): with `multiline` (CSVExcelStorage), `""` is null like an empty
 * field, and a CR inside a quoted field reads as LF (Hadoop's line reader ends lines at CR, LF and CRLF). The
 * runtime's reference output for a Pig run is computed over this view.
 */
export function pigView(t: TableSpec): TableSpec {
  // A log or a Parquet file, not a CSV: Pig reads it as the runtime does.
  if (t.cloudFrontLines || t.format === 'parquet') return t;
  // TextLoader keeps every line as it is: an empty line is ''.
  if (t.format === 'text') return t;
  // A record per line, split by the runtime's regex: `""` is '' as on the runtime.
  if (!t.unquoted && !csvFormatOf(t).multiline) return t;
  const asPig = (c: Cell, i: number): Cell => {
    if (c === null || t.columns[i].type !== 'string') return c;
    return c === '' ? null : c.replace(/\r\n?/g, '\n');
  };
  return { ...t, rows: t.rows.map((r) => r.map(asPig)) };
}
