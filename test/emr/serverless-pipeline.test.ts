// `emr-jobs submit <pipeline> --serverless` against moto's EMR Serverless API, whose job runs the harness runs on
// the real local Spark: a three-stage Spark pipeline (fixtures/serverless-pipeline.ts: parse and traffic
// independent, pages after parse) run to completion; its first stage broken while traffic is held running
// (the failure cancels it, pages never starts); Ctrl-C with both first stages running. Pig refusal and dry
// run send nothing.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetJobRunCommand, ListApplicationsCommand, ListJobRunsCommand } from '@aws-sdk/client-emr-serverless';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../engines/engine-paths.ts';
import { DSL } from '../cli/job-file-fixture.ts';
import { runCli } from './cli-process.ts';
import { brokenPipelineBundle, readCsvOutput, serverlessConfig, useServerlessHarness } from './emulator-fixtures.ts';
import fixture from './fixtures/serverless-pipeline.ts';
import { harnessAvailable, holdJobRuns, listKeys, pauseSteps, resumeSteps } from './moto-harness.ts';

const BUCKET = 'emr-jobs-slp';
const LOGS = 'jobs/data/apache_logs';
const runIdOf = (stderr: string) => /\(run (\d{8}-\d{6}-[0-9a-f]{6})\)/.exec(stderr)?.[1];
const startedRuns = (stderr: string) => [...stderr.matchAll(/started job run (\S+) on application (\S+) for stage (\S+) /g)].map((m) => ({ id: m[1], app: m[2], stage: m[3] }));

/** The fixture pipeline as a job file outside the package (as a user's is loaded), its imports pointing at the toolkit. */
function fixtureFile(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'emr-jobs-slp-')), 'esm');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  const text = readFileSync(path.join(import.meta.dirname, 'fixtures', 'serverless-pipeline.ts'), 'utf8')
    .replace("'../../../dsl/index.ts'", JSON.stringify(DSL))
    .replaceAll("'../../../jobs/", `'${path.join(PROJECT_ROOT, 'jobs')}/`);
  const file = path.join(dir, 'sl-pages.ts');
  writeFileSync(file, text);
  return file;
}

/** A CSV output written by `emr-jobs run`: its header and its rows. */
function localCsv(file: string): { header: string; rows: string[] } {
  const [header, ...rows] = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  return { header, rows };
}

