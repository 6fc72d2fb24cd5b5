// Turns a test's inputs (raw lines, rows, or an existing file) into the input files a run reads: rows are
// written in the source's own format (CSV with its header and delimiter, JSON lines, or log lines).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLOUDTRAIL_COLUMNS, fixedSchema, jsonColumnPaths, type Plan, type Schema, type SourceNode } from '../plan/index.ts';
import { checkKeys, csvText, jsonValue, ValueError } from './job-values.ts';
import { logLine } from './log-line-writer.ts';

/**
 * One job input: raw lines (`string[]`, written one per line), rows (objects of the input's schema, written
 * in its format), or `{ file }` (an existing file, used as it is).
 */
export type JobInput = readonly string[] | readonly Readonly<Record<string, unknown>>[] | { readonly file: string };

export interface WrittenInputs {
  /** Input name → file path. */
  readonly paths: Record<string, string>;
  /** The lines written for inputs given as lines (rejects quote them exactly). */
  readonly lines: Record<string, readonly string[]>;
}

/** The source node reading each input of the plan. */
export function sourcesOf(plan: Plan): Map<string, SourceNode> {
  const out = new Map<string, SourceNode>();
  for (const n of plan.nodes) if (n.kind === 'source' && !out.has(n.input)) out.set(n.input, n);
  return out;
}

/** Writes every input under `dir`; throws naming the input (and row) that is missing or does not fit. */
export function writeInputs(plan: Plan, inputs: Readonly<Record<string, JobInput>>, dir: string): WrittenInputs {
  const sources = sourcesOf(plan);
  const names = [...sources.keys()];
  const extra = Object.keys(inputs).filter((k) => !sources.has(k));
  if (extra.length > 0) throw new Error(`job '${plan.job}' has no input ${extra.map((k) => `'${k}'`).join(', ')} (its inputs: ${names.join(', ') || 'none'})`);
  const missing = names.filter((n) => inputs[n] === undefined);
  if (missing.length > 0) throw new Error(`no data given for input ${missing.map((k) => `'${k}'`).join(', ')} of job '${plan.job}' (give lines, rows or { file })`);
  const paths: Record<string, string> = {};
  const lines: Record<string, readonly string[]> = {};
  for (const [name, source] of sources) {
    const input = inputs[name];
    if (!Array.isArray(input)) {
      const file = (input as { file?: unknown }).file;
      if (typeof file !== 'string') throw new Error(`input '${name}': give an array of lines, an array of rows, or { file: path }`);
      paths[name] = file;
      continue;
    }
    const kinds = new Set(input.map((x) => (typeof x === 'string' ? 'line' : x !== null && typeof x === 'object' ? 'row' : 'other')));
    if (kinds.has('other') || kinds.size > 1) throw new Error(`input '${name}': the array must hold only lines (strings) or only rows (objects)`);
    const text = kinds.has('line') ? (input as string[]) : rowLines(name, source, input as Record<string, unknown>[]);
    if (kinds.has('line')) lines[name] = input as string[];
    paths[name] = path.join(dir, `${name}.${extensionOf(source)}`);
    writeFileSync(paths[name], text.map((l) => `${l}\n`).join(''));
  }
  return { paths, lines };
}

const EXTENSIONS: Partial<Record<SourceNode['format']['kind'], string>> = { csv: 'csv', jsonl: 'jsonl', text: 'txt', cloudtrail: 'json' };
const extensionOf = (s: SourceNode) => EXTENSIONS[s.format.kind] ?? 'log';

/** The lines that hold `rows` in the source's format. */
function rowLines(input: string, source: SourceNode, rows: readonly Record<string, unknown>[]): string[] {
  const fmt = source.format;
  const schema: Schema = fixedSchema(fmt) ?? source.schema;
  const at = (i: number, write: () => string) => {
    try {
      return write();
    } catch (e) {
      if (e instanceof ValueError) throw new Error(`input '${input}' row ${i + 1}: ${e.message}`);
      throw e;
    }
  };
  if (fmt.kind === 'csv') {
    const line = (cells: readonly (string | null)[]) => cells.map((c) => csvField(c, fmt.delimiter, fmt.multiline === true)).join(fmt.delimiter);
    const body = rows.map((r, i) =>
      at(i, () => {
        checkKeys(schema, r);
        return line(schema.map((f) => csvText(f, r[f.name])));
      }),
    );
    return fmt.header ? [line(schema.map((f) => f.name)), ...body] : body;
  }
  if (fmt.kind === 'jsonl' || fmt.kind === 'cloudtrail') {
    const paths = fmt.kind === 'jsonl' ? jsonColumnPaths(source) : CLOUDTRAIL_COLUMNS.map((c) => c.path);
    return rows.map((r, i) =>
      at(i, () => {
        checkKeys(schema, r);
        // Field by field: JSON.stringify writes -0 as 0, and a double's sign must survive.
        return nestedJson(schema.map((f, k) => ({ path: paths[k], text: jsonText(jsonValue(f, r[f.name])) })));
      }),
    );
  }
  if (fmt.kind === 'text') {
    return rows.map((r, i) =>
      at(i, () => {
        checkKeys(schema, r);
        if (typeof r.line !== 'string' || /[\r\n]/.test(r.line)) throw new ValueError(`line: a text line is a string without line breaks`);
        return r.line;
      }),
    );
  }
  if (fmt.kind === 'parquet') throw new Error(`input '${input}': Parquet inputs are files, not lines: give a path to a Parquet file or folder`);
  const logFormat = fmt.kind;
  return rows.map((r, i) => at(i, () => logLine(logFormat, r)));
}

/** One JSON object with each value at its path (paths never run through one another: plan/json-paths.ts). */
function nestedJson(values: readonly { path: readonly string[]; text: string }[]): string {
  const firsts = [...new Set(values.map((v) => v.path[0]))];
  const members = firsts.map((key) => {
    const inner = values.filter((v) => v.path[0] === key);
    const leaf = inner.find((v) => v.path.length === 1);
    const text = leaf ? leaf.text : nestedJson(inner.map((v) => ({ path: v.path.slice(1), text: v.text })));
    return `${JSON.stringify(key)}:${text}`;
  });
  return `{${members.join(',')}}`;
}

const jsonText = (v: string | number | boolean | null) => (Object.is(v, -0) ? '-0' : JSON.stringify(v));

/**
 * RFC 4180 as the runtime reads it: null is an empty unquoted field, '' is `""`; a line break only in a
 * multiline input (the default mode reads a record per line, so the row would be lost to two rejects).
 */
function csvField(c: string | null, delimiter: string, multiline: boolean): string {
  if (c === null) return '';
  if (!multiline && /[\r\n]/.test(c)) {
    throw new ValueError(`${JSON.stringify(c)} holds a line break, which a CSV input reads only with j.csv(..., { multiline: true })`);
  }
  return c === '' || c.includes(delimiter) || /["\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
}
