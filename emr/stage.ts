// Stages a run in S3: the bundle under bundles/<content hash>/, local inputs under inputs/<sha256>/<name>,
// outputs under runs/<run-id>/<output>. Keys are content-addressed, so a re-submit uploads only what is new.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { REJECTS_PARAM_PREFIX, rejectsParam } from '../codegen/common/rejects-param.ts';
import { PIG_SCRIPT_PARAM } from '../codegen/pig/pig-checks.ts';
import { JobError } from '../plan/index.ts';
import { childKey } from '../runtime/path-guard.ts';
import { scriptOf, sha256Hex, type Engine, type LoadedBundle } from './bundle-reader.ts';
import { pigLibJars, scriptNeedsPigLib } from './pig-jars.ts';
import { registeredPigLibJars } from '../codegen/pig/pig-lib.ts';
import type { EmrProfile } from './profile.ts';
import { isS3Uri, joinKey, parseS3Uri, s3Uri } from './s3-uri.ts';

export interface StagedFile {
  readonly localPath: string;
  readonly bucket: string;
  readonly key: string;
  readonly sha256: string;
  readonly size: number;
}

/** A local input's files, each with its key under the input's S3 folder (cli/input-files.ts resolves them). */
export interface LocalInputFiles {
  /** The paths as given, for messages. */
  readonly shown: string;
  readonly parts: readonly { readonly file: string; readonly key: string }[];
  /** The one path given, when it is a folder. */
  readonly folder?: string;
}

/** An input as bound: an s3:// URI read in place, or local files to upload. */
export type StageInput = string | LocalInputFiles;

export interface StagingPlan {
  /** s3:// folder of the bundle. */
  readonly bundleUri: string;
  readonly scriptUri: string;
  readonly files: readonly StagedFile[];
  /** Input name -> s3:// URI (given in place, or where the local file goes). */
  readonly inputs: Readonly<Record<string, string>>;
  /** Output name -> s3:// folder of this run. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Script parameter `rejects__<input>` -> s3:// folder of this run for that input's rejected records. */
  readonly rejects?: Readonly<Record<string, string>>;
  /** s3:// folder of the jars a Pig script REGISTERs (`$emr_jobs_pig_lib`), when it needs any. */
  readonly pigLib?: string;
  /** The Pig script reads itself (`$emr_jobs_script`: a job with checks), so its step passes its URI. */
  readonly pigReadsScript?: boolean;
}

export interface StagingResult {
  readonly uploaded: readonly StagedFile[];
  readonly skipped: readonly StagedFile[];
}

export interface StageOptions {
  /** Files of at least this many bytes go through a multipart Upload (default 16 MiB). */
  readonly multipartThreshold?: number;
  readonly partSize?: number;
  readonly onFile?: (file: StagedFile, action: 'uploaded' | 'skipped') => void;
}

/** Where a pipeline stage's files go instead of a job's own places. */
export interface StagingLayout {
  /** Key of the bundle's folder (default: bundles/<hash of its files>). */
  readonly bundleKey?: string;
  /** Key of the folder holding the outputs and rejects (default: runs/<run id>). */
  readonly runKey?: string;
  /** Output name -> s3:// folder, for outputs published elsewhere than the run folder. */
  readonly outputs?: Readonly<Record<string, string>>;
}

export async function planStaging(
  bundle: LoadedBundle,
  engine: Engine,
  inputs: Readonly<Record<string, StageInput>>,
  profile: Pick<EmrProfile, 'bucket' | 'prefix'>,
  runId: string,
  layout: StagingLayout = {},
): Promise<StagingPlan> {
  const { bucket, prefix } = profile;
  const listing = bundle.files.map((f) => `${f.name} ${f.sha256}\n`).sort().join('');
  const bundleKey = layout.bundleKey ?? joinKey(prefix, 'bundles', sha256Hex(listing).slice(0, 24));
  const runKey = layout.runKey ?? childKey(prefix, 'runs', runId);
  const files: StagedFile[] = bundle.files.map((f) => ({ localPath: f.path, bucket, key: childKey(bundleKey, f.name), sha256: f.sha256, size: f.size }));
  const script = scriptOf(bundle, engine);
  const inputUris: Record<string, string> = {};
  for (const { name } of bundle.manifest.inputs) {
    const given = inputs[name];
    if (given === undefined) throw new JobError('usage', `no value for input '${name}': pass --input ${name}=<path or s3://...>`);
    if (typeof given === 'string') {
      parseS3Uri(given, `--input ${name}`);
      inputUris[name] = given;
      continue;
    }
    const staged = await stageLocalInput(given, name, bucket, joinKey(prefix, 'inputs'));
    files.push(...staged.files);
    inputUris[name] = staged.uri;
  }
  const outputs = Object.fromEntries(bundle.manifest.outputs.map((o) => [o.name, layout.outputs?.[o.name] ?? s3Uri(bucket, childKey(runKey, o.name))]));
  // Beside the outputs; only for scripts that take the parameter (bundles compiled before it existed do not).
  const text = readFileSync(script.path, 'utf8');
  const rejects = Object.fromEntries(
    bundle.manifest.inputs
      .map(({ name }) => rejectsParam(name))
      .filter((p) => text.includes(p))
      .map((p) => [p, s3Uri(bucket, childKey(runKey, '_rejects', p.slice(REJECTS_PARAM_PREFIX.length)))]),
  );
  const pigLib = engine === 'pig' && scriptNeedsPigLib(text) ? await stagePigLib(bucket, prefix, registeredPigLibJars(text)) : undefined;
  if (pigLib) files.push(...pigLib.files);
  return {
    bundleUri: `${s3Uri(bucket, bundleKey)}/`, scriptUri: s3Uri(bucket, childKey(bundleKey, script.name)), files, inputs: inputUris, outputs, rejects,
    ...(pigLib ? { pigLib: pigLib.uri } : {}),
    ...(engine === 'pig' && text.includes(`$${PIG_SCRIPT_PARAM}`) ? { pigReadsScript: true } : {}),
  };
}