describe.runIf(harnessAvailable())('emr-jobs submit <pipeline> --serverless on the moto emulator', () => {
  const env = useServerlessHarness(BUCKET);
  const file = fixtureFile();
  const cli = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli([...args, '--config', env.config], { timeoutMs: 300_000, timeoutSignal: 'SIGINT', ...opts });

  it('runs the stages as job runs of one new application, independent ones together, each after those it reads; the published output equals `emr-jobs run`; the application is deleted', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'emr-jobs-slp-local-'));
    const [r, local] = await Promise.all([
      cli(['submit', file, '--serverless', '--local', LOGS, '--param', `bucket=${BUCKET}`]),
      runCli(['run', file, '--local', LOGS, '--out', out]),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(local.code, local.stderr).toBe(0);
    const runId = runIdOf(r.stderr)!;
    const runs = startedRuns(r.stderr);
    expect(runs.map((x) => x.stage)).toEqual(['parse', 'traffic', 'pages']);
    expect(new Set(runs.map((x) => x.app)).size).toBe(1);
    const app = runs[0].app;
    const at = (line: string) => r.stderr.indexOf(line);
    for (const [i, stage] of ['parse', 'traffic', 'pages'].entries()) expect(r.stderr).toContain(`stage ${stage}: job run ${runs[i].id} SUCCESS`);
    // traffic started beside parse, before parse ended; pages only once parse had succeeded.
    const parseEnded = at(`stage parse: job run ${runs[0].id} SUCCESS`);
    expect(at(`started job run ${runs[1].id} `)).toBeLessThan(parseEnded);
    expect(at(`started job run ${runs[2].id} `)).toBeGreaterThan(parseEnded);
    expect(r.stderr).toContain(`stopped and deleted application ${app}, which this run created: it is TERMINATED`);
    expect(r.stdout.trim().split('\n').sort()).toEqual([
      `pages.top_pages\ts3://${BUCKET}/published/top_pages/`, `parse.requests\ts3://${BUCKET}/sl/runs/${runId}/parse/requests/`,
      `traffic.traffic_by_hour\ts3://${BUCKET}/sl/runs/${runId}/traffic/traffic_by_hour/`,
    ]);
    // pages read the folder parse wrote: the cluster steps' paths.
    const args = await Promise.all([runs[0], runs[2]].map(async (x) => (await env.sl.send(new GetJobRunCommand({ applicationId: app, jobRunId: x.id }))).jobRun!.jobDriver!.sparkSubmit!));
    expect(args[0].entryPoint).toMatch(new RegExp(`^s3://${BUCKET}/sl/bundles/[0-9a-f]{24}/parse/access-log-to-csv\\.py$`));
    expect(args[1].entryPoint).toMatch(new RegExp(`^s3://${BUCKET}/sl/bundles/[0-9a-f]{24}/pages/top-pages\\.py$`));
    const requests = `s3://${BUCKET}/sl/runs/${runId}/parse/requests`;
    expect(args[0].entryPointArguments![args[0].entryPointArguments!.indexOf('--requests') + 1]).toBe(requests);
    expect(args[1].entryPointArguments![args[1].entryPointArguments!.indexOf('--logs') + 1]).toBe(requests);
    const want = localCsv(path.join(out, 'pages', 'top_pages.csv'));
    const got = await readCsvOutput(env.h, BUCKET, 'published/top_pages/', want.header);
    expect(got.rows).toEqual(want.rows);
    expect(got.rows.length).toBeGreaterThan(1);
    const live = ((await env.sl.send(new ListApplicationsCommand({}))).applications ?? []).filter((a) => a.id !== env.shared && a.state !== 'TERMINATED');
    expect(live).toEqual([]);
  }, 420_000);

  it('a failing stage cancels the one running beside it and starts no more; the error is cited at the stage\'s job line', async () => {
    const { dir, brokenLine } = brokenPipelineBundle(fixture.plan(), 'parse', (l) => (l.includes('write_csv(df_') ? l.replace('paths["requests"]', 'paths["requestsx"]') : null));
    // traffic stays RUNNING, not run, so parse fails while it is running.
    await holdJobRuns(env.h, ['sl-pages/traffic']);
    let r: Awaited<ReturnType<typeof cli>>;
    try {
      r = await cli(['submit', '--bundle', dir, '--serverless', '--profile', 'shared', '--local', LOGS, '--param', `bucket=${BUCKET}`]);
    } finally {
      await holdJobRuns(env.h, []);
    }
    expect(r.code, r.stderr).toBe(1);
    const runs = startedRuns(r.stderr);
    expect(runs.map((x) => x.stage)).toEqual(['parse', 'traffic']);
    expect(r.stderr).toContain(`job run ${runs[0].id} FAILED`);
    expect(r.stderr).toContain(`stage parse FAILED: cancelling job run ${runs[1].id} on application ${env.shared}`);
    expect(r.stderr).toContain(`stage traffic: job run ${runs[1].id} CANCELLED`);
    expect((await env.sl.send(new GetJobRunCommand({ applicationId: env.shared, jobRunId: runs[1].id }))).jobRun?.state).toBe('CANCELLED');
    expect(r.stderr).toContain(`script: access-log-to-csv.py:${brokenLine}`);
    const sinkLine = readFileSync(path.join(PROJECT_ROOT, 'jobs', 'access-log-to-csv.ts'), 'utf8').split('\n').findIndex((l) => l.includes('.writeCsv(')) + 1;
    expect(r.stderr).toMatch(new RegExp(`job: {4}jobs/access-log-to-csv\\.ts:${sinkLine}:\\d+`));
    expect(r.stderr).toContain('stage parse (job access-log-to-csv) FAILED; stopped: traffic CANCELLED; not started: pages');
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`engine error: pipeline sl-pages did not complete on EMR Serverless (application ${env.shared}: parse FAILED, traffic CANCELLED, pages not started)`);
    const onShared = (await env.sl.send(new ListJobRunsCommand({ applicationId: env.shared }))).jobRuns ?? [];
    expect(onShared.map((j) => j.id).sort()).toEqual(runs.map((x) => x.id).sort());
    expect(await listKeys(env.h, BUCKET, `sl/runs/${runIdOf(r.stderr)}/pages/`)).toEqual([]);
  }, 300_000);

  it('Ctrl-C cancels every running job run, starts no more, and deletes the application it created (exit 130)', async () => {
    await pauseSteps(env.h);
    try {
      let sent = false;
      const r = await cli(['submit', file, '--serverless', '--local', LOGS, '--param', `bucket=${BUCKET}`], {
        timeoutMs: 120_000,
        onStderr: (err, child) => {
          if (!sent && startedRuns(err).length === 2 && /job run \S+ RUNNING/.test(err)) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      });
      expect(sent).toBe(true);
      expect(r.code, r.stderr).toBe(130);
      const runs = startedRuns(r.stderr);
      expect(runs.map((x) => x.stage)).toEqual(['parse', 'traffic']);
      const app = runs[0].app;
      expect(r.stderr).toContain(`interrupted (SIGINT, Ctrl-C): cancelling job run ${runs[0].id}, job run ${runs[1].id} on application ${app}`);
      for (const x of runs) {
        expect(r.stderr).toContain(`stage ${x.stage}: job run ${x.id} CANCELLED`);
        expect((await env.sl.send(new GetJobRunCommand({ applicationId: app, jobRunId: x.id }))).jobRun?.state).toBe('CANCELLED');
      }
      expect(r.stderr).toContain(`stopped and deleted application ${app}`);
    } finally {
      await resumeSteps(env.h);
    }
  }, 180_000);
});

