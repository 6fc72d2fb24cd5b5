// Loads emr-jobs.config.json, picks a profile, applies flag overrides and validates the result; every error
// names the file, the profile and the field (or the flag) and what was expected.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JobError } from '../plan/index.ts';
import * as F from './config-fields.ts';
import * as Shape from './cluster-shape-config.ts';
import type { Origin } from './config-fields.ts';
import type { EmrProfile, InstanceGroupSettings, ProfileOverrides, ServerlessProfile } from './profile.ts';
import { SERVERLESS_REQUIRED_FLAGS, serverlessSettings } from './serverless-config.ts';
import { joinKey } from './s3-uri.ts';

export const CONFIG_FILE_NAME = 'emr-jobs.config.json';

const PROFILE_FIELDS = [
  'region', 'bucket', 'prefix', 'serviceRole', 'jobFlowRole', 'releaseLabel', 'master', 'core', 'logUri', 'subnetId',
  'tags', 'idleTimeoutSeconds', 'expectedMinutes', 'pollSeconds', 'maxPollSeconds', 'retryGraceSeconds', 'prices', 'endpoint', 'warehouse', 'description',
  'task', 'instanceFleets', 'managedScaling', 'serverless',
] as const;
const TOP_FIELDS = ['$schema', '$comment', 'defaultProfile', 'prices', 'profiles', 'jobsDir', 'outDir', 'buildDir', 'runLog'];

/** What a run needs when there is no config file, as the flags that give it. */
export const REQUIRED_FLAGS = ['--region', '--bucket', '--service-role', '--job-flow-role', '--release-label', '--instance-type'] as const;
/** The name of the profile made of flags alone. */
export const FLAGS_PROFILE = '(flags)';

export interface LoadProfileOptions {
  /** --config; else $EMR_JOBS_CONFIG; else emr-jobs.config.json in `cwd` if there is one; else flags alone. */
  readonly configFile?: string;
  /** --profile; else $EMR_JOBS_PROFILE; else the file's defaultProfile; else its only profile. */
  readonly profile?: string;
  readonly overrides?: ProfileOverrides;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

type Raw = Record<string, unknown>;

export function loadProfile(opts: LoadProfileOptions = {}): EmrProfile {
  const src = profileSource(opts, requireClusterFlags);
  return resolveProfile(src.name, src.file, src.doc, src.raw, opts.overrides ?? {}, src.env);
}

/** The profile for `submit --serverless`: its common fields and its "serverless" object (see serverless-config.ts). */
export function loadServerlessProfile(opts: LoadProfileOptions = {}): ServerlessProfile {
  const src = profileSource(opts, requireServerlessFlags);
  const o = opts.overrides ?? {};
  const common = commonFields(src, o, src.env);
  const at = (field: string): Origin => (src.file === null ? { flag: `default ${field}` } : { file: src.file, profile: src.name, field });
  return Object.freeze({ ...common, serverless: serverlessSettings(src.raw.serverless, at, o, common) });
}

interface ProfileSource {
  readonly name: string;
  /** null: no config file, the flags alone. */
  readonly file: string | null;
  readonly doc: Raw;
  readonly raw: Raw;
  readonly env: NodeJS.ProcessEnv;
}

/** The chosen profile's raw fields, or an empty one when there is no config file (then `required` checks the flags). */
function profileSource(opts: LoadProfileOptions, required: (o: ProfileOverrides) => void): ProfileSource {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const file = opts.configFile ?? env.EMR_JOBS_CONFIG ?? CONFIG_FILE_NAME;
  const shown = path.isAbsolute(file) ? file : file.split(path.sep).join('/');
  const full = path.resolve(cwd, file);
  const explicit = opts.configFile !== undefined || env.EMR_JOBS_CONFIG !== undefined;
  if (!existsSync(full) && !explicit) {
    const wanted = opts.profile ?? env.EMR_JOBS_PROFILE;
    if (wanted !== undefined) throw new JobError('usage', `--profile ${wanted}: no config file to read it from (${CONFIG_FILE_NAME} here, --config FILE or $EMR_JOBS_CONFIG)`);
    required(opts.overrides ?? {});
    return { name: FLAGS_PROFILE, file: null, doc: { profiles: {} }, raw: {}, env };
  }
  if (!existsSync(full)) {
    throw new JobError('usage', `no EMR config file (copy the example in docs/emr.md to ${CONFIG_FILE_NAME}, or pass --config FILE)`, { file: shown });
  }
  const doc = parseJson(readFileSync(full, 'utf8'), shown);
  const name = pickProfile(doc, opts.profile ?? env.EMR_JOBS_PROFILE, shown);
  const raw = (doc.profiles as Raw)[name] as Raw;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw F.fieldError({ file: shown, profile: null, field: `profiles.${name}` }, 'an object of profile settings', raw);
  }
  for (const k of Object.keys(raw)) {
    if (!(PROFILE_FIELDS as readonly string[]).includes(k)) {
      throw new JobError('usage', `profile '${name}': unknown field '${k}' (known: ${PROFILE_FIELDS.join(', ')})`, { file: shown });
    }
  }
  return { name, file: shown, doc, raw, env };
}

