// The input-aware estimate against moto over HTTP with the real SDK: an S3 prefix listed page by page (objects
// of a declared size, so "70 GB" costs no disk), a 7 MB local file beside it, `--dry-run --max-cost` through
// the CLI, and the billed figure read from a cluster's timeline. No step runs: no engine starts.
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RunJobFlowCommand, TerminateJobFlowsCommand } from '@aws-sdk/client-emr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeS3Client } from '../../emr/aws-clients.ts';
import { readBundle } from '../../emr/bundle-reader.ts';
import { runJobFlowInput } from '../../emr/cluster.ts';
import { loadProfile } from '../../emr/config.ts';
import { billedCost } from '../../emr/cost.ts';
import { inputMeasurer, measureS3Input } from '../../emr/input-measure.ts';
import { planSubmission } from '../../emr/submission.ts';
import { MIB_PER_VCPU_SECOND } from '../../emr/throughput-model.ts';
import { describeRun } from '../../emr/wait.ts';
import { runCli } from './cli-process.ts';
import { compileBundle, serverlessConfig, writeTestConfig } from './emulator-fixtures.ts';
import { DUMMY_CREDENTIALS, clearRequests, createBucket, fillObjects, harnessAvailable, servedRequests, startHarness, type Harness } from './moto-harness.ts';

const BUCKET = 'emr-jobs-cost';
// 1,100 objects of 64 MB: 70.4 GB over two ListObjectsV2 pages (1,000 keys each at most).
const COUNT = 1100;
const SIZE = 64_000_000;
/** top-pages aggregates and sorts: Spark's shuffling rate. */
const RATE = MIB_PER_VCPU_SECOND.spark.shuffling;

