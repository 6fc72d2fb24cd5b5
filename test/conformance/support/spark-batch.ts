// Runs many cases in one Spark session (test/harness/spark-harness.ts) and settles each one.
import { runSparkCasesDetailed } from '../../harness/spark-harness.ts';
import type { EngineCase } from './pig-batch.ts';
import type { Settled } from './reference-run.ts';

export async function runSparkSettled(cases: readonly EngineCase[]): Promise<Settled[]> {
  if (cases.length === 0) return [];
  const results = await runSparkCasesDetailed(cases);
  // A job's own exception is its own failure; a batch that died takes every unfinished job with it.
  return results.map((r) =>
    r.ok ? { ok: true, outputs: r.outputs } : { ok: false, error: r.error ?? 'failed', alone: !/spark batch process ended/.test(r.error ?? '') },
  );
}
