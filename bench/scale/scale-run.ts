// `npm run bench -- --scale [bytes]`: the example jobs over generated access logs in many input splits, on
// Spark local (one session, an event log in a temporary folder) and Pig local (one JVM per job, its INFO
// log), reporting tasks, shuffle bytes, spill and time per stage (Spark) and per MapReduce job (Pig), so a
// single-task stage or a spilling sort is visible. Not part of the test suite (docs/performance.md).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import Table from 'cli-table3';
import { PIG_SCRIPT_PARAM, rejectsArgs, toPig } from '../../codegen/pig/index.ts';
import { toPySpark } from '../../codegen/pyspark/index.ts';
import type { JobDefinition } from '../../dsl/index.ts';
import { runPig } from '../../engines/pig-runner.ts';
import { runSparkBatch } from '../../engines/spark-runner.ts';
import { inputNames, sinks, type Plan } from '../../plan/index.ts';
import { parseCount } from '../generate-logs.ts';
import { engineUnavailable, type EngineName } from '../harness/engine-runner.ts';
import { readPigJobStats } from './pig-job-stats.ts';
import { writeSplits } from './scale-data.ts';
import { readStageMetrics } from './spark-event-log.ts';

/** Example jobs that read access logs only (and jobs/data/hosts.csv). */
const SCALE_JOBS = ['access-log-to-csv', 'traffic-by-hour', 'top-pages', 'top-paths-per-host', 'path-segments', 'status-by-host', 'sessions'] as const;
const DEFAULT_JOBS = ['traffic-by-hour', 'top-pages', 'top-paths-per-host'];
const HOSTS = join(import.meta.dirname, '../../jobs/data/hosts.csv');
const log = (line: string) => process.stderr.write(`${line}\n`);
const mb = (b: number) => (b / 1e6).toFixed(1);

interface ScaleOptions {
  readonly bytes: number;
  readonly splits: number;
  readonly shufflePartitions: number;
  readonly jobs: readonly string[];
  readonly engines: readonly EngineName[];
}

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};
const listOf = (known: readonly string[], what: string) => (v: string) =>
  v.split(',').map((s) => {
    if (!known.includes(s.trim())) throw new InvalidArgumentError(`unknown ${what} '${s.trim()}' (known: ${known.join(', ')})`);
    return s.trim();
  });

export function parseScaleOptions(argv: readonly string[]): ScaleOptions {
  const cmd = new Command('npm run bench -- --scale')
    .description('Runs example jobs on Spark local and Pig local over generated access logs in many splits; prints tasks, shuffle bytes, spill and time per stage.')
    .option('--scale [bytes]', 'input size to generate (e.g. 256mb, 4gb)', '256mb')
    .option('--splits <n>', 'input files (splits)', positive, 16)
    .option('--shuffle-partitions <n>', 'spark.sql.shuffle.partitions of the Spark session', positive, 8)
    .option('--jobs <list>', `jobs (${SCALE_JOBS.join(', ')})`, listOf(SCALE_JOBS, 'job'), DEFAULT_JOBS)
    .option('--engines <list>', 'spark, pig or both', listOf(['spark', 'pig'], 'engine'), ['spark', 'pig'])
    .exitOverride((e) => process.exit(e.exitCode))
    .parse(argv, { from: 'user' });
  const o = cmd.opts<{ scale: string | true; splits: number; shufflePartitions: number; jobs: string[]; engines: EngineName[] }>();
  let bytes: number;
  try {
    bytes = parseCount(o.scale === true ? '256mb' : o.scale);
  } catch (e) {
    log(`--scale: ${(e as Error).message}`);
    process.exit(2);
  }
  return { bytes, splits: o.splits, shufflePartitions: o.shufflePartitions, jobs: o.jobs, engines: o.engines };
}

async function planOf(job: string): Promise<Plan> {
  return ((await import(`../../jobs/${job}.ts`)) as { default: JobDefinition }).default.plan();
}

const inputPaths = (plan: Plan, logs: string) => Object.fromEntries(inputNames(plan).map((n) => [n, n === 'hosts' ? HOSTS : logs]));

