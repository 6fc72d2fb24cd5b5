// The CLI's side of data-quality checks: the previous run's row counts (for rowCount tolerances), read from
// its results file, and the checks table of the run summary.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CHECKS_FILE, CHECKS_FORMAT, checkFailureText, ChecksFailedError, printable, type CheckResult } from '../plan/index.ts';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';
import { displayPath } from './job-paths.ts';
import { renderTable } from './table-printer.ts';

/**
 * The results file a run compares its row counts with: `--previous` (a results file, or a folder holding
 * one), else the output folder's own, written by the last successful run; null when there is none.
 */
export function previousChecksFile(previous: string | undefined, outDir: string): string | null {
  if (previous === undefined) {
    const own = path.join(outDir, CHECKS_FILE);
    return existsSync(own) ? own : null;
  }
  const file = existsSync(previous) && statSync(previous).isDirectory() ? path.join(previous, CHECKS_FILE) : previous;
  if (!existsSync(file)) throw exitWith(EXIT_USAGE, 'usage', `--previous ${previous}: no check results file there (expected ${displayPath(file)}, written by a run of a job with checks)`);
  return file;
}

/** Rows counted by each rowCount check of the previous run, by check name. */
export function previousRowCounts(file: string | null): Record<string, number> {
  if (file === null) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw exitWith(EXIT_USAGE, 'input', `cannot read the previous check results: ${(e as Error).message}`, { file: displayPath(file) });
  }
  const doc = parsed as { format?: unknown; checks?: unknown };
  if (!doc || doc.format !== CHECKS_FORMAT || !Array.isArray(doc.checks)) {
    throw exitWith(EXIT_USAGE, 'input', `not an emr-jobs check results file (expected "format": "${CHECKS_FORMAT}" and a "checks" list)`, { file: displayPath(file) });
  }
  const out: Record<string, number> = {};
  for (const c of doc.checks as Partial<CheckResult>[]) {
    if (c && c.kind === 'rowCount' && typeof c.name === 'string' && Number.isSafeInteger(c.rows)) out[c.name] = c.rows!;
  }
  return out;
}

const num = (n: number) => n.toLocaleString('en-US');

/** The checks table, then one line per failed check with its counts and samples. */
export function checksText(results: readonly CheckResult[], omit: CheckResult | null = null): string {
  if (!results.length) return '';
  const rows = results.map((r) => [r.name, r.kind, r.dataset, r.severity, r.status, num(r.failing), num(r.rows), r.line]);
  const table = renderTable(['check', 'kind', 'dataset', 'severity', 'status', 'failing', 'rows', 'declared at'], rows, 60);
  const failed = results.filter((r) => r.status === 'fail' && r !== omit).map((r) => printable(`${r.severity === 'error' ? 'error' : 'warning'}: ${checkFailureText(r)}`));
  return [table, ...failed].join('\n');
}

/** When `e` is a run stopped by failed error checks, prints the table of every check (passed ones too) before the error names the first. */
export function printFailedChecks(e: unknown): void {
  // The first failed error check is the run's error, printed once, on stderr.
  if (e instanceof ChecksFailedError) process.stdout.write(`${checksText(e.results, e.results.find((r) => r.severity === 'error' && r.status === 'fail') ?? null)}\n`);
}
