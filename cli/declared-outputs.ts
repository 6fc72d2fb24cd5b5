// The outputs the project's jobs and pipelines declare, keyed as `emr-jobs freshness` keys the run log's
// (`job.output`, `pipeline/stage.output`), with the owner and expectation a run of them would record. Jobs
// load as `emr-jobs list` loads them: imported, not type-checked.
import { sinks, stageOwnership, type PipelinePlan, type Plan } from '../plan/index.ts';
import { printWarning } from './error-printer.ts';
import { displayPath, jobNames, resolveJobFile } from './job-paths.ts';
import { loadJobOrPipeline, NOT_A_JOB } from './load-job.ts';

export interface DeclaredOutput {
  readonly output: string;
  /** The job or pipeline declaring it, as `--job` names it. */
  readonly job: string;
  readonly owner: string | null;
  readonly freshWithin: number | null;
}

/**
 * Every output of the project's jobs and pipelines that declares an owner or an expectation. A job that is a
 * stage of a pipeline is left out: its runs are recorded as the pipeline's stage. A file that does not load
 * is warned about and skipped (`emr-jobs list` says why).
 */
export async function declaredOutputs(): Promise<DeclaredOutput[]> {
  const jobs: Plan[] = [];
  const pipelines: PipelinePlan[] = [];
  for (const name of jobNames()) {
    try {
      const loaded = await loadJobOrPipeline(name, { typeCheck: false });
      if ('pipeline' in loaded) pipelines.push(loaded.pipeline);
      else jobs.push(loaded.plan);
    } catch (e) {
      if (e instanceof Error && e.message === NOT_A_JOB) continue;
      printWarning(`${displayPath(resolveJobFile(name))} does not load, its outputs are left out (emr-jobs list says why)`);
    }
  }
  const staged = new Set(pipelines.flatMap((p) => p.stages.map((s) => s.job)));
  return [...jobs.filter((j) => !staged.has(j.job)).flatMap(jobOutputs), ...pipelines.flatMap(pipelineOutputs)].filter((o) => o.owner !== null || o.freshWithin !== null);
}

function jobOutputs(plan: Plan): DeclaredOutput[] {
  return sinks(plan).map((s) => ({ output: `${plan.job}.${s.output}`, job: plan.job, owner: plan.owner ?? null, freshWithin: plan.freshWithin ?? null }));
}

/** As a stage's record says: the pipeline's owner and expectation win over its job's. */
function pipelineOutputs(p: PipelinePlan): DeclaredOutput[] {
  return p.stages.flatMap((s) => sinks(s.plan).map((o) => ({ output: `${p.pipeline}/${s.name}.${o.output}`, job: p.pipeline, ...stageOwnership(p, s) })));
}
