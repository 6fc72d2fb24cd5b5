// When rejected input lines fail a run: the one rule every engine applies to its per-input counts (local,
// Pig, Spark), so that a wrong format, a compressed file or a wrong delimiter never passes as "0 rows".
import { JobError } from '../plan/index.ts';

/** More than this fraction of an input's lines rejected fails the run unless a limit is given. */
export const DEFAULT_MAX_REJECT_RATE = 0.1;

export interface RejectPolicy {
  /** --max-rejects: more rejected lines than this (per input) fail the run. */
  readonly maxRejects?: number;
  /** --max-reject-rate: a larger fraction of rejected lines (per input) fails the run; 1 never does. */
  readonly maxRejectRate?: number;
}

/** What the policy looks at: one input's counts, however the engine obtained them. */
export interface InputRejectCounts {
  readonly input: string;
  readonly file: string;
  readonly read: number;
  readonly rejected: number;
  readonly byReason: Readonly<Record<string, number>>;
  /** `file:line` of the first rejected line, where the engine knows it. */
  readonly firstReject?: string | null;
}

/**
 * The rate limit in force: --max-reject-rate when given; none when only --max-rejects is (the user stated a
 * budget in lines, as before the rate existed); else the default.
 */
function rateLimit(policy: RejectPolicy): number | null {
  if (policy.maxRejectRate !== undefined) return policy.maxRejectRate;
  return policy.maxRejects !== undefined ? null : DEFAULT_MAX_REJECT_RATE;
}

const HINTS: Record<string, string> = {
  'no-match': "wrong log format for this job, or a compressed or binary file? check the file's first lines",
  'wrong-field-count': 'wrong delimiter, or a schema with another number of columns than the file?',
  'bad-csv': 'a column declared with another type than the file holds, or malformed quoting?',
  'bad-json': 'not JSON lines, or a field declared with another type than the file holds?',
  'bad-number': 'a numeric field holding text: another log format or field layout?',
  'bad-time': 'times in another format than the job expects?',
};

const num = (n: number) => n.toLocaleString('en-US');

/** `no-match: 9,998, bad-time: 2`, most frequent first, at most three. */
export function topReasons(byReason: Readonly<Record<string, number>>): string {
  const all = Object.entries(byReason).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = all.slice(0, 3).map(([r, n]) => `${r}: ${num(n)}`);
  if (all.length > 3) shown.push(`${all.length - 3} more reasons`);
  return shown.join(', ');
}

function hint(byReason: Readonly<Record<string, number>>): string {
  const top = Object.entries(byReason).sort((a, b) => b[1] - a[1])[0];
  return (top && HINTS[top[0]]) ?? 'check the input file and the job\'s source format';
}

/** A run failed by the reject policy: its rejected lines are the evidence, so `run` keeps them (cli/commands/run.ts). */
export class RejectLimitError extends JobError {}

/** The error for an input with more rejected lines than --max-rejects (raised early by the local reader too). */
export function maxRejectsError(input: string, file: string, rejected: number, max: number, first?: { line: number; reason: string }): JobError {
  const where = first ? `; first: line ${first.line} (${first.reason})` : '';
  return new RejectLimitError('input', `input '${input}' (${file}): ${rejected} lines rejected, more than --max-rejects ${max}${where}`, first ? { file, line: first.line } : { file });
}

/** The first input the policy fails, as the error to end the run with (exit 1); null when all pass. */
export function rejectPolicyError(inputs: readonly InputRejectCounts[], policy: RejectPolicy): JobError | null {
  const rate = rateLimit(policy);
  for (const i of inputs) {
    if (policy.maxRejects !== undefined && i.rejected > policy.maxRejects) return maxRejectsError(i.input, i.file, i.rejected, policy.maxRejects);
    if (i.read === 0) continue;
    const all = i.rejected === i.read;
    const over = rate === null ? all && policy.maxRejectRate === undefined : i.rejected / i.read > rate;
    if (!over) continue;
    const share = all ? (i.read === 1 ? `its one line rejected` : `all ${num(i.read)} lines rejected`) : `${num(i.rejected)} of ${num(i.read)} lines rejected (${pct(i.rejected / i.read)})`;
    const limit =
      all ? '--max-reject-rate 1 accepts it'
      : policy.maxRejectRate !== undefined ? `more than --max-reject-rate ${policy.maxRejectRate}`
      : `more than the default ${pct(DEFAULT_MAX_REJECT_RATE)}; --max-reject-rate <fraction> raises it`;
    const first = !all && i.firstReject ? `; first rejected line: ${i.firstReject}` : '';
    return new RejectLimitError('input', `input '${i.input}' (${i.file}): ${share} (${topReasons(i.byReason)})${first}; ${hint(i.byReason)} (${limit})`, { file: i.file });
  }
  return null;
}

const pct = (f: number) => `${(f * 100).toFixed(f < 0.01 ? 2 : 1).replace(/\.0+$/, '')}%`;
