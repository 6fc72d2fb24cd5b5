// runPlan: reads the inputs, executes the plan and writes every output and rejects file under outDir.
import { mkdirSync } from 'node:fs';
import { JobError, type Plan } from '../plan/index.ts';
import { JobInputs, settleAll } from './job-inputs.ts';
import { childPath } from './path-guard.ts';
import { buildSinkStreams } from './plan-executor.ts';
import { DEFAULT_BATCH_SIZE, DEFAULT_PREVIEW_ROWS, type InputBinding, type RunOptions, type RunResult } from './run-types.ts';
import { writeOutput } from './writers/output-writer.ts';

export async function runPlan(plan: Plan, inputs: Readonly<Record<string, InputBinding>>, opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const jobInputs = new JobInputs(plan, inputs, {
    batchSize,
    maxRejects: opts.maxRejects,
    rejectsDir: childPath(opts.outDir, '_rejects'),
    onProgress: opts.onProgress,
  });
  try {
    const sinks = buildSinkStreams(plan, batchSize, jobInputs.open, opts.params);
    try {
      mkdirSync(opts.outDir, { recursive: true });
    } catch (e) {
      throw new JobError('runtime', `cannot create the output directory ${opts.outDir}: ${(e as Error).message}`, { file: opts.outDir });
    }
    const outputs = await settleAll(
      sinks.map(async ({ sink, stream }) => {
        const written = await writeOutput(sink, stream, opts.outDir, opts.previewRows ?? DEFAULT_PREVIEW_ROWS);
        return { name: sink.output, columns: sink.schema.map((f) => f.name), ...written };
      }),
    );
    return { job: plan.job, inputs: jobInputs.stats(), outputs, millis: Date.now() - started };
  } finally {
    await jobInputs.close();
  }
}
