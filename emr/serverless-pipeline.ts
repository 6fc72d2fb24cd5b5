// A pipeline's EMR Serverless submission worked out before anything is sent: the stages' S3 paths exactly as
// the cluster steps bind them (planPipelineSteps), one application, one StartJobRun per stage (each once the
// stages it reads from succeeded, independent ones together), one cost. `submit <pipeline> --serverless
// --dry-run` prints it.
import { formatLoc, JobError } from '../plan/index.ts';
import { childKey } from '../runtime/path-guard.ts';
import type { InputMeasurer } from './input-measure.ts';
import type { LoadedPipelineBundle } from './pipeline-bundle-reader.ts';
import { planPipelineSteps, type PlannedStage } from './pipeline-submission.ts';
import type { ServerlessProfile } from './profile.ts';
import { measureInputs, pipelineWorks, serverlessRunCost } from './run-cost.ts';
import { newRunId } from './run-id.ts';
import { applicationPlan, serverlessRunDocument, serverlessTags, startJobRunInput, type ServerlessRun } from './serverless-plan.ts';
import type { StageInput } from './stage.ts';
import { sparkScriptArgs } from './steps.ts';

export interface ServerlessPipelineRequest {
  readonly bundle: LoadedPipelineBundle;
  readonly inputs: Readonly<Record<string, StageInput>>;
  readonly params: Readonly<Record<string, string>>;
  readonly profile: ServerlessProfile;
  readonly runId?: string;
  /** Measures the inputs for the cost estimate (local stat, S3 listing); without it, expectedMinutes decides. */
  readonly measure?: InputMeasurer;
}

export interface ServerlessPipelineSubmission extends ServerlessRun {
  readonly pipeline: string;
  readonly pipelineHash: string;
  readonly bundleUri: string;
  readonly stages: readonly PlannedStage[];
}

/**
 * Pig stages, which EMR Serverless cannot run (it runs Spark and Hive), as one usage error naming each stage, its
 * job and line, and what to do. `compilesToPySpark` says whether a stage's job would compile for Spark.
 */
export function refusePigStages(bundle: LoadedPipelineBundle, compilesToPySpark?: (stage: string) => string | null): void {
  const pig = bundle.plan.stages.filter((s) => s.engine === 'pig');
  if (pig.length === 0) return;
  const each = pig.map((s) => {
    const why = compilesToPySpark ? compilesToPySpark(s.name) : undefined;
    const fix =
      why === undefined ? `declare it with { engine: 'spark' } if its job compiles to PySpark`
      : why === null ? `its job compiles to PySpark: declare it with { engine: 'spark' }`
      : `its job does not compile to PySpark (${why})`;
    return `stage '${s.name}' (job ${s.job}, ${formatLoc(s.loc)}) runs on Pig: ${fix}`;
  });
  throw new JobError(
    'usage',
    `pipeline '${bundle.plan.pipeline}' cannot run on EMR Serverless, which runs Spark and Hive, not Pig: ${each.join('; ')}; or submit the pipeline with --emr (an EMR cluster runs Pig)`,
  );
}

export async function planServerlessPipeline(req: ServerlessPipelineRequest): Promise<ServerlessPipelineSubmission> {
  const runId = req.runId ?? newRunId();
  const { bundle, profile } = req;
  const name = bundle.plan.pipeline;
  const hash = bundle.manifest.pipelineHash;
  refusePigStages(bundle);
  // The same S3 paths as the cluster's steps: bundle folder, runs/<run id>/<stage>/, published outputs.
  const planned = await planPipelineSteps(req, runId, { runKey: childKey(profile.prefix, 'runs', runId), stepName: (stage) => `${name}/${stage}` });
  const tags = serverlessTags(profile, name, hash, runId);
  const application = applicationPlan(profile, name, runId, tags, concurrentJobRuns(profile, planned.stages.length));
  const jobRuns = planned.stages.map((st, i) => {
    const staging = planned.stagings[i];
    const input = startJobRunInput(profile, application, {
      // One token per stage of the run: a retried StartJobRun is the same job run, another stage is another.
      token: `${runId}-${i + 1}`,
      name: `${name}/${st.stage} ${runId}`,
      scriptUri: staging.scriptUri,
      args: sparkScriptArgs(staging, st.params),
      tags,
    });
    return { stage: { stage: st.stage, job: st.job, after: st.after }, input, scriptUri: staging.scriptUri, localScript: planned.runSteps[i].localScript };
  });
  const m = await measureInputs(req.measure, req.inputs);
  return {
    runId,
    title: `pipeline ${name} (${planned.stages.length} stages, each once those it reads succeeded, at most ${profile.serverless.maxConcurrentJobRuns} at a time: ${planned.stages.map((s) => s.stage).join(', ')})`,
    pipeline: name,
    pipelineHash: hash,
    profile,
    files: planned.files,
    application,
    jobRuns,
    outputs: planned.outputs,
    // As on a cluster: each stage's work from the measured inputs (a stage reading another's output is assumed
    // to read what that one read), or expectedMinutes per stage.
    cost: serverlessRunCost(profile, pipelineWorks(bundle, m.inputs, (stage) => stage), [...m.inputs.values()], m.failure),
    bundleUri: planned.bundleUri,
    stages: planned.stages,
  };
}

/** Job runs at a time: the profile's bound, or fewer when the pipeline has fewer stages. */
export function concurrentJobRuns(profile: ServerlessProfile, stages: number): number {
  return Math.max(1, Math.min(profile.serverless.maxConcurrentJobRuns, stages));
}

/** The job runs in order, as a reader checks them: stage, script, inputs -> outputs. */
export function serverlessPipelineText(s: ServerlessPipelineSubmission): string {
  const width = Math.max(...s.stages.map((st) => st.stage.length));
  const where = s.application.kind === 'existing' ? `application ${s.application.applicationId}` : `one new application (${s.application.input.releaseLabel})`;
  const at = `at most ${concurrentJobRuns(s.profile, s.stages.length)} at a time`;
  const lines = [`pipeline ${s.pipeline}, run ${s.runId}: ${s.stages.length} job runs on ${where}, each once the stages it reads succeeded, ${at}; profile ${s.profile.name}`];
  s.stages.forEach((st, i) => {
    lines.push(`  ${i + 1}. ${st.stage.padEnd(width)}  ${st.script}${st.after.length ? `  (after ${st.after.join(', ')})` : ''}`);
    for (const [n, uri] of Object.entries(st.inputs)) lines.push(`       ${n} <- ${uri}`);
    for (const [n, uri] of Object.entries(st.outputs)) lines.push(`       ${n} -> ${uri}/`);
  });
  return lines.join('\n');
}

/** The `--dry-run` document: every job run (stage, script, arguments, after) in order, one cost, every request. */
export function serverlessPipelineDryRunDocument(s: ServerlessPipelineSubmission): unknown {
  const jobRuns = s.stages.map((st, i) => ({ jobRun: i + 1, ...st, arguments: s.jobRuns[i].input.jobDriver!.sparkSubmit!.entryPointArguments }));
  return serverlessRunDocument(
    s,
    { pipeline: s.pipeline, pipelineHash: s.pipelineHash, concurrency: concurrentJobRuns(s.profile, s.stages.length) },
    { jobRuns, s3: { bundle: s.bundleUri, outputs: s.outputs } },
  );
}
