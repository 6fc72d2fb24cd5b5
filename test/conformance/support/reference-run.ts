// The runtime's outputs for a plan, as cell text (the reference every engine is compared with). A Parquet
// output goes through the runtime's Parquet writer and is read back as the engines' Parquet outputs are.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as arrow from 'apache-arrow';
import { executePlan, tableToRows } from '../../../runtime/index.ts';
import { writeParquetOutput } from '../../../runtime/writers/parquet-output.ts';
import { isJobError, sinks, type ParamValues, type Plan, type SinkNode } from '../../../plan/index.ts';
import { parquetOutputRows } from '../../../testing/spark-output-reader.ts';
import type { CaseOutputs } from '../../harness/compare.ts';
import type { SingleTaskFinding } from '../../harness/plan-checks/single-task.ts';

/**
 * `alone`: the failure is the case's own (it ran alone, or the engine named it), not its batch's.
 * `singleTasks`: what the plan checks found in the engine's plan of the run, when they were asked for.
 */
export type Settled =
  | { readonly ok: true; readonly outputs: CaseOutputs; readonly singleTasks?: readonly SingleTaskFinding[] }
  | { readonly ok: false; readonly error: string; readonly alone?: boolean };

/** `rejects`: how many input rows may be rejected (real logs have bad lines; generated inputs none). */
export async function runReference(plan: Plan, inputs: Record<string, string>, opts: { rejects?: number; params?: ParamValues } = {}): Promise<Settled> {
  try {
    const { tables, inputs: stats } = await executePlan(plan, inputs, { params: opts.params });
    const rejected = stats.filter((s) => s.rejected > 0);
    if (stats.reduce((n, s) => n + s.rejected, 0) > (opts.rejects ?? 0)) {
      // Generated inputs are valid by construction: a reject is a generator or reader bug.
      return { ok: false, error: `runtime rejected input rows: ${JSON.stringify(rejected.map((s) => ({ input: s.name, byReason: s.byReason })))}` };
    }
    const outputs: CaseOutputs = {};
    for (const [k, t] of Object.entries(tables)) {
      const sink = sinks(plan).find((s) => s.output === k);
      outputs[k] = sink?.format === 'parquet' ? await parquetRoundTrip(sink, t) : tableToRows(t);
    }
    return { ok: true, outputs };
  } catch (e) {
    return { ok: false, error: isJobError(e) ? e.describe() : String((e as Error)?.stack ?? e) };
  }
}

/** The rows of `table` written as the runtime writes a Parquet output, then read back. */
async function parquetRoundTrip(sink: SinkNode, table: arrow.Table): Promise<(string | null)[][]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-reference-parquet-'));
  try {
    const batches = async function* () {
      yield* table.batches;
    };
    const { path: written } = await writeParquetOutput(sink, batches(), dir, () => {});
    return parquetOutputRows(written, sink);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