async function runSpark(plans: readonly Plan[], input: string, work: string, o: ScaleOptions, signal: AbortSignal): Promise<string> {
  const events = join(work, 'spark-events');
  mkdirSync(events, { recursive: true });
  const jobs = plans.map((plan) => {
    const script = join(work, `${plan.job}.py`);
    writeFileSync(script, toPySpark(plan));
    const argv = [
      ...Object.entries(inputPaths(plan, input)).flatMap(([n, p]) => [`--${n}`, p]),
      ...sinks(plan).flatMap((s) => [`--${s.output}`, join(work, 'spark-out', plan.job, s.output)]),
    ];
    return { script, argv };
  });
  const t0 = Date.now();
  const results = await runSparkBatch(jobs, {
    cwd: work,
    tmpRoot: work,
    signal,
    timeoutMs: 6 * 3600_000,
    conf: { 'spark.eventLog.enabled': 'true', 'spark.eventLog.dir': `file://${events}`, 'spark.sql.shuffle.partitions': String(o.shufflePartitions) },
  });
  const failed = results.map((r, i) => [plans[i].job, r] as const).filter(([, r]) => !r.ok);
  if (failed.length) throw new Error(failed.map(([j, r]) => `spark ${j}: ${r.error}`).join('\n'));
  const t = new Table({ head: ['job', 'stage', 'name', 'tasks', 'input MB', 'shuffle read MB', 'shuffle write MB', 'spill MB', 's'], style: { head: [], border: [] } });
  for (const s of readStageMetrics(events)) {
    t.push([s.job === null ? '-' : plans[s.job].job, s.stage, s.name.slice(0, 28), s.tasks, mb(s.inputBytes), mb(s.shuffleReadBytes), mb(s.shuffleWriteBytes), mb(s.spillBytes), s.seconds.toFixed(1)]);
  }
  const jobTimes = results.map((r, i) => `${plans[i].job} ${r.seconds.toFixed(1)} s`).join(', ');
  return `Spark local[2], ${o.shufflePartitions} shuffle partitions: ${((Date.now() - t0) / 1000).toFixed(1)} s with the session start (${jobTimes})\n${t.toString()}`;
}

async function runPigJobs(plans: readonly Plan[], input: string, work: string, signal: AbortSignal): Promise<string> {
  const t = new Table({ head: ['job', 'MapReduce job', 'maps', 'reduces', 'feature', 'aliases', 'shuffle MB', 'spilled records'], style: { head: [], border: [] } });
  const times: string[] = [];
  for (const plan of plans) {
    const script = join(work, `${plan.job}.pig`);
    writeFileSync(script, toPig(plan));
    const params = {
      ...inputPaths(plan, input),
      ...Object.fromEntries(sinks(plan).map((s) => [s.output, join(work, 'pig-out', plan.job, s.output)])),
      ...rejectsArgs(plan, 'pig', (i) => join(work, 'pig-out', plan.job, `rejects-${i}`)),
      [PIG_SCRIPT_PARAM]: script,
    };
    const t0 = Date.now();
    const r = await runPig({ script, params, cwd: work, tmpRoot: work, signal, logLevel: 'INFO', timeoutMs: 6 * 3600_000 });
    if (r.code !== 0) throw new Error(`pig ${plan.job} exited with ${r.code}:\n${r.stderr.split('\n').filter((l) => /ERROR/.test(l)).slice(0, 8).join('\n')}`);
    times.push(`${plan.job} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (const j of readPigJobStats(r.stderr)) t.push([plan.job, j.jobId, j.maps, j.reduces, j.feature, j.aliases.slice(0, 40), mb(j.shuffleBytes), j.spilledRecords]);
  }
  return `Pig -x local, one JVM per job (${times.join(', ')})\n${t.toString()}`;
}

export async function main(argv: string[]): Promise<number> {
  const o = parseScaleOptions(argv);
  const engines: EngineName[] = [];
  for (const e of o.engines) {
    const why = await engineUnavailable(e);
    if (why) log(`skipping ${e}: ${why}`);
    else engines.push(e);
  }
  if (engines.length === 0) return 1;
  const work = mkdtempSync(join(tmpdir(), 'emr-jobs-scale-'));
  const abort = new AbortController();
  // Ctrl-C: the engines' process groups are ended (their runners watch the signal), then the data goes.
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const input = writeSplits(join(work, 'input'), o.bytes, o.splits, (d, n) => log(`generating split ${d}/${n}`));
    log(`input: ${input.lines} lines, ${mb(input.bytes)} MB in ${input.files} files under ${input.dir}`);
    const plans = await Promise.all(o.jobs.map(planOf));
    const sections: string[] = [];
    if (engines.includes('spark') && !abort.signal.aborted) sections.push(await runSpark(plans, input.dir, work, o, abort.signal));
    if (engines.includes('pig') && !abort.signal.aborted) sections.push(await runPigJobs(plans, input.dir, work, abort.signal));
    if (abort.signal.aborted) {
      log('interrupted: engines stopped, generated data removed');
      return 130;
    }
    process.stdout.write(`\nscale benchmark: ${mb(input.bytes)} MB in ${input.files} splits, jobs ${o.jobs.join(', ')}\n\n${sections.join('\n\n')}\n`);
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    rmSync(work, { recursive: true, force: true });
  }
}
