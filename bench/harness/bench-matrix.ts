// Measures every implementation on one job and one file: repetitions interleaved across implementations
// (the order rotates each round), each output checked against the reference before its time counts.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '../../plan/index.ts';
import type { LogFile } from '../generate-logs.ts';
import type { BenchJob, InputCounts } from '../peers/peer-types.ts';
import { runChild } from './child-runner.ts';
import { compareSpecOf } from './compare-spec.ts';
import { runEngine } from './engine-runner.ts';
import { IMPL_INFO, isChildImpl, type ImplName } from './implementations.ts';
import type { Measurement } from './measurement.ts';
import { compareOutputs, sameBytes } from './output-compare.ts';

export interface Sample {
  readonly ms: number | null;
  readonly e2eMs: number;
  readonly rssMb: number | null;
}

export interface CellResult {
  readonly size: string;
  readonly lines: number;
  readonly job: BenchJob;
  readonly impl: ImplName;
  samples: Sample[];
  /** Checked equal to the reference implementation's output (the runtime's when it ran). */
  verified: boolean;
  reference: ImplName | null;
  mismatch: string | null;
  error: string | null;
}

export interface MatrixRun {
  readonly size: string;
  readonly file: LogFile;
  readonly job: BenchJob;
  readonly plan: Plan;
  readonly impls: readonly ImplName[];
  readonly reps: number;
  readonly log: (line: string) => void;
}

const fmt = (x: number | null) => (x === null ? '-' : x >= 100 ? Math.round(x).toString() : x.toFixed(1));

function countsDiffer(a: InputCounts | null, b: InputCounts | null): string | null {
  if (!a || !b) return null;
  const text = (c: InputCounts) => JSON.stringify({ read: c.read, rejected: Object.fromEntries(Object.entries(c.rejected).sort()) });
  return text(a) === text(b) ? null : `input counts ${text(b)}, expected ${text(a)}`;
}

function measure(r: MatrixRun, impl: ImplName, outDir: string): Promise<Measurement> {
  if (isChildImpl(impl)) return runChild({ impl, job: r.job, input: r.file.path, outDir });
  return runEngine(impl, r.plan, r.file.path, outDir);
}

export async function measureJob(r: MatrixRun): Promise<CellResult[]> {
  const impls = r.impls.filter((i) => r.file.lines <= (IMPL_INFO[i].maxLines ?? Infinity));
  const cells = new Map<ImplName, CellResult>(
    impls.map((impl) => [impl, { size: r.size, lines: r.file.lines, job: r.job, impl, samples: [], verified: false, reference: null, mismatch: null, error: null }]),
  );
  const first = new Map<ImplName, Measurement>();
  const spec = compareSpecOf(r.plan);
  const root = mkdtempSync(join(tmpdir(), 'emr-jobs-bench-'));
  try {
    for (let rep = 0; rep < r.reps; rep++) {
      const order = impls.map((_, k) => impls[(k + rep) % impls.length]);
      for (const impl of order) {
        const cell = cells.get(impl)!;
        if (cell.error || cell.mismatch) continue;
        const outDir = join(root, `${impl}-${rep}`);
        mkdirSync(outDir, { recursive: true });
        let m: Measurement;
        try {
          m = await measure(r, impl, outDir);
        } catch (e) {
          cell.error = (e as Error).message;
          r.log(`  ${impl}: failed: ${cell.error.split('\n').slice(0, 6).join('\n    ')}`);
          continue;
        }
        r.log(`  [${r.size} ${r.job} ${rep + 1}/${r.reps}] ${impl}: ${fmt(m.ms)} ms (end to end ${fmt(m.e2eMs)} ms, ${fmt(m.rssMb)} MB)`);
        cell.samples.push({ ms: m.ms, e2eMs: m.e2eMs, rssMb: m.rssMb });
        if (rep === 0) first.set(impl, m);
        else if (sameBytes(first.get(impl)!.output, m.output)) rmSync(outDir, { recursive: true, force: true });
        else if (cell.verified) verify(cell, first.get(cell.reference!)!, m, spec, r.log);
      }
      if (rep === 0) verifyFirstRound(cells, first, spec, r.log);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return [...cells.values()];
}

/** The reference is the runtime's output when it ran, else the first implementation that did. */
function verifyFirstRound(cells: Map<ImplName, CellResult>, first: Map<ImplName, Measurement>, spec: ReturnType<typeof compareSpecOf>, log: (s: string) => void): void {
  const refImpl = [...first.keys()].sort((a, b) => Number(b === 'runtime') - Number(a === 'runtime'))[0];
  if (!refImpl) return;
  const ref = first.get(refImpl)!;
  for (const [impl, m] of first) {
    const cell = cells.get(impl)!;
    cell.reference = refImpl;
    if (impl !== refImpl) verify(cell, ref, m, spec, log);
  }
  // The reference counts as checked once another implementation agrees with it.
  cells.get(refImpl)!.verified = [...cells.values()].some((c) => c.impl !== refImpl && c.verified);
}

function verify(cell: CellResult, ref: Measurement, m: Measurement, spec: ReturnType<typeof compareSpecOf>, log: (s: string) => void): void {
  const mismatch = compareOutputs(ref.output, m.output, spec) ?? countsDiffer(ref.counts, m.counts);
  if (mismatch === null) {
    cell.verified = true;
    return;
  }
  cell.verified = false;
  cell.mismatch = mismatch;
  cell.samples = [];
  log(`  MISMATCH ${cell.size} ${cell.job}: ${cell.impl} differs from ${cell.reference}: ${mismatch}`);
}
