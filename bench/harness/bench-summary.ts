// Medians per implementation × job × size, the ratios to the runtime, and the targets of the issue
// (runtime time ÷ peer time, so below 1 means the runtime is faster).
import type { BenchJob } from '../peers/peer-types.ts';
import type { CellResult } from './bench-matrix.ts';
import { IMPL_INFO, type ImplName } from './implementations.ts';

export interface CellSummary {
  readonly size: string;
  readonly lines: number;
  readonly job: BenchJob;
  readonly impl: ImplName;
  readonly label: string;
  readonly reps: number;
  readonly medianMs: number | null;
  readonly medianE2eMs: number | null;
  /** Fastest and slowest run (job time, or end to end for engines): how much the machine's load moved things. */
  readonly rangeMs: readonly [number, number] | null;
  readonly peakRssMb: number | null;
  /** Runtime time ÷ this implementation's time (job time for Node children, end to end for engines). */
  readonly runtimeRatio: number | null;
  readonly verified: boolean;
  readonly mismatch: string | null;
  readonly error: string | null;
}

export interface TargetCheck {
  readonly size: string;
  readonly job: BenchJob | 'all';
  readonly target: string;
  readonly value: number | null;
  readonly pass: boolean | null;
  readonly note?: string;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function range(xs: readonly number[]): [number, number] | null {
  return xs.length ? [Math.min(...xs), Math.max(...xs)] : null;
}

export function summarize(cells: readonly CellResult[]): CellSummary[] {
  const base = cells.map((c) => ({
    size: c.size, lines: c.lines, job: c.job, impl: c.impl, label: IMPL_INFO[c.impl].label, reps: c.samples.length,
    medianMs: median(c.samples.flatMap((s) => (s.ms === null ? [] : [s.ms]))),
    medianE2eMs: median(c.samples.map((s) => s.e2eMs)),
    rangeMs: range(c.samples.map((s) => s.ms ?? s.e2eMs)),
    peakRssMb: c.samples.reduce<number | null>((m, s) => (s.rssMb === null ? m : Math.max(m ?? 0, s.rssMb)), null),
    verified: c.verified, mismatch: c.mismatch, error: c.error,
  }));
  return base.map((s) => {
    const rt = base.find((b) => b.impl === 'runtime' && b.size === s.size && b.job === s.job);
    const engine = IMPL_INFO[s.impl].kind === 'engine';
    const mine = engine ? s.medianE2eMs : s.medianMs;
    const theirs = rt ? (engine ? rt.medianE2eMs : rt.medianMs) : null;
    return { ...s, runtimeRatio: mine && theirs !== null && s.verified && rt?.verified ? theirs / mine : null };
  });
}

const ratioCheck = (s: CellSummary | undefined, size: string, job: BenchJob, target: string, limit: number, note?: string): TargetCheck => {
  const value = s?.runtimeRatio ?? null;
  return { size, job, target, value, pass: value === null ? null : value <= limit, note };
};

export function checkTargets(summary: readonly CellSummary[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  const keys = [...new Set(summary.map((s) => `${s.size}\u0000${s.job}`))];
  for (const key of keys) {
    const [size, job] = key.split('\u0000') as [string, BenchJob];
    const of = (impl: ImplName) => summary.find((s) => s.size === size && s.job === job && s.impl === impl);
    // A target is listed when its peer was part of the run (and "not measured" if that peer failed).
    const naive = of('naive');
    if (naive) {
      const stretch = naive.runtimeRatio !== null && naive.runtimeRatio <= 0.5 ? 'stretch 0.5× met' : 'stretch 0.5× not met';
      out.push(ratioCheck(naive, size, job, 'runtime ≤ 1.0× naive JS', 1.0, naive.runtimeRatio !== null ? stretch : undefined));
    }
    if (of('scanner')) out.push(ratioCheck(of('scanner'), size, job, 'runtime ≤ 3× byte scanner', 3.0));
    const ducks = [of('duckdb-regex'), of('duckdb-split')].filter((d) => d !== undefined);
    const duck = ducks.filter((d) => d.runtimeRatio !== null).sort((a, b) => b.runtimeRatio! - a.runtimeRatio!)[0];
    if (ducks.length) out.push(ratioCheck(duck, size, job, "runtime ≤ 1.5× DuckDB's best", 1.5, duck ? `best: ${duck.impl}` : undefined));
    const spark = of('spark');
    if (spark) {
      const value = spark.runtimeRatio === null ? null : 1 / spark.runtimeRatio;
      out.push({ size, job, target: 'Spark local ≥ 20× slower than runtime, end to end', value, pass: value === null ? null : value >= 20 });
    }
  }
  return out;
}
