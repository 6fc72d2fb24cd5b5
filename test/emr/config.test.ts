// Config profiles: the example file loads, flags win over profiles, and every mistake names file, profile and field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../emr/config.ts';
import { JobError } from '../../plan/index.ts';
import { PROJECT_ROOT } from '../../engines/engine-paths.ts';
import { errorOf } from '../harness/job-error-of.ts';

const EXAMPLE = path.join(PROJECT_ROOT, 'emr-jobs.config.json');
const noEnv = {} as NodeJS.ProcessEnv;

function writeConfig(doc: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-config-'));
  const file = path.join(dir, 'emr-jobs.config.json');
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

const minimal = { region: 'us-east-1', bucket: 'my-bucket', serviceRole: 'EMR_DefaultRole', jobFlowRole: 'EMR_EC2_DefaultRole', releaseLabel: 'emr-7.5.0', master: { instanceType: 'm5.xlarge' } };


describe('the example emr-jobs.config.json', () => {
  it('loads its default profile (dev) with the values written in it', () => {
    const p = loadProfile({ configFile: EXAMPLE, env: noEnv });
    expect(p.name).toBe('dev');
    expect(p.releaseLabel).toMatch(/^emr-7\./);
    expect(p.core).toEqual({ instanceType: 'm5.xlarge', count: 2 });
    expect(p.prices['m5.xlarge']).toEqual({ ec2: 0.192, emr: 0.048 });
    expect(p.endpoint).toBeNull();
  });

  it('loads prod with its subnet, and flags override any value', () => {
    const p = loadProfile({
      configFile: EXAMPLE,
      profile: 'prod',
      env: noEnv,
      overrides: { releaseLabel: 'emr-7.2.0', instanceType: 'c5.xlarge', instanceCount: 4, bucket: 'other-bucket', tags: { owner: 'me' } },
    });
    expect(p.subnetId).toBe('subnet-0123456789abcdef0');
    expect(p.releaseLabel).toBe('emr-7.2.0');
    expect(p.master.instanceType).toBe('c5.xlarge');
    expect(p.core).toEqual({ instanceType: 'c5.xlarge', count: 3 });
    expect(p.bucket).toBe('other-bucket');
    expect(p.tags).toMatchObject({ env: 'prod', owner: 'me' });
  });
});

describe('defaults and overrides', () => {
  it('fills defaults: prefix, log URI under the bucket, core like master, idle timeout', () => {
    const p = loadProfile({ configFile: writeConfig({ profiles: { only: minimal } }), env: noEnv });
    expect(p.name).toBe('only');
    expect(p.prefix).toBe('emr-jobs');
    expect(p.logUri).toBe('s3://my-bucket/emr-jobs/logs/');
    expect(p.core).toEqual({ instanceType: 'm5.xlarge', count: 2 });
    expect(p.idleTimeoutSeconds).toBe(1800);
  });

  it('takes the endpoint from the flag, then EMR_JOBS_ENDPOINT, then the file', () => {
    const file = writeConfig({ profiles: { p: { ...minimal, endpoint: 'http://127.0.0.1:1111' } } });
    expect(loadProfile({ configFile: file, env: noEnv }).endpoint).toBe('http://127.0.0.1:1111');
    expect(loadProfile({ configFile: file, env: { EMR_JOBS_ENDPOINT: 'http://127.0.0.1:2222' } }).endpoint).toBe('http://127.0.0.1:2222');
    expect(loadProfile({ configFile: file, env: { EMR_JOBS_ENDPOINT: 'http://127.0.0.1:2222' }, overrides: { endpoint: 'http://127.0.0.1:3333' } }).endpoint).toBe('http://127.0.0.1:3333');
  });

  it('finds the file through EMR_JOBS_CONFIG and the profile through EMR_JOBS_PROFILE', () => {
    const file = writeConfig({ profiles: { a: minimal, b: { ...minimal, bucket: 'bucket-b' } } });
    expect(loadProfile({ env: { EMR_JOBS_CONFIG: file, EMR_JOBS_PROFILE: 'b' } }).bucket).toBe('bucket-b');
  });
});

describe('config errors name the file, the profile and the field', () => {
  it('a release label that is not EMR 7', () => {
    const file = writeConfig({ profiles: { dev: { ...minimal, releaseLabel: 'emr-6.15.0' } } });
    const e = errorOf(() => loadProfile({ configFile: file, env: noEnv }));
    expect(e.kind).toBe('usage');
    expect(e.describe()).toContain(`${file}: usage error: profile 'dev': field 'releaseLabel': expected an EMR 7 release label`);
    expect(e.message).toContain('"emr-6.15.0"');
  });

  it('the same rule names the flag when the flag is wrong', () => {
    const e = errorOf(() => loadProfile({ configFile: EXAMPLE, env: noEnv, overrides: { releaseLabel: 'emr-7' } }));
    expect(e.describe()).toBe('usage error: --release-label: expected an EMR 7 release label like "emr-7.5.0" (EMR 7 ships Spark 3.5 and Pig 0.17, as the local engines), got "emr-7"');
  });

  it('a missing required field', () => {
    const { serviceRole: _drop, ...noRole } = minimal;
    const e = errorOf(() => loadProfile({ configFile: writeConfig({ profiles: { dev: noRole } }), env: noEnv }));
    expect(e.message).toBe("profile 'dev': field 'serviceRole': expected an IAM role name or ARN (e.g. \"EMR_DefaultRole\"), got nothing");
  });

  it('a misspelt field is not silently ignored', () => {
    const e = errorOf(() => loadProfile({ configFile: writeConfig({ profiles: { dev: { ...minimal, relaseLabel: 'x' } } }), env: noEnv }));
    expect(e.message).toMatch(/^profile 'dev': unknown field 'relaseLabel' \(known: region, bucket/);
  });

  it('a nested field: core count and a price', () => {
    const file = writeConfig({ prices: { 'm5.xlarge': { ec2: 0.1, emr: 'cheap' } }, profiles: { dev: minimal } });
    const e = errorOf(() => loadProfile({ configFile: file, env: noEnv }));
    expect(e.message).toBe("field 'prices.m5.xlarge.emr': expected a number from 0 to 1000, got \"cheap\"");
    const file2 = writeConfig({ profiles: { dev: { ...minimal, core: { count: -1 } } } });
    expect(errorOf(() => loadProfile({ configFile: file2, env: noEnv })).message).toBe("profile 'dev': field 'core.count': expected a whole number from 0 to 256, got -1");
  });

  it('an unknown profile lists the profiles; several without a default ask for --profile', () => {
    const file = writeConfig({ profiles: { dev: minimal, prod: minimal } });
    expect(errorOf(() => loadProfile({ configFile: file, profile: 'stage', env: noEnv })).message).toBe('--profile stage: no such profile (profiles: dev, prod)');
    expect(errorOf(() => loadProfile({ configFile: file, env: noEnv })).message).toBe('several profiles (dev, prod) and no "defaultProfile": pass --profile NAME');
  });

  it('a file that is missing or not JSON', () => {
    const missing = errorOf(() => loadProfile({ configFile: '/nonexistent/emr-jobs.config.json', env: noEnv }));
    expect(missing.describe()).toMatch(/^\/nonexistent\/emr-jobs\.config\.json: usage error: no EMR config file/);
    const bad = errorOf(() => loadProfile({ configFile: writeConfig('{ "profiles": '), env: noEnv }));
    expect(bad.message).toMatch(/^not valid JSON: /);
  });

  it('a bad endpoint, from the environment, names the variable', () => {
    const e = errorOf(() => loadProfile({ configFile: EXAMPLE, env: { EMR_JOBS_ENDPOINT: 'localhost:5000' } }));
    expect(e.message).toBe('EMR_JOBS_ENDPOINT: expected an http(s)://host[:port] URL (port 1-65535), got "localhost:5000"');
  });
});

describe('bad endpoints are usage errors at validation', () => {
  const bad = ['http://127.0.0.1:99999', 'http://127.0.0.1:0', 'http://127.0.0.1:', 'ftp://127.0.0.1:21', 'http://', 'http://exa mple.com', '127.0.0.1:5000', 'https://[zz]:443'];
  for (const endpoint of bad) {
    it(`--endpoint ${endpoint}`, () => {
      const e = errorOf(() => loadProfile({ configFile: EXAMPLE, env: noEnv, overrides: { endpoint } }));
      expect(e.kind).toBe('usage');
      expect(e.message).toBe(`--endpoint: expected an http(s)://host[:port] URL (port 1-65535), got ${JSON.stringify(endpoint)}`);
    });
  }

  it('accepts http and https URLs with or without a port or path', () => {
    for (const endpoint of ['http://127.0.0.1:5000', 'https://elasticmapreduce.us-east-1.amazonaws.com', 'http://localhost:65535/', 'https://vpce-1.s3.us-east-1.vpce.amazonaws.com/x', 'http://[::1]:4566']) {
      expect(loadProfile({ configFile: EXAMPLE, env: noEnv, overrides: { endpoint } }).endpoint).toBe(endpoint);
    }
  });
});

describe('retry grace', () => {
  it('defaults to 300 s, comes from the profile, and the flag wins', () => {
    expect(loadProfile({ configFile: EXAMPLE, env: noEnv }).retryGraceSeconds).toBe(300);
    const file = writeConfig({ profiles: { p: { ...minimal, retryGraceSeconds: 42 } } });
    expect(loadProfile({ configFile: file, env: noEnv }).retryGraceSeconds).toBe(42);
    expect(loadProfile({ configFile: file, env: noEnv, overrides: { retryGraceSeconds: 7 } }).retryGraceSeconds).toBe(7);
    expect(errorOf(() => loadProfile({ configFile: file, env: noEnv, overrides: { retryGraceSeconds: 0 } })).message).toBe('--retry-grace: expected a number from 1 to 86400, got 0');
  });
});

describe('without a config file, flags alone', () => {
  const emptyDir = () => mkdtempSync(path.join(tmpdir(), 'emr-jobs-noconfig-'));
  const flags = { region: 'eu-west-1', bucket: 'flag-bucket', serviceRole: 'EMR_DefaultRole', jobFlowRole: 'EMR_EC2_DefaultRole', releaseLabel: 'emr-7.5.0', instanceType: 'm5.xlarge' };

  it('make a whole profile when every required value is given', () => {
    const p = loadProfile({ cwd: emptyDir(), env: noEnv, overrides: { ...flags, retryGraceSeconds: 60 } });
    expect(p).toMatchObject({ name: '(flags)', configFile: null, region: 'eu-west-1', bucket: 'flag-bucket', prefix: 'emr-jobs', retryGraceSeconds: 60 });
    expect(p.master.instanceType).toBe('m5.xlarge');
    expect(p.logUri).toBe('s3://flag-bucket/emr-jobs/logs/');
  });

  it('name every missing required flag', () => {
    const { bucket: _b, releaseLabel: _r, ...some } = flags;
    const e = errorOf(() => loadProfile({ cwd: emptyDir(), env: noEnv, overrides: some }));
    expect(e.message).toBe(
      'no config file (emr-jobs.config.json, --config FILE or $EMR_JOBS_CONFIG) and no --bucket, --release-label: without a config file, give --region --bucket --service-role --job-flow-role --release-label --instance-type (or --master-instance-type)',
    );
  });

  it('an explicit --config that does not exist is still an error, not a silent fallback', () => {
    expect(errorOf(() => loadProfile({ configFile: path.join(emptyDir(), 'x.json'), env: noEnv, overrides: flags })).message).toMatch(/^no EMR config file/);
  });

  it('a bad flag value names the flag', () => {
    expect(errorOf(() => loadProfile({ cwd: emptyDir(), env: noEnv, overrides: { ...flags, bucket: 'Bad_Bucket' } })).message).toBe(
      '--bucket: expected an S3 bucket name (3-63 of a-z 0-9 . -), got "Bad_Bucket"',
    );
  });
});
