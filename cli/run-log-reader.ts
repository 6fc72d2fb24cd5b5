// Reading the run log back: the local JSON-lines file, or the records a cluster run put under the profile's
// S3 prefix (one object each). A line or object that is not a run record is reported with its file and line
// (or its s3:// URI) and skipped: one torn or hand-edited line never hides the rest.
import { existsSync, readFileSync } from 'node:fs';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { joinKey, s3Uri } from '../emr/s3-uri.ts';
import { printable } from '../plan/index.ts';
import { displayPath } from './job-paths.ts';
import { RUN_RECORD_FORMAT, RUN_STATUSES, type RunRecord } from './run-log.ts';

export interface RunLogRead {
  readonly records: RunRecord[];
  /** `file:line: what is wrong`, one per line skipped. */
  readonly problems: string[];
}

/** Why `v` is not a run record, or null when it is one. */
export function recordProblem(v: unknown): string | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
  const r = v as Partial<RunRecord>;
  if (r.format !== RUN_RECORD_FORMAT) return `"format" is not "${RUN_RECORD_FORMAT}"`;
  if (typeof r.job !== 'string' || !r.job) return '"job" is not a name';
  if (!RUN_STATUSES.includes(r.status as never)) return `"status" must be one of ${RUN_STATUSES.join(', ')}`;
  for (const k of ['started', 'ended'] as const) if (typeof r[k] !== 'string' || Number.isNaN(Date.parse(r[k]!))) return `"${k}" is not a time`;
  if (!Array.isArray(r.outputs) || !Array.isArray(r.inputs)) return '"inputs" and "outputs" must be lists';
  return null;
}

/** The records of a JSON-lines text; `source` names it in problems. */
export function parseRunLog(text: string, source: string): RunLogRead {
  const records: RunRecord[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      problems.push(`${source}:${i + 1}: not JSON (${(e as Error).message}); skipped`);
      return;
    }
    const problem = recordProblem(v);
    if (problem) problems.push(`${source}:${i + 1}: not a run record (${printable(problem)}); skipped`);
    else records.push(v as RunRecord);
  });
  return { records, problems };
}

/** The local log; a log not written yet holds no record. */
export function readLocalRunLog(file: string): RunLogRead {
  if (!existsSync(file)) return { records: [], problems: [] };
  return parseRunLog(readFileSync(file, 'utf8'), displayPath(file));
}

/**
 * Where a cluster run's records go: `<prefix>/run-log/`, beside (not inside) `<prefix>/runs/`, which holds
 * the runs' outputs: a listing of the log never meets an output's part files.
 */
export function runsPrefix(prefix: string): string {
  return `${joinKey(prefix, 'run-log')}/`;
}

/** One object per record, named by its start time, so that a listing is in time order and never collides. */
export function runRecordKey(prefix: string, record: RunRecord): string {
  return `${runsPrefix(prefix)}${record.started.replace(/[:.]/g, '-')}_${record.job}_${record.id}.json`;
}

export async function putRunRecord(s3: S3Client, bucket: string, prefix: string, record: RunRecord): Promise<string> {
  const key = runRecordKey(prefix, record);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `${JSON.stringify(record)}\n`, ContentType: 'application/json' }));
  return s3Uri(bucket, key);
}

/** Every record under `<prefix>/run-log/`. */
export async function readS3RunLog(s3: S3Client, bucket: string, prefix: string): Promise<RunLogRead> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: runsPrefix(prefix), ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key?.endsWith('.json') ? [o.Key] : [])));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const records: RunRecord[] = [];
  const problems: string[] = [];
  for (const key of keys.sort()) {
    const body = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString('utf8');
    const read = parseRunLog(body, s3Uri(bucket, key));
    records.push(...read.records);
    problems.push(...read.problems);
  }
  return { records, problems };
}
