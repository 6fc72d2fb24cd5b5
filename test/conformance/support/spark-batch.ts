// Runs many cases in one Spark session (test/harness/spark-harness.ts) and settles each one; the physical
// plan of every write is checked for single tasks in the same run (test/harness/plan-checks).
import { runSparkCasesDetailed } from '../../harness/spark-harness.ts';
import { sparkFindings } from '../../harness/plan-checks/spark-plan-check.ts';
import type { EngineCase } from './pig-batch.ts';
import type { Settled } from './reference-run.ts';

export async function runSparkSettled(cases: readonly EngineCase[]): Promise<Settled[]> {
  if (cases.length === 0) return [];
  const results = await runSparkCasesDetailed(cases, { plans: true });
  // A job's own exception is its own failure; a batch that died takes every unfinished job with it.
  return results.map((r, i) =>
    r.ok
      ? { ok: true, outputs: r.outputs, singleTasks: sparkFindings(cases[i].plan, r.plans ?? []) }
      : { ok: false, error: r.error ?? 'failed', alone: !/spark batch process ended/.test(r.error ?? '') },
  );
}
