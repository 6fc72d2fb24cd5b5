// `emr-jobs submit --serverless` end to end against moto's EMR Serverless API in server mode, whose job runs the
// harness moves through their states and runs on the real local Spark. One harness serves every scenario.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetApplicationCommand, GetJobRunCommand, ListApplicationsCommand } from '@aws-sdk/client-emr-serverless';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engines/engine-paths.ts';
import { runCli } from './cli-process.ts';
import { brokenBundle, localOutput, readCsvOutput, serverlessConfig, SERVERLESS_ROLE as ROLE, useServerlessHarness } from './emulator-fixtures.ts';
import { REGION, clearRequests, harnessAvailable, pauseSteps, resumeSteps, servedRequests } from './moto-harness.ts';

const BUCKET = 'emr-jobs-sl';
const LOGS = 'jobs/data/apache_logs';
const JOB_FILE = path.join(PROJECT_ROOT, 'jobs', 'top-pages.ts');

const writeServerlessConfig = (endpoint: string, applicationId: string, extra: Record<string, unknown> = {}) => serverlessConfig(endpoint, BUCKET, applicationId, extra);

const runIdOf = (stderr: string) => /\(run (\d{8}-\d{6}-[0-9a-f]{6})\)/.exec(stderr)?.[1];
const jobRunOf = (stderr: string) => /started job run (\S+) on application (\S+) /.exec(stderr)?.slice(1, 3) as [string, string] | undefined;

