// `run --engine local`: the Arrow runtime's runPlan with a progress spinner, its result in the shape of
// the run summary.
import { checksFailure, planChecks, type CheckResult, type ParamValues, type Plan } from '../plan/index.ts';
import { printFailedChecks } from './check-results.ts';
import { runPlan } from '../runtime/index.ts';
import { rejectPolicyError, type RejectPolicy } from '../runtime/reject-policy.ts';
import { partFiles, type ResolvedInput } from './input-files.ts';
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
  /** The previous run's row counts of rowCount checks, by check name. */
  readonly previousRows?: Readonly<Record<string, number>>;
}

export async function runLocal(
  plan: Plan,
  inputs: Readonly<Record<string, ResolvedInput>>,
  opts: LocalRunOptions,
): Promise<{ inputs: InputSummary[]; outputs: OutputSummary[]; checks: CheckResult[] }> {
  const progress = progressFor(opts.totalBytes, `running ${plan.job}:`);
  try {
    const files = Object.fromEntries(Object.entries(inputs).map(([name, i]) => [name, partFiles(i)]));
    const r = await runPlan(plan, files, {
      outDir: opts.outDir,
      maxRejects: opts.maxRejects,
      batchSize: opts.batchSize,
      previewRows: opts.previewRows,
      params: opts.params,
      previousRows: opts.previousRows,
      // The reject policy is judged first: an input mostly rejected fails as such, not as the checks it empties.
      failOnChecks: false,
      onProgress: (p) => progress.update(p.input, p.bytes),
    }).catch((e: unknown) => {
      progress.stop();
      printFailedChecks(e);
      throw e;
    });
    const summaries: InputSummary[] = r.inputs.map((i) => ({
      input: i.name,
      file: inputs[i.name]?.shown ?? i.path,
      parts: inputs[i.name]?.parts.length ?? 1,
      firstReject: i.firstReject,
      read: i.rowsRead,
      parsed: i.rowsParsed,
      rejected: i.rejected,
      byReason: i.byReason,
      rejectsFile: i.rejectsFile,
    }));
    const policy: RejectPolicy = { maxRejects: opts.maxRejects, maxRejectRate: opts.maxRejectRate };
    const refused = rejectPolicyError(summaries, policy);
    if (refused) throw refused;
    const failed = checksFailure(planChecks(plan), r.checks);
    if (failed) {
      progress.stop();
      printFailedChecks(failed);
      throw failed;
    }
    return {
      inputs: summaries,
      outputs: r.outputs.map((o) => ({ output: o.name, path: o.path, rows: o.rows, preview: { columns: o.columns, rows: o.preview } })),
      checks: r.checks,
    };
  } finally {
    progress.stop();
  }
}
