// Command-line flags of `npm run bench`.
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { parseCount } from '../generate-logs.ts';
import { BENCH_JOBS, type BenchJob } from '../peers/peer-types.ts';
import { IMPLEMENTATIONS, parseImpls, type ImplName } from './implementations.ts';

export interface BenchOptions {
  readonly reps: number;
  /** Line counts of the measured files, with their names as given (100k, 1m). */
  readonly sizes: readonly { readonly name: string; readonly lines: number }[];
  readonly jobs: readonly BenchJob[];
  readonly impls: readonly ImplName[];
  /** Bytes of the memory-check file, or null without --big. */
  readonly big: number | null;
  readonly profile: boolean;
  /** Root of another checkout whose runtime is timed as `runtime-before`, or null. */
  readonly before: string | null;
}

const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

const list = <T extends string>(known: readonly T[], what: string) => (v: string): T[] =>
  v.split(',').map((s) => {
    const t = s.trim();
    if (!(known as readonly string[]).includes(t)) throw new InvalidArgumentError(`unknown ${what} '${t}' (known: ${known.join(', ')})`);
    return t as T;
  });

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const cmd = new Command('npm run bench --')
    .description('Times the local runtime against hand-written JS, DuckDB, Spark and Pig on generated access logs.')
    .option('--reps <n>', 'repetitions per implementation, job and size (medians are reported)', positive, 5)
    .option('--sizes <list>', 'file sizes in lines, e.g. 100k,1m (default 100k,1m; none with --big)')
    .option('--jobs <list>', `jobs to run (${BENCH_JOBS.join(', ')})`, list(BENCH_JOBS, 'job'), [...BENCH_JOBS])
    .option('--only <list>', `implementations (${IMPLEMENTATIONS.join(', ')}; duckdb = both DuckDB ones)`, (v: string) => parseImpls(v))
    .option('--big [bytes]', 'peak-RSS check: traffic-by-hour over a generated file of this size (default 5gb)')
    .option('--profile', 'write CPU profiles of the runtime runs (node --cpu-prof) to bench/.data/profiles', false)
    .option('--before <dir>', 'also time the runtime of the checkout at <dir> (e.g. a git worktree of the previous commit) as runtime-before, interleaved with the others')
    .exitOverride((e) => process.exit(e.exitCode))
    .parse(argv, { from: 'user' });
  const o = cmd.opts<{ reps: number; sizes?: string; jobs: BenchJob[]; only?: ImplName[]; big?: string | true; profile: boolean; before?: string }>();
  const big = o.big === undefined ? null : parseCount(o.big === true ? '5gb' : o.big);
  const sizeText = o.sizes ?? (big === null ? '100k,1m' : '');
  const sizes = sizeText
    .split(',')
    .filter((s) => s.trim())
    .map((s) => ({ name: s.trim().toLowerCase(), lines: parseCount(s) }));
  const before = o.before === undefined ? null : resolve(o.before);
  // runtime-before runs only when asked for with --before, and then whatever --only says.
  const only = o.only ?? IMPLEMENTATIONS.filter((i) => i !== 'runtime-before');
  const impls = before === null ? only.filter((i) => i !== 'runtime-before') : IMPLEMENTATIONS.filter((i) => i === 'runtime-before' || only.includes(i));
  return { reps: o.reps, sizes, jobs: o.jobs, impls, big, profile: o.profile, before };
}