/** The jars a script REGISTERs from `$emr_jobs_pig_lib`, under `lib/<hash of names and contents>/`, uploaded once per set. */
async function stagePigLib(bucket: string, prefix: string, names: readonly string[]): Promise<{ uri: string; files: StagedFile[] }> {
  const jars = await pigLibJars(names);
  const shas = await Promise.all(jars.map((j) => fileSha256(j.path)));
  const folder = joinKey(prefix, 'lib', sha256Hex(jars.map((j, i) => `${j.name} ${shas[i]}\n`).join('')).slice(0, 24));
  const files = jars.map((j, i) => ({ localPath: j.path, bucket, key: childKey(folder, j.name), sha256: shas[i], size: statSync(j.path).size }));
  return { uri: s3Uri(bucket, folder), files };
}

/**
 * One file goes to `inputs/<sha256>/<name>`; a folder, glob or list to one content-addressed S3 folder (`inputs/<sha of keys and contents>/<name>/`),
 * which the step reads as Pig, Spark and the local runtime read a folder: recursively, hidden names skipped.
 */
async function stageLocalInput(given: LocalInputFiles, name: string, bucket: string, base: string): Promise<{ uri: string; files: StagedFile[] }> {
  if (given.parts.length === 0) throw new JobError('usage', `no file to stage (input '${name}')`, { file: given.shown });
  if (given.parts.length === 1 && given.folder === undefined) {
    const { file, key } = given.parts[0];
    const sha = await fileSha256(file);
    const staged = joinKey(base, sha, safeSegment(path.basename(key)));
    return { uri: s3Uri(bucket, staged), files: [{ localPath: path.resolve(file), bucket, key: staged, sha256: sha, size: statSync(file).size }] };
  }
  const parts = [...given.parts].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const shas = await Promise.all(parts.map((p) => fileSha256(p.file)));
  const dirSha = sha256Hex(parts.map((p, i) => `${p.key} ${shas[i]}\n`).join(''));
  // Pig lexes -p values: a space or quote in a key would cut the parameter short on the cluster.
  const folder = joinKey(base, dirSha, name.replace(/[^A-Za-z0-9._-]/g, '_'));
  const files = parts.map((p, i) => ({ localPath: path.resolve(p.file), bucket, key: childKey(folder, ...p.key.split('/').map(safeSegment)), sha256: shas[i], size: statSync(p.file).size }));
  return { uri: `${s3Uri(bucket, folder)}/`, files };
}

const safeSegment = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

export function fileSha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (b) => h.update(b))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** Uploads what S3 does not already hold (HeadObject: same size and sha256), in order. */
export async function stageFiles(s3: S3Client, plan: Pick<StagingPlan, 'files'>, opts: StageOptions = {}): Promise<StagingResult> {
  const uploaded: StagedFile[] = [];
  const skipped: StagedFile[] = [];
  for (const f of plan.files) {
    if (await alreadyThere(s3, f)) {
      skipped.push(f);
      opts.onFile?.(f, 'skipped');
      continue;
    }
    await uploadFile(s3, f, opts);
    uploaded.push(f);
    opts.onFile?.(f, 'uploaded');
  }
  return { uploaded, skipped };
}

async function alreadyThere(s3: S3Client, f: StagedFile): Promise<boolean> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: f.bucket, Key: f.key }));
    const sha = head.Metadata?.sha256;
    return head.ContentLength === f.size && (sha === undefined || sha === f.sha256);
  } catch (e) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || (e as Error).name === 'NotFound' || (e as Error).name === 'NoSuchKey') return false;
    if (status === 400 || status === 403) await explainRefusal(s3, f);
    throw e;
  }
}

/**
 * S3 answers a refused HEAD without a body, so the SDK can only call it `UnknownError` or `Forbidden`. A
 * listing of the same key answers with the error code (ExpiredToken, InvalidAccessKeyId, AccessDenied…):
 * that error is thrown instead, when there is one.
 */
async function explainRefusal(s3: S3Client, f: StagedFile): Promise<void> {
  await s3.send(new ListObjectsV2Command({ Bucket: f.bucket, Prefix: f.key, MaxKeys: 1 }));
}

export const DEFAULT_MULTIPART_THRESHOLD = 16 * 1024 * 1024;

async function uploadFile(s3: S3Client, f: StagedFile, opts: StageOptions): Promise<void> {
  const params = { Bucket: f.bucket, Key: f.key, Metadata: { sha256: f.sha256 } };
  if (f.size < (opts.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD)) {
    await s3.send(new PutObjectCommand({ ...params, Body: readFileSync(f.localPath), ContentLength: f.size }));
    return;
  }
  const upload = new Upload({
    client: s3,
    params: { ...params, Body: createReadStream(f.localPath) },
    partSize: Math.max(opts.partSize ?? 8 * 1024 * 1024, 5 * 1024 * 1024),
    queueSize: 2,
    leavePartsOnError: false,
  });
  await upload.done();
}
