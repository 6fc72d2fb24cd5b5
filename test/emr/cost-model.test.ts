// The input-aware cost estimate: the throughput model, measuring local inputs, the override, and the billed
// figure from a cluster's timeline. S3 listing is tested against moto in cost-emulator.test.ts.
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { billedCost, billedText, checkMaxCost, costText, estimateInputCost, formatBytes, serverlessCostText } from '../../emr/cost.ts';
import { GZIP_EXPANSION, globRegExp, measureLocalInput, type MeasuredInput } from '../../emr/input-measure.ts';
import type { EmrProfile, ServerlessProfile } from '../../emr/profile.ts';
import type { LoadedPipelineBundle } from '../../emr/pipeline-bundle-reader.ts';
import { jobWork, pipelineWorks, serverlessRunCost } from '../../emr/run-cost.ts';
import { MIB_PER_VCPU_SECOND, STARTUP_MINUTES, STEP_FLOOR_MINUTES, shuffleCount, stepMinutes, vcpusOf } from '../../emr/throughput-model.ts';
import { job } from '../../dsl/index.ts';
import accessLogToCsv from '../../jobs/access-log-to-csv.ts';
import topPages from '../../jobs/top-pages.ts';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

const PROFILE = {
  name: 'p', configFile: null, master: { instanceType: 'm5.xlarge', count: 1 }, core: { instanceType: 'm5.xlarge', count: 2 }, task: null,
  instanceFleets: null, managedScaling: null, expectedMinutes: 15, prices: { 'm5.xlarge': { ec2: 0.192, emr: 0.048 }, 'x9.weird': { ec2: 1, emr: 0.1 } },
} as unknown as EmrProfile;

const input = (name: string, readBytes: number): MeasuredInput => ({ name, location: `s3://b/${name}/`, objects: 1, bytes: readBytes, gzipObjects: 0, gzipBytes: 0, readBytes });
const work = (readBytes: number, engine: 'spark' | 'pig' = 'spark') => ({ step: 'top-pages', engine, readBytes, shuffles: 2, inputs: ['logs'] });

