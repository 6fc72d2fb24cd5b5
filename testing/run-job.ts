// runJob: a job run in memory on the local runtime, for tests: inputs given inline, outputs and each input's
// counts and rejected lines handed back as plain JS values. Inputs given inline go through temporary files
// (the runtime reads files), removed before it returns.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JobDefinition } from '../dsl/index.ts';
import { REJECT_REASONS, type CheckResult, type Plan, type RejectReason } from '../plan/index.ts';
import { executePlan } from '../runtime/index.ts';
import { escapeRejectText } from '../runtime/rejects.ts';
import { writeInputs, type JobInput } from './input-files.ts';
import { tableRows, type Row } from './job-values.ts';

export interface RunJobOptions {
  /** Fail the run (throw) when an input rejects more lines than this, as `--max-rejects` does. */
  readonly maxRejects?: number;
  /** Rows per record batch (default 8192); small values exercise batch boundaries. */
  readonly batchSize?: number;
  /**
   * A failed `error` check throws (as `emr-jobs run` fails), unless this is false: then the results say so
   * and the outputs are handed back.
   */
  readonly failOnChecks?: boolean;
  /** The previous run's row counts by check name, for checks with a tolerance. */
  readonly previousRows?: Readonly<Record<string, number>>;
}

export interface RejectedLine {
  /** 1-based line number in the input. */
  readonly line: number;
  readonly reason: RejectReason;
  /** What was wrong beyond the reason (e.g. the column), when the reader says. */
  readonly detail?: string;
  /** The line as given (for inputs given as lines), else as the rejects file holds it (tabs and line breaks restored). */
  readonly text: string;
}

export interface InputResult {
  /** Lines (records) read. */
  readonly read: number;
  readonly parsed: number;
  readonly rejected: number;
  /** Rejected lines per reason (only reasons that occurred). */
  readonly byReason: Readonly<Record<string, number>>;
  readonly rejects: readonly RejectedLine[];
}

export interface JobRun {
  /** Output name → its rows, in the order the runtime produced them. */
  readonly outputs: Record<string, Row[]>;
  readonly inputs: Record<string, InputResult>;
  /** The job's data-quality checks, in declaration order (docs/semantics.md, "Checks"). */
  readonly checks: readonly CheckResult[];
}

/** A job definition (what `job(...)` returns) or a plan. */
export type JobLike = JobDefinition | Plan;

export function planOf(job: JobLike): Plan {
  const kind: unknown = (job as { kind?: unknown }).kind;
  if (kind === 'emr-jobs/pipeline') {
    const name = (job as unknown as { name?: string }).name ?? '';
    throw new Error(`runJob: '${name}' is a pipeline, not a job: run each stage's job with runJob, or the pipeline with \`emr-jobs run ${name}\``);
  }
  return kind === 'emr-jobs/job' ? (job as JobDefinition).plan() : (job as Plan);
}

/**
 * Runs a job on the local runtime over inline inputs.
 * ```ts
 * const run = await runJob(topPages, { inputs: { logs: ['10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 12'] } });
 * run.outputs.top_pages; // [{ path: '/a', hits: 1n, bytes: 12n }]
 * run.inputs.logs.rejected; // 0
 * ```
 */
export async function runJob(job: JobLike, opts: { readonly inputs: Readonly<Record<string, JobInput>>; readonly options?: RunJobOptions }): Promise<JobRun> {
  const plan = planOf(job);
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-runjob-'));
  try {
    const written = writeInputs(plan, opts.inputs, dir);
    const rejectsDir = path.join(dir, '_rejects');
    const { tables, inputs, checks } = await executePlan(plan, written.paths, { ...opts.options, rejectsDir });
    const outputs = Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, tableRows(t)]));
    const results = Object.fromEntries(
      inputs.map((s) => {
        const file = path.join(rejectsDir, `${s.name}.rejects`);
        const rejects = existsSync(file) ? parseRejects(readFileSync(file, 'utf8'), written.lines[s.name]) : [];
        return [s.name, { read: s.rowsRead, parsed: s.rowsParsed, rejected: s.rejected, byReason: s.byReason, rejects }];
      }),
    );
    return { outputs, inputs: results, checks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const REASONS: readonly string[] = REJECT_REASONS;

/** Lines of a rejects file: `<file>:<line>\t<reason[: detail]>\t<text>` (runtime/rejects.ts). */
function parseRejects(text: string, given: readonly string[] | undefined): RejectedLine[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [where, why, ...rest] = l.split('\t');
      const escaped = rest.join('\t');
      const line = Number(where.slice(where.lastIndexOf(':') + 1));
      const colon = why.indexOf(': ');
      const reason = (colon < 0 ? why : why.slice(0, colon)) as RejectReason;
      if (!REASONS.includes(reason)) throw new Error(`unexpected rejects file line: ${l}`);
      const original = given?.[line - 1];
      const exact = original !== undefined && escapeRejectText(original) === escaped ? original : unescape(escaped);
      return { line, reason, ...(colon < 0 ? {} : { detail: unescape(why.slice(colon + 2)) }), text: exact };
    });
}

const unescape = (s: string) => s.replace(/\\([trn])/g, (_, c: string) => (c === 't' ? '\t' : c === 'r' ? '\r' : '\n'));
