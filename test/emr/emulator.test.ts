// `emr-jobs submit --emr` end to end against moto in server mode, whose steps the harness runs on the real
// local Pig and Spark. One harness serves every scenario; after each, no cluster may be left up.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DescribeClusterCommand, ListClustersCommand, ListStepsCommand, RunJobFlowCommand, TerminateJobFlowsCommand } from '@aws-sdk/client-emr';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients, makeClients } from '../../emr/aws-clients.ts';
import { loadProfile } from '../../emr/config.ts';
import { fileSha256, stageFiles } from '../../emr/stage.ts';
import { PROJECT_ROOT } from '../../engines/engine-paths.ts';
import { ctrlCWhenStepRuns, runCli } from './cli-process.ts';
import { brokenBundle, localOutput, readCsvOutput, useHarness, writeTestConfig } from './emulator-fixtures.ts';
import { esmDir, writeJobFile } from '../cli/job-file-fixture.ts';
import { writeLogParts } from '../cli/log-parts-fixture.ts';
import { pigCommandLineValue } from '../../codegen/pig/index.ts';
import { jarFileName, PARQUET_PIG_ARTIFACTS } from '../../codegen/pig/pig-parquet.ts';
import { bundledUdfJar, UDF_JAR } from '../../engines/pig-udf-jar.ts';
import { parquetTextRows } from '../../runtime/parquet/parquet-files.ts';
import { executePlan, tableToRows } from '../../runtime/index.ts';
import {
  clearRequests, harnessAvailable, injectFaults, listKeys, pauseSteps, readObject, servedRequests, type Harness,
} from './moto-harness.ts';

const BUCKET = 'emr-jobs-test';
const LOGS = 'jobs/data/apache_logs';
const JOB_FILE = path.join(PROJECT_ROOT, 'jobs', 'top-pages.ts');
const ready = harnessAvailable();