describe('the throughput model', () => {
  it('counts vCPUs from the price table, else from EC2 size names', () => {
    expect([vcpusOf(PROFILE, 'm5.xlarge'), vcpusOf(PROFILE, 'm5.2xlarge'), vcpusOf(PROFILE, 'c5.large'), vcpusOf(PROFILE, 'r5.16xlarge'), vcpusOf(PROFILE, 't3.medium')]).toEqual([4, 8, 2, 64, 1]);
    expect(vcpusOf(PROFILE, 'x9.weird')).toBeNull();
    expect(vcpusOf({ prices: { 'x9.weird': { ec2: 1, emr: 0, vcpu: 6 } } }, 'x9.weird')).toBe(6);
  });

  it('counts the shuffles of a plan: top-pages aggregates and sorts; a check counts what it selects, not its sample rows', () => {
    expect(shuffleCount(topPages.plan())).toBe(2);
    // access-log-to-csv's checks each sort a few failing rows to show: no shuffle of its input.
    expect(accessLogToCsv.plan().nodes.filter((n) => n.kind === 'sort').length).toBeGreaterThan(0);
    expect(shuffleCount(accessLogToCsv.plan())).toBe(0);
    const unique = job('unique-hosts', 'hosts are unique', (j) => {
      j.csv('hosts', { host: 'string' }).check('hosts', (c) => [c.unique('host')]).writeCsv('out');
    });
    expect(shuffleCount(unique.plan())).toBe(1); // finding duplicates groups the rows
  });

  it('a step takes its floor on small inputs and grows with bytes and passes, at the rate of its engine and shape', () => {
    expect(stepMinutes(work(7 * MIB), 8)).toMatchObject({ minutes: STEP_FLOOR_MINUTES.spark, floored: true, passes: 3 });
    const big = stepMinutes(work(70 * GIB), 8);
    // 70 GiB x 3 passes at Spark's shuffling rate per vCPU on 8 vCPU.
    expect(big).toMatchObject({ shape: 'shuffling', mibPerVcpuSecond: MIB_PER_VCPU_SECOND.spark.shuffling, floored: false });
    expect(big.minutes).toBeCloseTo((70 * 1024 * 3) / (MIB_PER_VCPU_SECOND.spark.shuffling * 8) / 60, 6);
    expect(stepMinutes(work(70 * GIB), 16).minutes).toBeCloseTo(big.minutes / 2, 6);
    const pig = stepMinutes(work(70 * GIB, 'pig'), 8);
    expect(pig.minutes / big.minutes).toBeCloseTo(MIB_PER_VCPU_SECOND.spark.shuffling / MIB_PER_VCPU_SECOND.pig.shuffling, 6);
    // A step without a shuffle reads once, at the row-level rate.
    const rows = stepMinutes({ ...work(70 * GIB), shuffles: 0 }, 8);
    expect(rows).toMatchObject({ shape: 'row-level', passes: 1, mibPerVcpuSecond: MIB_PER_VCPU_SECOND.spark['row-level'] });
    expect(rows.minutes).toBeCloseTo((70 * 1024) / (MIB_PER_VCPU_SECOND.spark['row-level'] * 8) / 60, 6);
  });

  it('a 7 MB input and a 70 GB one give different estimates, each saying how it was computed', () => {
    const small = estimateInputCost(PROFILE, [work(7 * 1000 * 1000)], [input('logs', 7 * 1000 * 1000)]);
    const large = estimateInputCost(PROFILE, [work(70 * 1000 ** 3)], [input('logs', 70 * 1000 ** 3)]);
    expect(small.minutes).toBe(STARTUP_MINUTES + STEP_FLOOR_MINUTES.spark);
    // Start-up, then 70e9 bytes x 3 passes at Spark's shuffling rate per vCPU on 8 vCPU (2 core nodes of 4), to the tenth above.
    const rate = MIB_PER_VCPU_SECOND.spark.shuffling;
    expect(large.minutes).toBe(Math.ceil((STARTUP_MINUTES + (70e9 * 3) / (rate * MIB * 8) / 60) * 10) / 10);
    expect(large.totalUsd! / small.totalUsd!).toBeCloseTo(large.billedSeconds / small.billedSeconds, 6);
    const text = costText(large, PROFILE);
    expect(text).toContain(`estimated cost: ~$${large.totalUsd!.toFixed(2)} for ${large.minutes} min (1 x m5.xlarge (master @ $0.24/h) + 2 x m5.xlarge (core @ $0.24/h)`);
    expect(text).toContain('input logs s3://b/logs/: 1 object(s), 65.2 GiB -> reads 65.2 GiB');
    expect(text).toContain(`minutes: ${STARTUP_MINUTES} start-up + 1 step(s) on 8 vCPU of core/task nodes`);
    expect(text).toMatch(new RegExp(`step top-pages \\(spark\\): 65\\.2 GiB x 3 pass\\(es\\) \\(2 shuffle\\(s\\)\\) / \\(${rate} MiB/s per vCPU, shuffling, x 8 vCPU\\) = \\d+\\.\\d+ min`));
    // --max-cost compares against the input-aware figure: what passes for 7 MB is refused for 70 GB.
    expect(() => checkMaxCost(small, 0.5, PROFILE)).not.toThrow();
    expect(() => checkMaxCost(large, 0.5, PROFILE)).toThrow(/above --max-cost \$0\.50/);
  });

  it('expectedMinutes given overrides the model: that many minutes per step, no start-up added', () => {
    const e = estimateInputCost({ ...PROFILE, expectedMinutesGiven: true, expectedMinutes: 10 }, [work(70 * GIB), work(1)], []);
    expect(e.minutes).toBe(20);
    expect(costText(e, PROFILE)).toContain('minutes: expectedMinutes 10 per step x 2 step(s) (given: it overrides the estimate from the inputs');
  });

  it('an instance type without a known vCPU count makes the cost unknown, which --max-cost refuses', () => {
    const p = { ...PROFILE, core: { instanceType: 'x9.weird', count: 2 } } as EmrProfile;
    const e = estimateInputCost(p, [work(GIB)], [input('logs', GIB)]);
    expect(e.totalUsd).toBeNull();
    expect(e.missingPrices).toEqual(['x9.weird.vcpu']);
    expect(() => checkMaxCost(e, 5, p)).toThrow(/no price for x9\.weird\.vcpu/);
  });

  it('Spot task nodes add vCPUs and are priced at the Spot share', () => {
    const p = { ...PROFILE, task: { instanceType: 'm5.xlarge', count: 2, market: 'SPOT', bidPrice: null } } as EmrProfile;
    const e = estimateInputCost(p, [work(70 * GIB)], [input('logs', 70 * GIB)]);
    expect(e.model?.kind === 'inputs' && e.model.vcpus).toBe(16);
    expect(e.lines.find((l) => l.role === 'task')).toMatchObject({ market: 'SPOT', count: 2, perHour: 0.192 / 2 + 0.048 });
  });

  it('a pipeline stage reads its measured inputs, and an upstream stage\'s output as much as that stage read', () => {
    const plan = topPages.plan();
    const stage = (name: string, engine: string, inputs: Record<string, unknown>) => ({ entry: { name, engine, inputs }, bundle: { plan } });
    const bundle = {
      stages: [
        stage('parse', 'pig', { logs: { kind: 'input', input: 'logs' } }),
        stage('top', 'spark', { parsed: { kind: 'stage', stage: 'parse', output: 'parsed' }, hosts: { kind: 'input', input: 'hosts' } }),
      ],
    } as unknown as LoadedPipelineBundle;
    const works = pipelineWorks(bundle, new Map([['logs', input('date=1/logs', 1000)], ['hosts', input('date=1/hosts', 10)]]), (s) => `date=1/${s}`);
    expect(works.map((w) => [w.step, w.engine, w.readBytes, w.inputs])).toEqual([
      ['date=1/parse', 'pig', 1000, ['date=1/logs']],
      ['date=1/top', 'spark', 1010, ['parse.parsed', 'date=1/hosts']],
    ]);
  });

  it('a job step reads the sum of its measured inputs', () => {
    const w = jobWork('top-pages', 'pig', topPages.plan(), new Map([['logs', input('logs', 5)], ['more', input('more', 7)]]));
    expect(w).toEqual({ step: 'top-pages', engine: 'pig', readBytes: 12, shuffles: 2, inputs: ['logs', 'more'] });
  });
});

