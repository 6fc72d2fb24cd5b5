// Explains a failed step: fetches its stderr/syslog/controller logs (gzip) from the cluster's log URI,
// finds the first real error and, through the generated script's comments, the job line behind it.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { citationNear, type JobCitation } from './job-citation.ts';
import { extractError, type ExtractedError } from './log-errors.ts';
import { joinKey, parseS3Uri, s3Uri } from './s3-uri.ts';
import type { ClusterView, StepView } from './wait.ts';

export const STEP_LOG_FILES = ['stderr', 'syslog', 'controller', 'stdout'] as const;

export interface StepDiagnosis {
  readonly step: StepView;
  /** s3:// folder of the step's logs. */
  readonly logFolder: string | null;
  /** Log files read, e.g. ['stderr', 'controller']. */
  readonly logsRead: readonly string[];
  readonly error: ExtractedError | null;
  /** Which log the error came from. */
  readonly errorLog: string | null;
  readonly scriptUri: string | null;
  readonly citation: JobCitation | null;
  /** Full text of each log read, for `logs --raw`. */
  readonly logs: Readonly<Record<string, string>>;
}

/** The script a step runs: `-f <uri>` for Pig, the first `.py` argument for spark-submit. */
export function stepScriptUri(args: readonly string[]): string | null {
  const f = args.indexOf('-f');
  if (f >= 0 && args[f + 1]) return args[f + 1];
  return args.find((a) => /^s3:\/\/.*\.py$/.test(a)) ?? null;
}

export async function diagnoseStep(s3: S3Client, cluster: ClusterView, step: StepView, opts: { localScript?: string } = {}): Promise<StepDiagnosis> {
  const scriptUri = stepScriptUri(step.args);
  const scriptName = scriptUri?.split('/').pop();
  const base = { step, scriptUri, citation: null };
  if (!cluster.logUri) return { ...base, logFolder: null, logsRead: [], error: null, errorLog: null, logs: {} };
  const { bucket, key } = parseS3Uri(cluster.logUri, 'LogUri');
  const folderKey = joinKey(key, cluster.id, 'steps', step.id);
  const logs: Record<string, string> = {};
  for (const name of STEP_LOG_FILES) {
    const text = await fetchGz(s3, bucket, joinKey(folderKey, `${name}.gz`));
    if (text !== null) logs[name] = text;
  }
  let error: ExtractedError | null = null;
  let errorLog: string | null = null;
  // The first specific error of any log wins over a generic one ("job failed") met earlier.
  for (const [name, text] of Object.entries(logs)) {
    const found = extractError(text, scriptName);
    if (found && (!error || (error.generic && !found.generic))) [error, errorLog] = [found, name];
    if (error && !error.generic) break;
  }
  if (error?.yarnApplication) {
    const driver = await driverContainerLog(s3, bucket, joinKey(key, cluster.id, 'containers', error.yarnApplication));
    const deeper = driver ? extractError(driver.text, scriptName) : null;
    if (driver && deeper) [error, errorLog] = [deeper, driver.name];
  }
  const citation = await citeError(s3, error, scriptUri, opts.localScript);
  return { ...base, logFolder: `${s3Uri(bucket, folderKey)}/`, logsRead: Object.keys(logs), error, errorLog, citation, logs };
}

/** The job line behind an error's script line: from the local script when it is here, else the staged one. */
export async function citeError(s3: S3Client, error: ExtractedError | null, scriptUri: string | null, localScript?: string): Promise<JobCitation | null> {
  if (!error?.scriptLine) return null;
  const script = localScript && existsSync(localScript) ? readFileSync(localScript, 'utf8') : scriptUri ? await fetchText(s3, scriptUri) : null;
  return script ? citationNear(script, error.scriptLine) : null;
}

/** The driver's stderr in a YARN application's container logs (its first container). */
async function driverContainerLog(s3: S3Client, bucket: string, prefix: string): Promise<{ name: string; text: string } | null> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }));
  const keys = (out.Contents ?? []).map((o) => o.Key ?? '').filter((k) => k.endsWith('/stderr.gz')).sort();
  if (!keys.length) return null;
  const text = await fetchGz(s3, bucket, keys[0]);
  return text === null ? null : { name: s3Uri(bucket, keys[0]), text };
}

export async function fetchGz(s3: S3Client, bucket: string, key: string): Promise<string | null> {
  const bytes = await fetchBytes(s3, bucket, key);
  if (bytes === null) return null;
  // EMR gzips step logs; a plain file (some uploaders) is read as is.
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}

async function fetchText(s3: S3Client, uri: string): Promise<string | null> {
  const { bucket, key } = parseS3Uri(uri, 'script');
  return (await fetchBytes(s3, bucket, key))?.toString('utf8') ?? null;
}

async function fetchBytes(s3: S3Client, bucket: string, key: string): Promise<Buffer | null> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  } catch (e) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || (e as Error).name === 'NoSuchKey') return null;
    throw e;
  }
}

export function diagnosisText(d: StepDiagnosis): string {
  const out = [`step ${d.step.id} (${d.step.name}) ${d.step.state}${d.step.reason ? `: ${d.step.reason}` : ''}`];
  if (!d.logFolder) return [...out, '  the cluster has no log URI: its step logs are not kept'].join('\n');
  if (d.logsRead.length === 0) {
    out.push(`  no logs yet under ${d.logFolder} (EMR copies step logs there a few minutes after a step ends: try \`emr-jobs logs ${clusterOf(d)} --step ${d.step.id}\` later)`);
    return out.join('\n');
  }
  out.push(...errorLines(d, d.logFolder));
  return out.join('\n');
}

/** The error, the script line and the job line it maps to, and where the logs are. */
export function errorLines(d: Pick<StepDiagnosis, 'error' | 'errorLog' | 'scriptUri' | 'citation' | 'logsRead'>, logFolder: string): string[] {
  const out: string[] = [];
  if (!d.error) out.push(`  no error line found in ${d.logsRead.join(', ')}; read them under ${logFolder}`);
  else {
    out.push(`  error (${d.errorLog}): ${d.error.message}`);
    if (d.error.scriptLine && d.scriptUri) out.push(`  script: ${d.scriptUri.split('/').pop()}:${d.error.scriptLine}`);
    if (d.citation) {
      const where = `${d.citation.file}:${d.citation.line}${d.citation.column ? `:${d.citation.column}` : ''}`;
      out.push(`  job:    ${where}${d.citation.source ? `  ${d.citation.source}` : ''}`);
    }
  }
  out.push(`  logs:   ${logFolder}`);
  return out;
}

function clusterOf(d: StepDiagnosis): string {
  return /\/(j-[A-Z0-9]+)\/steps\//.exec(d.logFolder ?? '')?.[1] ?? '<cluster-id>';
}
