// `backfill <pipeline> --emr` worked out before anything is sent: one transient cluster whose steps are every
// pending partition's pipeline run (planPipelineSteps per partition, partition after partition), each
// followed by a step that copies the partition's staged success marker to its place in S3. The marker is
// written by the cluster, after the partition's last stage step completed, so it is right whatever becomes
// of the command that submitted it (detached, killed, interrupted).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StepConfig } from '@aws-sdk/client-emr';
import { JobError, templateParams, type PipelinePartition } from '../plan/index.ts';
import { childKey } from '../runtime/path-guard.ts';
import { sha256Hex } from './bundle-reader.ts';
import { runJobFlowInput } from './cluster.ts';
import { costText, unmeasuredText } from './cost.ts';
import type { InputMeasurer, MeasuredInput } from './input-measure.ts';
import type { LoadedPipelineBundle } from './pipeline-bundle-reader.ts';
import { PIPELINE_STEP_CONCURRENCY, pipelineRunDocument, planPipelineSteps, type PlannedStage } from './pipeline-submission.ts';
import type { EmrProfile } from './profile.ts';
import { measureInputs, pipelineWorks, runCost } from './run-cost.ts';
import { newRunId } from './run-id.ts';
import type { StepWork } from './throughput-model.ts';
import { s3Uri } from './s3-uri.ts';
import type { StagedFile, StageInput } from './stage.ts';
import { STEP_JAR } from './steps.ts';
import type { ClusterRun, RunStep } from './submission.ts';

export const S3_PARTITION_MARKER = '_SUCCESS.json';
export const S3_MARKER_FORMAT = 'emr-jobs/emr-partition';

/** `<prefix>/backfills/<pipeline>/<param>=<value>/_SUCCESS.json`: one per partition done on EMR. */
export interface S3PartitionMarker {
  readonly format: typeof S3_MARKER_FORMAT;
  readonly pipeline: string;
  readonly pipelineHash: string;
  readonly partition: { readonly param: string; readonly value: string };
  /** Every parameter's canonical text, the partition's among them. */
  readonly params: Readonly<Record<string, string>>;
  /** The run (and cluster tag) that wrote it. */
  readonly runId: string;
  /** Each stage's outputs as the run wrote them. */
  readonly stages: readonly { readonly stage: string; readonly engine: string; readonly outputs: Readonly<Record<string, string>> }[];
}

/** The s3:// URI of a partition's marker (`date=2015-05-17` names the partition). */
export function markerUri(profile: Pick<EmrProfile, 'bucket' | 'prefix'>, pipeline: string, partition: string): string {
  return s3Uri(profile.bucket, childKey(profile.prefix, 'backfills', pipeline, partition, S3_PARTITION_MARKER));
}

/** One partition to run: its value, every parameter's text, and the pipeline inputs bound for it. */
export interface BackfillPartitionRequest {
  readonly value: string;
  readonly params: Readonly<Record<string, string>>;
  readonly inputs: Readonly<Record<string, StageInput>>;
  /**
   * It has a marker that does not count (another plan hash or parameters, or --force): a first step removes
   * it, so that while the partition's outputs are rewritten no marker says they are done.
   */
  readonly clearMarker?: boolean;
}

export interface BackfillSubmitRequest {
  readonly bundle: LoadedPipelineBundle;
  readonly partition: PipelinePartition;
  /** Oldest first: the order their steps run in. */
  readonly partitions: readonly BackfillPartitionRequest[];
  readonly profile: EmrProfile;
  /** A local folder for the markers to stage (the caller removes it). */
  readonly markerDir: string;
  readonly runId?: string;
  /** Measures each partition's inputs for the cost estimate; without it, expectedMinutes per stage step decides. */
  readonly measure?: InputMeasurer;
}

export interface PlannedPartition {
  /** `date=2015-05-17`. */
  readonly name: string;
  readonly value: string;
  readonly params: Readonly<Record<string, string>>;
  readonly stages: readonly PlannedStage[];
  /** Its steps in order (removing an old marker, the stages, writing the marker), each with what it does. */
  readonly steps: readonly PartitionStep[];
  /** Where the marker step copies the staged marker. */
  readonly marker: string;
  readonly stagedMarker: string;
}

export type PartitionStep =
  | { readonly kind: 'remove-marker' | 'write-marker'; readonly name: string; readonly does: string }
  | { readonly kind: 'stage'; readonly name: string; readonly does: string; readonly stage: PlannedStage };

