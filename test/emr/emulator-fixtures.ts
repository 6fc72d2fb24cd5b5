// Fixtures for the emulator tests: a config pointing at the harness, compiled (and deliberately broken)
// bundles, and CSV outputs read back from moto's S3 or written by the local runtime.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha256, writeBundle } from '../../codegen/bundle.ts';
import { writePipelineBundle, type PipelineBundleManifest } from '../../codegen/pipeline-bundle.ts';
import type { Engine } from '../../emr/bundle-reader.ts';
import { TARGET_OF } from '../../emr/bundle-reader.ts';
import type { BundleManifest } from '../../codegen/bundle.ts';
import topPages from '../../jobs/top-pages.ts';
import { runPlan } from '../../runtime/run-plan.ts';
import type { ParamValues, PipelinePlan, Plan } from '../../plan/index.ts';
import { CreateApplicationCommand, EMRServerlessClient } from '@aws-sdk/client-emr-serverless';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { activeClusters, clearFaults, createBucket, DUMMY_CREDENTIALS, listKeys, readObject, REGION, resumeSteps, startHarness, type Harness } from './moto-harness.ts';

const tmp = (name: string) => mkdtempSync(path.join(tmpdir(), `emr-jobs-${name}-`));

/**
 * Profile "test": 1 master + 1 core m5.xlarge at $0.24/h for 15 min = $0.12 (expectedMinutes given, so the
 * inputs are not measured: test/emr/cost-emulator.test.ts covers that); fast polling.
 */
export function writeTestConfig(endpoint: string, bucket: string): string {
  const file = path.join(tmp('config'), 'emr-jobs.config.json');
  const profile = {
    region: 'us-east-1', bucket, prefix: 'ej', serviceRole: 'EMR_DefaultRole', jobFlowRole: 'EMR_EC2_DefaultRole', releaseLabel: 'emr-7.5.0',
    master: { instanceType: 'm5.xlarge' }, core: { instanceType: 'm5.xlarge', count: 1 }, endpoint, pollSeconds: 0.2, maxPollSeconds: 1, expectedMinutes: 15,
  };
  writeFileSync(file, JSON.stringify({ defaultProfile: 'test', prices: { 'm5.xlarge': { ec2: 0.192, emr: 0.048 } }, profiles: { test: profile } }, null, 2));
  return file;
}

export function compileBundle(engine: Engine): string {
  const dir = tmp('bundle');
  const r = writeBundle(topPages.plan(), [TARGET_OF[engine]], dir);
  if (r.errors[TARGET_OF[engine]]) throw r.errors[TARGET_OF[engine]];
  return dir;
}

/**
 * top-pages compiled, then broken on the filter's line: the `status` column becomes `statusx`, which the
 * engine rejects at that line. The manifest is updated so the bundle is consistent again.
 */
export async function brokenBundle(engine: Engine): Promise<{ dir: string; brokenLine: number }> {
  const dir = compileBundle(engine);
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BundleManifest;
  const entry = manifest.targets[TARGET_OF[engine]]!;
  const scriptFile = path.join(dir, entry.script);
  const lines = readFileSync(scriptFile, 'utf8').split('\n');
  const isFilter = engine === 'pig' ? (l: string) => /\bFILTER\b/.test(l) && /\bstatus\b/.test(l) : (l: string) => l.includes('.filter(') && l.includes('`status`');
  const idx = lines.findIndex(isFilter);
  if (idx < 0) throw new Error(`no filter on status in the ${engine} script:\n${lines.join('\n')}`);
  lines[idx] = engine === 'pig' ? lines[idx].replace(/\bstatus\b/, 'statusx') : lines[idx].replace('`status`', '`statusx`');
  const text = lines.join('\n');
  writeFileSync(scriptFile, text);
  const fixed = { ...manifest, targets: { ...manifest.targets, [TARGET_OF[engine]]: { ...entry, sha256: sha256(text) } } };
  writeFileSync(manifestFile, `${JSON.stringify(fixed, null, 2)}\n`);
  return { dir, brokenLine: idx + 1 };
}

export interface CsvRows {
  readonly header: string;
  readonly rows: readonly string[];
}

function splitCsv(text: string, header: string): string[] {
  return text.split('\n').filter((l) => l.length > 0 && l !== header);
}

/** The local runtime's output for the same job, input and parameter values (the meaning every engine must match). */
export async function localOutput(job: 'top-pages' | Plan, input: string, output: string, params: ParamValues = {}): Promise<CsvRows> {
  const outDir = tmp('local');
  await runPlan(job === 'top-pages' ? topPages.plan() : job, { logs: input }, { outDir, params });
  const text = readFileSync(path.join(outDir, `${output}.csv`), 'utf8');
  const header = text.split('\n')[0];
  return { header, rows: splitCsv(text, header) };
}

/** Part files under an S3 folder, in name order, without headers (each part of Spark's has one). */
export async function readCsvOutput(h: Harness, bucket: string, prefix: string, header: string): Promise<CsvRows> {
  const keys = (await listKeys(h, bucket, prefix)).filter((k) => /\/part-[^/]*$/.test(k));
  if (keys.length === 0) throw new Error(`no part files under s3://${bucket}/${prefix}`);
  const texts = await Promise.all(keys.map(async (k) => (await readObject(h, bucket, k)).toString('utf8')));
  return { header, rows: texts.flatMap((t) => splitCsv(t, header)) };
}

