// `emr-jobs backfill <pipeline> --emr` against moto in server mode, whose steps the harness runs on the local
// Spark: one cluster for the pending partitions' steps, partition after partition, each ended by a step
// copying its success marker to S3; a failing step stops the rest and ends the cluster; a rerun submits only
// the partitions without a marker, a run with all of them done submits nothing. A two-stage Spark-only
// pipeline over a few CSV lines a day keeps the engine time to seconds.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeClusterCommand, ListClustersCommand, ListStepsCommand } from '@aws-sdk/client-emr';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engines/engine-paths.ts';
import { ctrlCWhenStepRuns, runCli } from './cli-process.ts';
import { useHarness, writeTestConfig } from './emulator-fixtures.ts';
import { clearRequests, harnessAvailable, listKeys, pauseSteps, readObject, servedRequests, type Harness } from './moto-harness.ts';

const BUCKET = 'emr-jobs-test';
const DAYS = ['2015-05-17', '2015-05-18', '2015-05-19'];
const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-backfill-emr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** bf-mini: totals bytes per host (stage totals), then keeps the hosts above 100 bytes (stage big); both Spark. */
function writePipeline(): string {
  const dsl = JSON.stringify(path.join(PROJECT_ROOT, 'dsl', 'index.ts'));
  const file = path.join(dir, 'esm', 'bf-mini.ts');
  const text = `import { job, pipeline, sum } from ${dsl};

const totals = job('bf-totals', 'bytes per host', (j) => {
  j.csv('events', { host: 'string', bytes: 'long' }).groupBy('host').agg((r) => ({ bytes: sum(r.bytes) })).writeCsv('totals');
});
const big = job('bf-big', 'hosts above 100 bytes', (j) => {
  j.csv('totals', { host: 'string', bytes: 'long' }).filter((r) => r.bytes.gt(100)).writeCsv('big');
});
export default pipeline('bf-mini', 'two Spark stages over a day of events', (p) => {
  p.partition('date', 'daily');
  const events = p.input('events', { path: 's3://${BUCKET}/bf/in/dt={date}/' });
  const t = p.stage('totals', totals, { engine: 'spark', inputs: { events } });
  const b = p.stage('big', big, { engine: 'spark', inputs: { totals: t.output('totals') } });
  p.output(b.output('big'), { path: 's3://${BUCKET}/bf/out/big/dt={date}/' });
});
`;
  mkdirSync(path.dirname(file), { recursive: true });
  // An ESM package, as jobs/ is: the pipeline file runs from its own path.
  writeFileSync(path.join(path.dirname(file), 'package.json'), '{ "type": "module" }\n');
  writeFileSync(file, text);
  return file;
}

/** Each day's events: host a gets 60 + day bytes twice, host b 5 bytes. */
const eventsOf = (day: string) => `host,bytes\na,${60 + Number(day.slice(-2))}\nb,5\na,${60 + Number(day.slice(-2))}\n`;
const expectedBig = (day: string) => `a,${2 * (60 + Number(day.slice(-2)))}`;
const markerKey = (day: string) => `ej/backfills/bf-mini/date=${day}/_SUCCESS.json`;
const statusOf = (stdout: string, day: string) => new RegExp(`│ date=${day} │ (\\S+(?: run)?) +│ (\\S*)`).exec(stdout)?.slice(1, 3);
const runIdOf = (stderr: string) => /\(run (\d{8}-\d{6}-[0-9a-f]{6})\)/.exec(stderr)?.[1];
const clusterIdOf = (text: string) => /started cluster (j-[A-Z0-9]+)/.exec(text)?.[1];
const stepNames = (days: readonly string[]) => days.flatMap((d) => [`bf-mini/date=${d}/totals (spark)`, `bf-mini/date=${d}/big (spark)`, `bf-mini/date=${d}/_SUCCESS.json`]);

