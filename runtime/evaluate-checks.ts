// Evaluates a plan's data-quality checks from their streams: counts the checked and the selected rows, keeps
// the samples in CSV text form, and gives each check's result; all checks are read together with the sinks.
import type * as arrow from 'apache-arrow';
import { checkResult, type CheckResult, type Field, type SampleRow } from '../plan/index.ts';
import { columnData } from './columns/record-batch.ts';
import { decodeLane } from './columns/lane-codec.ts';
import type { BatchStream } from './kernels/operator-types.ts';
import type { CheckStreams } from './plan-executor.ts';
import { formatLane } from './writers/format-value.ts';

/** The previous run's row count of each `row-count` check with a tolerance, by check name. */
export type PreviousRows = Readonly<Record<string, number>>;

async function countRows(stream: BatchStream | null): Promise<number> {
  let n = 0;
  if (stream) for await (const b of stream) n += b.numRows;
  return n;
}

async function sampleRows(stream: BatchStream | null, fields: readonly Field[]): Promise<SampleRow[]> {
  const rows: SampleRow[] = [];
  if (!stream) return rows;
  for await (const batch of stream) rows.push(...rowsOf(batch, fields));
  return rows;
}

function rowsOf(batch: arrow.RecordBatch, fields: readonly Field[]): SampleRow[] {
  const cells = fields.map((f) => formatLane(decodeLane(columnData(batch, f.name), f.type)));
  return Array.from({ length: batch.numRows }, (_, i) => Object.fromEntries(fields.map((f, c) => [f.name, cells[c][i]])));
}

export async function evaluateCheck(s: CheckStreams, previous: PreviousRows): Promise<CheckResult> {
  const [rows, selected, samples] = await Promise.all([countRows(s.input), countRows(s.selected), sampleRows(s.samples, s.sampleFields)]);
  return checkResult(s.check, rows, selected, samples, previous[s.check.name] ?? null);
}