/**
 * One harness serves every scenario of a file: started (with `bucket` and a test config) before them, stopped
 * after; after each scenario, faults are cleared, steps resumed, and no cluster may be left up.
 */
export function useHarness(bucket: string): { h: Harness; config: string } {
  const env = {} as { h: Harness; config: string };
  beforeAll(async () => {
    // For the clients this process makes itself (the SDK's default provider chain reads these).
    Object.assign(process.env, DUMMY_CREDENTIALS);
    env.h = await startHarness();
    await createBucket(env.h, bucket);
    env.config = writeTestConfig(env.h.endpoint, bucket);
  });
  afterAll(async () => {
    await env.h?.stop();
  });
  afterEach(async () => {
    await clearFaults(env.h);
    await resumeSteps(env.h);
    // Never a leaked cluster: nothing a scenario started is still STARTING/BOOTSTRAPPING/RUNNING/WAITING.
    expect(await activeClusters(env.h)).toEqual([]);
  });
  return env;
}

/**
 * A pipeline compiled, then one Spark stage's script broken on the first line `breakLine` rewrites (it answers
 * null for the others); the stage's and the pipeline's manifests are updated to match.
 */
export function brokenPipelineBundle(pipeline: PipelinePlan, stage: string, breakLine: (line: string) => string | null): { dir: string; brokenLine: number } {
  const dir = tmp('pipeline-broken');
  const r = writePipelineBundle(pipeline, dir);
  if (!r.manifest) throw r.error!.error;
  const stageManifestFile = path.join(dir, stage, 'manifest.json');
  const stageManifest = JSON.parse(readFileSync(stageManifestFile, 'utf8')) as BundleManifest;
  const entry = stageManifest.targets.pyspark!;
  const scriptFile = path.join(dir, stage, entry.script);
  const lines = readFileSync(scriptFile, 'utf8').split('\n');
  const idx = lines.findIndex((l) => breakLine(l) !== null);
  if (idx < 0) throw new Error(`no line to break in the ${stage} script`);
  lines[idx] = breakLine(lines[idx])!;
  const text = lines.join('\n');
  writeFileSync(scriptFile, text);
  writeFileSync(stageManifestFile, `${JSON.stringify({ ...stageManifest, targets: { ...stageManifest.targets, pyspark: { ...entry, sha256: sha256(text) } } }, null, 2)}\n`);
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as PipelineBundleManifest;
  const stages = manifest.stages.map((s) => (s.name === stage ? { ...s, script: { ...s.script, sha256: sha256(text) } } : s));
  writeFileSync(manifestFile, `${JSON.stringify({ ...manifest, stages }, null, 2)}\n`);
  return { dir, brokenLine: idx + 1 };
}

export const SERVERLESS_ROLE = 'arn:aws:iam::123456789012:role/EMRServerlessJobRole';

/** Profiles "new" (an application created for each run) and "shared" (the given one) of EMR Serverless; fast polling. */
export function serverlessConfig(endpoint: string, bucket: string, applicationId: string, extra: Record<string, unknown> = {}): string {
  const file = path.join(tmp('sl-config'), 'emr-jobs.config.json');
  const common = { region: REGION, bucket, prefix: 'sl', endpoint, pollSeconds: 0.2, maxPollSeconds: 1 };
  const profiles = {
    new: { ...common, serverless: { releaseLabel: 'emr-7.5.0', executionRoleArn: SERVERLESS_ROLE, logUri: `s3://${bucket}/sl-logs/` } },
    shared: { ...common, serverless: { applicationId, executionRoleArn: SERVERLESS_ROLE } },
    ...extra,
  };
  writeFileSync(file, JSON.stringify({ defaultProfile: 'new', profiles }, null, 2));
  return file;
}

export interface ServerlessHarness {
  readonly h: Harness;
  /** A client of the harness's EMR Serverless API, for the test's own reads. */
  readonly sl: EMRServerlessClient;
  /** serverlessConfig's file: profile "new" creates an application per run, "shared" uses `shared`. */
  readonly config: string;
  /** An application created before the scenarios, which profile "shared" runs on. */
  readonly shared: string;
}

/**
 * The EMR Serverless counterpart of useHarness: one harness for every scenario of a file, with `bucket`, an
 * application made beforehand and serverlessConfig pointing at both; stopped after them. Its fields are set
 * once beforeAll has run.
 */
export function useServerlessHarness(bucket: string): ServerlessHarness {
  const env = {} as { -readonly [K in keyof ServerlessHarness]: ServerlessHarness[K] };
  beforeAll(async () => {
    Object.assign(process.env, DUMMY_CREDENTIALS);
    env.h = await startHarness();
    env.sl = new EMRServerlessClient({ region: REGION, endpoint: env.h.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await createBucket(env.h, bucket);
    env.shared = (await env.sl.send(new CreateApplicationCommand({ name: 'shared', releaseLabel: 'emr-7.5.0', type: 'SPARK' }))).applicationId!;
    env.config = serverlessConfig(env.h.endpoint, bucket, env.shared);
  }, 120_000);
  afterAll(async () => {
    env.sl?.destroy();
    await env.h?.stop();
  });
  return env;
}
