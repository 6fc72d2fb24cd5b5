// Fault handling without a network: which errors are waited out, the grace period, lost answers looked up
// before resending, the waiter riding out failed reads, signals, and the credential message.
import type { EMRClient } from '@aws-sdk/client-emr';
import { describe, expect, it } from 'vitest';
import { credentialMessage, errorText, isCredentialError, isTransient, redact } from '../../emr/aws-errors.ts';
import { addStepsOnce, NotSent, OutcomeUnknown, runJobFlowOnce } from '../../emr/exactly-once.ts';
import { GraceExhausted, retryWithinGrace } from '../../emr/grace-retry.ts';
import { Interrupted, withInterrupt } from '../../emr/interrupt.ts';
import { leftBehindText, newRunTrack } from '../../emr/run-track.ts';
import type { Submission } from '../../emr/submission.ts';
import { ClusterStateUnknown, waitForRun } from '../../emr/wait.ts';

const sdkError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} message`), { name, $metadata: status === undefined ? {} : { httpStatusCode: status }, ...extra });
const throttled = () => sdkError('ThrottlingException', 400);
const serverError = () => sdkError('InternalServerError', 500);
const hangUp = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
const fast = () => 1;

/** A fake EMR client answering each command (by class name) from a script of results or errors. */
function fakeEmr(script: Record<string, Array<unknown | (() => unknown)>>): { client: EMRClient; calls: string[] } {
  const calls: string[] = [];
  const client = {
    async send(cmd: object) {
      const name = cmd.constructor.name.replace(/Command$/, '');
      calls.push(name);
      const queue = script[name] ?? [];
      const next = queue.length > 1 ? queue.shift() : queue[0];
      const value = typeof next === 'function' ? (next as () => unknown)() : next;
      if (value instanceof Error) throw value;
      return value;
    },
  } as unknown as EMRClient;
  return { client, calls };
}

describe('error classes', () => {
  it('throttling, 5xx and network failures are transient; 4xx and credentials are not', () => {
    expect([throttled(), serverError(), hangUp(), refused(), sdkError('SlowDown', 503), sdkError('TimeoutError')].map(isTransient)).toEqual([true, true, true, true, true, true]);
    expect([sdkError('ValidationException', 400), sdkError('ExpiredTokenException', 400), sdkError('AccessDeniedException', 403)].map(isTransient)).toEqual([false, false, false]);
  });

  it('credential errors: refused, expired or missing, but not a permission problem', () => {
    for (const n of ['ExpiredToken', 'ExpiredTokenException', 'InvalidAccessKeyId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'CredentialsProviderError']) {
      expect(isCredentialError(sdkError(n, 400))).toBe(true);
    }
    expect(isCredentialError(new Error('Could not load credentials from any providers'))).toBe(true);
    expect(isCredentialError(sdkError('AccessDenied', 403))).toBe(false);
  });

  it('the credential message is one line naming the service, the chain and what to set', () => {
    const e = Object.defineProperty(sdkError('ExpiredToken', 400), '$service', { value: 'S3' });
    const m = credentialMessage(e);
    expect(m).not.toContain('\n');
    expect(m).toMatch(/^the AWS credentials were refused: S3 answered ExpiredToken: ExpiredToken message\. emr-jobs reads the AWS SDK's default credential chain/);
    expect(m).toContain('aws sso login');
    expect(m).toContain('AWS_PROFILE');
  });

  it('a secret echoed by a server is never shown', () => {
    const env = { AWS_SECRET_ACCESS_KEY: 'shh-secret', AWS_SESSION_TOKEN: 'tok-123456' };
    expect(redact('sig for shh-secret and tok-123456', env)).toBe('sig for <redacted> and <redacted>');
    const saved = process.env.AWS_SESSION_TOKEN;
    process.env.AWS_SESSION_TOKEN = 'tok-abcdef-98765';
    try {
      expect(errorText(Object.assign(new Error('StringToSign ... x-amz-security-token:tok-abcdef-98765\nmore'), { name: 'SignatureDoesNotMatch' }))).toBe(
        'SignatureDoesNotMatch: StringToSign ... x-amz-security-token:<redacted>',
      );
    } finally {
      if (saved === undefined) delete process.env.AWS_SESSION_TOKEN;
      else process.env.AWS_SESSION_TOKEN = saved;
    }
  });
});

describe('retryWithinGrace', () => {
  it('retries transient failures until one succeeds', async () => {
    let n = 0;
    const seen: unknown[] = [];
    const out = await retryWithinGrace(async () => (++n < 4 ? Promise.reject(throttled()) : 'ok'), { graceMs: 5_000, delayMs: fast, onRetry: (e) => seen.push(e) });
    expect([out, n, seen.length]).toEqual(['ok', 4, 3]);
  });

  it('gives up when failures outlast the grace period, with the last failure as the cause', async () => {
    const e = await retryWithinGrace(() => Promise.reject(serverError()), { graceMs: 30, delayMs: () => 10 }).catch((x) => x);
    expect(e).toBeInstanceOf(GraceExhausted);
    expect((e as GraceExhausted).cause).toMatchObject({ name: 'InternalServerError' });
  });

  it('does not retry what waiting cannot fix', async () => {
    let n = 0;
    const e = await retryWithinGrace(() => (n++, Promise.reject(sdkError('ValidationException', 400))), { graceMs: 5_000, delayMs: fast }).catch((x) => x);
    expect([e.name, n]).toEqual(['ValidationException', 1]);
  });
});

describe('RunJobFlow and AddJobFlowSteps exactly once', () => {
  const input = { Name: 'emr-jobs top-pages 20260101-000000-abcdef', Instances: {} };

  it('a throttled or refused call is sent again without a lookup', async () => {
    const { client, calls } = fakeEmr({ RunJobFlow: [throttled(), refused(), { JobFlowId: 'j-1' }] });
    expect(await runJobFlowOnce(client, client, input, { delayMs: fast })).toBe('j-1');
    expect(calls).toEqual(['RunJobFlow', 'RunJobFlow', 'RunJobFlow']);
  });

  it('a lost answer is looked up by the run name, through failing lookups, and never sent twice', async () => {
    const { client, calls } = fakeEmr({
      RunJobFlow: [hangUp()],
      ListClusters: [serverError(), throttled(), { Clusters: [{ Name: 'other', Id: 'j-0' }, { Name: input.Name, Id: 'j-2' }] }],
    });
    expect(await runJobFlowOnce(client, client, input, { delayMs: fast })).toBe('j-2');
    expect(calls).toEqual(['RunJobFlow', 'ListClusters', 'ListClusters', 'ListClusters']);
  });

  it('lookups failing for the whole grace period: the outcome is unknown', async () => {
    const { client, calls } = fakeEmr({ RunJobFlow: [hangUp()], ListClusters: [serverError()] });
    const e = await runJobFlowOnce(client, client, input, { graceMs: 40, delayMs: () => 5 }).catch((x) => x);
    expect(e).toBeInstanceOf(OutcomeUnknown);
    expect(calls.filter((c) => c === 'RunJobFlow')).toHaveLength(1);
  });

  it('not found after a lost answer: sent again; once interrupted, not sent again', async () => {
    const { client, calls } = fakeEmr({ RunJobFlow: [serverError(), { JobFlowId: 'j-3' }], ListClusters: [{ Clusters: [] }] });
    expect(await runJobFlowOnce(client, client, input, { delayMs: fast })).toBe('j-3');
    expect(calls).toEqual(['RunJobFlow', 'ListClusters', 'RunJobFlow']);
    const ac = new AbortController();
    const second = fakeEmr({ RunJobFlow: [() => (ac.abort(), serverError())], ListClusters: [{ Clusters: [] }] });
    await expect(runJobFlowOnce(second.client, second.client, input, { delayMs: fast, signal: ac.signal })).rejects.toBeInstanceOf(NotSent);
    expect(second.calls).toEqual(['RunJobFlow', 'ListClusters']);
  });

  it('AddJobFlowSteps: a lost answer finds the step by name', async () => {
    const { client } = fakeEmr({ AddJobFlowSteps: [hangUp()], ListSteps: [throttled(), { Steps: [{ Name: 'job r1', Id: 's-9' }] }] });
    expect(await addStepsOnce(client, client, { JobFlowId: 'j-1', Steps: [{ Name: 'job r1', HadoopJarStep: { Jar: 'x' } }] }, { delayMs: fast })).toEqual(['s-9']);
  });
});

describe('waitForRun', () => {
  const running = { Cluster: { Status: { State: 'RUNNING' } } };
  const done = { Cluster: { Status: { State: 'TERMINATED' } } };
  const steps = (state: string) => ({ Steps: [{ Id: 's-1', Status: { State: state } }] });
  const opts = { clusterId: 'j-1', stepIds: ['s-1'], ownsCluster: true, pollSeconds: 0.001, maxPollSeconds: 0.005 };

  it('rides out failed reads within the grace period and reports them', async () => {
    const { client } = fakeEmr({ DescribeCluster: [running, throttled(), hangUp(), serverError(), done], ListSteps: [steps('RUNNING'), steps('COMPLETED')] });
    const trouble: string[] = [];
    const v = await waitForRun(client, { ...opts, graceSeconds: 5, onTrouble: (e) => trouble.push((e as Error).name) });
    expect(v.state).toBe('TERMINATED');
    expect(trouble).toEqual(['ThrottlingException', 'Error', 'InternalServerError']);
  });

  it('gives up after the grace period with the cluster, its last known state and the last error', async () => {
    const { client } = fakeEmr({ DescribeCluster: [running, throttled()], ListSteps: [steps('RUNNING')] });
    const e = await waitForRun(client, { ...opts, graceSeconds: 0.05 }).catch((x) => x);
    expect(e).toBeInstanceOf(ClusterStateUnknown);
    expect([e.clusterId, e.lastKnown.state, e.cause.name]).toEqual(['j-1', 'RUNNING', 'ThrottlingException']);
  });

  it('a failure that waiting cannot fix ends the wait at once', async () => {
    const { client } = fakeEmr({ DescribeCluster: [sdkError('ExpiredTokenException', 400)] });
    await expect(waitForRun(client, { ...opts, graceSeconds: 60 })).rejects.toMatchObject({ name: 'ExpiredTokenException' });
  });
});

describe('withInterrupt', () => {
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${sig} aborts with its exit code; a second one exits at once naming what is left`, async () => {
      const warned: string[] = [];
      const exits: number[] = [];
      const reason = await withInterrupt(
        async (signal) => {
          process.emit(sig);
          expect(signal.aborted).toBe(true);
          process.emit(sig);
          return signal.reason as Interrupted;
        },
        { warn: (l) => warned.push(l), leftBehind: () => 'cluster j-1 may still be running: stop it with `aws emr terminate-clusters --cluster-ids j-1`', exit: (c) => exits.push(c) },
      );
      expect(reason.exitCode).toBe(code);
      expect(exits).toEqual([code]);
      expect(warned).toEqual([`${sig} again: exiting without waiting for clean-up; cluster j-1 may still be running: stop it with \`aws emr terminate-clusters --cluster-ids j-1\``]);
      expect(process.listenerCount(sig)).toBe(0);
    });
  }
});