describe('emr-jobs submit <pipeline> --serverless without an emulator (a dead endpoint)', () => {
  const config = serverlessConfig('http://127.0.0.1:9', BUCKET, '00fabcde12345678');

  it('a Pig stage is refused before anything is staged, naming the stage, its job and what to do', async () => {
    const r = await runCli(['submit', 'web-analytics', '--serverless', '--local', LOGS, '--param', 'date=2015-05-17', '--config', config]);
    expect(r.code, r.stderr).toBe(2);
    const line = readFileSync(path.join(PROJECT_ROOT, 'jobs', 'web-analytics.ts'), 'utf8').split('\n').findIndex((l) => l.includes("p.stage('parse'")) + 1;
    expect(r.stderr.trim()).toMatch(new RegExp(
      `^usage error: pipeline 'web-analytics' cannot run on EMR Serverless, which runs Spark and Hive, not Pig: stage 'parse' \\(job access-log-to-csv, jobs/web-analytics\\.ts:${line}:\\d+\\) runs on Pig: its job compiles to PySpark: declare it with \\{ engine: 'spark' \\}; or submit the pipeline with --emr \\(an EMR cluster runs Pig\\)$`,
    ));
    expect(r.stdout).toBe('');
  }, 120_000);

  it('--dry-run prints each StartJobRun (stage, script, arguments, when it starts) and one cost for every stage', async () => {
    const r = await runCli(['submit', fixtureFile(), '--serverless', '--local', LOGS, '--dry-run', '--config', config]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.jobRuns.map((j: { stage: string; after: string[] }) => [j.stage, j.after])).toEqual([['parse', []], ['traffic', []], ['pages', ['parse']]]);
    const [parse, , pages] = doc.jobRuns;
    expect(pages.inputs.logs).toBe(parse.outputs.requests);
    expect(parse.outputs.requests).toBe(`s3://${BUCKET}/sl/runs/${doc.runId}/parse/requests`);
    expect(pages.outputs.top_pages).toBe('s3://emr-jobs-example/published/top_pages');
    const startRequests = doc.requests.filter((q: { command: string }) => q.command === 'StartJobRun');
    expect(startRequests.map((q: { note: string }) => q.note)).toEqual([
      'at the start, at most 4 job runs at a time', 'at the start, at most 4 job runs at a time', 'once the job runs of parse end in SUCCESS, at most 4 job runs at a time',
    ]);
    const starts = [startRequests[0], startRequests[2]].map((q: { input: { jobDriver: { sparkSubmit: { entryPointArguments: string[] } } } }) => q.input.jobDriver.sparkSubmit);
    expect(starts).toEqual([
      expect.objectContaining({ entryPoint: parse.script, entryPointArguments: ['--logs', parse.inputs.logs, '--requests', parse.outputs.requests, '--rejects__logs', `s3://${BUCKET}/sl/runs/${doc.runId}/parse/_rejects/logs`] }),
      expect.objectContaining({ entryPoint: pages.script, entryPointArguments: ['--logs', parse.outputs.requests, '--top_pages', pages.outputs.top_pages, '--rejects__logs', `s3://${BUCKET}/sl/runs/${doc.runId}/pages/_rejects/logs`] }),
    ]);
    expect(parse.arguments).toEqual(starts[0].entryPointArguments);
    const es = doc.requests.filter((q: { service: string }) => q.service === 'emr-serverless').map((q: { command: string }) => q.command);
    expect(es).toEqual(['CreateApplication', 'GetApplication', 'StartApplication', 'GetApplication', ...Array(3).fill(['StartJobRun', 'GetJobRun']).flat(), 'StopApplication', 'GetApplication', 'DeleteApplication']);
    // The application holds the three job runs at once: 3 x (1 driver + 4 executors of 4 vCPU / 16 GB).
    expect(doc.requests.find((q: { command: string }) => q.command === 'CreateApplication').input.maximumCapacity).toEqual({ cpu: '60 vCPU', memory: '240 GB' });
    expect(doc.concurrency).toBe(3);
    // One estimate from the inputs: parse and traffic read the 2.3 MiB log, pages as much (what parse read);
    // each job run takes the one-minute Spark floor with its driver and 4 executors: 3 x 20 vCPU-min, 3 x 80 GB-min.
    expect(doc.cost).toMatchObject({ minutes: 3, jobRuns: 3, billedSeconds: 180, model: { kind: 'inputs', vcpus: 16 } });
    expect(doc.cost.totalUsd).toBeCloseTo((60 / 60) * 0.052624 + (240 / 60) * 0.0057785, 10);
    expect(r.stderr).toContain('estimated cost: ~$0.08 for 3 job runs, 3 min in all, at most');
    expect(r.stderr).toMatch(/^ {2}job run parse \(spark\): 2\.3 MiB x 1 pass\(es\) .* = 1 min \(the spark step floor\)$/m);
    expect(r.stderr).toMatch(/^ {2}job run pages \(spark\): 2\.3 MiB x 3 pass\(es\) .* = 1 min \(the spark step floor\)$/m);
    expect(r.stderr).toMatch(/^ {2}job run traffic \(spark\): 2\.3 MiB x 3 pass\(es\) .* = 1 min \(the spark step floor\)$/m);
    expect(r.stderr).toMatch(/^ {2}3\. pages {4}s3:\/\/\S+\/pages\/top-pages\.py {2}\(after parse\)$/m);
  }, 120_000);
});