describe('the Serverless estimate', () => {
  const sv = {
    application: { kind: 'new', releaseLabel: 'emr-7.5.0' }, executionRoleArn: 'r', logUri: 's3://b/l/', driver: { vcpu: 4, memoryGb: 16 },
    executor: { vcpu: 2, memoryGb: 8 }, maxExecutors: 5, maxConcurrentJobRuns: 4, prices: { vcpuHour: 0.06, gbHour: 0.006 },
  } as const;
  const SL = { ...PROFILE, serverless: sv } as unknown as ServerlessProfile;
  const perMinute = (4 * 0.06 + 16 * 0.006 + 5 * (2 * 0.06 + 8 * 0.006)) / 60;

  it('works on the executors\' vCPUs with no start-up, each job run with its one-minute minimum, driver and executors billed', () => {
    const e = serverlessRunCost(SL, [work(70 * GIB), { ...work(7 * MIB), step: 'small' }], [input('logs', 70 * GIB)], null);
    // 5 executors of 2 vCPU; 70 GiB x 3 passes at the shuffling rate, rounded up to the tenth; the small one its floor.
    const big = Math.ceil(((70 * 1024 * 3) / (MIB_PER_VCPU_SECOND.spark.shuffling * 10) / 60) * 10) / 10;
    expect(e.model).toMatchObject({ kind: 'inputs', vcpus: 10, startupMinutes: 0 });
    expect(e).toMatchObject({ jobRuns: 2, minutes: Math.round((big + STEP_FLOOR_MINUTES.spark) * 10) / 10, billedSeconds: Math.round(big * 60) + 60 });
    expect(e.vcpuHours).toBeCloseTo(((4 + 10) * e.billedSeconds) / 3600, 10);
    expect(e.totalUsd).toBeCloseTo((perMinute * e.billedSeconds) / 60, 10);
    const text = serverlessCostText(e, sv);
    expect(text).toContain(`for 2 job runs, ${e.minutes} min in all, at most (1 x 4 vCPU/16 GB (driver) + 5 x 2 vCPU/8 GB (executors) per job run`);
    expect(text).toContain('minutes: each job run on 10 vCPU of executors (5 x 2 vCPU); no start-up');
    expect(text).toMatch(/job run small \(spark\): 7\.0 MiB .* = 1 min \(the spark step floor\)/);
  });

  it('expectedMinutes given, or inputs that could not be measured: that many minutes per job run', () => {
    const given = serverlessRunCost({ ...SL, expectedMinutesGiven: true, expectedMinutes: 10 }, [work(70 * GIB), work(1)], [], null);
    expect(given).toMatchObject({ minutes: 20, billedSeconds: 1200, model: { kind: 'expected-minutes', perStep: 10, steps: 2 } });
    expect(serverlessCostText(given, sv)).toContain('minutes: expectedMinutes 10 per job run x 2 job run(s)');
    const failed = serverlessRunCost(SL, [work(70 * GIB)], [], 'input logs (s3://b/logs/) could not be measured: AccessDenied');
    expect(failed).toMatchObject({ minutes: 15, unmeasured: 'input logs (s3://b/logs/) could not be measured: AccessDenied' });
    expect(serverlessCostText(failed, sv)).toContain('\n  input logs (s3://b/logs/) could not be measured: AccessDenied: minutes from expectedMinutes per job run');
  });
});

