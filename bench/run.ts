// `npm run bench`: times the local runtime against a naive JS loop, a byte-level JS scanner, DuckDB and
// (on the small file) the generated PySpark and Pig on their local engines, for the example jobs over
// generated access logs. Every output is checked against the runtime's before its time counts; a
// mismatch fails the run. Prints a table and writes bench/results.json (see docs/performance.md).
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobDefinition } from '../dsl/index.ts';
import type { Plan } from '../plan/index.ts';
import { ensureLogFile, ensureLogFileOfBytes, type LogFile } from './generate-logs.ts';
import { measureJob, type CellResult } from './harness/bench-matrix.ts';
import { parseBenchOptions, type BenchOptions } from './harness/bench-options.ts';
import { resultsTable, targetsTable, writeResults } from './harness/bench-report.ts';
import { checkTargets, summarize, type TargetCheck } from './harness/bench-summary.ts';
import { engineUnavailable } from './harness/engine-runner.ts';
import { BEFORE_ROOT_ENV, IMPL_INFO, type ImplName } from './harness/implementations.ts';
import { machineInfo } from './harness/machine-info.ts';
import { BIG_RESULTS_FILE, RESULTS_FILE } from './harness/paths.ts';
import { profileRuntime, type RuntimeProfile } from './harness/runtime-profile.ts';
import type { BenchJob } from './peers/peer-types.ts';
import { formatHotSpots } from './profile-summary.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);
const BIG_JOB: BenchJob = 'traffic-by-hour';
const BIG_RSS_LIMIT_MB = 512;

async function unavailable(impl: ImplName): Promise<string | null> {
  if (impl === 'spark' || impl === 'pig') return engineUnavailable(impl);
  if (impl !== 'runtime' && impl !== 'runtime-before') return null;
  const before = process.env[BEFORE_ROOT_ENV];
  if (impl === 'runtime-before' && !before) return 'needs --before DIR';
  try {
    const module = impl === 'runtime' ? '../runtime/index.ts' : pathToFileURL(join(before!, 'runtime', 'index.ts')).href;
    const rt = (await import(module)) as Record<string, unknown>;
    return typeof rt.runPlan === 'function' ? null : 'runtime/index.ts does not export runPlan yet';
  } catch (e) {
    return `runtime/index.ts does not load: ${(e as Error).message.split('\n')[0]}`;
  }
}

async function loadPlan(job: BenchJob): Promise<Plan> {
  return ((await import(`../jobs/${job}.ts`)) as { default: JobDefinition }).default.plan();
}

/** Reads the file once so that the first measured run does not pay for a cold page cache alone. */
async function warmCache(path: string): Promise<void> {
  for await (const _ of createReadStream(path, { highWaterMark: 1 << 22 }));
}

async function measureSize(opts: BenchOptions, size: string, file: LogFile, jobs: readonly BenchJob[], impls: readonly ImplName[], reps: number, profiles: RuntimeProfile[]): Promise<CellResult[]> {
  await warmCache(file.path);
  const cells: CellResult[] = [];
  for (const job of jobs) {
    log(`${size} (${file.lines} lines, ${(file.bytes / 1e6).toFixed(0)} MB) ${job}:`);
    cells.push(...(await measureJob({ size, file, job, plan: await loadPlan(job), impls, reps, log })));
    if (opts.profile && impls.includes('runtime')) {
      const p = await profileRuntime(size, job, file.path);
      profiles.push(p);
      log(`runtime profile, ${size} ${job} (a separate run of ${Math.round(p.ms)} ms; ${p.file}):`);
      log(formatHotSpots(p, 15));
    }
  }
  return cells;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--cli')) return (await import('./cli-startup.ts')).main(argv);
  if (argv.some((a) => a === '--scale' || a.startsWith('--scale='))) return (await import('./scale/scale-run.ts')).main(argv);
  const opts = parseBenchOptions(argv);
  if (opts.before !== null) process.env[BEFORE_ROOT_ENV] = opts.before;
  const machine = machineInfo();
  log(`${machine.cpu}, ${machine.cores} cores, ${machine.memory}, node ${machine.node}, load ${machine.loadAvg.join(' ')}`);
  const skipped: Record<string, string> = {};
  const impls: ImplName[] = [];
  for (const impl of opts.impls) {
    const why = await unavailable(impl);
    if (why) (skipped[impl] = why), log(`skipping ${impl}: ${why}`);
    else impls.push(impl);
  }
  const files: { size: string; path: string; lines: number; bytes: number }[] = [];
  const cells: CellResult[] = [];
  const profiles: RuntimeProfile[] = [];
  for (const s of opts.sizes) {
    const file = ensureLogFile(s.lines);
    files.push({ size: s.name, ...file });
    cells.push(...(await measureSize(opts, s.name, file, opts.jobs, impls, opts.reps, profiles)));
  }
  const bigChecks: TargetCheck[] = [];
  if (opts.big !== null) {
    const name = `${(opts.big / 1e9).toFixed(opts.big % 1e9 ? 1 : 0)}gb`;
    const file = ensureLogFileOfBytes(opts.big, `access-${name}.log`);
    files.push({ size: name, ...file });
    const bigImpls = impls.filter((i) => i === 'runtime' || i === 'scanner');
    const big = await measureSize(opts, name, file, [BIG_JOB], bigImpls, 1, profiles);
    cells.push(...big);
    const rss = big.find((c) => c.impl === 'runtime')?.samples[0]?.rssMb ?? null;
    bigChecks.push({ size: name, job: BIG_JOB, target: `runtime peak RSS ≤ ${BIG_RSS_LIMIT_MB} MB`, value: rss, pass: rss === null ? null : rss <= BIG_RSS_LIMIT_MB });
  }
  const summary = summarize(cells);
  const targets = [...checkTargets(summary), ...bigChecks];
  process.stdout.write(`\n${resultsTable(summary)}\n\n${targetsTable(targets)}\n`);
  for (const impl of Object.keys(skipped)) process.stdout.write(`not measured: ${impl} (${IMPL_INFO[impl as ImplName].label}): ${skipped[impl]}\n`);
  const resultsFile = opts.sizes.length === 0 ? BIG_RESULTS_FILE : RESULTS_FILE;
  writeResults(resultsFile, {
    generatedAt: new Date().toISOString(),
    command: `npm run bench --${argv.length ? ` ${argv.join(' ')}` : ''}`,
    machine,
    loadAvgAfter: machineInfo().loadAvg,
    files,
    skipped,
    summary,
    targets,
    profiles,
    cells,
  });
  process.stdout.write(`results written to ${resultsFile}\n`);
  const bad = cells.filter((c) => c.mismatch || c.error);
  for (const c of bad) process.stdout.write(`FAILED ${c.size} ${c.job} ${c.impl}: ${c.mismatch ?? c.error}\n`);
  return bad.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    log(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