describe.runIf(harnessAvailable())('emr-jobs submit --serverless on the moto emulator', () => {
  const env = useServerlessHarness(BUCKET);
  const cli = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli([...args, '--config', env.config], opts);
  const appState = async (id: string) => (await env.sl.send(new GetApplicationCommand({ applicationId: id }))).application?.state;
  const liveApps = async () => ((await env.sl.send(new ListApplicationsCommand({}))).applications ?? []).filter((a) => a.id !== env.shared && a.state !== 'TERMINATED');

  it('runs top-pages as a job run on an application it creates, writes what the local runtime writes, then stops and deletes the application', async () => {
    await clearRequests(env.h);
    const r = await cli(['submit', 'top-pages', '--serverless', '--local', LOGS]);
    expect(r.code, r.stderr).toBe(0);
    const runId = runIdOf(r.stderr)!;
    expect(r.stdout.trim()).toBe(`top_pages\ts3://${BUCKET}/sl/runs/${runId}/top_pages/`);
    const [jobRunId, appId] = jobRunOf(r.stderr)!;
    // From the input's size: 2.3 MiB takes the Spark step floor, one minute of the driver and 4 executors.
    expect(r.stderr).toContain('estimated cost: ~$0.03 for 1 min at most (1 x 4 vCPU/16 GB (driver) + 4 x 4 vCPU/16 GB (executors) per job run: 0.333 vCPU-h, 1.333 GB-h');
    expect(r.stderr).toMatch(/^ {2}job run top-pages \(spark\): 2\.3 MiB x 3 pass\(es\) .* = 1 min \(the spark step floor\)$/m);
    expect(r.stderr).toContain(`job run ${jobRunId} SUCCESS`);
    expect(r.stderr).toContain(`stopped and deleted application ${appId}, which this run created: it is TERMINATED`);
    const local = await localOutput('top-pages', LOGS, 'top_pages');
    expect((await readCsvOutput(env.h, BUCKET, `sl/runs/${runId}/top_pages/`, local.header)).rows).toEqual(local.rows);
    // The job run got the staged script and the cluster step's script arguments.
    const run = (await env.sl.send(new GetJobRunCommand({ applicationId: appId, jobRunId }))).jobRun!;
    const submit = run.jobDriver!.sparkSubmit!;
    expect(submit.entryPoint).toMatch(new RegExp(`^s3://${BUCKET}/sl/bundles/[0-9a-f]{24}/top-pages\\.py$`));
    expect(submit.entryPointArguments!.slice(0, 2)).toEqual(['--logs', expect.stringMatching(new RegExp(`^s3://${BUCKET}/sl/inputs/`))]);
    expect(submit.entryPointArguments).toContain(`s3://${BUCKET}/sl/runs/${runId}/top_pages`);
    const served = (await servedRequests(env.h)).filter((q) => (q.service as string) === 'emr-serverless').map((q) => q.action);
    expect([...new Set(served)]).toEqual(['CreateApplication', 'GetApplication', 'StartApplication', 'StartJobRun', 'GetJobRun', 'StopApplication', 'DeleteApplication']);
    expect(await liveApps()).toEqual([]);
  }, 240_000);

  it('a failing script on the profile\'s application is explained from the driver log: the error and the job line; the application stays', async () => {
    const { dir, brokenLine } = await brokenBundle('spark');
    const r = await cli(['submit', '--bundle', dir, '--serverless', '--profile', 'shared', '--local', LOGS]);
    expect(r.code, r.stderr).toBe(1);
    const [jobRunId] = jobRunOf(r.stderr)!;
    const filterLine = readFileSync(JOB_FILE, 'utf8').split('\n').findIndex((l) => l.includes('.filter(')) + 1;
    expect(r.stderr).toContain(`job run ${jobRunId} FAILED`);
    expect(r.stderr).toMatch(/error \(SPARK_DRIVER\/stderr\): \S*AnalysisException: .*statusx/);
    expect(r.stderr).toContain(`script: top-pages.py:${brokenLine}`);
    expect(r.stderr).toMatch(new RegExp(`job: {4}jobs/top-pages\\.ts:${filterLine}:\\d+ {2}\\.filter\\(\\(r\\) => r\\.status\\.between\\(200, 299\\)\\)`));
    // Default log folder: the profile's bucket and prefix.
    expect(r.stderr).toContain(`logs:   s3://${BUCKET}/sl/logs/applications/${env.shared}/jobs/${jobRunId}/SPARK_DRIVER/`);
    expect(r.stderr).toMatch(/the job run did not complete on EMR Serverless/);
    expect(await appState(env.shared)).toBe('STARTED');
  }, 240_000);

  it('Ctrl-C cancels the job run and stops and deletes the application it created, exit 130', async () => {
    await pauseSteps(env.h);
    try {
      let sent = false;
      const r = await cli(['submit', 'top-pages', '--serverless', '--local', LOGS], {
        timeoutMs: 60_000,
        timeoutSignal: 'SIGINT',
        onStderr: (err, child) => {
          if (!sent && /\] application \S+ \| job run \S+ RUNNING/.test(err)) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      });
      expect(sent).toBe(true);
      expect(r.code, r.stderr).toBe(130);
      const [jobRunId, appId] = jobRunOf(r.stderr)!;
      expect(r.stderr).toContain(`interrupted (SIGINT, Ctrl-C): cancelling job run ${jobRunId} on application ${appId}`);
      expect(r.stderr).toContain(`job run ${jobRunId} CANCELLED`);
      expect(r.stderr).toContain(`stopped and deleted application ${appId}`);
      expect((await env.sl.send(new GetJobRunCommand({ applicationId: appId, jobRunId }))).jobRun?.state).toBe('CANCELLED');
      expect(await appState(appId)).toBe('TERMINATED');
    } finally {
      await resumeSteps(env.h);
    }
  }, 120_000);

  it('--engine pig, --emr beside --serverless and cluster flags are usage errors, before anything is sent', async () => {
    await clearRequests(env.h);
    const pig = await cli(['submit', 'top-pages', '--serverless', '--engine', 'pig', '--local', LOGS]);
    expect([pig.code, pig.stderr.trim()]).toEqual([2, 'usage error: --engine pig cannot run on EMR Serverless, which runs Spark and Hive only: drop --serverless (an EMR cluster runs Pig) or use --engine spark']);
    const both = await cli(['submit', 'top-pages', '--serverless', '--emr', '--local', LOGS]);
    expect([both.code, both.stderr.trim()]).toEqual([2, 'usage error: --emr and --serverless name two targets: give one']);
    const cluster = await cli(['submit', 'top-pages', '--serverless', '--instance-type', 'm5.xlarge', '--detach', '--local', LOGS]);
    expect([cluster.code, cluster.stderr.trim()]).toEqual([2, 'usage error: --detach, --instance-type: for EMR clusters, not --serverless']);
    expect(await servedRequests(env.h)).toEqual([]);
  }, 60_000);
});

