// The "serverless" object of a profile (EMR Serverless): the application (an id, or a release label to create
// one for the run), the execution role, the log folder, worker sizes and prices, each checked like the rest
// of the profile so an error names the file, the profile and the field (or the flag).
import { JobError } from '../plan/index.ts';
import * as F from './config-fields.ts';
import type { Origin } from './config-fields.ts';
import type { ProfileOverrides, ServerlessProfile, ServerlessSettings, ServerlessWorker } from './profile.ts';
import { joinKey } from './s3-uri.ts';

export const SERVERLESS_FIELDS = ['applicationId', 'releaseLabel', 'executionRoleArn', 'logUri', 'driver', 'executor', 'maxExecutors', 'maxConcurrentJobRuns', 'prices'] as const;
export const SERVERLESS_REQUIRED_FLAGS = '--region --bucket --execution-role-arn and --application-id (or --release-label to create an application for the run)';

/** EMR Serverless's default worker (4 vCPU, 16 GB) for the driver and the executors. */
export const DEFAULT_WORKER: ServerlessWorker = { vcpu: 4, memoryGb: 16 };
export const DEFAULT_MAX_EXECUTORS = 4;
/** A pipeline's independent stages run together up to this many job runs at a time (web-analytics fans out to 3). */
export const DEFAULT_MAX_CONCURRENT_JOB_RUNS = 4;
/** us-east-1 list prices of EMR Serverless (x86 workers, per hour; aws.amazon.com/emr/pricing/, set 2026-12-03) when the profile gives none: other regions differ, see docs/emr.md. */
export const DEFAULT_SERVERLESS_PRICES = { vcpuHour: 0.052624, gbHour: 0.0057785 } as const;

/** Worker sizes EMR Serverless accepts: vCPU -> the largest memory (GB); the smallest is 2 GB per vCPU. */
const MAX_MEMORY_GB: Readonly<Record<number, number>> = { 1: 8, 2: 16, 4: 30, 8: 60, 16: 120 };
const APPLICATION_ID = /^[0-9a-z]{1,64}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

type Raw = Record<string, unknown>;

export function serverlessSettings(v: unknown, at: (field: string) => Origin, o: ProfileOverrides, common: Omit<ServerlessProfile, 'serverless'>): ServerlessSettings {
  const origin = at('serverless');
  if (v !== undefined && (!v || typeof v !== 'object' || Array.isArray(v))) {
    throw F.fieldError(origin, '{ "applicationId" or "releaseLabel", "executionRoleArn", … } (see docs/emr.md, EMR Serverless)', v);
  }
  const raw = (v ?? {}) as Raw;
  for (const k of Object.keys(raw)) {
    if (!(SERVERLESS_FIELDS as readonly string[]).includes(k)) {
      throw new JobError('usage', `${F.describeOrigin(origin)}: unknown field '${k}' (known: ${SERVERLESS_FIELDS.join(', ')})`, 'file' in origin ? { file: origin.file } : null);
    }
  }
  const sub = (field: string): Origin => at(`serverless.${field}`);
  const pick = (field: string, flag: string, override: unknown): [unknown, Origin] => (override !== undefined ? [override, { flag }] : [raw[field], sub(field)]);
  return {
    application: application(raw, sub, o),
    executionRoleArn: F.str(...pick('executionRoleArn', '--execution-role-arn', o.executionRoleArn), ROLE_ARN, 'an IAM role ARN like "arn:aws:iam::123456789012:role/EMRServerlessJobRole"'),
    logUri: logFolder(pick('logUri', '--log-uri', o.logUri), common),
    driver: worker(raw.driver, sub('driver')),
    executor: worker(raw.executor, sub('executor')),
    maxExecutors: F.num(raw.maxExecutors ?? DEFAULT_MAX_EXECUTORS, sub('maxExecutors'), 1, 1000),
    maxConcurrentJobRuns: F.num(raw.maxConcurrentJobRuns ?? DEFAULT_MAX_CONCURRENT_JOB_RUNS, sub('maxConcurrentJobRuns'), 1, 100),
    prices: prices(raw.prices, sub('prices')),
  };
}

/** A flag wins over the profile: --application-id, then --release-label (create one), then the file's fields. */
function application(raw: Raw, sub: (field: string) => Origin, o: ProfileOverrides): ServerlessSettings['application'] {
  const idExpected = 'an EMR Serverless application id like "00fabcde12345678"';
  if (o.applicationId !== undefined) return { kind: 'existing', applicationId: F.str(o.applicationId, { flag: '--application-id' }, APPLICATION_ID, idExpected) };
  if (o.releaseLabel !== undefined) return { kind: 'new', releaseLabel: F.str(o.releaseLabel, { flag: '--release-label' }, F.RELEASE_LABEL, F.RELEASE_LABEL_EXPECTED) };
  if (raw.applicationId !== undefined && raw.releaseLabel !== undefined) {
    throw F.fieldError(sub('releaseLabel'), 'no release label beside "applicationId" (give one: an existing application, or a release label to create one for the run)', raw.releaseLabel);
  }
  if (raw.applicationId !== undefined) return { kind: 'existing', applicationId: F.str(raw.applicationId, sub('applicationId'), APPLICATION_ID, idExpected) };
  if (raw.releaseLabel !== undefined) return { kind: 'new', releaseLabel: F.str(raw.releaseLabel, sub('releaseLabel'), F.RELEASE_LABEL, F.RELEASE_LABEL_EXPECTED) };
  throw F.fieldError(sub('applicationId'), 'an application id, or "releaseLabel" (e.g. "emr-7.5.0") to create an application for the run', undefined);
}

function logFolder([v, origin]: [unknown, Origin], common: Omit<ServerlessProfile, 'serverless'>): string {
  const uri = v === undefined ? `s3://${common.bucket}/${joinKey(common.prefix, 'logs')}/` : F.str(v, origin, F.S3_FOLDER, 'an s3://bucket/folder/ URI');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

function worker(v: unknown, origin: Origin): ServerlessWorker {
  if (v === undefined) return DEFAULT_WORKER;
  const expected = '{ "vcpu": 1|2|4|8|16, "memoryGb": n } (2 GB per vCPU at least; at most 8, 16, 30, 60, 120 GB for 1, 2, 4, 8, 16 vCPU)';
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw F.fieldError(origin, expected, v);
  const at = (f: string): Origin => ('flag' in origin ? origin : { ...origin, field: `${origin.field}.${f}` });
  const r = v as Raw;
  const vcpu = F.num(r.vcpu ?? DEFAULT_WORKER.vcpu, at('vcpu'), 1, 16);
  if (MAX_MEMORY_GB[vcpu] === undefined) throw F.fieldError(at('vcpu'), '1, 2, 4, 8 or 16', r.vcpu);
  const memoryGb = F.num(r.memoryGb ?? Math.min(DEFAULT_WORKER.memoryGb, MAX_MEMORY_GB[vcpu]), at('memoryGb'), 2 * vcpu, MAX_MEMORY_GB[vcpu]);
  return { vcpu, memoryGb };
}

function prices(v: unknown, origin: Origin): ServerlessSettings['prices'] {
  if (v === undefined) return DEFAULT_SERVERLESS_PRICES;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw F.fieldError(origin, '{ "vcpuHour": USD, "gbHour": USD }', v);
  const at = (f: string): Origin => ('flag' in origin ? origin : { ...origin, field: `${origin.field}.${f}` });
  const r = v as Raw;
  return { vcpuHour: F.num(r.vcpuHour, at('vcpuHour'), 0, 100, false), gbHour: F.num(r.gbHour, at('gbHour'), 0, 100, false) };
}
