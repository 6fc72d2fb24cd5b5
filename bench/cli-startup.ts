// `npm run bench -- --cli`: whole commands as a user feels them, from shell to exit, in a new project that
// installed the packed tarball (what `npm install emr-jobs` gives): start-up, type-check and module loading
// included. Printed beside the `node -e 0` floor, and against peers measured in the same run: the naive
// hand-written loop (bench/peers/naive-loop.ts bundled to one plain .mjs, so it pays no TypeScript loader)
// and `--engine local` for `--engine spark`. Writes bench/results-cli.json.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ensureLogFile } from './generate-logs.ts';
import { machineInfo } from './harness/machine-info.ts';
import { BENCH_DIR, PROJECT_ROOT } from './harness/paths.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

interface Timing {
  readonly name: string;
  readonly samples: number[];
}

function wall(cmd: string, args: readonly string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - t0) / 1000) : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}\n${err}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s: number) => `${s.toFixed(2)} s`;

function sh(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
}

/** A new ESM project with the packed tarball installed and `emr-jobs init` run in it. */
function userProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'emr-jobs-bench-cli-'));
  log(`packing and installing into ${dir} ...`);
  sh('npm', ['run', 'build'], PROJECT_ROOT);
  sh('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], PROJECT_ROOT);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  sh('npm', ['init', '-y'], dir);
  sh('npm', ['pkg', 'set', 'type=module'], dir);
  sh('npm', ['install', '--no-audit', '--no-fund', join(dir, tarball)], dir);
  sh(join(dir, 'node_modules', '.bin', 'emr-jobs'), ['init'], dir);
  return dir;
}

/** The naive loop peer as one plain JavaScript file with a command line: `node naive.mjs <log> <out>`. */
async function naivePeer(dir: string): Promise<string> {
  const entry = join(dir, 'naive-entry.ts');
  writeFileSync(entry, `import { naiveLoop } from ${JSON.stringify(join(BENCH_DIR, 'peers', 'naive-loop.ts'))};\nawait naiveLoop('top-pages', process.argv[2], process.argv[3]);\n`);
  const out = join(dir, 'naive.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'silent' });
  return out;
}

async function timeIt(name: string, reps: number, run: (i: number) => Promise<number>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) samples.push(await run(i));
  log(`  ${name.padEnd(58)} median ${fmt(median(samples))}  (${samples.map((s) => s.toFixed(2)).join(' ')})`);
  return { name, samples };
}

export async function main(argv: string[]): Promise<number> {
  const reps = Number(argv[argv.indexOf('--reps') + 1]) || 7;
  const withSpark = !argv.includes('--no-spark');
  const machine = machineInfo();
  log(`${machine.cpu}, ${machine.cores} cores, node ${machine.node}, load ${machine.loadAvg.join(' ')}`);
  const dir = userProject();
  const bin = join(dir, 'node_modules', '.bin', 'emr-jobs');
  const job = join(dir, 'jobs', 'top-pages.ts');
  const small = join(dir, 'small.log');
  writeFileSync(small, readFileSync(join(dir, 'data', 'access.log'), 'utf8').split('\n').slice(0, 100).join('\n') + '\n');
  const big = ensureLogFile(1_000_000).path;
  const medium = ensureLogFile(100_000).path;
  const naive = await naivePeer(dir);
  mkdirSync(join(dir, 'naive-out'), { recursive: true });
  const run = (input: string, extra: string[] = []) => wall(bin, ['run', 'top-pages', '--local', input, '--rows', '0', ...extra], dir);

  const t: Record<string, Timing> = {};
  t.floor = await timeIt('node -e 0', reps, () => wall(process.execPath, ['-e', '0'], dir));
  t.version = await timeIt('emr-jobs --version', reps, () => wall(bin, ['--version'], dir));
  await run(small); // the first clean check fills the cache
  t.unchanged = await timeIt('emr-jobs run top-pages --local <100 lines>, job unchanged', reps, () => run(small));
  t.edited = await timeIt('emr-jobs run top-pages --local <100 lines>, after an edit', reps, (i) => {
    appendFileSync(job, `// edit ${Date.now()} ${i}\n`);
    return run(small);
  });
  t.runtime1m = await timeIt('emr-jobs run top-pages --local <1M lines>', Math.min(reps, 5), () => run(big));
  t.naive1m = await timeIt('naive loop, top-pages over 1M lines (node naive.mjs)', Math.min(reps, 5), () => wall(process.execPath, [naive, big, join(dir, 'naive-out')], dir));
  if (withSpark) {
    t.local100k = await timeIt('emr-jobs run top-pages --local <100k lines>', 3, () => run(medium));
    t.spark100k = await timeIt('emr-jobs run top-pages --local <100k lines> --engine spark', 3, () => run(medium, ['--engine', 'spark']));
  }

  const m = (k: string) => median(t[k].samples);
  const checks = [
    { what: 'run, after an edit', value: m('edited'), budget: '≤ 1.5 s', ok: m('edited') <= 1.5 },
    { what: 'run, unchanged', value: m('unchanged'), budget: '≤ 1.0 s', ok: m('unchanged') <= 1.0 },
    { what: '--version', value: m('version'), budget: '≤ 0.3 s', ok: m('version') <= 0.3 },
    { what: 'top-pages 1M ÷ naive loop (whole process)', value: m('runtime1m') / m('naive1m'), budget: '≤ 1.0×', ok: m('runtime1m') / m('naive1m') <= 1.0 },
    ...(withSpark ? [{ what: '--engine spark ÷ --engine local at 100k', value: m('spark100k') / m('local100k'), budget: '≥ 20×', ok: m('spark100k') / m('local100k') >= 20 }] : []),
  ];
  process.stdout.write(`\nwhole-process times, median of ${reps} (node -e 0 floor: ${fmt(m('floor'))})\n`);
  process.stdout.write(`| measure | median | budget | met |\n|---|---|---|---|\n`);
  for (const c of checks) {
    const v = c.what.includes('÷') ? `${c.value.toFixed(2)}×` : fmt(c.value);
    process.stdout.write(`| ${c.what} | ${v} | ${c.budget} | ${c.ok ? 'yes' : 'NO'} |\n`);
  }
  writeFileSync(join(BENCH_DIR, 'results-cli.json'), `${JSON.stringify({ machine, loadAfter: machineInfo().loadAvg, timings: t, checks }, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  return checks.every((c) => c.ok) ? 0 : 1;
}
