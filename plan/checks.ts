// Data-quality checks: declarations in the plan beside its nodes, and the results every engine reports in one
// shape. A check reads ordinary plan nodes (the checked rows, the rows its rule selects, their samples), so
// what it selects means what those nodes mean everywhere (docs/semantics.md, "Checks").
import { JobError } from './errors.ts';
import { printable } from './printable-text.ts';
import type { SourceLoc } from './types.ts';

export type CheckKind = 'rowCount' | 'notNull' | 'unique' | 'acceptedValues' | 'range' | 'matches' | 'references' | 'freshness' | 'expr';

export const CHECK_KINDS: readonly CheckKind[] = ['rowCount', 'notNull', 'unique', 'acceptedValues', 'range', 'matches', 'references', 'freshness', 'expr'];

/** `error` fails the run; `warn` is reported and the run goes on. */
export type CheckSeverity = 'error' | 'warn';

/**
 * How the verdict follows from the rows: `no-rows`: fails when `selected` has rows (each one fails);
 * `some-rows`: fails when `selected` has none (freshness: no row recent enough); `row-count`: fails when the
 * checked rows' count is outside [minRows, maxRows] or differs from the previous run's by more than `tolerance`.
 */
export type CheckRule = 'no-rows' | 'some-rows' | 'row-count';

export interface CheckDecl {
  readonly name: string;
  readonly kind: CheckKind;
  /** The label the check gives the checked dataset (`requests`). */
  readonly dataset: string;
  readonly severity: CheckSeverity;
  readonly rule: CheckRule;
  /** Id of the node whose rows are checked (and counted). */
  readonly input: string;
  /** Id of the node whose rows the rule looks at; absent for `row-count`. */
  readonly selected?: string;
  /** Id of the node holding up to SAMPLE_ROWS of `selected`, in a fixed order; absent when none are shown. */
  readonly samples?: string;
  readonly minRows?: number;
  readonly maxRows?: number;
  /** A fraction: fails when |rows - previous rows| > tolerance × previous rows. */
  readonly tolerance?: number;
  readonly loc: SourceLoc;
}

export const SAMPLE_ROWS = 5;

const DATASET_LABEL = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The results file every engine writes next to the outputs. */
export const CHECKS_FILE = '_checks.json';
export const CHECKS_FORMAT = 'emr-jobs/checks';
export const CHECKS_VERSION = 1;

/** A sample row: column -> value as the CSV output writes it (null for null). */
export type SampleRow = Readonly<Record<string, string | null>>;

export interface CheckResult {
  readonly name: string;
  readonly kind: CheckKind;
  readonly dataset: string;
  readonly severity: CheckSeverity;
  readonly status: 'pass' | 'fail';
  /** Failing rows (`no-rows`), or 1 for a failed `some-rows` / `row-count` check, else 0. */
  readonly failing: number;
  /** Rows of the checked dataset. */
  readonly rows: number;
  /** `row-count` with a tolerance: the previous run's rows, null when there is none; absent otherwise. */
  readonly previousRows?: number | null;
  readonly samples: readonly SampleRow[];
  /** The job line that declared the check (`jobs/web-analytics.ts:31`). */
  readonly line: string;
}

export interface CheckResults {
  readonly format: typeof CHECKS_FORMAT;
  readonly version: number;
  readonly job: string;
  readonly checks: readonly CheckResult[];
}

/** Ids of the nodes a check reads. */
export function checkReads(c: CheckDecl): string[] {
  return [c.input, ...(c.selected !== undefined ? [c.selected] : []), ...(c.samples !== undefined ? [c.samples] : [])];
}

/** Whether a `row-count` check passes on `rows`, given the previous run's rows (null: none known). */
export function rowCountPasses(c: CheckDecl, rows: number, previous: number | null): boolean {
  if (c.minRows !== undefined && rows < c.minRows) return false;
  if (c.maxRows !== undefined && rows > c.maxRows) return false;
  if (c.tolerance !== undefined && previous !== null && Math.abs(rows - previous) > c.tolerance * previous) return false;
  return true;
}

/** The verdict of a check from its counts: what every engine computes, then reports. */
export function checkResult(c: CheckDecl, rows: number, selected: number, samples: readonly SampleRow[], previous: number | null): CheckResult {
  const failing = c.rule === 'no-rows' ? selected : c.rule === 'some-rows' ? (selected === 0 ? 1 : 0) : rowCountPasses(c, rows, previous) ? 0 : 1;
  return {
    name: c.name,
    kind: c.kind,
    dataset: c.dataset,
    severity: c.severity,
    status: failing === 0 ? 'pass' : 'fail',
    failing,
    rows,
    ...(c.tolerance !== undefined ? { previousRows: previous } : {}),
    samples: failing === 0 ? [] : samples,
    line: formatLine(c.loc),
  };
}

