// Reads a compiled bundle (manifest.json, plan.json, scripts) and checks every file against the manifest's
// sha256, so what is staged is exactly what was compiled.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BundleManifest, BundleTarget } from '../codegen/bundle.ts';
import { JobError, planFromJson, type Plan } from '../plan/index.ts';

export type Engine = 'pig' | 'spark';

// Typed by the writer's manifest, so a format change there fails to compile here; imported as types only,
// so reading a bundle never loads the compilers.
const BUNDLE_FORMAT: BundleManifest['format'] = 'emr-jobs/bundle';
const BUNDLE_VERSION: BundleManifest['version'] = 1;

export const TARGET_OF: Record<Engine, BundleTarget> = { pig: 'pig', spark: 'pyspark' };

export interface BundleFile {
  readonly name: string;
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

export interface LoadedBundle {
  readonly dir: string;
  readonly manifest: BundleManifest;
  readonly plan: Plan;
  /** plan.json, the scripts of every target in the manifest, manifest.json. */
  readonly files: readonly BundleFile[];
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function readBundle(dir: string): LoadedBundle {
  const manifestPath = path.join(dir, 'manifest.json');
  const shown = path.relative(process.cwd(), manifestPath) || manifestPath;
  if (!existsSync(manifestPath)) throw new JobError('usage', 'not a bundle: no manifest.json (write one with `emr-jobs compile <job>`)', { file: shown });
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BundleManifest;
  } catch (e) {
    throw new JobError('usage', `not valid JSON: ${(e as Error).message}`, { file: shown });
  }
  if (manifest.format !== BUNDLE_FORMAT || manifest.version !== BUNDLE_VERSION) {
    throw new JobError('usage', `expected format "${BUNDLE_FORMAT}" version ${BUNDLE_VERSION}, got ${JSON.stringify(manifest.format)} version ${manifest.version}`, { file: shown });
  }
  const files: BundleFile[] = [];
  const entries: [string, string][] = [[manifest.plan.file, manifest.plan.sha256]];
  for (const t of Object.values(manifest.targets)) if (t) entries.push([t.script, t.sha256]);
  for (const [name, expected] of entries) {
    const file = checkedFile(dir, name, expected, shown);
    files.push(file);
  }
  const manifestBytes = readFileSync(manifestPath);
  files.push({ name: 'manifest.json', path: manifestPath, sha256: sha256Hex(manifestBytes), size: manifestBytes.length });
  const plan = planFromJson(readFileSync(path.join(dir, manifest.plan.file), 'utf8'), path.join(dir, manifest.plan.file));
  return { dir, manifest, plan, files };
}

function checkedFile(dir: string, name: string, expected: string, manifest: string): BundleFile {
  if (name.includes('/') || name.includes('\\')) throw new JobError('usage', `file name '${name}' must not contain a path`, { file: manifest });
  const p = path.join(dir, name);
  if (!existsSync(p)) throw new JobError('usage', `lists ${name}, which is missing from the bundle`, { file: manifest });
  const bytes = readFileSync(p);
  const actual = sha256Hex(bytes);
  if (actual !== expected) {
    throw new JobError('usage', `${name} does not match its sha256 in the manifest (changed after compile? run \`emr-jobs compile\` again)`, { file: manifest });
  }
  return { name, path: p, sha256: actual, size: bytes.length };
}

/** The script file of a target, or a usage error naming the targets the bundle has. */
export function scriptOf(bundle: LoadedBundle, engine: Engine): BundleFile {
  const entry = bundle.manifest.targets[TARGET_OF[engine]];
  if (!entry) {
    const have = Object.keys(bundle.manifest.targets).join(', ') || 'none';
    throw new JobError('usage', `the bundle has no ${TARGET_OF[engine]} script for --engine ${engine} (targets: ${have})`, { file: path.join(bundle.dir, 'manifest.json') });
  }
  return bundle.files.find((f) => f.name === entry.script)!;
}
