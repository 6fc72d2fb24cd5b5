// `emr-jobs submit` under AWS faults: the real CLI and SDK clients talk to moto through a loopback proxy that
// throttles, answers 5xx, loses answers, drops every connection or refuses the credentials, and the CLI is
// signalled mid-wait. After every scenario: no cluster the CLI started is active (read from moto directly,
// not through the proxy), and the fake secret key and session token appear in no byte captured.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListClustersCommand, ListStepsCommand, RunJobFlowCommand, TerminateJobFlowsCommand } from '@aws-sdk/client-emr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engines/engine-paths.ts';
import { runCli, type CliOptions, type CliResult } from './cli-process.ts';
import { compileBundle, writeTestConfig } from './emulator-fixtures.ts';
import { startFaultProxy, type FaultProxy, type FaultRule } from './fault-proxy.ts';
import { DUMMY_CREDENTIALS, activeClusters, createBucket, harnessAvailable, pauseSteps, resumeSteps, startHarness, type Harness } from './moto-harness.ts';

const BUCKET = 'emr-jobs-faults';
const ALL_LOGS = path.join(PROJECT_ROOT, 'jobs', 'data', 'apache_logs');
let LOGS = ALL_LOGS;
const SECRET = `fakeSecretKey${randomBytes(10).toString('hex')}`;
const TOKEN = `fakeSessionToken${randomBytes(16).toString('hex')}`;
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAFAULTSUITE0000000', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN };
const WAITING = /\] cluster (j-[A-Z0-9]+) RUNNING/;
const ready = harnessAvailable();

const runIdOf = (stderr: string) => /^run (\d{8}-\d{6}-[0-9a-f]{6}):/m.exec(stderr)?.[1];
const clusterIdOf = (stderr: string) => /started cluster (j-[A-Z0-9]+)/.exec(stderr)?.[1] ?? WAITING.exec(stderr)?.[1];
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => /\berror\b:/.test(l));

