// `emr-jobs submit <pipeline> --emr` against moto in server mode, whose steps the harness runs on the real
// local Pig and Spark: one cluster, the stages as steps in dependency order, each stage's inputs bound to the
// S3 folder its upstream step wrote; a failing middle stage stops the rest and the cluster ends; Ctrl-C
// terminates it. One engine run only (Pig parse, one Spark stage, one failing Spark stage): CI time is short.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DescribeClusterCommand, ListClustersCommand, ListStepsCommand } from '@aws-sdk/client-emr';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engines/engine-paths.ts';
import trafficByHour from '../../jobs/traffic-by-hour.ts';
import webAnalytics from '../../jobs/web-analytics.ts';
import { ctrlCWhenStepRuns, runCli } from './cli-process.ts';
import { brokenPipelineBundle, localOutput, readCsvOutput, useHarness, writeTestConfig } from './emulator-fixtures.ts';
import { clearRequests, harnessAvailable, listKeys, pauseSteps, servedRequests, type Harness } from './moto-harness.ts';

const BUCKET = 'emr-jobs-test';
const LOGS = 'jobs/data/apache_logs';
const DATE = '2015-05-17';
const STAGES = ['parse', 'traffic', 'top-pages', 'bots'];
const ready = harnessAvailable();
const runIdOf = (stderr: string) => /\(run (\d{8}-\d{6}-[0-9a-f]{6})\)/.exec(stderr)?.[1];
const clusterIdOf = (text: string) => /\b(j-[A-Z0-9]+)\b/.exec(text)?.[1];

/**
 * web-analytics compiled, then its top-pages stage (the third step) broken on the filter's line: `status`
 * becomes `statusx`, which Spark rejects.
 */
function brokenWebAnalytics(): { dir: string; brokenLine: number } {
  return brokenPipelineBundle(webAnalytics.plan(), 'top-pages', (l) => (l.includes('.filter(') && l.includes('`status`') ? l.replace('`status`', '`statusx`') : null));
}