describe('emr-jobs submit --serverless without an emulator', () => {
  it('--dry-run prints StartJobRun with the staged script and arguments and the cost; sends nothing (dead endpoint)', async () => {
    const config = writeServerlessConfig('http://127.0.0.1:9', '00fabcde12345678');
    const r = await runCli(['submit', 'top-pages', '--serverless', '--local', LOGS, '--dry-run', '--config', config, '--expected-minutes', '30']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const commands = doc.requests.map((q: { command: string }) => q.command);
    expect(commands.slice(0, 2)).toEqual(['HeadObject', 'PutObject']);
    expect(commands.filter((c: string) => !['HeadObject', 'PutObject'].includes(c))).toEqual([
      'CreateApplication', 'GetApplication', 'StartApplication', 'GetApplication', 'StartJobRun', 'GetJobRun', 'StopApplication', 'GetApplication', 'DeleteApplication',
    ]);
    const start = doc.requests.find((q: { command: string }) => q.command === 'StartJobRun').input;
    expect(start.jobDriver.sparkSubmit.entryPoint).toBe(doc.s3.script);
    expect(start.jobDriver.sparkSubmit.entryPointArguments).toEqual([
      '--logs', doc.s3.inputs.logs, '--top_pages', doc.s3.outputs.top_pages, '--rejects__logs', `${doc.s3.outputs.top_pages.replace(/top_pages$/, '')}_rejects/logs`,
    ]);
    expect(start.jobDriver.sparkSubmit.sparkSubmitParameters).toBe(
      '--conf spark.driver.cores=4 --conf spark.driver.memory=14g --conf spark.executor.cores=4 --conf spark.executor.memory=14g --conf spark.dynamicAllocation.maxExecutors=4',
    );
    expect(start.configurationOverrides.monitoringConfiguration.s3MonitoringConfiguration.logUri).toBe(`s3://${BUCKET}/sl-logs/`);
    const create = doc.requests.find((q: { command: string }) => q.command === 'CreateApplication').input;
    expect(create).toMatchObject({ releaseLabel: 'emr-7.5.0', type: 'SPARK', autoStopConfiguration: { enabled: true, idleTimeoutMinutes: 15 }, maximumCapacity: { cpu: '20 vCPU', memory: '80 GB' } });
    // 5 workers of 4 vCPU / 16 GB for 30 min: 10 vCPU-h and 40 GB-h at the us-east-1 defaults.
    expect(doc.cost.vcpuHours).toBeCloseTo(10, 10);
    expect(doc.cost.gbHours).toBeCloseTo(40, 10);
    expect(doc.cost.totalUsd).toBeCloseTo(10 * 0.052624 + 40 * 0.0057785, 10);
  }, 60_000);

  it('a config error exits 2 naming the file, the profile and the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ executionRoleArn: 'EMRServerlessJobRole', releaseLabel: 'emr-7.5.0' }, `field 'serverless.executionRoleArn': expected an IAM role ARN like "arn:aws:iam::123456789012:role/EMRServerlessJobRole", got "EMRServerlessJobRole"`],
      [{ executionRoleArn: ROLE, releaseLabel: 'emr-7.5.0', applicationId: '00fabcde12345678' }, `field 'serverless.releaseLabel': expected no release label beside "applicationId"`],
      [{ executionRoleArn: ROLE }, `field 'serverless.applicationId': expected an application id, or "releaseLabel"`],
      [{ executionRoleArn: ROLE, releaseLabel: 'emr-7.5.0', driver: { vcpu: 3, memoryGb: 8 } }, `field 'serverless.driver.vcpu': expected 1, 2, 4, 8 or 16, got 3`],
      [{ executionRoleArn: ROLE, releaseLabel: 'emr-7.5.0', clusterId: 'x' }, `profile 'bad': field 'serverless': unknown field 'clusterId'`],
    ];
    for (const [serverless, message] of cases) {
      const config = writeServerlessConfig('http://127.0.0.1:9', '00fabcde12345678', { bad: { region: REGION, bucket: BUCKET, serverless } });
      const r = await runCli(['submit', 'top-pages', '--serverless', '--profile', 'bad', '--local', LOGS, '--dry-run', '--config', config]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim()).toContain(`${config}: usage error: `);
      expect(r.stderr).toContain(message.startsWith('profile') ? message : `profile 'bad': ${message}`);
      expect(r.stdout).toBe('');
    }
    const noConfig = await runCli(['submit', 'top-pages', '--serverless', '--local', LOGS, '--dry-run', '--region', REGION], { cwd: mkdtempSync(path.join(tmpdir(), 'emr-jobs-sl-none-')) });
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toContain('and no --bucket, --execution-role-arn, --application-id (or --release-label): without a config file, --serverless needs');
  }, 120_000);
});
