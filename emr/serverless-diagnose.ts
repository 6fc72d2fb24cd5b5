// Explains a failed EMR Serverless job run from its driver's logs, which EMR Serverless writes to
// <logUri>/applications/<application>/jobs/<job run>/SPARK_DRIVER/{stderr,stdout}.gz: the first real error
// and, through the generated script's comments, the job line behind it (as diagnose.ts does for steps).
import type { S3Client } from '@aws-sdk/client-s3';
import { citeError, errorLines, fetchGz } from './diagnose.ts';
import type { JobCitation } from './job-citation.ts';
import { extractError, type ExtractedError } from './log-errors.ts';
import { joinKey, parseS3Uri, s3Uri } from './s3-uri.ts';

export const DRIVER_LOG_FILES = ['stderr', 'stdout'] as const;

export interface JobRunDiagnosis {
  readonly jobRun: { readonly id: string; readonly state: string; readonly details: string };
  /** s3:// folder of the driver's logs. */
  readonly logFolder: string;
  readonly logsRead: readonly string[];
  readonly error: ExtractedError | null;
  readonly errorLog: string | null;
  readonly scriptUri: string;
  readonly citation: JobCitation | null;
}

export interface JobRunRef {
  readonly logUri: string;
  readonly applicationId: string;
  readonly jobRun: JobRunDiagnosis['jobRun'];
  readonly scriptUri: string;
  readonly localScript?: string;
}

/** The driver's log folder of a job run. */
export function driverLogFolder(logUri: string, applicationId: string, jobRunId: string): { bucket: string; key: string } {
  const { bucket, key } = parseS3Uri(logUri, 'logUri');
  return { bucket, key: joinKey(key, 'applications', applicationId, 'jobs', jobRunId, 'SPARK_DRIVER') };
}

export async function diagnoseJobRun(s3: S3Client, ref: JobRunRef): Promise<JobRunDiagnosis> {
  const { bucket, key } = driverLogFolder(ref.logUri, ref.applicationId, ref.jobRun.id);
  const scriptName = ref.scriptUri.split('/').pop();
  const logsRead: string[] = [];
  let error: ExtractedError | null = null;
  let errorLog: string | null = null;
  for (const name of DRIVER_LOG_FILES) {
    const text = await fetchGz(s3, bucket, joinKey(key, `${name}.gz`));
    if (text === null) continue;
    logsRead.push(name);
    const found = extractError(text, scriptName);
    if (found && (!error || (error.generic && !found.generic))) [error, errorLog] = [found, `SPARK_DRIVER/${name}`];
  }
  const citation = await citeError(s3, error, ref.scriptUri, ref.localScript);
  return { jobRun: ref.jobRun, logFolder: `${s3Uri(bucket, key)}/`, logsRead, error, errorLog, scriptUri: ref.scriptUri, citation };
}

export function jobRunDiagnosisText(d: JobRunDiagnosis): string {
  const out = [`job run ${d.jobRun.id} ${d.jobRun.state}${d.jobRun.details ? `: ${d.jobRun.details}` : ''}`];
  if (d.logsRead.length === 0) {
    out.push(`  no driver logs yet under ${d.logFolder} (EMR Serverless uploads them as the job runs and when it ends: look there in a minute)`);
    return out.join('\n');
  }
  return [...out, ...errorLines(d, d.logFolder)].join('\n');
}