describe.runIf(harnessAvailable())('input-aware cost on the moto emulator', () => {
  let h: Harness;
  let config: string;
  let small: string;

  beforeAll(async () => {
    Object.assign(process.env, DUMMY_CREDENTIALS);
    h = await startHarness();
    await createBucket(h, BUCKET);
    await fillObjects(h, { bucket: BUCKET, prefix: 'logs/big/part-', count: COUNT, size: SIZE });
    await fillObjects(h, { bucket: BUCKET, prefix: 'logs/big/_tmp/part-', count: 3, size: SIZE });
    await fillObjects(h, { bucket: BUCKET, prefix: 'logs/gz/part-', count: 2, size: 1_000_000, suffix: '.gz' });
    // The fixture's profile without expectedMinutes: the inputs decide.
    config = writeTestConfig(h.endpoint, BUCKET);
    const doc = JSON.parse(readFileSync(config, 'utf8'));
    delete doc.profiles.test.expectedMinutes;
    writeFileSync(config, JSON.stringify(doc));
    small = path.join(mkdtempSync(path.join(tmpdir(), 'emr-jobs-small-')), 'access.log');
    writeFileSync(small, 'x');
    truncateSync(small, 7_000_000);
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('lists a prefix page by page: objects, bytes, hidden names skipped, gzip expanded', async () => {
    const s3 = makeS3Client({ region: 'us-east-1', endpoint: h.endpoint });
    try {
      await clearRequests(h);
      const big = await measureS3Input(s3, 'logs', `s3://${BUCKET}/logs/big/`);
      expect(big).toMatchObject({ objects: COUNT, bytes: COUNT * SIZE, gzipObjects: 0, readBytes: COUNT * SIZE });
      expect((await servedRequests(h)).filter((q) => q.method === 'GET')).toHaveLength(2);
      const gz = await measureS3Input(s3, 'logs', `s3://${BUCKET}/logs/gz/`);
      expect(gz).toMatchObject({ objects: 2, bytes: 2_000_000, gzipObjects: 2, readBytes: 10_000_000 });
      expect((await measureS3Input(s3, 'logs', `s3://${BUCKET}/logs/*/part-0000[0-4].gz`)).objects).toBe(2);
      expect((await measureS3Input(s3, 'logs', `s3://${BUCKET}/logs/nothing/`)).objects).toBe(0);
    } finally {
      s3.destroy();
    }
  });

  it('a 7 MB local file and a 70 GB prefix give different estimates', async () => {
    const profile = loadProfile({ configFile: config, cwd: path.dirname(config) });
    const bundle = readBundle(compileBundle('spark'));
    const s3 = makeS3Client(profile);
    try {
      const measure = inputMeasurer(s3);
      const plan = (logs: Parameters<typeof planSubmission>[0]['inputs'][string]) => planSubmission({ bundle, engine: 'spark', inputs: { logs }, profile, measure });
      const local = await plan({ shown: small, parts: [{ file: small, key: 'access.log' }] });
      const remote = await plan(`s3://${BUCKET}/logs/big/`);
      expect(local.cost!.model).toMatchObject({ kind: 'inputs', measured: [{ objects: 1, bytes: 7_000_000 }] });
      expect(remote.cost!.model).toMatchObject({ kind: 'inputs', measured: [{ objects: COUNT, bytes: COUNT * SIZE }] });
      expect(remote.cost!.minutes).toBeGreaterThan(local.cost!.minutes * 3);
      expect(remote.cost!.totalUsd!).toBeGreaterThan(local.cost!.totalUsd! * 3);
    } finally {
      s3.destroy();
    }
  }, 60_000);

  it('submit --dry-run lists the prefix, prints how the estimate was computed, and --max-cost refuses it (exit 2)', async () => {
    await clearRequests(h);
    const r = await runCli(['submit', 'top-pages', '--emr', '--input', `logs=s3://${BUCKET}/logs/big/`, '--dry-run', '--max-cost', '0.5', '--config', config]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^estimated cost: ~\$\d+\.\d\d for \d+(\.\d)? min \(1 x m5\.xlarge \(master @ \$0\.24\/h\) \+ 1 x m5\.xlarge \(core @ \$0\.24\/h\)/m);
    expect(r.stderr).toContain(`input logs s3://${BUCKET}/logs/big/: ${COUNT} object(s), 65.6 GiB -> reads 65.6 GiB`);
    expect(r.stderr).toMatch(new RegExp(`step top-pages \\(spark\\): 65\\.6 GiB x 3 pass\\(es\\) \\(2 shuffle\\(s\\)\\) / \\(${RATE} MiB/s per vCPU, shuffling, x 4 vCPU\\) = \\d+\\.\\d+ min`));
    expect(r.stderr).toMatch(/estimated cost \$\d+\.\d\d is above --max-cost \$0\.50: not starting/);
    const doc = JSON.parse(r.stdout);
    expect(doc.cost.model.measured[0]).toMatchObject({ objects: COUNT, bytes: COUNT * SIZE });
    // Only the listing was sent: two pages.
    expect((await servedRequests(h)).map((q) => q.service + ' ' + q.method)).toEqual(['s3 GET', 's3 GET']);
  }, 120_000);

  it('submit --serverless --dry-run: a 7 MB file and a 70 GB prefix give different vCPU-hours, each computed from the executors; --max-cost refuses the large one', async () => {
    // Profile "new" of serverlessConfig: no expectedMinutes, 1 driver + 4 executors of 4 vCPU / 16 GB.
    const slConfig = serverlessConfig(h.endpoint, BUCKET, '00fabcde12345678');
    const dryRun = (input: string[]) => runCli(['submit', 'top-pages', '--serverless', ...input, '--dry-run', '--max-cost', '0.25', '--config', slConfig]);
    const [local, remote] = await Promise.all([dryRun(['--local', small]), dryRun(['--input', `logs=s3://${BUCKET}/logs/big/`])]);
    expect(local.code, local.stderr).toBe(0);
    expect(local.stderr).toContain(`input logs ${small}: 1 object(s), 6.7 MiB -> reads 6.7 MiB`);
    expect(local.stderr).toContain('minutes: each job run on 16 vCPU of executors (4 x 4 vCPU)');
    expect(local.stderr).toContain(`job run top-pages (spark): 6.7 MiB x 3 pass(es) (2 shuffle(s)) / (${RATE} MiB/s per vCPU, shuffling, x 16 vCPU) = 1 min (the spark step floor)`);
    const small1 = JSON.parse(local.stdout).cost;
    // The one-minute floor: 5 workers of 4 vCPU / 16 GB for 60 s.
    expect(small1).toMatchObject({ minutes: 1, billedSeconds: 60, model: { kind: 'inputs', vcpus: 16, measured: [{ objects: 1, bytes: 7_000_000 }] } });
    expect(small1.vcpuHours).toBeCloseTo(20 / 60, 10);
    expect(remote.code, remote.stderr).toBe(2);
    expect(remote.stderr).toContain(`input logs s3://${BUCKET}/logs/big/: ${COUNT} object(s), 65.6 GiB -> reads 65.6 GiB`);
    // 65.6 GiB x 3 passes / (Spark's shuffling rate x 16 vCPU), rounded up to the tenth.
    const minutes = Math.ceil(((COUNT * SIZE * 3) / (RATE * 1024 * 1024 * 16) / 60) * 10) / 10;
    expect(remote.stderr).toContain(`job run top-pages (spark): 65.6 GiB x 3 pass(es) (2 shuffle(s)) / (${RATE} MiB/s per vCPU, shuffling, x 16 vCPU) = `);
    expect(remote.stderr).toMatch(/estimated cost \$\d+\.\d\d is above --max-cost \$0\.25: not starting/);
    const big = JSON.parse(remote.stdout).cost;
    expect(big.minutes).toBe(minutes);
    expect(big.vcpuHours).toBeCloseTo((20 * minutes) / 60, 6);
    expect(big.gbHours).toBeCloseTo((80 * minutes) / 60, 6);
    expect(big.totalUsd).toBeCloseTo(big.vcpuHours * 0.052624 + big.gbHours * 0.0057785, 10);
    expect(big.totalUsd).toBeGreaterThan(small1.totalUsd * 10);
  }, 120_000);

  it('backfill --emr --dry-run measures each partition\'s inputs from its path template', async () => {
    await fillObjects(h, { bucket: BUCKET, prefix: 'logs/dt=2015-05-17/part-', count: 2, size: 1_000_000_000 });
    await fillObjects(h, { bucket: BUCKET, prefix: 'logs/dt=2015-05-18/part-', count: 1, size: 10_000_000 });
    const r = await runCli(['backfill', 'web-analytics', '--from', '2015-05-17', '--to', '2015-05-18', '--emr', '--param', `bucket=${BUCKET}`, '--dry-run', '--config', config]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`input date=2015-05-17/logs s3://${BUCKET}/logs/dt=2015-05-17/: 2 object(s), 1.9 GiB -> reads 1.9 GiB`);
    expect(r.stderr).toContain(`input date=2015-05-18/logs s3://${BUCKET}/logs/dt=2015-05-18/: 1 object(s), 9.5 MiB -> reads 9.5 MiB`);
    // The first stage (parse, Pig) reads the partition's logs; the stages after it what parse read.
    const steps = JSON.parse(r.stdout).cost.model.steps as { step: string; readBytes: number }[];
    expect(steps.map((s) => [s.step, s.readBytes])).toEqual([
      ...['parse', 'traffic', 'top-pages', 'bots'].map((st) => [`date=2015-05-17/${st}`, 2_000_000_000]),
      ...['parse', 'traffic', 'top-pages', 'bots'].map((st) => [`date=2015-05-18/${st}`, 10_000_000]),
    ]);
  }, 180_000);

  it('after a run, the billed figure comes from the cluster timeline', async () => {
    const profile = loadProfile({ configFile: config, cwd: path.dirname(config) });
    const { JobFlowId: id } = await h.emr.send(new RunJobFlowCommand(runJobFlowInput(profile, { job: 'top-pages', planHash: 'x', runId: 'r', engines: ['spark'], steps: [] })));
    await h.emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [id!] }));
    const view = await describeRun(h.emr, id!);
    expect(view.created).toBeInstanceOf(Date);
    expect(view.ended).toBeInstanceOf(Date);
    const b = billedCost(profile, view.created!, view.ended, null);
    expect(b.ended!.getTime()).toBeGreaterThanOrEqual(b.created.getTime());
    // Seconds old, so billed the one-minute minimum: 2 instances at $0.24/h.
    expect(b.billedSeconds).toBe(60);
    expect(b.totalUsd).toBeCloseTo(2 * 0.24 / 60, 10);
  });
});
