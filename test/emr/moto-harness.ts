// Starts engines/moto_emr.py (moto in server mode + a driver running steps on local Pig/Spark) on a free
// loopback port for the EMR tests, and gives them clients and the harness's control endpoints.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EMRClient, ListClustersCommand } from '@aws-sdk/client-emr';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { PROJECT_ROOT, findJava, pigClasspathFile, venvBin } from '../../engines/engine-paths.ts';
import { PIG_JVM_FLAGS } from '../../engines/pig-runner.ts';
import { sparkEnv } from '../../engines/spark-runner.ts';

export const REGION = 'us-east-1';
export const DUMMY_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_SESSION_TOKEN: 'testing' };

export interface Harness {
  readonly endpoint: string;
  readonly emr: EMRClient;
  readonly s3: S3Client;
  /** The harness's own output (moto, Spark, driver tracebacks), for debugging a failed test. */
  readonly logFile: string;
  stop(): Promise<void>;
}

export function harnessAvailable(): boolean {
  return existsSync(venvBin('python')) && existsSync(pigClasspathFile()) && findJava() !== null;
}

export async function startHarness(): Promise<Harness> {
  const logDir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-moto-'));
  const logFile = path.join(logDir, 'harness.log');
  const env = {
    ...sparkEnv(),
    ...DUMMY_CREDENTIALS,
    MOTO_EMR_JAVA: findJava()!,
    MOTO_EMR_PIG_JVM_FLAGS: JSON.stringify(PIG_JVM_FLAGS),
    MOTO_EMR_PIG_CLASSPATH_FILE: pigClasspathFile(),
  };
  const child = spawn(venvBin('python'), [path.join(PROJECT_ROOT, 'engines', 'moto_emr.py'), '--port', '0', '--exit-on-stdin-eof'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stderr!.pipe(log);
  const endpoint = await readyLine(child);
  const clientConfig = { region: REGION, endpoint, maxAttempts: 5, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const emr = new EMRClient(clientConfig);
  const s3 = new S3Client({ ...clientConfig, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  return {
    endpoint,
    emr,
    s3,
    logFile,
    async stop() {
      emr.destroy();
      s3.destroy();
      const closed = new Promise((r) => child.once('close', r));
      child.stdin!.end();
      child.kill('SIGTERM');
      await closed;
    },
  };
}

function readyLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('moto_emr.py did not start within 60 s')), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      buf += b.toString('utf8');
      const m = /MOTO_EMR_READY (http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto_emr.py exited with ${code} before it was ready`));
    });
  });
}

async function control(h: Harness, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${h.endpoint}/_harness/${route}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`harness ${route}: HTTP ${res.status}`);
  return res.json();
}

export const injectFaults = (h: Harness, service: 'emr' | 's3', count: number, kind: 'throttle' | '500' | '500-after') => control(h, 'faults', { service, count, kind });
export const pauseSteps = (h: Harness) => control(h, 'pause', {});
export const resumeSteps = (h: Harness) => control(h, 'resume', {});
/** EMR Serverless job runs whose name contains one of `names` stay RUNNING, not run, until released (`[]`). */
export const holdJobRuns = (h: Harness, names: readonly string[]) => control(h, 'serverless/hold', { names });
export const clearRequests = (h: Harness) => control(h, 'requests/clear', {});
export const clearFaults = (h: Harness) => control(h, 'faults/clear', {});
/** `count` objects `<prefix>00000<suffix>`… of a declared `size` each, written in-process without their bytes. */
export const fillObjects = (h: Harness, o: { bucket: string; prefix: string; count: number; size: number; suffix?: string }) => control(h, 's3/fill', o);

export interface ServedRequest {
  readonly service: 'emr' | 's3';
  readonly action: string;
  readonly method: string;
  readonly path: string;
  readonly fault: string | null;
  /** EMR only: the request's JSON. */
  readonly body?: unknown;
}

export const servedRequests = async (h: Harness) => (await control(h, 'requests')) as ServedRequest[];

export async function createBucket(h: Harness, bucket: string): Promise<void> {
  await h.s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** Clusters still up: after every scenario this must hold none that the scenario started. */
export async function activeClusters(h: Harness): Promise<{ id: string; state: string }[]> {
  const out = await h.emr.send(new ListClustersCommand({ ClusterStates: ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING'] }));
  return (out.Clusters ?? []).map((c) => ({ id: c.Id!, state: c.Status!.State! }));
}

export async function listKeys(h: Harness, bucket: string, prefix: string): Promise<string[]> {
  const out = await h.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

export async function readObject(h: Harness, bucket: string, key: string): Promise<Buffer> {
  const out = await h.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}
