// Prints the results table and the target checks, and writes bench/results.json.
import { writeFileSync } from 'node:fs';
import Table from 'cli-table3';
import type { CellResult } from './bench-matrix.ts';
import type { CellSummary, TargetCheck } from './bench-summary.ts';
import type { MachineInfo } from './machine-info.ts';
import type { RuntimeProfile } from './runtime-profile.ts';

/** No rule between body rows: the tables stay readable at many rows. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

const n = (x: number | null, digits = 0) => (x === null ? '-' : x.toFixed(digits));

export function resultsTable(summary: readonly CellSummary[]): string {
  const t = new Table({
    head: ['size', 'job', 'implementation', 'median ms', 'min–max ms', 'end to end ms', 'runtime ÷ it', 'peak RSS MB', 'reps', 'check'],
    style: { head: [], border: [] },
    chars: COMPACT,
  });
  for (const s of summary) {
    const check = s.error ? 'failed' : s.mismatch ? 'MISMATCH' : s.verified ? 'equal' : 'unchecked';
    t.push([s.size, s.job, s.impl, n(s.medianMs), s.rangeMs ? `${n(s.rangeMs[0])}–${n(s.rangeMs[1])}` : '-', n(s.medianE2eMs), n(s.runtimeRatio, 2), n(s.peakRssMb), s.reps, check]);
  }
  return t.toString();
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  const t = new Table({ head: ['size', 'job', 'target', 'measured', 'result', 'note'], style: { head: [], border: [] }, chars: COMPACT });
  for (const c of checks) {
    t.push([c.size, c.job, c.target, n(c.value, 2), c.pass === null ? 'not measured' : c.pass ? 'met' : 'MISSED', c.note ?? '']);
  }
  return t.toString();
}

export interface ResultsFile {
  readonly generatedAt: string;
  readonly command: string;
  readonly machine: MachineInfo;
  readonly loadAvgAfter: readonly number[];
  readonly files: readonly { size: string; path: string; lines: number; bytes: number }[];
  readonly skipped: Readonly<Record<string, string>>;
  readonly summary: readonly CellSummary[];
  readonly targets: readonly TargetCheck[];
  readonly profiles: readonly RuntimeProfile[];
  readonly cells: readonly CellResult[];
}

export function writeResults(path: string, results: ResultsFile): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