/** No config file: every required value must come from a flag; the rest take their defaults. */
function requireClusterFlags(o: ProfileOverrides): void {
  const given: Record<(typeof REQUIRED_FLAGS)[number], unknown> = {
    '--region': o.region, '--bucket': o.bucket, '--service-role': o.serviceRole, '--job-flow-role': o.jobFlowRole,
    '--release-label': o.releaseLabel, '--instance-type': o.instanceType ?? o.masterInstanceType,
  };
  const missing = REQUIRED_FLAGS.filter((f) => given[f] === undefined);
  if (missing.length) {
    throw new JobError(
      'usage',
      `no config file (${CONFIG_FILE_NAME}, --config FILE or $EMR_JOBS_CONFIG) and no ${missing.join(', ')}: without a config file, give ${REQUIRED_FLAGS.join(' ')} (or --master-instance-type)`,
    );
  }
}

/** The same for EMR Serverless: --region --bucket --execution-role-arn, and --application-id or --release-label. */
function requireServerlessFlags(o: ProfileOverrides): void {
  const missing = [
    ...(o.region === undefined ? ['--region'] : []),
    ...(o.bucket === undefined ? ['--bucket'] : []),
    ...(o.executionRoleArn === undefined ? ['--execution-role-arn'] : []),
    ...(o.applicationId === undefined && o.releaseLabel === undefined ? ['--application-id (or --release-label)'] : []),
  ];
  if (missing.length) {
    throw new JobError(
      'usage',
      `no config file (${CONFIG_FILE_NAME}, --config FILE or $EMR_JOBS_CONFIG) and no ${missing.join(', ')}: without a config file, --serverless needs ${SERVERLESS_REQUIRED_FLAGS}`,
    );
  }
}

export type ClientSettings = Pick<EmrProfile, 'region' | 'endpoint'>;

/** The region and endpoint, for commands that only read (status, logs): a profile, or --region without one. */
export function loadClientSettings(opts: LoadProfileOptions = {}): ClientSettings {
  const env = opts.env ?? process.env;
  const file = opts.configFile ?? env.EMR_JOBS_CONFIG ?? CONFIG_FILE_NAME;
  const explicit = opts.configFile !== undefined || env.EMR_JOBS_CONFIG !== undefined;
  if (explicit || existsSync(path.resolve(opts.cwd ?? process.cwd(), file))) {
    const p = loadProfile(opts);
    return { region: p.region, endpoint: p.endpoint };
  }
  const o = opts.overrides ?? {};
  if (o.region === undefined) throw new JobError('usage', `no config file (${CONFIG_FILE_NAME}, --config FILE or $EMR_JOBS_CONFIG) and no --region: give --region`);
  const [epV, epO] = o.endpoint !== undefined ? [o.endpoint, { flag: '--endpoint' }] : [env.EMR_JOBS_ENDPOINT, { flag: 'EMR_JOBS_ENDPOINT' }];
  return { region: F.str(o.region, { flag: '--region' }, F.REGION, 'an AWS region like "us-east-1"'), endpoint: F.endpointUrl(epV || undefined, epO) };
}