describe('what a run says it may leave behind', () => {
  const profile = { region: 'eu-west-1', endpoint: null };
  const newRun = { runId: 'R1', profile, cluster: { kind: 'new', input: { Name: 'emr-jobs top-pages R1' } } } as unknown as Submission;
  const onShared = { runId: 'R2', profile: { region: 'us-east-1', endpoint: 'http://127.0.0.1:5000' }, cluster: { kind: 'existing', input: { JobFlowId: 'j-SHARED' } } } as unknown as Submission;

  it('a new cluster: nothing, a cluster name to look for, or the cluster id with the command to stop it', () => {
    const t = newRunTrack(newRun);
    expect(leftBehindText(newRun, t)).toBe('no cluster was started (run R1)');
    t.requested = true;
    expect(leftBehindText(newRun, t)).toBe(
      "RunJobFlow was sent but its answer is not known: a cluster named 'emr-jobs top-pages R1' may be running: find it with `aws emr list-clusters --active --region eu-west-1 --query \"Clusters[?Name=='emr-jobs top-pages R1'].Id\"` and stop it with `aws emr terminate-clusters --cluster-ids <id> --region eu-west-1`",
    );
    t.clusterId = 'j-NEW';
    expect(leftBehindText(newRun, t)).toBe('cluster j-NEW (run R1) may still be running: stop it with `aws emr terminate-clusters --cluster-ids j-NEW --region eu-west-1`');
  });

  it('a shared cluster: only the step is named, with the endpoint in the command', () => {
    const t = newRunTrack(onShared);
    expect(leftBehindText(onShared, t)).toBe('no step was added (run R2)');
    t.requested = true;
    t.stepIds = ['s-1'];
    expect(leftBehindText(onShared, t)).toBe(
      'step s-1 (run R2) may still run on cluster j-SHARED: cancel it with `aws emr cancel-steps --cluster-id j-SHARED --step-ids s-1 --region us-east-1 --endpoint-url http://127.0.0.1:5000`',
    );
  });
});
