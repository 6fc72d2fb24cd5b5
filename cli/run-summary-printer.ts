// What `run` prints when a job finishes: per input rows read / parsed / rejected (by reason) and the
// rejects file, per output rows written and path, the elapsed time, then the first rows of each output.
import { printable, sinks, type CheckResult, type Plan } from '../plan/index.ts';
import { checksText } from './check-results.ts';
import { displayPath } from './job-paths.ts';
import { fileColumns, outputParts, previewRows, type Preview } from './output-reader.ts';
import { renderTable } from './table-printer.ts';

export interface InputSummary {
  readonly input: string;
  readonly file: string;
  readonly read: number;
  readonly parsed: number;
  readonly rejected: number;
  readonly byReason: Record<string, number>;
  readonly rejectsFile: string | null;
  /** How many files the input read (a folder's or a glob's parts); absent: one. */
  readonly parts?: number;
  /** `file:line` of the first rejected line, when known (the local runtime). */
  readonly firstReject?: string | null;
}

export interface OutputSummary {
  readonly output: string;
  readonly path: string;
  readonly rows: number;
  /** The first rows, when the engine kept them; otherwise they are read back from the written files. */
  readonly preview?: Preview;
}

export interface RunSummary {
  readonly engine: string;
  /** null when the engine does not report input statistics. */
  readonly inputs: readonly InputSummary[] | null;
  readonly outputs: readonly OutputSummary[];
  /** The job's data-quality checks; absent or empty when it has none. */
  readonly checks?: readonly CheckResult[];
  readonly seconds: number;
}

const num = (n: number) => n.toLocaleString('en-US');

export function summaryText(s: RunSummary): string {
  const out: string[] = [];
  if (s.inputs) {
    const rows = s.inputs.map((i) => [
      i.input,
      (i.parts ?? 1) > 1 ? `${displayPath(i.file)} (${num(i.parts!)} files)` : displayPath(i.file),
      num(i.read),
      num(i.parsed),
      num(i.rejected),
      // Most frequent first: the same text whichever order an engine met the reasons in.
      Object.entries(i.byReason)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([r, n]) => `${r}: ${num(n)}`)
        .join(', ') || null,
      i.rejectsFile && i.rejected > 0 ? displayPath(i.rejectsFile) : null,
    ]);
    out.push(renderTable(['input', 'file', 'read', 'parsed', 'rejected', 'reasons', 'rejects file'], rows, 80));
    // A many-file input: which part the first rejected line is in (the table cell would clip it).
    for (const i of s.inputs) if ((i.parts ?? 1) > 1 && i.firstReject) out.push(`${i.input}: first rejected line at ${displayPath(i.firstReject)}`);
    // An empty input still replaces the outputs: say so, since 0 rows may not be what the run meant.
    for (const i of s.inputs) if (i.read === 0) out.push(`${i.input}: no lines read: ${displayPath(i.file)} is empty, so the outputs hold nothing from it`);
  }
  const rows = s.outputs.map((o) => [o.output, num(o.rows), displayPath(o.path)]);
  out.push(renderTable(['output', 'rows', 'written to'], rows, 100));
  if (s.checks?.length) out.push(checksText(s.checks));
  out.push(`done on ${s.engine} in ${s.seconds.toFixed(2)} s`);
  return out.join('\n');
}

/** A preview fits the terminal, or a 200-column log when stdout is not one. */
const previewWidth = (): number => (process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 200);

/** The first `limit` rows of each output as a table. */
export async function previewText(plan: Plan, outputs: readonly OutputSummary[], limit: number): Promise<string> {
  if (limit <= 0) return '';
  const blocks: string[] = [];
  for (const sink of sinks(plan)) {
    const o = outputs.find((x) => x.output === sink.output);
    if (!o) continue;
    const { columns, rows } = o.preview ?? (await previewRows(outputParts(o.path, sink.partitionBy), sink.format, limit, fileColumns(sink)));
    const title = printable(o.rows === 0 ? `${sink.output}: no rows` : `${sink.output}: first ${num(rows.length)} of ${num(o.rows)} rows`);
    blocks.push(`${title}\n${rows.length || columns.length ? renderTable(columns, rows, 60, previewWidth(), true) : '(no rows)'}`);
  }
  return blocks.join('\n\n');
}