export interface BackfillSubmission extends ClusterRun {
  readonly pipeline: string;
  readonly bundleUri: string;
  readonly partition: PipelinePartition;
  readonly partitions: readonly PlannedPartition[];
  /** Stage steps in all (marker steps not counted: each copies one small object). */
  readonly stageSteps: number;
}

export async function planBackfillSubmission(req: BackfillSubmitRequest): Promise<BackfillSubmission> {
  const runId = req.runId ?? newRunId();
  const { bundle, profile, partition } = req;
  const p = bundle.plan;
  const name = p.pipeline;
  const hash = bundle.manifest.pipelineHash;
  checkOutputsPerPartition(bundle, partition);
  const files: StagedFile[] = [];
  const steps: StepConfig[] = [];
  const runSteps: RunStep[] = [];
  const outputs: Record<string, string> = {};
  const planned: PlannedPartition[] = [];
  let bundleUri = '';
  const works: StepWork[] = [];
  const measuredAll: MeasuredInput[] = [];
  let failure: string | null = null;
  for (const part of req.partitions) {
    const partName = `${partition.param}=${part.value}`;
    const m = await measureInputs(failure === null ? req.measure : undefined, part.inputs, (n) => `${partName}/${n}`);
    failure ??= m.failure;
    measuredAll.push(...m.inputs.values());
    works.push(...pipelineWorks(bundle, m.inputs, (stage) => `${partName}/${stage}`));
    const runKey = childKey(profile.prefix, 'runs', runId, partName);
    const run = await planPipelineSteps({ bundle, inputs: part.inputs, params: part.params, profile }, runId, {
      runKey,
      stepName: (stage, engine) => `${name}/${partName}/${stage} (${engine})`,
    });
    bundleUri = run.bundleUri;
    for (const f of run.files) if (!files.some((x) => x.bucket === f.bucket && x.key === f.key)) files.push(f);
    for (const [o, uri] of Object.entries(run.outputs)) outputs[`${partName}/${o}`] = uri;
    const clear = part.clearMarker ? markerStepConfig(`${name}/${partName}/remove old ${S3_PARTITION_MARKER}`, ['rm', markerUri(profile, name, partName)]) : null;
    if (clear) {
      steps.push(clear);
      runSteps.push({ name: clear.Name!, localScript: '' });
    }
    steps.push(...run.steps);
    runSteps.push(...run.runSteps.map((r) => ({ ...r, stage: r.stage && { ...r.stage, stage: `${partName}/${r.stage.stage}` } })));
    const marker: S3PartitionMarker = {
      format: S3_MARKER_FORMAT,
      pipeline: name,
      pipelineHash: hash,
      partition: { param: partition.param, value: part.value },
      params: part.params,
      runId,
      stages: run.stages.map((s) => ({ stage: s.stage, engine: s.engine, outputs: s.outputs })),
    };
    const text = `${JSON.stringify(marker, null, 2)}\n`;
    const local = path.join(req.markerDir, `${planned.length + 1}-${S3_PARTITION_MARKER}`);
    writeFileSync(local, text);
    const stagedKey = childKey(runKey, S3_PARTITION_MARKER);
    files.push({ localPath: local, bucket: profile.bucket, key: stagedKey, sha256: sha256Hex(text), size: Buffer.byteLength(text) });
    const target = markerUri(profile, name, partName);
    const markerStep = markerStepConfig(`${name}/${partName}/${S3_PARTITION_MARKER}`, ['cp', s3Uri(profile.bucket, stagedKey), target]);
    steps.push(markerStep);
    runSteps.push({ name: markerStep.Name!, localScript: local });
    const partSteps: PartitionStep[] = [
      ...(clear ? [{ kind: 'remove-marker' as const, name: clear.Name!, does: 'removing the old marker' }] : []),
      ...run.stages.map((stage, i) => ({ kind: 'stage' as const, name: run.runSteps[i].name, does: `stage ${stage.stage} (${stage.engine})`, stage })),
      { kind: 'write-marker', name: markerStep.Name!, does: 'writing the marker' },
    ];
    planned.push({ name: partName, value: part.value, params: part.params, stages: run.stages, steps: partSteps, marker: target, stagedMarker: s3Uri(profile.bucket, stagedKey) });
  }
  const stageSteps = planned.reduce((n, x) => n + x.stages.length, 0);
  const engines = [...new Set(planned.flatMap((x) => x.stages.map((s) => s.engine)))];
  const input = { ...runJobFlowInput(profile, { job: name, planHash: hash, runId, engines, steps }), StepConcurrencyLevel: PIPELINE_STEP_CONCURRENCY };
  const first = planned[0]?.value;
  const last = planned.at(-1)?.value;
  return {
    runId,
    job: name,
    pipeline: name,
    planHash: hash,
    title: `backfill of pipeline ${name} (${planned.length} partition${planned.length === 1 ? '' : 's'}${first === last ? ` ${first}` : ` from ${first} to ${last}`}: ${steps.length} steps)`,
    profile,
    files,
    outputs,
    cluster: { kind: 'new', input },
    cost: runCost(profile, works, measuredAll, failure),
    steps: runSteps,
    bundleUri,
    partition,
    partitions: planned,
    stageSteps,
  };
}

