// The deployable bundle of a pipeline: pipeline.json, one job bundle per stage (in <stage>/, compiled for
// the stage's engine from the stage's bound plan) and one manifest listing the stages in order with their
// bindings and hashes. Same pipeline, same bytes.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  allParams, bindStage, upstreamStages, paramValueText, pipelineHash, printableJson, readBack, stageOrder, type Binding, type JobError, type PipelinePlan, type PipelineStage,
  type SinkNode, type SourceFormat, type StageEngine,
} from '../plan/index.ts';
import { childPath } from '../runtime/path-guard.ts';
import { sha256, writeBundle, type BundleParam, type BundleTarget, type ScriptEntry } from './bundle.ts';

export const PIPELINE_BUNDLE_FORMAT = 'emr-jobs/pipeline-bundle';
export const PIPELINE_BUNDLE_VERSION = 1;

const TARGET_OF: Record<StageEngine, BundleTarget> = { pig: 'pig', spark: 'pyspark' };

export interface PipelineBundleStage {
  readonly name: string;
  readonly job: string;
  readonly engine: StageEngine;
  /** The stage's job bundle folder, relative to the pipeline bundle. */
  readonly dir: string;
  readonly planHash: string;
  readonly script: ScriptEntry;
  readonly inputs: { readonly [input: string]: Binding };
  /** The stages whose outputs it reads. */
  readonly after: readonly string[];
}

export interface PipelineBundleManifest {
  readonly format: typeof PIPELINE_BUNDLE_FORMAT;
  readonly version: typeof PIPELINE_BUNDLE_VERSION;
  readonly pipeline: string;
  readonly pipelineHash: string;
  readonly pipelinePlan: { readonly file: string; readonly sha256: string };
  readonly partition?: PipelinePlan['partition'];
  readonly params: readonly BundleParam[];
  readonly inputs: readonly { readonly name: string; readonly path?: string }[];
  /** In dependency order. */
  readonly stages: readonly PipelineBundleStage[];
  readonly outputs: readonly { readonly stage: string; readonly output: string; readonly path: string }[];
}

export interface PipelineBundleResult {
  readonly dir: string;
  readonly manifest: PipelineBundleManifest | null;
  /** The first stage its engine cannot express, with the compiler's error; nothing is written then. */
  readonly error: { readonly stage: string; readonly error: JobError } | null;
}

/** Compiles every stage for its engine and writes the pipeline bundle into `dir` (replacing stage folders left from before). */
export function writePipelineBundle(p: PipelinePlan, dir: string, values: Readonly<Record<string, string>> = {}): PipelineBundleResult {
  const order = stageOrder(p);
  const staging = path.join(dir, '.stages-tmp');
  rmSync(staging, { recursive: true, force: true });
  const stages: PipelineBundleStage[] = [];
  for (const s of order) {
    const plan = bindStage(p, s, readBackOnCluster);
    const target = TARGET_OF[s.engine];
    const stageValues = Object.fromEntries((plan.params ?? []).filter((d) => d.name in values).map((d) => [d.name, values[d.name]]));
    const r = writeBundle(plan, [target], childPath(staging, s.name), stageValues);
    const error = r.errors[target];
    if (error) {
      rmSync(staging, { recursive: true, force: true });
      return { dir, manifest: null, error: { stage: s.name, error } };
    }
    stages.push({
      name: s.name,
      job: s.job,
      engine: s.engine,
      dir: s.name,
      planHash: r.manifest.planHash,
      script: { script: `${s.name}/${r.manifest.targets[target]!.script}`, sha256: r.manifest.targets[target]!.sha256 },
      inputs: s.inputs,
      after: upstreamStages(s),
    });
  }
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir, { withFileTypes: true })) {
    if (old.isDirectory() && old.name !== '.stages-tmp') rmSync(path.join(dir, old.name), { recursive: true, force: true });
  }
  for (const s of order) renameInto(path.join(staging, s.name), childPath(dir, s.name));
  rmSync(staging, { recursive: true, force: true });
  const planText = `${printableJson(p)}\n`;
  writeFileSync(path.join(dir, 'pipeline.json'), planText);
  const manifest: PipelineBundleManifest = {
    format: PIPELINE_BUNDLE_FORMAT,
    version: PIPELINE_BUNDLE_VERSION,
    pipeline: p.pipeline,
    pipelineHash: pipelineHash(p),
    pipelinePlan: { file: 'pipeline.json', sha256: sha256(planText) },
    ...(p.partition ? { partition: p.partition } : {}),
    params: allParams(p).map((d) => ({
      name: d.name,
      type: d.type,
      default: d.default === null ? null : paramValueText(d.type, d.default),
      ...(d.name in values ? { value: values[d.name] } : {}),
    })),
    inputs: p.inputs.map((i) => ({ name: i.name, ...(i.path !== undefined ? { path: i.path } : {}) })),
    stages,
    outputs: p.outputs.map((o) => ({ stage: o.stage, output: o.output, path: o.path })),
  };
  writeFileSync(path.join(dir, 'manifest.json'), `${printableJson(manifest)}\n`);
  return { dir, manifest, error: null };
}

/**
 * How an upstream output lies in its S3 folder after its step: part files, which Pig writes without a CSV
 * header and Spark with one in each (unlike a local run, whose collected file has one header).
 */
export function readBackOnCluster(sink: SinkNode, upstream: PipelineStage): SourceFormat | null {
  const format = readBack(sink);
  return format?.kind === 'csv' && sink.format === 'csv' ? { ...format, header: upstream.engine === 'spark' } : format;
}

/** Moves a stage folder into place (both lie under the bundle folder: one file system). */
function renameInto(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  renameSync(from, to);
}
