// `run --engine local`: the Arrow runtime's runPlan with a progress spinner, its result in the shape of
// the run summary.
import type { ParamValues, Plan } from '../plan/index.ts';
import { runPlan } from '../runtime/index.ts';
import { rejectPolicyError, type RejectPolicy } from '../runtime/reject-policy.ts';
import { progressFor } from './progress-spinner.ts';
import type { InputSummary, OutputSummary } from './run-summary-printer.ts';

export interface LocalRunOptions {
  readonly outDir: string;
  readonly maxRejects?: number;
  readonly maxRejectRate?: number;
  readonly batchSize?: number;
  readonly previewRows: number;
  /** Size of all inputs: decides whether a progress spinner is worth showing. */
  readonly totalBytes: number;
  readonly params?: ParamValues;
}

export async function runLocal(
  plan: Plan,
  inputs: Record<string, string>,
  opts: LocalRunOptions,
): Promise<{ inputs: InputSummary[]; outputs: OutputSummary[] }> {
  const progress = progressFor(opts.totalBytes, `running ${plan.job}:`);
  try {
    const r = await runPlan(plan, inputs, {
      outDir: opts.outDir,
      maxRejects: opts.maxRejects,
      batchSize: opts.batchSize,
      previewRows: opts.previewRows,
      params: opts.params,
      onProgress: (p) => progress.update(p.input, p.bytes),
    });
    const summaries: InputSummary[] = r.inputs.map((i) => ({
      input: i.name,
      file: i.path,
      read: i.rowsRead,
      parsed: i.rowsParsed,
      rejected: i.rejected,
      byReason: i.byReason,
      rejectsFile: i.rejectsFile,
    }));
    const policy: RejectPolicy = { maxRejects: opts.maxRejects, maxRejectRate: opts.maxRejectRate };
    const refused = rejectPolicyError(summaries, policy);
    if (refused) throw refused;
    return {
      inputs: summaries,
      outputs: r.outputs.map((o) => ({ output: o.name, path: o.path, rows: o.rows, preview: { columns: o.columns, rows: o.preview } })),
    };
  } finally {
    progress.stop();
  }
}
