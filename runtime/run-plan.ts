// runPlan: reads the inputs, executes the plan and writes every output and rejects file under outDir.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHECKS_FILE, checkResultsJson, checksFailure, JobError, planChecks, printableJson, type Plan } from '../plan/index.ts';
import { evaluateCheck } from './evaluate-checks.ts';
import { JobInputs, settleAll } from './job-inputs.ts';
import { childPath } from './path-guard.ts';
import { buildPlanStreams } from './plan-executor.ts';
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
    const { sinks, checks } = buildPlanStreams(plan, batchSize, jobInputs.open, opts.params);
    try {
      mkdirSync(opts.outDir, { recursive: true });
    } catch (e) {
      throw new JobError('runtime', `cannot create the output directory ${opts.outDir}: ${(e as Error).message}`, { file: opts.outDir });
    }
    // Sinks and checks share the streams of the nodes they both read: they advance together.
    const [outputs, results] = await Promise.all([
      settleAll(
        sinks.map(async ({ sink, stream }) => {
          const written = await writeOutput(sink, stream, opts.outDir, opts.previewRows ?? DEFAULT_PREVIEW_ROWS);
          return { name: sink.output, columns: sink.schema.map((f) => f.name), ...written };
        }),
      ),
      settleAll(checks.map((c) => evaluateCheck(c, opts.previousRows ?? {}))),
    ]);
    if (results.length) writeFileSync(path.join(opts.outDir, CHECKS_FILE), `${printableJson(checkResultsJson(plan.job, results))}\n`);
    const failure = opts.failOnChecks === false ? null : checksFailure(planChecks(plan), results);
    if (failure) throw failure;
    return { job: plan.job, inputs: jobInputs.stats(), outputs, checks: results, millis: Date.now() - started };
  } finally {
    await jobInputs.close();
  }
}