function parseJson(text: string, file: string): Raw {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new JobError('usage', `not valid JSON: ${(e as Error).message}`, { file });
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new JobError('usage', 'expected a JSON object with "profiles"', { file });
  const d = doc as Raw;
  for (const k of Object.keys(d)) {
    if (!TOP_FIELDS.includes(k)) throw new JobError('usage', `unknown top-level field '${k}' (known: ${TOP_FIELDS.join(', ')})`, { file });
  }
  if (!d.profiles || typeof d.profiles !== 'object' || Array.isArray(d.profiles) || Object.keys(d.profiles).length === 0) {
    throw F.fieldError({ file, profile: null, field: 'profiles' }, 'an object with at least one named profile', d.profiles);
  }
  return d;
}

function pickProfile(doc: Raw, wanted: string | undefined, file: string): string {
  const names = Object.keys(doc.profiles as Raw);
  const name = wanted ?? (typeof doc.defaultProfile === 'string' ? doc.defaultProfile : names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    throw new JobError('usage', `several profiles (${names.join(', ')}) and no "defaultProfile": pass --profile NAME`, { file });
  }
  if (!names.includes(name)) {
    const from = wanted !== undefined ? `--profile ${name}` : `defaultProfile '${name}'`;
    throw new JobError('usage', `${from}: no such profile (profiles: ${names.join(', ')})`, { file });
  }
  return name;
}

const optional = <K extends string, V>(key: K, v: V | undefined): { [k in K]?: V } => (v === undefined ? {} : ({ [key]: v } as { [k in K]?: V }));

type Pick2 = (field: string, flag: string, override: unknown, dflt?: unknown) => [unknown, Origin];

function pickerFor(name: string, file: string | null, raw: Raw): { at: (field: string) => Origin; pick: Pick2 } {
  // Without a file only defaults can be read from `at`: a value that fails its check came from a flag.
  const at = (field: string): Origin => (file === null ? { flag: `default ${field}` } : { file, profile: name, field });
  const pick: Pick2 = (field, flag, override, dflt) => (override !== undefined ? [override, { flag }] : [raw[field] ?? dflt, at(field)]);
  return { at, pick };
}

/** The fields every target reads: where to stage, how to poll, the endpoint. */
function commonFields(src: Pick<ProfileSource, 'name' | 'file' | 'raw'>, o: ProfileOverrides, env: NodeJS.ProcessEnv): Omit<ServerlessProfile, 'serverless'> {
  const { name, file, raw } = src;
  const { at, pick } = pickerFor(name, file, raw);
  const region = F.str(...pick('region', '--region', o.region), F.REGION, 'an AWS region like "us-east-1"');
  const bucket = F.str(...pick('bucket', '--bucket', o.bucket), F.BUCKET, 'an S3 bucket name (3-63 of a-z 0-9 . -)');
  const [prefixV, prefixO] = pick('prefix', '--prefix', o.prefix);
  const prefix = prefixV === undefined ? 'emr-jobs' : joinKey(F.str(prefixV, prefixO, /^[^\s]*$/, 'a key prefix without spaces'));
  const [epV, epO] = o.endpoint !== undefined ? [o.endpoint, { flag: '--endpoint' }] : env.EMR_JOBS_ENDPOINT ? [env.EMR_JOBS_ENDPOINT, { flag: 'EMR_JOBS_ENDPOINT' }] : [raw.endpoint, at('endpoint')];
  const pollSeconds = F.num(...pick('pollSeconds', '--poll-seconds', o.pollSeconds, 10), 0.05, 600, false);
  return {
    name,
    configFile: file,
    region,
    bucket,
    prefix,
    tags: { ...F.stringMap(raw.tags, at('tags')), ...F.stringMap(o.tags, { flag: '--tag' }) },
    expectedMinutes: F.num(...pick('expectedMinutes', '--expected-minutes', o.expectedMinutes, 15), 0, 100000, false),
    expectedMinutesGiven: o.expectedMinutes !== undefined || raw.expectedMinutes !== undefined,
    pollSeconds,
    maxPollSeconds: Math.max(pollSeconds, F.num(...pick('maxPollSeconds', '--max-poll-seconds', o.maxPollSeconds, 60), 0.05, 3600, false)),
    retryGraceSeconds: F.num(...pick('retryGraceSeconds', '--retry-grace', o.retryGraceSeconds, 300), 1, 86400, false),
    endpoint: F.endpointUrl(epV, epO as Origin),
  };
}