describe('measuring inputs', () => {
  it('stats local files; gzip counts GZIP_EXPANSION times its size', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-measure-'));
    const plain = path.join(dir, 'a.log');
    const gz = path.join(dir, 'b.log.gz');
    writeFileSync(plain, 'x');
    truncateSync(plain, 7 * 1000 * 1000);
    writeFileSync(gz, Buffer.alloc(1000));
    const m = measureLocalInput('logs', { shown: dir, parts: [{ file: plain, key: 'a.log' }, { file: gz, key: 'b.log.gz' }] });
    expect(m).toEqual({ name: 'logs', location: dir, objects: 2, bytes: 7_001_000, gzipObjects: 1, gzipBytes: 1000, readBytes: 7_000_000 + 1000 * GZIP_EXPANSION });
  });

  it('matches S3 globs as Hadoop does: * and ? within a segment, [..] and {a,b}', () => {
    const re = globRegExp('logs/dt=2015-05-1{7,8}/*.gz');
    expect(['logs/dt=2015-05-17/a.gz', 'logs/dt=2015-05-18/b.gz'].every((k) => re.test(k))).toBe(true);
    expect(['logs/dt=2015-05-19/a.gz', 'logs/dt=2015-05-17/x/a.gz', 'logs/dt=2015-05-17/a.log'].some((k) => re.test(k))).toBe(false);
    expect(globRegExp('p/part-0000[0-2]?').test('p/part-00001x')).toBe(true);
    expect(globRegExp('p/part-0000[!0-2]').test('p/part-00001')).toBe(false);
  });

  it('prints sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(7 * MIB), formatBytes(70 * GIB)]).toEqual(['512 B', '7.0 MiB', '70.0 GiB']);
  });
});

describe('the billed figure after a run', () => {
  it('prices the timeline from creation to end as the estimate prices its minutes, one minute at least', () => {
    const created = new Date('2026-01-01T10:00:00Z');
    const estimate = estimateInputCost(PROFILE, [work(1)], [input('logs', 1)]);
    const b = billedCost(PROFILE, created, new Date('2026-01-01T10:10:30Z'), estimate);
    expect(b).toMatchObject({ billedSeconds: 630, minutes: 10.5, estimatedUsd: estimate.totalUsd, estimatedMinutes: STARTUP_MINUTES + 1 });
    expect(b.totalUsd).toBeCloseTo(3 * 0.24 * (630 / 3600), 10);
    expect(billedText(b, 'j-ABC')).toBe(`billed: ~$0.13 for 630 s of cluster j-ABC (its timeline, 2026-01-01T10:00:00.000Z to 2026-01-01T10:10:30.000Z; same instances and prices as the estimate); estimated ~$${estimate.totalUsd!.toFixed(2)} for 9 min`);
    expect(billedCost(PROFILE, created, new Date('2026-01-01T10:00:05Z'), null).billedSeconds).toBe(60);
    const open = billedCost(PROFILE, created, undefined, null, new Date('2026-01-01T10:02:00Z'));
    expect(billedText(open, 'j-ABC')).toContain('to 2026-01-01T10:02:00.000Z (not ended yet)');
  });
});