describe.runIf(ready)('emr-jobs submit <pipeline> --emr on the moto emulator', () => {
  let h: Harness;
  let config: string;
  const cli = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli([...args, '--config', config], opts);

  const env = useHarness(BUCKET);
  beforeAll(() => void ({ h, config } = env));

  it('runs the stages as ordered steps of one cluster, binds each edge to the upstream step\'s S3 folder, and a failing middle stage stops the rest', async () => {
    const { dir, brokenLine } = brokenWebAnalytics();
    const r = await cli(['submit', '--bundle', dir, '--emr', '--local', LOGS, '--param', `date=${DATE}`, '--param', `bucket=${BUCKET}`], { timeoutMs: 420_000, timeoutSignal: 'SIGINT' });
    expect(r.code, r.stderr).toBe(1);
    const runId = runIdOf(r.stderr)!;
    const clusterId = clusterIdOf(r.stderr.slice(r.stderr.indexOf('started cluster')))!;
    // One cluster for the whole run, with both engines, ended by the failure.
    const named = (await h.emr.send(new ListClustersCommand({}))).Clusters!.filter((c) => c.Name?.includes(runId));
    expect(named.map((c) => c.Id)).toEqual([clusterId]);
    const c = (await h.emr.send(new DescribeClusterCommand({ ClusterId: clusterId }))).Cluster!;
    expect(c.Status?.State).toBe('TERMINATED_WITH_ERRORS');
    expect(c.Applications?.map((a) => a.Name).sort()).toEqual(['Pig', 'Spark']);
    // Steps in dependency order; the failure of the third cancels the fourth.
    const steps = [...(await h.emr.send(new ListStepsCommand({ ClusterId: clusterId }))).Steps!].reverse();
    expect(steps.map((s) => [s.Name, s.Status?.State, s.ActionOnFailure])).toEqual([
      ['web-analytics/parse (pig)', 'COMPLETED', 'TERMINATE_CLUSTER'],
      ['web-analytics/traffic (spark)', 'COMPLETED', 'TERMINATE_CLUSTER'],
      ['web-analytics/top-pages (spark)', 'FAILED', 'TERMINATE_CLUSTER'],
      ['web-analytics/bots (spark)', 'CANCELLED', 'TERMINATE_CLUSTER'],
    ]);
    // Each stage's bound S3 paths: parse writes under the run folder, the Spark stages read that folder,
    // published outputs go to their templates with the parameters filled in.
    const args = steps.map((s) => s.Config!.Args!);
    const parsed = `s3://${BUCKET}/ej/runs/${runId}/parse/requests`;
    expect(args[0]).toContain(`requests=${parsed}`);
    expect(args[0].find((a) => a.startsWith('logs='))).toMatch(new RegExp(`^logs=s3://${BUCKET}/ej/inputs/[0-9a-f]{64}/apache_logs$`));
    for (const a of args.slice(1)) expect(a[a.indexOf('--logs') + 1]).toBe(parsed);
    expect(args[1][args[1].indexOf('--traffic_by_hour') + 1]).toBe(`s3://${BUCKET}/warehouse/traffic_by_hour/dt=${DATE}`);
    expect(args[3][args[3].indexOf('--host_clusters') + 1]).toBe(`s3://${BUCKET}/warehouse/host_clusters/dt=${DATE}`);
    // Every stage's script was staged under the pipeline bundle's one folder.
    const bundleKey = /^s3:\/\/[^/]+\/(ej\/bundles\/[0-9a-f]{24})\/parse\//.exec(args[0][args[0].indexOf('-f') + 1])![1];
    expect((await listKeys(h, BUCKET, `${bundleKey}/`)).map((k) => k.slice(bundleKey.length + 1))).toEqual([
      'bots/bot-clusters.py', 'bots/manifest.json', 'bots/plan.json', 'manifest.json', 'parse/access-log-to-csv.pig', 'parse/manifest.json', 'parse/plan.json',
      'pipeline.json', 'top-pages/manifest.json', 'top-pages/plan.json', 'top-pages/top-pages.py', 'traffic/manifest.json', 'traffic/plan.json', 'traffic/traffic-by-hour.py',
    ]);
    // Spark's traffic stage read Pig's header-less part files and wrote what traffic-by-hour writes on the raw log.
    const local = await localOutput(trafficByHour.plan(), LOGS, 'traffic_by_hour');
    const remote = await readCsvOutput(h, BUCKET, `warehouse/traffic_by_hour/dt=${DATE}/`, local.header);
    expect(remote.rows).toEqual(local.rows);
    expect(remote.rows.length).toBeGreaterThan(1);
    expect(await listKeys(h, BUCKET, `warehouse/host_clusters/`)).toEqual([]);
    // The failure is explained by pipeline, stage and job line.
    const filterLine = readFileSync(path.join(PROJECT_ROOT, 'jobs', 'top-pages.ts'), 'utf8').split('\n').findIndex((l) => l.includes('.filter(')) + 1;
    expect(r.stderr).toContain('pipeline web-analytics: stage top-pages (job top-pages, spark) failed; not run: bots CANCELLED');
    expect(r.stderr).toMatch(/error \(stderr\): \S*AnalysisException: .*statusx/);
    expect(r.stderr).toContain(`script: top-pages.py:${brokenLine}`);
    expect(r.stderr).toMatch(new RegExp(`job: {4}jobs/top-pages\\.ts:${filterLine}(:\\d+)? {2}\\.filter\\(`));
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      `engine error: pipeline web-analytics did not complete on cluster ${clusterId} (parse COMPLETED, traffic COMPLETED, top-pages FAILED, bots CANCELLED)`,
    );
  }, 480_000);

  it('Ctrl-C while the steps wait terminates the cluster the run started, and exits 130', async () => {
    await pauseSteps(h);
    const ctrlC = ctrlCWhenStepRuns(120_000);
    const r = await cli(['submit', 'web-analytics', '--emr', '--local', LOGS, '--param', `date=${DATE}`, '--param', `bucket=${BUCKET}`], ctrlC);
    expect(ctrlC.sent(), r.stderr).toBe(true);
    expect(r.code).toBe(130);
    const id = clusterIdOf(r.stderr.slice(r.stderr.indexOf('started cluster')))!;
    expect(r.stderr).toContain(`interrupted (SIGINT, Ctrl-C): terminating cluster ${id}, which this run started`);
    expect(r.stderr).toContain(`TerminateJobFlows sent: cluster ${id} is TERMINATED`);
    const steps = (await h.emr.send(new ListStepsCommand({ ClusterId: id }))).Steps!;
    expect(steps.map((s) => s.Name).reverse()).toEqual(STAGES.map((s) => `web-analytics/${s} (${s === 'parse' ? 'pig' : 'spark'})`));
  }, 180_000);

  it('--max-cost applies to the whole pipeline (4 steps x 15 min): refused, exit 2, nothing sent', async () => {
    await clearRequests(h);
    const r = await cli(['submit', 'web-analytics', '--emr', '--local', LOGS, '--param', `date=${DATE}`, '--max-cost', '0.3']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('estimated cost: ~$0.48 for 60 min');
    expect(r.stderr).toContain('estimated cost $0.48 is above --max-cost $0.30: not starting');
    expect(await servedRequests(h)).toEqual([]);
  }, 120_000);
});