/** Merges overrides over the profile, remembering where each value came from, then validates each. */
function resolveProfile(name: string, file: string | null, doc: Raw, raw: Raw, o: ProfileOverrides, env: NodeJS.ProcessEnv): EmrProfile {
  const { at, pick } = pickerFor(name, file, raw);
  const common = commonFields({ name, file, raw }, o, env);
  const { bucket, prefix } = common;
  const fleets = Shape.instanceFleets(raw, at, o);
  const { master, core } = fleets ? Shape.fleetGroups(fleets) : instanceGroups(raw, at, o);
  const task = fleets ? null : Shape.taskGroup(raw, at, o, core);

  const [logV, logO] = pick('logUri', '--log-uri', o.logUri);
  const logUri = logV === undefined ? `s3://${bucket}/${joinKey(prefix, 'logs')}/` : F.str(logV, logO, F.S3_FOLDER, 'an s3://bucket/folder/ URI');
  const topPrices = file === null ? {} : F.prices(doc.prices, { file, profile: null, field: 'prices' });

  return Object.freeze({
    ...common,
    serviceRole: F.str(...pick('serviceRole', '--service-role', o.serviceRole), undefined, 'an IAM role name or ARN (e.g. "EMR_DefaultRole")'),
    jobFlowRole: F.str(...pick('jobFlowRole', '--job-flow-role', o.jobFlowRole), undefined, 'an instance profile name (e.g. "EMR_EC2_DefaultRole")'),
    releaseLabel: F.str(...pick('releaseLabel', '--release-label', o.releaseLabel), F.RELEASE_LABEL, F.RELEASE_LABEL_EXPECTED),
    master,
    core,
    task,
    instanceFleets: fleets,
    managedScaling: Shape.managedScaling(raw, at, o, core, task, fleets),
    logUri: logUri.endsWith('/') ? logUri : `${logUri}/`,
    subnetId: F.optionalStr(...pick('subnetId', '--subnet-id', o.subnetId), /^subnet-[0-9a-f]+$/, 'a subnet id like "subnet-0123abcd"'),
    idleTimeoutSeconds: F.num(...pick('idleTimeoutSeconds', '--idle-timeout', o.idleTimeoutSeconds, 1800), 60, 604800),
    prices: { ...topPrices, ...F.prices(raw.prices, at('prices')) },
    ...optional('warehouse', F.warehouseSettings(raw.warehouse, at('warehouse'))),
  });
}

/** Master and core instance groups: the profile's, then the flags that size them. */
function instanceGroups(raw: Raw, at: (field: string) => Origin, o: ProfileOverrides): { master: InstanceGroupSettings; core: InstanceGroupSettings } {
  const group = (field: 'master' | 'core'): Raw => {
    const g = raw[field];
    if (g === undefined) return {};
    if (!g || typeof g !== 'object' || Array.isArray(g)) throw F.fieldError(at(field), '{ "instanceType": "...", "count": n }', g);
    return g as Raw;
  };
  const m = group('master');
  const c = group('core');
  const typeExpected = 'an EC2 instance type like "m5.xlarge"';
  const masterOrigin: Origin = o.masterInstanceType ? { flag: '--master-instance-type' } : o.instanceType ? { flag: '--instance-type' } : at('master.instanceType');
  const masterType = F.str(o.masterInstanceType ?? o.instanceType ?? m.instanceType, masterOrigin, F.INSTANCE_TYPE, typeExpected);
  if (m.count !== undefined) F.num(m.count, at('master.count'), 1, 1);
  const coreTypeRaw = o.coreInstanceType ?? o.instanceType ?? c.instanceType ?? masterType;
  const coreTypeOrigin: Origin = o.coreInstanceType ? { flag: '--core-instance-type' } : o.instanceType ? { flag: '--instance-type' } : at('core.instanceType');
  const coreType = F.str(coreTypeRaw, coreTypeOrigin, F.INSTANCE_TYPE, typeExpected);
  const coreCount =
    o.coreInstanceCount !== undefined
      ? F.num(o.coreInstanceCount, { flag: '--core-instance-count' }, 0, 256)
      : o.instanceCount !== undefined
        ? F.num(o.instanceCount, { flag: '--instance-count' }, 1, 257) - 1
        : F.num(c.count ?? 2, at('core.count'), 0, 256);
  return { master: { instanceType: masterType, count: 1 }, core: { instanceType: coreType, count: coreCount } };
}