describe.runIf(harnessAvailable())('emr-jobs backfill <pipeline> --emr on the moto emulator', () => {
  let h: Harness;
  let config: string;
  let file: string;
  const env = useHarness(BUCKET);
  beforeAll(() => {
    ({ h, config } = env);
    file = writePipeline();
  });
  const backfill = (from: string, to: string, more: string[] = [], env: Record<string, string> = {}) =>
    runCli(['backfill', file, '--from', from, '--to', to, '--emr', '--config', config, ...more], { timeoutMs: 300_000, timeoutSignal: 'SIGINT', env });
  const putEvents = (day: string) => h.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `bf/in/dt=${day}/events.csv`, Body: eventsOf(day) }));
  const bigOf = async (day: string) => {
    const keys = (await listKeys(h, BUCKET, `bf/out/big/dt=${day}/`)).filter((k) => /\/part-[^/]*$/.test(k));
    const texts = await Promise.all(keys.map(async (k) => (await readObject(h, BUCKET, k)).toString('utf8')));
    return texts.flatMap((t) => t.split('\n').filter((l) => l && l !== 'host,bytes'));
  };

  it('Ctrl-C while the steps wait terminates the cluster, shows the partitions cancelled or not run, writes no marker, and exits 130', async () => {
    await pauseSteps(h);
    const ctrlC = ctrlCWhenStepRuns(120_000);
    const r = await runCli(['backfill', file, '--from', '2015-05-20', '--to', '2015-05-21', '--emr', '--config', config], ctrlC);
    expect(ctrlC.sent(), r.stderr).toBe(true);
    expect(r.code).toBe(130);
    const id = clusterIdOf(r.stderr)!;
    expect(r.stderr).toContain(`interrupted (SIGINT, Ctrl-C): terminating cluster ${id}, which this run started`);
    expect((await h.emr.send(new DescribeClusterCommand({ ClusterId: id }))).Cluster!.Status?.State).toBe('TERMINATED');
    expect(statusOf(r.stdout, '2015-05-20')).toEqual(['cancelled', '0/3']);
    expect(statusOf(r.stdout, '2015-05-21')).toEqual(['not run', '0/3']);
    expect(r.stdout).toContain(`2 daily partitions (2015-05-20 to 2015-05-21): 0 done, 0 skipped, 1 cancelled, 1 not run; cluster ${id}`);
    expect(await listKeys(h, BUCKET, 'ej/backfills/')).toEqual([]);
  }, 180_000);

  it('--max-cost applies to the whole backfill (3 partitions x 2 stage steps x 15 min): refused, exit 2, no cluster, nothing staged', async () => {
    await clearRequests(h);
    const r = await backfill(DAYS[0], DAYS[2], ['--max-cost', '0.5']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('estimated cost: ~$0.72 for 90 min');
    expect(r.stderr).toContain('estimated cost $0.72 is above --max-cost $0.50: not starting');
    // Only the markers were read.
    const served = await servedRequests(h);
    expect(served.map((q) => q.action).sort()).toEqual(['GetObject', 'GetObject', 'GetObject']);
  }, 120_000);

  it('a failing step in partition 2 stops the rest and ends the cluster: partition 1 keeps its marker, 2 and 3 get none', async () => {
    await putEvents(DAYS[0]);
    await putEvents(DAYS[2]); // no events for the second day: its first stage fails reading them
    const runLog = path.join(dir, 'failing-runs.jsonl');
    const r = await backfill(DAYS[0], DAYS[2], [], { EMR_JOBS_RUN_LOG: runLog });
    expect(r.code, r.stderr).toBe(1);
    const runId = runIdOf(r.stderr)!;
    const clusterId = clusterIdOf(r.stderr)!;
    const named = (await h.emr.send(new ListClustersCommand({}))).Clusters!.filter((c) => c.Name?.includes(runId));
    expect(named.map((c) => c.Id)).toEqual([clusterId]);
    const c = (await h.emr.send(new DescribeClusterCommand({ ClusterId: clusterId }))).Cluster!;
    expect(c.Status?.State).toBe('TERMINATED_WITH_ERRORS');
    const steps = [...(await h.emr.send(new ListStepsCommand({ ClusterId: clusterId }))).Steps!].reverse();
    expect(steps.map((s) => s.Name)).toEqual(stepNames(DAYS));
    expect(steps.map((s) => s.Status?.State)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
    expect(steps.every((s) => s.ActionOnFailure === 'TERMINATE_CLUSTER')).toBe(true);
    expect(await listKeys(h, BUCKET, 'ej/backfills/')).toEqual([markerKey(DAYS[0])]);
    const m = JSON.parse((await readObject(h, BUCKET, markerKey(DAYS[0]))).toString('utf8'));
    expect([m.pipeline, m.partition, m.params, m.runId]).toEqual(['bf-mini', { param: 'date', value: DAYS[0] }, { date: DAYS[0] }, runId]);
    expect(m.pipelineHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await bigOf(DAYS[0])).toEqual([expectedBig(DAYS[0])]);
    expect(statusOf(r.stdout, DAYS[0])).toEqual(['done', '3/3']);
    expect(statusOf(r.stdout, DAYS[1])).toEqual(['failed', '0/3']);
    expect(statusOf(r.stdout, DAYS[2])).toEqual(['not run', '0/3']);
    expect(r.stdout).toContain(`backfill bf-mini on EMR: 3 daily partitions (${DAYS[0]} to ${DAYS[2]}): 1 done, 0 skipped, 1 failed, 1 not run; cluster ${clusterId}`);
    expect(r.stderr).toContain(`pipeline bf-mini: stage date=${DAYS[1]}/totals (job bf-totals, spark) failed`);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`engine error: date=${DAYS[1]} failed and 1 partition after it did not run (the cluster terminates on a failed step); rerun the same command to run the partitions without a marker`);
    // The run log: one record per partition that ran, locally and under <prefix>/run-log/; none for the one not run.
    const records = readFileSync(runLog, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(records.map((x) => [x.kind, x.job, x.partition, x.status, x.engine, x.clusterId])).toEqual([
      ['pipeline', 'bf-mini', `date=${DAYS[0]}`, 'succeeded', 'emr', clusterId],
      ['pipeline', 'bf-mini', `date=${DAYS[1]}`, 'failed', 'emr', clusterId],
    ]);
    expect(records[1].error).toContain('failed: no marker');
    expect(records[0].params).toEqual({ date: DAYS[0] });
    expect(records[0].outputs.map((o: { path: string }) => o.path.replace(/\/$/, ''))).toContain(`s3://${BUCKET}/bf/out/big/dt=${DAYS[0]}`);
    const logged = await listKeys(h, BUCKET, 'ej/run-log/');
    for (const x of records) expect(logged.filter((k) => k.includes(x.id))).toHaveLength(1);
  }, 300_000);

  it('the rerun submits only the partitions without a marker, on one cluster in order, and writes their markers', async () => {
    await putEvents(DAYS[1]);
    await clearRequests(h);
    const r = await backfill(DAYS[0], DAYS[2]);
    expect(r.code, r.stderr).toBe(0);
    const runs = (await servedRequests(h)).filter((q) => q.action === 'RunJobFlow');
    expect(runs).toHaveLength(1);
    const body = runs[0].body as { Steps: { Name: string; HadoopJarStep: { Args: string[] } }[]; StepConcurrencyLevel: number };
    expect(body.Steps.map((s) => s.Name)).toEqual(stepNames(DAYS.slice(1)));
    expect(body.StepConcurrencyLevel).toBe(1);
    const runId = runIdOf(r.stderr)!;
    // Each partition's stages read its own events and its own inter-stage folder; the marker step copies the staged marker.
    const [totals2, big2, marker2] = body.Steps.map((s) => s.HadoopJarStep.Args);
    expect(totals2[totals2.indexOf('--events') + 1]).toBe(`s3://${BUCKET}/bf/in/dt=${DAYS[1]}/`);
    expect(totals2[totals2.indexOf('--totals') + 1]).toBe(`s3://${BUCKET}/ej/runs/${runId}/date=${DAYS[1]}/totals/totals`);
    expect(big2[big2.indexOf('--totals') + 1]).toBe(`s3://${BUCKET}/ej/runs/${runId}/date=${DAYS[1]}/totals/totals`);
    expect(big2[big2.indexOf('--big') + 1]).toBe(`s3://${BUCKET}/bf/out/big/dt=${DAYS[1]}`);
    expect(marker2).toEqual(['aws', 's3', 'cp', `s3://${BUCKET}/ej/runs/${runId}/date=${DAYS[1]}/_SUCCESS.json`, `s3://${BUCKET}/${markerKey(DAYS[1])}`]);
    expect(await listKeys(h, BUCKET, 'ej/backfills/')).toEqual(DAYS.map(markerKey));
    for (const day of DAYS.slice(1)) expect(await bigOf(day)).toEqual([expectedBig(day)]);
    expect(statusOf(r.stdout, DAYS[0])).toEqual(['skipped', '']);
    expect(statusOf(r.stdout, DAYS[1])).toEqual(['done', '3/3']);
    expect(statusOf(r.stdout, DAYS[2])).toEqual(['done', '3/3']);
    expect(r.stdout).toContain(`backfill bf-mini on EMR: 3 daily partitions (${DAYS[0]} to ${DAYS[2]}): 2 done, 1 skipped; cluster `);
  }, 300_000);

  it('with every partition done, a run submits nothing; --force runs a done partition again, its old marker removed by its first step', async () => {
    await clearRequests(h);
    const r = await backfill(DAYS[0], DAYS[2]);
    expect(r.code, r.stderr).toBe(0);
    for (const day of DAYS) expect(statusOf(r.stdout, day)).toEqual(['skipped', '']);
    expect(r.stdout).toContain('3 daily partitions (2015-05-17 to 2015-05-19): 0 done, 3 skipped; nothing to run, no cluster started');
    const served = await servedRequests(h);
    expect(served.map((q) => q.action)).toEqual(['GetObject', 'GetObject', 'GetObject']);

    const before = JSON.parse((await readObject(h, BUCKET, markerKey(DAYS[0]))).toString('utf8'));
    await clearRequests(h);
    const forced = await backfill(DAYS[0], DAYS[0], ['--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const runs = (await servedRequests(h)).filter((q) => q.action === 'RunJobFlow');
    const steps = (runs[0].body as { Steps: { Name: string; HadoopJarStep: { Args: string[] } }[] }).Steps;
    expect(steps.map((s) => s.Name)).toEqual([`bf-mini/date=${DAYS[0]}/remove old _SUCCESS.json`, ...stepNames([DAYS[0]])]);
    expect(steps[0].HadoopJarStep.Args).toEqual(['aws', 's3', 'rm', `s3://${BUCKET}/${markerKey(DAYS[0])}`]);
    const after = JSON.parse((await readObject(h, BUCKET, markerKey(DAYS[0]))).toString('utf8'));
    expect(after.runId).toBe(runIdOf(forced.stderr));
    expect(after.runId).not.toBe(before.runId);
    expect(statusOf(forced.stdout, DAYS[0])).toEqual(['done', '4/4']);
    expect(forced.stdout).toContain('ran again: forced (--force)');
  }, 180_000);
});

describe('emr-jobs backfill <pipeline> --emr without an emulator', () => {
  it('--dry-run prints every step grouped by partition and one cost for the whole, and sends nothing (the endpoint is a dead port)', async () => {
    const dead = writeTestConfig('http://127.0.0.1:9', BUCKET);
    const r = await runCli(['backfill', 'web-analytics', '--from', '2015-05-17', '--to', '2015-05-18', '--emr', '--dry-run', '--config', dead]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const runs = doc.requests.filter((q: { command: string }) => q.command === 'RunJobFlow');
    expect(runs).toHaveLength(1);
    const stages = ['parse (pig)', 'traffic (spark)', 'top-pages (spark)', 'bots (spark)'];
    const names = ['2015-05-17', '2015-05-18'].flatMap((d) => [...stages.map((s) => `web-analytics/date=${d}/${s}`), `web-analytics/date=${d}/_SUCCESS.json`]);
    expect(runs[0].input.Steps.map((s: { Name: string }) => s.Name)).toEqual(names);
    expect(doc.partitions.map((x: { partition: string; steps: unknown[] }) => [x.partition, x.steps.length])).toEqual([['date=2015-05-17', 5], ['date=2015-05-18', 5]]);
    const [day1] = doc.partitions;
    expect(day1.steps[0].inputs.logs).toBe('s3://emr-jobs-example/logs/dt=2015-05-17/');
    expect(day1.steps[1].outputs.traffic_by_hour).toBe('s3://emr-jobs-example/warehouse/traffic_by_hour/dt=2015-05-17');
    expect(day1.steps[4].marker).toBe(`s3://${BUCKET}/ej/backfills/web-analytics/date=2015-05-17/_SUCCESS.json`);
    // One estimate: 15 min per stage step, 2 partitions x 4 stages.
    expect(doc.cost.minutes).toBe(120);
    expect(doc.cost.totalUsd).toBeCloseTo(0.96, 10);
    expect(r.stderr).toContain('15 min expected per stage step x 8 stage steps (the 2 marker steps not counted)');
    expect(r.stderr).toMatch(/^ {2}date=2015-05-18:\n {4}6\. parse /m);
  }, 120_000);

  it('local-only flags are refused with --emr, EMR flags without it (exit 2)', async () => {
    const a = await runCli(['backfill', 'web-analytics', '--from', '2015-05-17', '--to', '2015-05-18', '--emr', '--concurrency', '2', '--dry-run']);
    expect([a.code, a.stderr.trim()]).toEqual([2, 'usage error: --concurrency applies to local backfills (on EMR each stage runs on its declared engine, one partition after another on one cluster, writing to S3): drop --concurrency']);
    const b = await runCli(['backfill', 'web-analytics', '--from', '2015-05-17', '--to', '2015-05-18', '--max-cost', '3']);
    expect([b.code, b.stderr.trim()]).toEqual([2, 'usage error: --max-cost applies with --emr (add --emr to backfill on EMR)']);
  }, 60_000);
});