describe.runIf(ready)('emr-jobs submit --emr on the moto emulator', () => {
  let h: Harness;
  let config: string;
  const cli = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli([...args, '--config', config], opts);
  const runIdOf = (stderr: string) => /\(run (\d{8}-\d{6}-[0-9a-f]{6})\)/.exec(stderr)?.[1];
  const clusterIdOf = (text: string) => /\b(j-[A-Z0-9]+)\b/.exec(text)?.[1];

  const env = useHarness(BUCKET);
  beforeAll(() => void ({ h, config } = env));

  for (const engine of ['spark', 'pig'] as const) {
    it(`runs top-pages with --engine ${engine} and writes what the local runtime writes`, async () => {
      const runLog = path.join(mkdtempSync(path.join(tmpdir(), 'emr-jobs-runlog-')), 'runs.jsonl');
      const r = await cli(['submit', 'top-pages', '--emr', '--engine', engine, '--local', LOGS], { env: { EMR_JOBS_RUN_LOG: runLog } });
      expect(r.stderr).toMatch(/estimated cost: ~\$0\.12 for 15 min/);
      expect(r.code, r.stderr).toBe(0);
      const runId = runIdOf(r.stderr)!;
      expect(r.stdout.trim()).toBe(`top_pages\ts3://${BUCKET}/ej/runs/${runId}/top_pages/`);
      expect(r.stderr).toMatch(/cluster j-[A-Z0-9]+ TERMINATED \(Steps completed\); step s-[A-Z0-9]+ COMPLETED/);
      // The billed figure beside the estimate, from the cluster's timeline.
      expect(r.stderr).toMatch(/^billed: ~\$\d+\.\d+ for \d+ s of cluster j-[A-Z0-9]+ \(its timeline, \S+ to \S+; same instances and prices as the estimate\); estimated ~\$0\.12 for 15 min$/m);
      const local = await localOutput('top-pages', LOGS, 'top_pages');
      const remote = await readCsvOutput(h, BUCKET, `ej/runs/${runId}/top_pages/`, local.header);
      expect(remote.rows).toEqual(local.rows);
      expect(remote.rows).toHaveLength(10);
      if (engine === 'pig') {
        // Its top-n REGISTERs the package's TopN jar (the emulated cluster's Pig has none): staged under lib/,
        // alone (no Parquet jars), byte for byte the built one.
        const steps = await h.emr.send(new ListStepsCommand({ ClusterId: clusterIdOf(r.stderr)! }));
        const lib = (steps.Steps?.[0].Config?.Args ?? []).map((a) => /^emr_jobs_pig_lib=s3:\/\/[^/]+\/(.+)$/.exec(a)?.[1]).find(Boolean)!;
        expect(lib).toMatch(/^ej\/lib\/[0-9a-f]{24}$/);
        expect((await listKeys(h, BUCKET, `${lib}/`)).map((k) => k.slice(lib.length + 1))).toEqual([UDF_JAR]);
        expect(Buffer.compare(await readObject(h, BUCKET, `${lib}/${UDF_JAR}`), readFileSync(bundledUdfJar()))).toBe(0);
      }
      // The cluster was asked for with only the application its step needs, and tagged with the run.
      const c = await h.emr.send(new DescribeClusterCommand({ ClusterId: clusterIdOf(r.stderr)! }));
      expect(c.Cluster?.Applications?.map((a) => a.Name)).toEqual([engine === 'pig' ? 'Pig' : 'Spark']);
      expect(c.Cluster?.Tags).toEqual(expect.arrayContaining([{ Key: 'emr-jobs:run-id', Value: runId }, { Key: 'emr-jobs:job', Value: 'top-pages' }]));
      // The run's record: in the local run log, and as one object under <prefix>/run-log/, which runs --s3 reads.
      const [record] = readFileSync(runLog, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(record).toMatchObject({
        kind: 'job', job: 'top-pages', status: 'succeeded', engine: 'emr', clusterId: clusterIdOf(r.stderr), owner: 'web-team@example.com', freshWithin: 36 * 3600,
        outputs: [{ name: 'top_pages', path: `s3://${BUCKET}/ej/runs/${runId}/top_pages`, rows: null }], costUsd: 0.12, error: null,
      });
      expect(record.inputs).toEqual([{ name: 'logs', path: path.join(PROJECT_ROOT, LOGS), bytes: statSync(path.join(PROJECT_ROOT, LOGS)).size }]);
      const keys = (await listKeys(h, BUCKET, 'ej/run-log/')).filter((k) => k.includes(record.id));
      expect(keys).toHaveLength(1);
      expect(JSON.parse((await readObject(h, BUCKET, keys[0])).toString('utf8'))).toEqual(record);
      const runs = await cli(['runs', '--s3', '--format', 'json']);
      expect(runs.code, runs.stderr).toBe(0);
      expect((JSON.parse(runs.stdout) as { id: string }[]).filter((x) => x.id === record.id)).toEqual([record]);
      const table = await cli(['runs', '--s3', '--job', 'top-pages']);
      expect(table.stdout).toMatch(new RegExp(`│ top-pages │ +│ succeeded +│ emr +│ +│ +│ +│ [\\d.]+ +│ web-team@example\\.com │ ${record.clusterId} │ \\$0\\.12 │`));
      expect(table.stdout).toContain(`in s3://${BUCKET}/ej/run-log/`);
    }, 240_000);
  }

  it('submit --local <folder> stages what run --local <folder> reads, under one prefix the step reads', async () => {
    const parts = writeLogParts(mkdtempSync(path.join(tmpdir(), 'emr-jobs-parts-')));
    const r = await cli(['submit', 'top-pages', '--emr', '--engine', 'pig', '--local', parts.folder]);
    expect(r.code, r.stderr).toBe(0);
    const runId = runIdOf(r.stderr)!;
    const steps = await h.emr.send(new ListStepsCommand({ ClusterId: clusterIdOf(r.stderr)! }));
    const args = steps.Steps![0].Config!.Args!;
    const prefix = /^logs=s3:\/\/emr-jobs-test\/(ej\/inputs\/[0-9a-f]{64}\/logs\/)$/.exec(args[args.indexOf('-p') + 1])?.[1];
    expect(prefix, args.join(' ')).toBeDefined();
    // The run's file set, hidden names left out; the gzip part without a .gz name gets one (Hadoop reads by name).
    const keys = (await listKeys(h, BUCKET, prefix!)).map((k) => k.slice(prefix!.length));
    expect(keys).toEqual(['part-00000.gz', 'part-00001', 'part-00002.gz', 'sub/part-00003']);
    const local = await localOutput('top-pages', parts.whole, 'top_pages');
    const remote = await readCsvOutput(h, BUCKET, `ej/runs/${runId}/top_pages/`, local.header);
    expect(remote.rows).toEqual(local.rows);
  }, 240_000);

  it('a re-submit uploads nothing new (content-addressed), and --detach + status follow the run', async () => {
    await clearRequests(h);
    const runLog = path.join(mkdtempSync(path.join(tmpdir(), 'emr-jobs-runlog-')), 'runs.jsonl');
    const r = await cli(['submit', 'top-pages', '--emr', '--local', LOGS, '--detach'], { env: { EMR_JOBS_RUN_LOG: runLog } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('staged 4 file(s) under s3://emr-jobs-test/: 0 uploaded, 4 already there');
    const served = await servedRequests(h);
    // Nothing uploaded but the run's record, under <prefix>/run-log/.
    expect(served.filter((q) => q.service === 's3').map((q) => q.action)).toEqual(['HeadObject', 'HeadObject', 'HeadObject', 'HeadObject', 'PutObject']);
    const clusterId = /^cluster (j-[A-Z0-9]+)$/m.exec(r.stdout)![1];
    const stepId = /^step (s-[A-Z0-9]+)$/m.exec(r.stdout)![1];
    // Recorded as submitted, with its cluster and the files it staged; runs shows it so.
    const [record] = readFileSync(runLog, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(record).toMatchObject({ job: 'top-pages', status: 'submitted', engine: 'emr', clusterId, error: null });
    expect(record.staged).toHaveLength(4);
    for (const uri of record.staged) expect(uri).toMatch(new RegExp(`^s3://${BUCKET}/`));
    expect((await listKeys(h, BUCKET, 'ej/run-log/')).filter((k) => k.includes(record.id))).toHaveLength(1);
    const table = await cli(['runs', '--job', 'top-pages'], { env: { EMR_JOBS_RUN_LOG: runLog } });
    expect(table.stdout).toMatch(new RegExp(`│ top-pages │ +│ submitted +│ emr +│ +│ +│ +│ +│ web-team@example\\.com │ ${clusterId} │`));
    let status = await cli(['status', clusterId]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(stepId);
    for (let i = 0; i < 120 && !/TERMINATED/.test(status.stdout.split('\n')[0]); i++) {
      await new Promise((res) => setTimeout(res, 500));
      status = await cli(['status', clusterId]);
    }
    expect(status.stdout.split('\n')[0]).toMatch(new RegExp(`^cluster ${clusterId} TERMINATED \\(Steps completed\\)  job top-pages, run `));
    expect(status.stdout).toMatch(new RegExp(`${stepId}.*COMPLETED`));
  }, 240_000);

  for (const engine of ['spark', 'pig'] as const) {
    it(`a failing ${engine} step is explained from its logs: the error and the job line`, async () => {
      const { dir, brokenLine } = await brokenBundle(engine);
      const r = await cli(['submit', '--bundle', dir, '--emr', '--engine', engine, '--local', LOGS]);
      expect(r.code, r.stderr).toBe(1);
      const filterLine = readFileSync(JOB_FILE, 'utf8').split('\n').findIndex((l) => l.includes('.filter(')) + 1;
      // Pig comments cite file:line, PySpark ones file:line:column.
      const jobLine = new RegExp(`job: {4}jobs/top-pages\\.ts:${filterLine}(:\\d+)? {2}\\.filter\\(\\(r\\) => r\\.status\\.between\\(200, 299\\)\\)`);
      const errorLine = engine === 'spark' ? /error \(stderr\): \S*AnalysisException: .*statusx/ : /error \(stderr\): ERROR 1025: <file .*, line \d+, column \d+> Invalid field projection\. Projected field \[statusx\]/;
      expect(r.stderr).toMatch(errorLine);
      expect(r.stderr).toContain(`script: top-pages.${engine === 'pig' ? 'pig' : 'py'}:${brokenLine}`);
      expect(r.stderr).toMatch(jobLine);
      expect(r.stderr).toMatch(/cluster j-[A-Z0-9]+ TERMINATED_WITH_ERRORS/);
      // `logs` finds the same from S3 alone (the script is fetched back from the bundle's key).
      const logs = await cli(['logs', clusterIdOf(r.stderr)!]);
      expect(logs.code).toBe(0);
      expect(logs.stdout).toMatch(errorLine);
      expect(logs.stdout).toMatch(jobLine);
    }, 240_000);
  }

  it('Ctrl-C while waiting terminates the cluster this run started, and exits 130', async () => {
    await pauseSteps(h);
    const ctrlC = ctrlCWhenStepRuns(60_000);
    const runLog = path.join(mkdtempSync(path.join(tmpdir(), 'emr-jobs-runlog-')), 'runs.jsonl');
    const r = await cli(['submit', 'top-pages', '--emr', '--local', LOGS], { ...ctrlC, env: { EMR_JOBS_RUN_LOG: runLog } });
    expect(ctrlC.sent()).toBe(true);
    expect(r.code).toBe(130);
    const id = clusterIdOf(r.stderr)!;
    expect(JSON.parse(readFileSync(runLog, 'utf8'))).toMatchObject({ job: 'top-pages', status: 'interrupted', engine: 'emr', clusterId: id });
    expect(r.stderr).toContain(`interrupted (SIGINT, Ctrl-C): terminating cluster ${id}, which this run started`);
    expect(r.stderr).toContain(`TerminateJobFlows sent: cluster ${id} is TERMINATED`);
  }, 120_000);

  describe('run-time parameters', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-params-job-'));
    esmDir(dir);
    const paramJob = writeJobFile(path.join(dir, 'esm'), 'status-counts', [
      "export default job('status-counts', 'requests per status from a minimum, tagged', (j) => {",
      "  const minStatus = j.param('min_status', 'int');",
      "  const tag = j.param('tag', 'string', { default: 'none' });",
      "  j.accessLog('logs').filter((r) => r.status.ge(minStatus)).groupBy('status').agg(() => ({ n: count() }))",
      "    .select((r) => ({ status: r.status, n: r.n, tag })).orderBy('status').writeCsv('by_status');",
      '});',
    ], 'j.param');
    const hostile = `it's "q" \\ $x \${y}`;

    for (const engine of ['spark', 'pig'] as const) {
      it(`--param values go into the ${engine} step's arguments, and the step's output follows them`, async () => {
        const r = await cli(['submit', paramJob.file, '--emr', '--engine', engine, '--local', LOGS, '--param', 'min_status=400', '--param', `tag=${hostile}`]);
        expect(r.code, r.stderr).toBe(0);
        const steps = await h.emr.send(new ListStepsCommand({ ClusterId: clusterIdOf(r.stderr)! }));
        const args = steps.Steps?.[0].Config?.Args ?? [];
        const tail = engine === 'pig' ? ['-p', 'min_status="400"', '-p', `tag=${pigCommandLineValue(hostile)}`] : ['--min_status=400', `--tag=${hostile}`];
        expect(args.slice(-tail.length)).toEqual(tail);
        const { job } = await import(pathToFileURL(paramJob.file).href).then((m) => ({ job: m.default }));
        const local = await localOutput(job.plan(), LOGS, 'by_status', { min_status: 400, tag: hostile });
        expect(local.rows.length).toBeGreaterThan(1);
        expect(local.rows.every((l) => Number(l.split(',')[0]) >= 400)).toBe(true);
        const runId = runIdOf(r.stderr)!;
        expect((await readCsvOutput(h, BUCKET, `ej/runs/${runId}/by_status/`, local.header)).rows).toEqual(local.rows);
      }, 240_000);
    }

    it('a missing or ill-typed value is exit 2 before anything is staged or started', async () => {
      await clearRequests(h);
      const missing = await cli(['submit', paramJob.file, '--emr', '--local', LOGS]);
      expect([missing.code, missing.stderr.trim()]).toEqual([2, "usage error: parameter 'min_status' (int) has no value and no default: give --param min_status=<a whole number from -2147483648 to 2147483647>"]);
      const bad = await cli(['submit', paramJob.file, '--emr', '--local', LOGS, '--param', 'min_status=4oo']);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim()).toBe("usage error: --param min_status=4oo: parameter 'min_status' is a int; expected a whole number from -2147483648 to 2147483647");
      expect(await servedRequests(h)).toEqual([]);
    }, 60_000);
  });

  it('a Parquet output on Pig: the parquet-pig jars go up once under lib/, the step REGISTERs them from there (the emulated cluster\'s Pig has no Parquet jars of its own)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-parquet-job-'));
    esmDir(dir);
    const pq = writeJobFile(path.join(dir, 'esm'), 'status-parquet', [
      "export default job('status-parquet', 'requests per status, as Parquet', (j) => {",
      "  j.accessLog('logs').groupBy('status').agg(() => ({ n: count() })).writeParquet('by_status');",
      '});',
    ], 'writeParquet');
    const r = await cli(['submit', pq.file, '--emr', '--engine', 'pig', '--local', LOGS]);
    expect(r.code, r.stderr).toBe(0);
    const steps = await h.emr.send(new ListStepsCommand({ ClusterId: clusterIdOf(r.stderr)! }));
    const args = steps.Steps?.[0].Config?.Args ?? [];
    const lib = args.map((a) => /^emr_jobs_pig_lib=s3:\/\/[^/]+\/(.+)$/.exec(a)?.[1]).find(Boolean)!;
    expect(lib).toMatch(/^ej\/lib\/[0-9a-f]{24}$/);
    const jars = (await listKeys(h, BUCKET, `${lib}/`)).map((k) => k.slice(lib.length + 1));
    expect(jars).toEqual(PARQUET_PIG_ARTIFACTS.map(jarFileName).sort());
    // What Pig wrote on the "cluster" reads back as the runtime's rows.
    const runId = runIdOf(r.stderr)!;
    const parts = (await listKeys(h, BUCKET, `ej/runs/${runId}/by_status/`)).filter((k) => /\/part-[^/]*$/.test(k));
    expect(parts.length).toBeGreaterThan(0);
    const rows = (await Promise.all(parts.map(async (k, i) => {
      const file = path.join(dir, `part-${i}.parquet`);
      writeFileSync(file, await readObject(h, BUCKET, k));
      return parquetTextRows(file).rows;
    }))).flat();
    const { job } = await import(pathToFileURL(pq.file).href).then((m) => ({ job: m.default }));
    const { tables } = await executePlan(job.plan(), { logs: LOGS });
    const sort = (x: (string | null)[][]) => x.map((row) => JSON.stringify(row)).sort();
    expect(sort(rows)).toEqual(sort(tableToRows(tables.by_status)));
    expect(rows.length).toBeGreaterThan(3);
  }, 240_000);

  describe('on an existing cluster (--cluster-id)', () => {
    let clusterId = '';
    beforeAll(async () => {
      const out = await h.emr.send(new RunJobFlowCommand({
        Name: 'shared-cluster', ReleaseLabel: 'emr-7.5.0', LogUri: `s3://${BUCKET}/shared-logs/`, ServiceRole: 'EMR_DefaultRole', JobFlowRole: 'EMR_EC2_DefaultRole',
        Applications: [{ Name: 'Spark' }, { Name: 'Pig' }],
        Instances: { InstanceGroups: [{ InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1 }], KeepJobFlowAliveWhenNoSteps: true },
      }));
      clusterId = out.JobFlowId!;
    });
    afterEach(async () => {
      // The test's own cluster; terminated so that the check after every scenario holds.
      await h.emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
    });

    it('adds the step, waits for it, and leaves the cluster running', async () => {
      const r = await cli(['submit', 'top-pages', '--emr', '--engine', 'pig', '--local', LOGS, '--cluster-id', clusterId]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/estimated cost/);
      expect(r.stderr).toMatch(new RegExp(`added step s-[A-Z0-9]+ to cluster ${clusterId}`));
      const c = await h.emr.send(new DescribeClusterCommand({ ClusterId: clusterId }));
      expect(c.Cluster?.Status?.State).toBe('WAITING');
      const steps = await h.emr.send(new ListStepsCommand({ ClusterId: clusterId }));
      expect(steps.Steps?.map((s) => [s.Status?.State, s.ActionOnFailure])).toEqual([['COMPLETED', 'CANCEL_AND_WAIT']]);
      const runId = runIdOf(r.stderr)!;
      const local = await localOutput('top-pages', LOGS, 'top_pages');
      expect((await readCsvOutput(h, BUCKET, `ej/runs/${runId}/top_pages/`, local.header)).rows).toEqual(local.rows);
    }, 240_000);
  });

  describe('Ctrl-C on an existing cluster', () => {
    let clusterId = '';
    beforeAll(async () => {
      const out = await h.emr.send(new RunJobFlowCommand({
        Name: 'shared-cluster-2', ReleaseLabel: 'emr-7.5.0', LogUri: `s3://${BUCKET}/shared-logs/`, ServiceRole: 'EMR_DefaultRole', JobFlowRole: 'EMR_EC2_DefaultRole',
        Instances: { InstanceGroups: [{ InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1 }], KeepJobFlowAliveWhenNoSteps: true },
      }));
      clusterId = out.JobFlowId!;
    });
    afterEach(async () => {
      await h.emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
    });

    it('cancels only the step it added (moto has no CancelSteps: says so) and never terminates the cluster', async () => {
      await pauseSteps(h);
      await clearRequests(h);
      // moto answers CancelSteps with a 500, which is retried for the grace period: kept short here.
      const r = await cli(['submit', 'top-pages', '--emr', '--local', LOGS, '--cluster-id', clusterId, '--retry-grace', '3'], ctrlCWhenStepRuns(60_000));
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(new RegExp(`interrupted \\(SIGINT, Ctrl-C\\): cancelling step s-[A-Z0-9]+ on cluster ${clusterId} \\(the cluster keeps running\\)`));
      expect(r.stderr).toMatch(/CancelSteps failed \(.*\): the step may still run on j-[A-Z0-9]+; cancel it with: aws emr cancel-steps --cluster-id j-/);
      const served = await servedRequests(h);
      expect(served.some((q) => q.action === 'CancelSteps')).toBe(true);
      expect(served.some((q) => q.action === 'TerminateJobFlows')).toBe(false);
      const c = await h.emr.send(new DescribeClusterCommand({ ClusterId: clusterId }));
      expect(['RUNNING', 'WAITING']).toContain(c.Cluster?.Status?.State);
    }, 120_000);
  });

  it('throttling and 5xx answers are retried, and a cluster whose RunJobFlow answer was lost is adopted, not doubled', async () => {
    await clearRequests(h);
    await injectFaults(h, 's3', 2, '500');
    await injectFaults(h, 'emr', 1, 'throttle');
    await injectFaults(h, 'emr', 1, '500-after');
    await injectFaults(h, 'emr', 2, 'throttle');
    const r = await cli(['submit', 'top-pages', '--emr', '--local', LOGS]);
    expect(r.code, r.stderr).toBe(0);
    const served = await servedRequests(h);
    const emr = served.filter((q) => q.service === 'emr').map((q) => `${q.action}${q.fault ? `:${q.fault}` : ''}`);
    expect(emr.slice(0, 6)).toEqual(['RunJobFlow:throttle', 'RunJobFlow:500-after', 'ListClusters:throttle', 'ListClusters:throttle', 'ListClusters', 'ListSteps']);
    expect(served.filter((q) => q.service === 's3' && q.fault === '500')).toHaveLength(2);
    const runId = runIdOf(r.stderr)!;
    const all = await h.emr.send(new ListClustersCommand({}));
    expect((all.Clusters ?? []).filter((c) => c.Name?.includes(runId))).toHaveLength(1);
  }, 240_000);

  it('large files go up in parts (lib-storage Upload), come back byte for byte, and are not sent twice', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'emr-jobs-big-')), 'big.bin');
    writeFileSync(file, randomBytes(11 * 1024 * 1024 + 123));
    const sha = await fileSha256(file);
    const staged = { localPath: file, bucket: BUCKET, key: `ej/inputs/${sha}/big.bin`, sha256: sha, size: statSync(file).size };
    const plan = { bundleUri: '', scriptUri: '', inputs: {}, outputs: {}, files: [staged] };
    const aws = makeClients(loadProfile({ configFile: config, env: {} }));
    try {
      await clearRequests(h);
      const first = await stageFiles(aws.s3, plan, { multipartThreshold: 5 * 1024 * 1024, partSize: 5 * 1024 * 1024 });
      expect(first.uploaded).toHaveLength(1);
      const actions = (await servedRequests(h)).map((q) => q.action);
      expect(actions).toEqual(['HeadObject', 'CreateMultipartUpload', 'UploadPart', 'UploadPart', 'UploadPart', 'CompleteMultipartUpload']);
      expect(createHash('sha256').update(await readObject(h, BUCKET, staged.key)).digest('hex')).toBe(sha);
      const second = await stageFiles(aws.s3, plan, { multipartThreshold: 5 * 1024 * 1024 });
      expect([second.uploaded.length, second.skipped.length]).toEqual([0, 1]);
    } finally {
      closeClients(aws);
    }
  }, 120_000);

  it('--max-cost refuses to start (exit 2) and sends nothing', async () => {
    await clearRequests(h);
    const r = await cli(['submit', 'top-pages', '--emr', '--local', LOGS, '--max-cost', '0.05']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('estimated cost $0.12 is above --max-cost $0.05: not starting');
    expect(await servedRequests(h)).toEqual([]);
  }, 60_000);
});

