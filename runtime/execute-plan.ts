// executePlan: runs a plan to in-memory Arrow tables, one per output (tests, harnesses, emr-jobs/testing);
// it writes nothing but, when asked, each input's rejects file.
import * as arrow from 'apache-arrow';
import { checksFailure, planChecks, type CheckResult, type Plan } from '../plan/index.ts';
import { evaluateCheck } from './evaluate-checks.ts';
import { arrowSchema } from './arrow-types.ts';
import { JobInputs, settleAll } from './job-inputs.ts';
import { buildPlanStreams } from './plan-executor.ts';
import { DEFAULT_BATCH_SIZE, type InputBinding, type InputStats, type RunOptions } from './run-types.ts';

export async function executePlan(
  plan: Plan,
  inputs: Readonly<Record<string, InputBinding>>,
  opts: Partial<RunOptions> & { readonly rejectsDir?: string } = {},
): Promise<{ tables: Record<string, arrow.Table>; inputs: InputStats[]; checks: CheckResult[] }> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const jobInputs = new JobInputs(plan, inputs, { batchSize, maxRejects: opts.maxRejects, rejectsDir: opts.rejectsDir ?? null, onProgress: opts.onProgress });
  try {
    const { sinks, checks } = buildPlanStreams(plan, batchSize, jobInputs.open, opts.params);
    const checked = settleAll(checks.map((c) => evaluateCheck(c, opts.previousRows ?? {})));
    const [tables, results] = await Promise.all([settleAll(
      sinks.map(async ({ sink, stream }) => {
        const batches: arrow.RecordBatch[] = [];
        for await (const b of stream) batches.push(b);
        const table = batches.length > 0 ? new arrow.Table(batches) : new arrow.Table(arrowSchema(sink.schema));
        return [sink.output, table] as const;
      }),
    ), checked]);
    const failure = opts.failOnChecks === false ? null : checksFailure(planChecks(plan), results);
    if (failure) throw failure;
    return { tables: Object.fromEntries(tables), inputs: jobInputs.stats(), checks: results };
  } finally {
    await jobInputs.close();
  }
}
