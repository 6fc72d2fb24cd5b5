// Random plans over random tables, run on the runtime and on real Pig and real Spark: every output must be
// equal (docs/codegen.md, "Conformance"). CONFORMANCE_SEED replays a run (default: a seed from the commit;
// `random` for a fresh one), CONFORMANCE_RUNS sets the number
// of cases (split between the engines), CONFORMANCE_CASE=<target>:<index> re-runs one case,
// CONFORMANCE_SHRINK the number of failure kinds shrunk per engine (0: none).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pigAvailable } from '../../engines/pig-runner.ts';
import { sparkAvailable } from '../../engines/spark-runner.ts';
import { TARGETS, type Target } from '../harness/arbitraries/index.ts';
import { runConformance, type RunReport } from './support/conformance-run.ts';

/**
 * The seed: CONFORMANCE_SEED, or (CONFORMANCE_SEED=random) a fresh one, or by default one taken from the
 * commit under test, so that a CI run of a commit can be replayed exactly and each commit explores new plans.
 */
function seedOfRun(): number {
  const given = process.env.CONFORMANCE_SEED;
  if (given && given !== 'random') return Number(given);
  if (!given) {
    try {
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (/^[0-9a-f]{8}/.test(head)) return parseInt(head.slice(0, 8), 16) % 2 ** 31;
    } catch {
      // Not a git checkout: a fresh seed.
    }
  }
  return Math.floor(Math.random() * 2 ** 31);
}

const SEED = seedOfRun();
const RUNS = Number(process.env.CONFORMANCE_RUNS ?? 120);
const BATCH = Number(process.env.CONFORMANCE_BATCH ?? 75);
const ONLY = process.env.CONFORMANCE_CASE ? /^(pig|spark):(\d+)$/.exec(process.env.CONFORMANCE_CASE) : null;

// Each engine gets its own stream of cases from the one seed.
const seedOf = (t: Target) => SEED + TARGETS.indexOf(t);

let work: string;
const reports = new Map<Target, RunReport>();

beforeAll(async () => {
  process.stdout.write(`conformance: seed ${SEED}, ${RUNS} cases (replay with CONFORMANCE_SEED=${SEED})\n`);
  work = mkdtempSync(path.join(tmpdir(), 'emr-jobs-conformance-'));
  const targets = ONLY ? [ONLY[1] as Target] : TARGETS;
  // Pig and Spark run side by side: each is mostly one busy JVM.
  const done = await Promise.all(
    targets.map((t) =>
      runConformance(t, {
        seed: seedOf(t),
        runs: ONLY ? Number(ONLY[2]) + 1 : Math.ceil(RUNS / targets.length),
        batchSize: BATCH,
        only: ONLY ? Number(ONLY[2]) : null,
        confirmAlone: 1,
        shrink: Number(process.env.CONFORMANCE_SHRINK ?? 1),
        shrinkMillis: 60_000,
        workDir: path.join(work, t),
        log: (line) => process.stdout.write(`conformance ${line}\n`),
        replay: (i) => `CONFORMANCE_SEED=${SEED} CONFORMANCE_CASE=${t}:${i} npx vitest run test/conformance/random-plans.test.ts`,
      }),
    ),
  );
  for (const r of done) {
    reports.set(r.target, r);
    process.stdout.write(`conformance ${r.target}: ${r.cases} cases, ${r.failing} failing, ${r.seconds.toFixed(0)} s\n`);
    const plans = r.target === 'spark' ? 'write plans' : 'EXPLAINs';
    if (r.planChecks.cases) process.stdout.write(`conformance ${r.target}: ${plans} of ${r.planChecks.cases} cases checked for single tasks; inherent ones: ${r.planChecks.inherent}\n`);
  }
}, 40 * 60_000);

afterAll(() => {
  if (work && !process.env.CONFORMANCE_KEEP) rmSync(work, { recursive: true, force: true });
});

describe('random plans: runtime = real engine', () => {
  it('both engines are installed (bash scripts/install-engines.sh)', () => {
    expect(pigAvailable()).toBe(true);
    expect(sparkAvailable()).toBe(true);
  });

  // Cases the runtime refused are not sent to the engine; every case the engine ran has its plans read.
  it.each([
    ['spark', 'the physical plan of every write'],
    ['pig', "the EXPLAIN (made in the batch's JVM)"],
  ] as const)('%s: %s of every random plan was checked for single tasks', (t, _what) => {
    if (ONLY && ONLY[1] !== t) return;
    const r = reports.get(t)!;
    expect(r.planChecks.cases).toBeGreaterThan(r.cases / 2);
  });

  for (const t of TARGETS) {
    it(`${t} gives the runtime's outputs on every random plan`, () => {
      const r = reports.get(t);
      if (ONLY && ONLY[1] !== t) return;
      expect(r, `${t} did not run`).toBeDefined();
      expect(r!.cases).toBeGreaterThan(0);
      expect(r!.failing, `${r!.failing} of ${r!.cases} ${t} cases differ or give one task every row (seed ${seedOf(t)}):\n\n${r!.failures.join('\n\n')}`).toBe(0);
    });
  }
});