/**
 * `aws s3 cp <staged> <marker>` or `aws s3 rm <marker>` through command-runner.jar: the AWS CLI every EMR node
 * has. ActionOnFailure TERMINATE_CLUSTER as the stages': a partition whose marker cannot be written (or an old
 * one removed) is not done, and stops the rest.
 */
function markerStepConfig(name: string, s3Args: readonly string[]): StepConfig {
  return { Name: name, ActionOnFailure: 'TERMINATE_CLUSTER', HadoopJarStep: { Jar: STEP_JAR, Args: ['aws', 's3', ...s3Args] } };
}

/** A published output whose path names no partition value would be overwritten by every partition. */
function checkOutputsPerPartition(bundle: LoadedPipelineBundle, partition: PipelinePartition): void {
  for (const o of bundle.plan.outputs) {
    if (!templateParams(o.path).includes(partition.param)) {
      throw new JobError('usage', `output '${o.stage}.${o.output}': its path template '${o.path}' does not name {${partition.param}}, so every partition of the backfill would write the same folder; put {${partition.param}} in it`, o.loc);
    }
  }
}

/** Every step in order, grouped by partition; and, when asked, the one cost estimate for the whole backfill. */
export function backfillStepsText(s: BackfillSubmission, opts: { cost?: boolean } = {}): string {
  const width = Math.max(...s.partitions.flatMap((x) => x.stages.map((st) => st.stage.length)), S3_PARTITION_MARKER.length);
  const lines = [`backfill ${s.pipeline}, run ${s.runId}: ${s.partitions.length} partition(s), ${s.steps.length} steps on one new cluster, one at a time; profile ${s.profile.name}`];
  let n = 0;
  for (const x of s.partitions) {
    lines.push(`  ${x.name}:`);
    for (const step of x.steps) {
      if (step.kind !== 'stage') {
        lines.push(`    ${++n}. ${(step.kind === 'remove-marker' ? 'rm marker' : S3_PARTITION_MARKER).padEnd(width)}  aws    ${x.marker}`);
        continue;
      }
      const st = step.stage;
      lines.push(`    ${++n}. ${st.stage.padEnd(width)}  ${st.engine.padEnd(5)}  ${st.script}${st.after.length ? `  (after ${st.after.join(', ')})` : ''}`);
      for (const [k, uri] of Object.entries(st.inputs)) lines.push(`         ${k} <- ${uri}`);
      for (const [k, uri] of Object.entries(st.outputs)) lines.push(`         ${k} -> ${uri}/`);
    }
  }
  const markers = `the ${s.partitions.length} marker steps not counted`;
  if (s.cost && opts.cost) lines.push(s.cost.model?.kind === 'inputs' ? `${costText(s.cost, s.profile)}\n  (${markers})` : `${costText(s.cost, s.profile, true)}; ${s.profile.expectedMinutes} min expected per stage step x ${s.stageSteps} stage steps (${markers})${unmeasuredText(s.cost)}`);
  return lines.join('\n');
}

/** The `--dry-run` document of a backfill. */
export function backfillDryRunDocument(s: BackfillSubmission): unknown {
  let n = 0;
  const partitions = s.partitions.map((x) => ({
    partition: x.name,
    params: x.params,
    steps: x.steps.map((st) => {
      if (st.kind === 'stage') return { step: ++n, name: st.name, ...st.stage };
      return st.kind === 'remove-marker' ? { step: ++n, name: st.name, remove: x.marker } : { step: ++n, name: st.name, copy: x.stagedMarker, marker: x.marker };
    }),
  }));
  return pipelineRunDocument(s, { partitions }, { stageSteps: s.stageSteps });
}
