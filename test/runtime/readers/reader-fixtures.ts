// Shared test fixtures: source nodes, the shared sample data folder, temp files and row extraction.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as arrow from 'apache-arrow';
import { afterAll } from 'vitest';
import { LOG_SCHEMAS, field, isLogFormat, type ColumnType, type LogFormat, type SourceFormat, type SourceNode } from '../../../plan/index.ts';

const PROJECT_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** A file of the shared sample data (read in place, never copied). */
export const sample = (rel: string): string => resolve(PROJECT_ROOT, '../shared/data', rel);

export function sourceNode(format: SourceFormat, spec: Record<string, ColumnType> = {}): SourceNode {
  const schema = isLogFormat(format.kind) ? LOG_SCHEMAS[format.kind] : Object.entries(spec).map(([n, t]) => field(n, t));
  return { id: 'source_1', kind: 'source', input: 'in', format, schema, loc: { file: 'test-job.ts', line: 1, column: 1 } };
}

export const logNode = (kind: LogFormat): SourceNode => sourceNode({ kind });

/** One folder per test file for every temp file, removed after the file's tests (registered on import). */
let base: string | null = null;
afterAll(() => {
  if (base !== null) rmSync(base, { recursive: true, force: true });
  base = null;
});

export function tempDir(): string {
  base ??= mkdtempSync(join(tmpdir(), 'emr-jobs-readers-'));
  return mkdtempSync(join(base, 'case-'));
}

/** Writes `content` to a new temp file and returns its path. */
export function tempFile(content: string | Buffer, name = 'input.txt'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/** Arrow JS decodes strings with a TextDecoder that drops a leading U+FEFF: read the stored bytes exactly. */
const exact = new TextDecoder('utf-8', { ignoreBOM: true });

function cell(data: arrow.Data, i: number, vector: arrow.Vector): unknown {
  if (!vector.isValid(i)) return null;
  if (!arrow.DataType.isUtf8(data.type)) return vector.get(i);
  const o = data.valueOffsets;
  return exact.decode(data.values.subarray(o[data.offset + i], o[data.offset + i + 1]));
}

/** Rows as plain objects: longs as bigint, timestamps as epoch ms, dates as epoch ms at midnight. */
export function rows(table: arrow.Table): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const batch of table.batches) {
    const cols = batch.schema.fields.map((f, k) => ({ name: f.name, vector: batch.getChildAt(k)!, data: batch.data.children[k] }));
    for (let i = 0; i < batch.numRows; i++) out.push(Object.fromEntries(cols.map((c) => [c.name, cell(c.data, i, c.vector)])));
  }
  return out;
}

export const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);