function formatLine(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}`;
}

/** Sample rows in a message: the first few, long values clipped (the results file holds them whole). */
const TEXT_SAMPLES = 3;
const clip = (v: string | null) => (v !== null && v.length > 40 ? `${v.slice(0, 39)}…` : v);

/** What a failed check prints, and the message an `error` check stops the run with. */
export function checkFailureText(r: CheckResult): string {
  const what =
    r.kind === 'rowCount'
      ? `${r.rows} rows${r.previousRows != null ? ` (previous run: ${r.previousRows})` : ''}`
      : r.kind === 'freshness'
        ? `no row recent enough among ${r.rows}`
        : `${r.failing} ${r.kind === 'unique' ? (r.failing === 1 ? 'duplicated key' : 'duplicated keys') : r.failing === 1 ? 'failing row' : 'failing rows'} of ${r.rows}`;
  const shown = r.samples.slice(0, TEXT_SAMPLES).map((s) => JSON.stringify(Object.fromEntries(Object.entries(s).map(([k, v]) => [k, clip(v)]))));
  const samples = shown.length ? `; e.g. ${shown.join(', ')}` : '';
  return `check '${r.name}' (${r.kind}, ${r.severity}) on ${r.dataset} at ${r.line} failed: ${what}${samples}`;
}

/** The results file's content. */
export function checkResultsJson(job: string, checks: readonly CheckResult[]): CheckResults {
  return { format: CHECKS_FORMAT, version: CHECKS_VERSION, job, checks };
}

/**
 * A run stopped by failed `error` checks: the message names the first (check, dataset, job line, failing
 * count, samples); `results` holds every check's result, passed ones too.
 */
export class ChecksFailedError extends JobError {
  constructor(
    readonly results: readonly CheckResult[],
    at: SourceLoc | null,
  ) {
    const failed = results.filter((r) => r.severity === 'error' && r.status === 'fail');
    const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed error check${failed.length > 2 ? 's' : ''})` : '';
    super('runtime', `${checkFailureText(failed[0])}${more}`, at);
  }
}

/** The error that stops a run whose `error` checks failed, or null when none did. */
export function checksFailure(decls: readonly CheckDecl[], results: readonly CheckResult[]): ChecksFailedError | null {
  const i = results.findIndex((r) => r.severity === 'error' && r.status === 'fail');
  return i < 0 ? null : new ChecksFailedError(results, decls.find((d) => d.name === results[i].name)?.loc ?? null);
}

/** Problems of a plan's check declarations (names, severities, rules, ids), each with its check. */
export function checkProblems(checks: readonly CheckDecl[], nodeIds: ReadonlySet<string>): { message: string; check: CheckDecl }[] {
  const out: { message: string; check: CheckDecl }[] = [];
  const names = new Set<string>();
  for (const c of checks) {
    const err = (message: string) => out.push({ message: `check '${printable(String(c.name))}': ${message}`, check: c });
    if (typeof c.name !== 'string' || c.name.trim() === '') err('the name is empty');
    else if (names.has(c.name)) err(`the name is used by another check of this job (name one with { name: '...' })`);
    else if (/\p{Cc}/u.test(c.name)) err('the name holds a control character');
    names.add(c.name);
    if (typeof c.dataset !== 'string' || !DATASET_LABEL.test(c.dataset)) err(`dataset label '${printable(String(c.dataset))}' must be letters, digits, _ and -, starting with a letter`);
    if (!CHECK_KINDS.includes(c.kind)) err(`unknown kind '${c.kind}'`);
    if (c.severity !== 'error' && c.severity !== 'warn') err(`severity must be 'error' or 'warn', not ${JSON.stringify(c.severity)}`);
    const missing = checkReads(c).filter((id) => !nodeIds.has(id));
    if (missing.length) err(`reads ${missing.join(', ')}, which is not a node of the plan`);
    if (c.rule === 'row-count') {
      for (const [k, v] of [['min', c.minRows], ['max', c.maxRows]] as const) {
        if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) err(`${k} ${v} is not a non-negative integer`);
      }
      if (c.minRows !== undefined && c.maxRows !== undefined && c.minRows > c.maxRows) err(`min ${c.minRows} is above max ${c.maxRows}`);
      if (c.tolerance !== undefined && !(Number.isFinite(c.tolerance) && c.tolerance >= 0)) err(`tolerance ${c.tolerance} is not a non-negative fraction`);
      if (c.minRows === undefined && c.maxRows === undefined && c.tolerance === undefined) err('give min, max or tolerance');
    } else if (c.selected === undefined) err(`rule '${c.rule}' needs the rows it selects`);
  }
  return out;
}