describe.runIf(ready)('EMR submission under faults', () => {
  let h: Harness;
  let proxy: FaultProxy;
  let config: string;
  let bundle: string;
  let captured: CliResult[] = [];

  const cli = async (args: string[], opts: CliOptions = {}) => {
    const r = await runCli([...args, '--config', config], { ...opts, env: { ...CREDENTIALS, ...opts.env } });
    captured.push(r);
    return r;
  };
  const submit = (extra: string[] = [], opts: CliOptions = {}) => cli(['submit', '--bundle', bundle, '--emr', '--local', LOGS, ...extra], opts);

  /** Submits with steps held; once the CLI waits on the running cluster, the fault starts and steps resume after `holdMs`. */
  const submitThrough = async (fault: FaultRule, holdMs: number, extra: string[] = [], timeoutMs = holdMs + 150_000) => {
    await pauseSteps(h);
    let armed = false;
    const r = await submit(extra, {
      timeoutMs,
      timeoutSignal: 'SIGINT',
      onStderr: (err) => {
        if (armed || !WAITING.test(err)) return;
        armed = true;
        proxy.add(fault);
        setTimeout(() => void resumeSteps(h), holdMs);
      },
    });
    expect(armed).toBe(true);
    return r;
  };

  const clustersNamed = async (runId: string) => ((await h.emr.send(new ListClustersCommand({}))).Clusters ?? []).filter((c) => c.Name?.includes(runId));

  beforeAll(async () => {
    Object.assign(process.env, DUMMY_CREDENTIALS);
    h = await startHarness();
    await createBucket(h, BUCKET);
    proxy = await startFaultProxy(h.endpoint);
    config = writeTestConfig(proxy.url, BUCKET);
    bundle = compileBundle('spark');
    // The first 400 lines: every step runs on real Spark, and the faults, not the data, are under test.
    LOGS = path.join(mkdtempSync(path.join(tmpdir(), 'emr-jobs-faults-')), 'access.log');
    writeFileSync(LOGS, `${readFileSync(ALL_LOGS, 'utf8').split('\n').slice(0, 400).join('\n')}\n`);
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await h?.stop();
  });
  afterEach(async () => {
    proxy.clear();
    await resumeSteps(h);
    const left = await activeClusters(h);
    // Cleaned up whatever the verdict, so that one failure does not spill into the next scenario.
    if (left.length) await h.emr.send(new TerminateJobFlowsCommand({ JobFlowIds: left.map((c) => c.id) }));
    expect(left).toEqual([]);
    const bytes = [
      ...captured.flatMap((r) => [r.stdout, r.stderr]),
      ...proxy.seen.flatMap((q) => [q.url, JSON.stringify({ ...q.headers, 'x-amz-security-token': undefined }), q.body.toString('latin1')]),
    ];
    for (const b of bytes) {
      expect(b.includes(SECRET)).toBe(false);
      expect(b.includes(TOKEN)).toBe(false);
    }
    captured = [];
    proxy.seen.length = 0;
  });

  it('the CLI signs with the test credentials (so the secret check above means something)', async () => {
    const r = await cli(['status', 'j-NOSUCHCLUSTER']);
    expect(r.code).toBe(2);
    expect(proxy.seen.some((q) => q.headers['x-amz-security-token'] === TOKEN)).toBe(true);
  }, 60_000);

  it('2 minutes without a connection while waiting: the run completes', async () => {
    // The step runs (and Spark starts, the first time) during the outage: the run ends unseen, and is read after.
    const r = await submitThrough({ kind: 'outage', forMs: 120_000 }, 1000, ['--retry-grace', '200'], 270_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/cluster j-[A-Z0-9]+: cannot read its state \(\w+\); retrying for up to 3m20s/);
    expect(r.stderr).toMatch(/cluster j-[A-Z0-9]+ TERMINATED \(Steps completed\); step s-[A-Z0-9]+ COMPLETED/);
    expect(r.stdout).toMatch(/^top_pages\ts3:\/\/emr-jobs-faults\/ej\/runs\/.*\/top_pages\/$/m);
    expect(proxy.destroyedConnections()).toBeGreaterThan(5);
  }, 330_000);

  it('40 s of DescribeCluster/ListSteps throttling while waiting, and S3 SlowDown while staging: the run completes', async () => {
    proxy.add({ kind: 'throttle', service: 's3', count: 8 });
    // Long enough that some DescribeCluster/ListSteps call fails all 6 of its SDK attempts (each absorbs ~8 s on average).
    const r = await submitThrough({ kind: 'throttle', service: 'emr', forMs: 40_000 }, 40_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/cannot read its state \(ThrottlingException\)/);
    expect(proxy.seen.filter((q) => q.service === 's3' && q.fault === 'throttle')).toHaveLength(8);
    // At least one call's six SDK attempts were throttled (how many more depends on the machine's speed).
    expect(proxy.seen.filter((q) => q.service === 'emr' && q.fault === 'throttle').length).toBeGreaterThanOrEqual(6);
  }, 240_000);

  it('5xx bursts on S3 while staging and on EMR while waiting: the run completes', async () => {
    proxy.add({ kind: '5xx', service: 's3', count: 10 });
    const r = await submitThrough({ kind: '5xx', service: 'emr', forMs: 10_000 }, 10_000);
    expect(r.code, r.stderr).toBe(0);
    // The first S3 request is a HEAD, answered without a body: only the status is known.
    expect(r.stderr).toMatch(/staging: HTTP 500 without an error code; retrying/);
    expect(r.stderr).toMatch(/cannot read its state \(InternalServerError\)/);
  }, 240_000);

  it('a lost RunJobFlow answer and failing lookups: the cluster is found by its run id, not started twice', async () => {
    proxy.add({ kind: 'lose', service: 'emr', actions: ['RunJobFlow'], count: 1 });
    // 14 = two whole lookups of 6 SDK attempts each, and the first attempt of a third.
    proxy.add({ kind: '5xx', service: 'emr', actions: ['ListClusters'], count: 14 });
    const r = await submit();
    expect(r.code, r.stderr).toBe(0);
    const runId = runIdOf(r.stderr)!;
    expect(r.stderr).toMatch(/RunJobFlow: \w+ \(ECONNRESET\): socket hang up; retrying/);
    expect(r.stderr).toMatch(/looking up RunJobFlow: InternalServerError: Internal error \(injected\); retrying/);
    expect(proxy.seen.filter((q) => q.action === 'RunJobFlow')).toHaveLength(1);
    expect(await clustersNamed(runId)).toHaveLength(1);
    expect(r.stderr).toContain(`started cluster ${(await clustersNamed(runId))[0].Id} (run ${runId})`);
  }, 240_000);

  it('a lost AddJobFlowSteps answer and a failing lookup: the step is found, not added twice', async () => {
    const shared = await h.emr.send(new RunJobFlowCommand({
      Name: 'shared-faults', ReleaseLabel: 'emr-7.5.0', LogUri: `s3://${BUCKET}/shared-logs/`, ServiceRole: 'EMR_DefaultRole', JobFlowRole: 'EMR_EC2_DefaultRole',
      Instances: { InstanceGroups: [{ InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1 }], KeepJobFlowAliveWhenNoSteps: true },
    }));
    const clusterId = shared.JobFlowId!;
    try {
      proxy.add({ kind: 'lose', service: 'emr', actions: ['AddJobFlowSteps'], count: 1 });
      proxy.add({ kind: '5xx', service: 'emr', actions: ['ListSteps'], count: 8 });
      const r = await submit(['--cluster-id', clusterId]);
      expect(r.code, r.stderr).toBe(0);
      const runId = runIdOf(r.stderr)!;
      expect(r.stderr).toMatch(/looking up AddJobFlowSteps: InternalServerError/);
      expect(proxy.seen.filter((q) => q.action === 'AddJobFlowSteps')).toHaveLength(1);
      const steps = (await h.emr.send(new ListStepsCommand({ ClusterId: clusterId }))).Steps ?? [];
      expect(steps.filter((s) => s.Name?.includes(runId)).map((s) => s.Status?.State)).toEqual(['COMPLETED']);
    } finally {
      await h.emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
    }
  }, 240_000);

  it('RunJobFlow answer lost and lookups failing past the grace period: exit 1 naming the run and the cluster to look for', async () => {
    await pauseSteps(h);
    proxy.add({ kind: 'lose', service: 'emr', actions: ['RunJobFlow'], count: 1 });
    proxy.add({ kind: '5xx', service: 'emr', actions: ['ListClusters'], forMs: 120_000 });
    const r = await submit(['--retry-grace', '4']);
    expect(r.code).toBe(1);
    const runId = runIdOf(r.stderr)!;
    const name = `emr-jobs top-pages ${runId}`;
    expect(r.stderr).toContain(`a cluster named '${name}' may be running: find it with \`aws emr list-clusters --active --region us-east-1 --endpoint-url ${proxy.url} --query "Clusters[?Name=='${name}'].Id"\``);
    expect(r.stderr).toContain('and stop it with `aws emr terminate-clusters --cluster-ids <id>');
    expect(errorLines(r.stderr)).toEqual([`engine error: run ${runId}: whether RunJobFlow started a cluster is unknown (see above)`]);
    // What the user is told to do: find it by name, terminate it.
    const found = await clustersNamed(runId);
    expect(found).toHaveLength(1);
    await h.emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [found[0].Id!] }));
  }, 120_000);

  it('the wait gives up after the grace period: says the state is unknown, terminates the cluster and says so', async () => {
    await pauseSteps(h);
    let armed = false;
    const r = await submit(['--retry-grace', '4'], {
      timeoutMs: 90_000,
      timeoutSignal: 'SIGINT',
      onStderr: (err) => {
        if (armed || !WAITING.test(err)) return;
        armed = true;
        proxy.add({ kind: 'throttle', service: 'emr', actions: ['DescribeCluster', 'ListSteps'], forMs: 60_000 });
      },
    });
    expect(r.code).toBe(1);
    const id = clusterIdOf(r.stderr)!;
    expect(r.stderr).toMatch(new RegExp(`cluster ${id}: state unknown \\(last seen RUNNING; no answer for \\d+s, last error ThrottlingException: Rate exceeded\\): terminating it, since this run can no longer watch it`));
    expect(r.stderr).toMatch(new RegExp(`TerminateJobFlows sent: cluster ${id} is \\w+`));
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(errorLines(r.stderr)[0]).toMatch(new RegExp(`^engine error: run \\S+: gave up waiting on cluster ${id}: could not read the state of cluster ${id} for \\d+s`));
    expect(proxy.seen.filter((q) => q.action === 'TerminateJobFlows')).toHaveLength(1);
  }, 120_000);

  for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal} while waiting terminates the cluster this run started, says so, and exits ${code}`, async () => {
      await pauseSteps(h);
      let sent = false;
      const r = await submit([], {
        timeoutMs: 90_000,
        timeoutSignal: 'SIGINT',
        onStderr: (err, child) => {
          if (sent || !WAITING.test(err)) return;
          sent = true;
          child.kill(signal);
        },
      });
      expect(sent).toBe(true);
      expect(r.code).toBe(code);
      const id = clusterIdOf(r.stderr)!;
      expect(r.stderr).toContain(`interrupted (${signal === 'SIGTERM' ? 'SIGTERM' : 'SIGHUP, terminal closed'}): terminating cluster ${id}, which this run started`);
      expect(r.stderr).toContain(`TerminateJobFlows sent: cluster ${id} is TERMINATED`);
    }, 120_000);
  }

  it('a second signal during a clean-up that cannot get through exits at once, naming the cluster and the command to stop it', async () => {
    await pauseSteps(h);
    let first = false;
    let secondAt = 0;
    const r = await submit([], {
      timeoutMs: 90_000,
      onStderr: (err, child) => {
        if (!first && WAITING.test(err)) {
          first = true;
          proxy.add({ kind: 'outage', forMs: 60_000 });
          child.kill('SIGTERM');
        } else if (first && !secondAt && /terminating cluster j-/.test(err)) {
          setTimeout(() => {
            secondAt = Date.now();
            child.kill('SIGTERM');
          }, 1500);
        }
      },
    });
    const exitedAfter = Date.now() - secondAt;
    expect(secondAt).toBeGreaterThan(0);
    expect(exitedAfter).toBeLessThan(5000);
    expect(r.code).toBe(143);
    const id = clusterIdOf(r.stderr)!;
    const command = `aws emr terminate-clusters --cluster-ids ${id} --region us-east-1 --endpoint-url ${proxy.url}`;
    expect(r.stderr).toContain(`SIGTERM again: exiting without waiting for clean-up; cluster ${id} (run ${runIdOf(r.stderr)}) may still be running: stop it with \`${command}\``);
    // The outage kept TerminateJobFlows from getting through: the user's command is what ends it.
    proxy.clear();
    expect((await activeClusters(h)).map((c) => c.id)).toEqual([id]);
    await h.emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [id] }));
  }, 120_000);

  it('expired credentials answered by S3: one line naming the credential chain, exit 2, no cluster', async () => {
    proxy.add({ kind: 'expired', service: 's3', forMs: 120_000 });
    const r = await submit();
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^usage error: the AWS credentials were refused: S3 answered ExpiredToken: The provided token has expired\. emr-jobs reads the AWS SDK's default credential chain: AWS_ACCESS_KEY_ID.*Run `aws sso login` for an SSO profile, set AWS_PROFILE .* or export fresh AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN$/,
    );
    expect(proxy.seen.filter((q) => q.service === 'emr')).toEqual([]);
  }, 60_000);

  it('expired credentials answered by EMR: exit 2, no cluster started, and status and logs say the same', async () => {
    proxy.add({ kind: 'expired', service: 'emr', forMs: 120_000 });
    const r = await submit();
    expect(r.code).toBe(2);
    const runId = runIdOf(r.stderr)!;
    expect(r.stderr).toContain(`RunJobFlow failed: no cluster was started (run ${runId})`);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^usage error: the AWS credentials were refused: EMR answered ExpiredTokenException: The security token included in the request is expired\. emr-jobs reads /)]);
    expect(await clustersNamed(runId)).toEqual([]);
    for (const cmd of ['status', 'logs']) {
      const q = await cli([cmd, 'j-ANYCLUSTER']);
      expect(q.code).toBe(2);
      expect(q.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^usage error: the AWS credentials were refused: EMR answered ExpiredTokenException/)]);
    }
  }, 60_000);

  it('no credentials anywhere in the chain: exit 2 and one line saying what to set', async () => {
    const none = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_CONFIG_FILE: '/nonexistent/config', AWS_EC2_METADATA_DISABLED: 'true' };
    const r = await cli(['status', 'j-ANYCLUSTER'], { env: none });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^usage error: no AWS credentials found \(.*\)\. emr-jobs reads the AWS SDK's default credential chain: .* set AWS_PROFILE/)]);
    const s = await submit([], { env: none });
    expect(s.code).toBe(2);
    expect(errorLines(s.stderr)).toEqual([expect.stringMatching(/^usage error: no AWS credentials found/)]);
    expect(proxy.seen.filter((q) => q.service === 'emr')).toEqual([]);
  }, 60_000);

  it('submit runs from flags alone, without a config file', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'emr-jobs-noconfig-'));
    const flags = [
      '--region', 'us-east-1', '--bucket', BUCKET, '--prefix', 'flags', '--service-role', 'EMR_DefaultRole', '--job-flow-role', 'EMR_EC2_DefaultRole',
      '--release-label', 'emr-7.5.0', '--instance-type', 'm5.xlarge', '--instance-count', '2', '--endpoint', proxy.url, '--poll-seconds', '0.2', '--max-poll-seconds', '1',
    ];
    const r = await runCli(['submit', '--bundle', bundle, '--emr', '--local', LOGS, ...flags], { cwd, env: CREDENTIALS });
    captured.push(r);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^run \S+: top-pages \(spark\) on a new cluster, profile \(flags\)$/m);
    expect(r.stdout).toMatch(/^top_pages\ts3:\/\/emr-jobs-faults\/flags\/runs\/.*\/top_pages\/$/m);
    const missing = await runCli(['submit', '--bundle', bundle, '--emr', '--local', LOGS, '--region', 'us-east-1', '--endpoint', proxy.url], { cwd, env: CREDENTIALS });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(
      'usage error: no config file (emr-jobs.config.json, --config FILE or $EMR_JOBS_CONFIG) and no --bucket, --service-role, --job-flow-role, --release-label, --instance-type: without a config file, give --region --bucket --service-role --job-flow-role --release-label --instance-type (or --master-instance-type)',
    );
  }, 240_000);
});

describe('bad endpoints are usage errors before anything is sent', () => {
  it('a port out of range, another scheme, not a URL: submit and status exit 2 with one line', async () => {
    const config = writeTestConfig('http://127.0.0.1:9', 'emr-jobs-test');
    const cases = [
      ['http://127.0.0.1:99999', ['submit', 'top-pages', '--emr', '--local', 'jobs/data/apache_logs']],
      ['ftp://127.0.0.1:21', ['submit', 'top-pages', '--emr', '--local', 'jobs/data/apache_logs']],
      ['not a url', ['status', 'j-ANYCLUSTER']],
      ['http://127.0.0.1:99999', ['logs', 'j-ANYCLUSTER']],
    ] as const;
    const results = await Promise.all(cases.map(([endpoint, args]) => runCli([...args, '--config', config, '--endpoint', endpoint])));
    results.forEach((r, i) => {
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`usage error: --endpoint: expected an http(s)://host[:port] URL (port 1-65535), got ${JSON.stringify(cases[i][0])}`);
    });
  }, 90_000);
});
