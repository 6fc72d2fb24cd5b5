// Reads a compiled pipeline bundle (codegen/pipeline-bundle.ts): its manifest, pipeline.json and one job
// bundle per stage, each checked against its sha256 as a job bundle is, so what is staged is what was compiled.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PipelineBundleManifest, PipelineBundleStage } from '../codegen/pipeline-bundle.ts';
import { JobError, type PipelinePlan } from '../plan/index.ts';
import { readBundle, sha256Hex, type BundleFile, type LoadedBundle } from './bundle-reader.ts';

// Typed by the writer's manifest (types only, so reading never loads the compilers).
const FORMAT: PipelineBundleManifest['format'] = 'emr-jobs/pipeline-bundle';
const VERSION: PipelineBundleManifest['version'] = 1;

export interface LoadedPipelineBundle {
  readonly dir: string;
  readonly manifest: PipelineBundleManifest;
  readonly plan: PipelinePlan;
  /** In dependency order, each with its job bundle (in `<dir>/<stage.dir>/`). */
  readonly stages: readonly { readonly entry: PipelineBundleStage; readonly bundle: LoadedBundle }[];
  /** The bundle's own files: pipeline.json and manifest.json. */
  readonly files: readonly BundleFile[];
}

/** True when `dir` holds a pipeline bundle rather than a job bundle. */
export function isPipelineBundle(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { format?: unknown }).format === FORMAT;
  } catch {
    return false;
  }
}

export function readPipelineBundle(dir: string): LoadedPipelineBundle {
  const manifestPath = path.join(dir, 'manifest.json');
  const shown = path.relative(process.cwd(), manifestPath) || manifestPath;
  if (!existsSync(manifestPath)) throw new JobError('usage', 'not a bundle: no manifest.json (write one with `emr-jobs compile <pipeline>`)', { file: shown });
  const manifestBytes = readFileSync(manifestPath);
  let manifest: PipelineBundleManifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as PipelineBundleManifest;
  } catch (e) {
    throw new JobError('usage', `not valid JSON: ${(e as Error).message}`, { file: shown });
  }
  if (manifest.format !== FORMAT || manifest.version !== VERSION) {
    throw new JobError('usage', `expected format "${FORMAT}" version ${VERSION}, got ${JSON.stringify(manifest.format)} version ${manifest.version}`, { file: shown });
  }
  const planFile = path.join(dir, manifest.pipelinePlan.file);
  const planBytes = existsSync(planFile) ? readFileSync(planFile) : null;
  if (planBytes === null) throw new JobError('usage', `lists ${manifest.pipelinePlan.file}, which is missing from the bundle`, { file: shown });
  if (sha256Hex(planBytes) !== manifest.pipelinePlan.sha256) {
    throw new JobError('usage', `${manifest.pipelinePlan.file} does not match its sha256 in the manifest (changed after compile? run \`emr-jobs compile\` again)`, { file: shown });
  }
  const stages = manifest.stages.map((entry) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(entry.dir)) throw new JobError('usage', `stage '${entry.name}': folder '${entry.dir}' must be a plain stage name`, { file: shown });
    const bundle = readBundle(path.join(dir, entry.dir));
    const script = bundle.files.find((f) => `${entry.dir}/${f.name}` === entry.script.script);
    if (!script || script.sha256 !== entry.script.sha256) {
      throw new JobError('usage', `stage '${entry.name}': ${entry.script.script} does not match the pipeline manifest (run \`emr-jobs compile\` again)`, { file: shown });
    }
    return { entry, bundle };
  });
  const files: BundleFile[] = [
    { name: manifest.pipelinePlan.file, path: planFile, sha256: manifest.pipelinePlan.sha256, size: planBytes.length },
    { name: 'manifest.json', path: manifestPath, sha256: sha256Hex(manifestBytes), size: manifestBytes.length },
  ];
  return { dir, manifest, plan: JSON.parse(planBytes.toString('utf8')) as PipelinePlan, stages, files };
}
