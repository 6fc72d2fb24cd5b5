// emr-jobs/api: the toolkit's stages as functions, for build scripts and schedulers that drive jobs from
// code instead of the command line. Each takes a job definition (the default export of a job file) or its plan.
import { isJobDefinition, type JobDefinition } from '../dsl/index.ts';
import { JobError, type Plan } from '../plan/index.ts';
import { toPig } from '../codegen/pig/index.ts';
import { toPySpark } from '../codegen/pyspark/index.ts';

export { planFromJson, planToJson, planHash, sources, sinks, JobError, type Plan } from '../plan/index.ts';
export { runPlan, type RunOptions, type RunResult, type InputStats, type OutputStats } from '../runtime/index.ts';
export { writeBundle, BUNDLE_TARGETS, type BundleTarget, type BundleManifest, type BundleResult } from '../codegen/bundle.ts';

/** A job definition's plan (a plan is returned as it is). */
export function planOf(job: JobDefinition | Plan): Plan {
  return isJobDefinition(job) ? job.plan() : job;
}

export type CompileTarget = 'pig' | 'pyspark';

/**
 * The generated script of each target, in memory. A target that cannot express the plan throws a JobError
 * of kind `unsupported` naming the node and the job line.
 * ```ts
 * import { compile } from 'emr-jobs/api';
 * import topPages from './jobs/top-pages.ts';
 * const { pig, pyspark } = compile(topPages);
 * ```
 */
export function compile(job: JobDefinition | Plan, targets: readonly CompileTarget[] = ['pig', 'pyspark']): Partial<Record<CompileTarget, string>> {
  const plan = planOf(job);
  const out: Partial<Record<CompileTarget, string>> = {};
  for (const t of targets) {
    if (t === 'pig') out.pig = toPig(plan);
    else if (t === 'pyspark') out.pyspark = toPySpark(plan);
    else throw new JobError('usage', `unknown target '${String(t)}' (pig, pyspark)`);
  }
  return out;
}