describe('emr-jobs submit without an emulator', () => {
  it('--dry-run prints the S3 keys and every request, and sends nothing (the endpoint is a dead port)', async () => {
    const dead = writeTestConfig('http://127.0.0.1:9', 'emr-jobs-test');
    const r = await runCli(['submit', 'top-pages', '--emr', '--local', LOGS, '--dry-run', '--config', dead]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const commands = doc.requests.map((q: { command: string }) => q.command);
    expect(commands.slice(0, 2)).toEqual(['HeadObject', 'PutObject']);
    expect(commands.slice(-3)).toEqual(['RunJobFlow', 'DescribeCluster', 'ListSteps']);
    const run = doc.requests.find((q: { command: string }) => q.command === 'RunJobFlow').input;
    expect(run.Instances.KeepJobFlowAliveWhenNoSteps).toBe(false);
    expect(run.Steps[0].HadoopJarStep.Args.slice(0, 3)).toEqual(['spark-submit', '--deploy-mode', 'cluster']);
    expect(doc.s3.inputs.logs).toMatch(/^s3:\/\/emr-jobs-test\/ej\/inputs\/f15c31e905f86c7b[0-9a-f]{48}\/apache_logs$/);
    expect(doc.cost.totalUsd).toBeCloseTo(0.12, 10);
  }, 60_000);

  it('a config error exits 2 naming the file, the profile and the field', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-badcfg-'));
    const file = path.join(dir, 'emr-jobs.config.json');
    writeFileSync(file, JSON.stringify({ profiles: { dev: { region: 'us-east-1', bucket: 'emr-jobs-test', serviceRole: 'r', jobFlowRole: 'j', releaseLabel: 'emr-5.36.0', master: { instanceType: 'm5.xlarge' } } } }));
    const r = await runCli(['submit', 'top-pages', '--emr', '--local', LOGS, '--dry-run', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${file}: usage error: profile 'dev': field 'releaseLabel': expected an EMR 7 release label like "emr-7.5.0" (EMR 7 ships Spark 3.5 and Pig 0.17, as the local engines), got "emr-5.36.0"`);
    expect(r.stdout).toBe('');
  }, 60_000);
});
