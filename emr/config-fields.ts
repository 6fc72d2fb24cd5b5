// Checks for single config values. Each takes the value and a description of where it came from (a config
// file field or a flag), so one rule gives the same clear error for both.
import { JobError } from '../plan/index.ts';
import type { InstancePrice, WarehouseSettings } from './profile.ts';

/** Where a value came from: `{ file, profile, field }` or a command-line flag. */
export type Origin = { readonly file: string; readonly profile: string | null; readonly field: string } | { readonly flag: string };

export function describeOrigin(o: Origin): string {
  if ('flag' in o) return o.flag;
  return o.profile === null ? `field '${o.field}'` : `profile '${o.profile}': field '${o.field}'`;
}

export function fieldError(o: Origin, expected: string, got: unknown): JobError {
  const shown = got === undefined ? 'nothing' : JSON.stringify(got);
  return new JobError('usage', `${describeOrigin(o)}: expected ${expected}, got ${shown}`, 'file' in o ? { file: o.file } : null);
}

export function str(v: unknown, o: Origin, pattern?: RegExp, expected = 'a non-empty string'): string {
  if (typeof v !== 'string' || v.length === 0 || (pattern && !pattern.test(v))) throw fieldError(o, expected, v);
  return v;
}

export function optionalStr(v: unknown, o: Origin, pattern?: RegExp, expected?: string): string | null {
  return v === undefined || v === null ? null : str(v, o, pattern, expected);
}

export function num(v: unknown, o: Origin, min: number, max: number, integer = true): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v));
  if (!ok) throw fieldError(o, `${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`, v);
  return v as number;
}

export function stringMap(v: unknown, o: Origin): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw fieldError(o, 'an object of string values', v);
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string' || k.length === 0 || k.length > 128) throw fieldError(o, `string values with keys of 1-128 characters (key '${k}')`, x);
  }
  return { ...(v as Record<string, string>) };
}

export function prices(v: unknown, o: Origin): Record<string, InstancePrice> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw fieldError(o, 'an object: instance type -> { "ec2": USD/hour, "emr": USD/hour, "spot"?: USD/hour, "vcpu"?: n }', v);
  const out: Record<string, InstancePrice> = {};
  for (const [type, p] of Object.entries(v as Record<string, unknown>)) {
    const at = (f: string): Origin => ('flag' in o ? o : { ...o, field: `${o.field}.${type}.${f}` });
    const entry = (p ?? {}) as Record<string, unknown>;
    if (typeof p !== 'object' || p === null) throw fieldError(at('ec2'), '{ "ec2": USD/hour, "emr": USD/hour }', p);
    out[type] = { ec2: num(entry.ec2, at('ec2'), 0, 1000, false), emr: num(entry.emr, at('emr'), 0, 1000, false) };
    // Optional: the Spot price to estimate with, and vCPUs for managed scaling in VCPU units.
    if (entry.spot !== undefined) out[type] = { ...out[type], spot: num(entry.spot, at('spot'), 0, 1000, false) };
    if (entry.vcpu !== undefined) out[type] = { ...out[type], vcpu: num(entry.vcpu, at('vcpu'), 1, 1024) };
  }
  return out;
}

export const RELEASE_LABEL = /^emr-7\.\d+\.\d+$/;
export const RELEASE_LABEL_EXPECTED = 'an EMR 7 release label like "emr-7.5.0" (EMR 7 ships Spark 3.5 and Pig 0.17, as the local engines)';
export const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
export const S3_FOLDER = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;
export const ENDPOINT_EXPECTED = 'an http(s)://host[:port] URL (port 1-65535)';

/** An endpoint the SDK can use: http or https, a host, a port in range, parsable as a URL. */
export function endpointUrl(v: unknown, o: Origin): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw fieldError(o, ENDPOINT_EXPECTED, v);
  const m = /^(https?):\/\/([^\s/?#:]+|\[[0-9a-fA-F:.]+\])(?::(\d*))?(\/[^\s]*)?$/.exec(v);
  const port = m?.[3];
  if (!m || (port !== undefined && !(port.length > 0 && Number(port) >= 1 && Number(port) <= 65535))) throw fieldError(o, ENDPOINT_EXPECTED, v);
  try {
    new URL(v);
  } catch {
    throw fieldError(o, ENDPOINT_EXPECTED, v);
  }
  return v;
}

export const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w+=,.@\/-]+$/;
const REDSHIFT_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const DB_NAME = /^[a-z_][a-z0-9_$]{0,126}$/;
const WAREHOUSE_FIELDS = ['iamRole', 'clusterIdentifier', 'workgroupName', 'database', 'secretArn', 'dbUser'];

/**
 * The `warehouse` field of a profile: { iamRole, clusterIdentifier | workgroupName, database, secretArn | dbUser }.
 * A cluster needs a secret or a database user; a workgroup takes a secret or nothing (the caller's IAM identity).
 */
export function warehouseSettings(v: unknown, o: Origin): WarehouseSettings | undefined {
  if (v === undefined || v === null) return undefined;
  const expected = '{ "iamRole": "arn:aws:iam::<account>:role/<name>", "clusterIdentifier" or "workgroupName", "database", "secretArn" or "dbUser" }';
  if (typeof v !== 'object' || Array.isArray(v)) throw fieldError(o, expected, v);
  const raw = v as Record<string, unknown>;
  const at = (f: string): Origin => ('flag' in o ? o : { ...o, field: `${o.field}.${f}` });
  for (const k of Object.keys(raw)) if (!WAREHOUSE_FIELDS.includes(k)) throw fieldError(at(k), `no such field (known: ${WAREHOUSE_FIELDS.join(', ')})`, raw[k]);
  const clusterIdentifier = optionalStr(raw.clusterIdentifier, at('clusterIdentifier'), REDSHIFT_NAME, 'a Redshift cluster identifier (a-z, 0-9, -)');
  const workgroupName = optionalStr(raw.workgroupName, at('workgroupName'), /^[a-z0-9-]{3,64}$/, 'a Redshift Serverless workgroup name (3-64 of a-z, 0-9, -)');
  if ((clusterIdentifier === null) === (workgroupName === null)) throw fieldError(at('clusterIdentifier'), 'exactly one of clusterIdentifier and workgroupName', raw.clusterIdentifier ?? raw.workgroupName);
  const secretArn = optionalStr(raw.secretArn, at('secretArn'), SECRET_ARN, 'a Secrets Manager secret ARN');
  const dbUser = optionalStr(raw.dbUser, at('dbUser'), DB_NAME, 'a database user name');
  if (secretArn !== null && dbUser !== null) throw fieldError(at('dbUser'), 'no dbUser beside secretArn (the secret holds the user)', raw.dbUser);
  if (clusterIdentifier !== null && secretArn === null && dbUser === null) throw fieldError(at('secretArn'), 'a secretArn or a dbUser for a provisioned cluster', undefined);
  if (workgroupName !== null && dbUser !== null) throw fieldError(at('dbUser'), 'no dbUser with a workgroup (use secretArn, or nothing for your IAM identity)', raw.dbUser);
  return Object.freeze({
    iamRole: str(raw.iamRole, at('iamRole'), IAM_ROLE_ARN, 'an IAM role ARN like "arn:aws:iam::123456789012:role/redshift-copy"'),
    clusterIdentifier,
    workgroupName,
    database: str(raw.database, at('database'), DB_NAME, 'a database name (a-z, 0-9, _, $)'),
    secretArn,
    dbUser,
  });
}