describe('emr-jobs submit <pipeline> without an emulator', () => {
  it('--dry-run shows one RunJobFlow with the stages as ordered steps, each bound, and one cost for the whole (the endpoint is a dead port)', async () => {
    const dead = writeTestConfig('http://127.0.0.1:9', BUCKET);
    const r = await runCli(['submit', 'web-analytics', '--emr', '--dry-run', '--config', dead]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const runs = doc.requests.filter((q: { command: string }) => q.command === 'RunJobFlow');
    expect(runs).toHaveLength(1);
    const run = runs[0].input;
    expect(run.Steps.map((s: { Name: string; ActionOnFailure: string }) => [s.Name, s.ActionOnFailure])).toEqual(
      STAGES.map((s) => [`web-analytics/${s} (${s === 'parse' ? 'pig' : 'spark'})`, 'TERMINATE_CLUSTER']),
    );
    expect(run.StepConcurrencyLevel).toBe(1);
    expect(run.Applications).toEqual([{ Name: 'Pig' }, { Name: 'Spark' }]);
    expect(run.Instances.KeepJobFlowAliveWhenNoSteps).toBe(false);
    expect(doc.requests.map((q: { command: string }) => q.command).slice(-3)).toEqual(['RunJobFlow', 'DescribeCluster', 'ListSteps']);
    // Without --param date, the partition shows as its placeholder (a run needs it).
    expect(r.stderr).toContain("dry run: parameter 'date' (date) has no value: shown as {date}; a run needs --param date=<value>");
    const [parse, traffic, topPages, bots] = doc.steps;
    expect(doc.steps.map((s: { stage: string; engine: string; after: string[] }) => [s.stage, s.engine, s.after])).toEqual([
      ['parse', 'pig', []], ['traffic', 'spark', ['parse']], ['top-pages', 'spark', ['parse']], ['bots', 'spark', ['parse']],
    ]);
    expect(parse.inputs.logs).toBe('s3://emr-jobs-example/logs/dt={date}/');
    expect(parse.outputs.requests).toBe(`s3://${BUCKET}/ej/runs/${doc.runId}/parse/requests`);
    for (const s of [traffic, topPages, bots]) expect(s.inputs.logs).toBe(parse.outputs.requests);
    expect(traffic.outputs.traffic_by_hour).toBe('s3://emr-jobs-example/warehouse/traffic_by_hour/dt={date}');
    expect(bots.outputs.metrics).toBe(`s3://${BUCKET}/ej/runs/${doc.runId}/bots/metrics`);
    expect(run.Steps[1].HadoopJarStep.Args).toEqual(['spark-submit', '--deploy-mode', 'cluster', traffic.script, '--logs', parse.outputs.requests, '--traffic_by_hour', traffic.outputs.traffic_by_hour, '--rejects__logs', `s3://${BUCKET}/ej/runs/${doc.runId}/traffic/_rejects/logs`]);
    // One estimate: the profile's 15 min per step, 4 steps.
    expect(doc.cost.minutes).toBe(60);
    expect(doc.cost.totalUsd).toBeCloseTo(0.48, 10);
    expect(r.stderr).toMatch(/^ {2}2\. traffic {4}spark {2}s3:\/\/emr-jobs-test\/ej\/bundles\/[0-9a-f]{24}\/traffic\/traffic-by-hour\.py {2}\(after parse\)$/m);
    expect(r.stderr).toContain('15 min expected per step x 4 steps');
  }, 120_000);

  it('--engine and --cluster-id are refused for a pipeline (exit 2)', async () => {
    const dead = writeTestConfig('http://127.0.0.1:9', BUCKET);
    const engine = await runCli(['submit', 'web-analytics', '--emr', '--engine', 'pig', '--dry-run', '--config', dead]);
    expect([engine.code, engine.stderr.trim()]).toEqual([2, "usage error: --engine applies to jobs; each stage runs on the engine its pipeline declares (pipeline 'web-analytics')"]);
    const cluster = await runCli(['submit', 'web-analytics', '--emr', '--cluster-id', 'j-2AXXXXXXGAPLF', '--dry-run', '--config', dead]);
    expect(cluster.code).toBe(2);
    expect(cluster.stderr).toContain('--cluster-id applies to jobs; a pipeline runs on a transient cluster of its own');
  }, 120_000);
});
