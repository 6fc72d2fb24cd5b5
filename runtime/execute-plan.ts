// executePlan: runs a plan to in-memory Arrow tables, one per output (tests, harnesses, emr-jobs/testing);
// it writes nothing but, when asked, each input's rejects file.
import * as arrow from 'apache-arrow';
import type { Plan } from '../plan/index.ts';
import { arrowSchema } from './arrow-types.ts';
import { JobInputs, settleAll } from './job-inputs.ts';
import { buildSinkStreams } from './plan-executor.ts';
import { DEFAULT_BATCH_SIZE, type InputBinding, type InputStats, type RunOptions } from './run-types.ts';

export async function executePlan(
  plan: Plan,
  inputs: Readonly<Record<string, InputBinding>>,
  opts: Partial<RunOptions> & { readonly rejectsDir?: string } = {},
): Promise<{ tables: Record<string, arrow.Table>; inputs: InputStats[] }> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const jobInputs = new JobInputs(plan, inputs, { batchSize, maxRejects: opts.maxRejects, rejectsDir: opts.rejectsDir ?? null, onProgress: opts.onProgress });
  try {
    const sinks = buildSinkStreams(plan, batchSize, jobInputs.open, opts.params);
    const tables = await settleAll(
      sinks.map(async ({ sink, stream }) => {
        const batches: arrow.RecordBatch[] = [];
        for await (const b of stream) batches.push(b);
        const table = batches.length > 0 ? new arrow.Table(batches) : new arrow.Table(arrowSchema(sink.schema));
        return [sink.output, table] as const;
      }),
    );
    return { tables: Object.fromEntries(tables), inputs: jobInputs.stats() };
  } finally {
    await jobInputs.close();
  }
}
