// How rows become text in each sink format: CSV (RFC 4180, header row or none, `\n` line ends; quoted when
// a field holds a comma, quote, CR or LF or is empty; null is an empty unquoted field), TSV (tsv-text.ts) and JSON lines
// (one object per row, keys in column order; NaN and infinities as strings, since JSON has no such numbers).
import type { ColumnType, Field, SinkFormat } from '../../plan/index.ts';
import type { Lane, Scalar } from '../columns/lane.ts';
import { formatLane, TEXT_OF } from './format-value.ts';
import { tsvField } from './tsv-text.ts';

export interface RowFormat {
  readonly extension: string;
  /** The first line of a file ('' for none). */
  header(fields: readonly Field[]): string;
  /** One line per row, each ending in `\n`. */
  lines(lanes: readonly Lane[], n: number): string[];
}

/** Whether a non-empty field holds `"`, `,`, CR or LF (a loop over char codes beats a RegExp per field). */
function needsQuotes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 44 && (c === 34 || c === 44 || c === 13 || c === 10)) return true;
  }
  return false;
}

/** One CSV field: null is empty and unquoted, the empty string is `""`. */
export function csvField(text: string | null): string {
  if (text === null) return '';
  if (text === '' || needsQuotes(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** Lines of `field(text)` joined by `sep`. */
function delimitedLines(lanes: readonly Lane[], n: number, sep: string, field: (text: string | null) => string): string[] {
  const cells = lanes.map(formatLane);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let line = '';
    for (let c = 0; c < cells.length; c++) line += (c > 0 ? sep : '') + field(cells[c][i]);
    out[i] = `${line}\n`;
  }
  return out;
}

/** The header line of a CSV output. */
export const csvHeader = (fields: readonly Pick<Field, 'name'>[]): string => `${fields.map((f) => csvField(f.name)).join(',')}\n`;

const csv: RowFormat = {
  extension: 'csv',
  header: csvHeader,
  lines: (lanes, n) => delimitedLines(lanes, n, ',', csvField),
};

const csvNoHeader: RowFormat = { ...csv, header: () => '' };

const tsv: RowFormat = {
  extension: 'tsv',
  header: () => '',
  lines: (lanes, n) => delimitedLines(lanes, n, '\t', tsvField),
};

const quoted = (type: ColumnType) => (v: Scalar) => JSON.stringify(TEXT_OF[type](v));
const JSON_OF: { readonly [T in ColumnType]: (v: Scalar) => string } = {
  string: (v) => JSON.stringify(v),
  int: TEXT_OF.int,
  long: TEXT_OF.long,
  double: (v) => (Number.isFinite(v) ? TEXT_OF.double(v) : JSON.stringify(TEXT_OF.double(v))),
  boolean: TEXT_OF.boolean,
  timestamp: quoted('timestamp'),
  date: quoted('date'),
};

function jsonLines(fields: readonly Field[]): RowFormat {
  const keys = fields.map((f) => `${JSON.stringify(f.name)}:`);
  return {
    extension: 'jsonl',
    header: () => '',
    lines(lanes, n) {
      const out = new Array<string>(n);
      const writers = lanes.map((l) => JSON_OF[l.type]);
      for (let i = 0; i < n; i++) {
        let line = '{';
        lanes.forEach((l, c) => {
          const v = l.valid !== null && l.valid[i] === 0 ? 'null' : writers[c]((l.values as ArrayLike<Scalar>)[i]);
          line += (c > 0 ? ',' : '') + keys[c] + v;
        });
        out[i] = `${line}}\n`;
      }
      return out;
    },
  };
}

/** The formats written as lines of text (Parquet is written by parquet-output.ts). */
export type TextSinkFormat = Exclude<SinkFormat, 'parquet'>;

export const ROW_FORMATS: { readonly [F in TextSinkFormat]: (fields: readonly Field[]) => RowFormat } = {
  csv: () => csv,
  'csv-noheader': () => csvNoHeader,
  tsv: () => tsv,
  jsonl: jsonLines,
};
