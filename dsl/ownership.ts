// Who owns a job's or a pipeline's outputs and how fresh they are expected to be: declared beside the name,
// checked at the job(...) / pipeline(...) line, carried in the plan (but not in its hash: see docs/dsl.md).
import * as P from '../plan/index.ts';
import type { SourceLoc } from '../plan/index.ts';
import { durationSeconds, type Duration } from './checks.ts';

export interface OwnershipOptions {
  /**
   * Who answers for the outputs: a team address, a person, a channel (`'data-eng@example.com'`). Shown by
   * `emr-jobs runs` and `emr-jobs freshness`, written in every run log record.
   */
  readonly owner?: string;
  /**
   * How old the newest successful run's outputs may be before `emr-jobs freshness` flags them stale
   * (`{ hours: 36 }`).
   */
  readonly fresh?: Duration;
}

const OWNER_MAX = 200;

/** The plan fields of `options`; a mistake is a job error at `at` naming the field and what was expected. */
export function ownershipFields(what: string, options: unknown, at: SourceLoc): P.Ownership {
  if (options === undefined) return {};
  if (!options || typeof options !== 'object' || Array.isArray(options)) throw new P.JobError('job', `${what}: options must be an object { owner, fresh }`, at);
  const { owner, fresh, ...rest } = options as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) throw new P.JobError('job', `${what}: unknown option '${P.printable(unknown[0])}' (options: owner, fresh)`, at);
  const out: { owner?: string; freshWithin?: number } = {};
  if (owner !== undefined) {
    if (typeof owner !== 'string' || owner.trim() === '' || owner.length > OWNER_MAX || /[\u0000-\u001f\u007f-\u009f]/.test(owner)) {
      throw new P.JobError('job', `${what}: owner must be a non-empty one-line text of at most ${OWNER_MAX} characters (an address or a team name), not ${P.printable(JSON.stringify(owner) ?? String(owner))}`, at);
    }
    out.owner = owner.trim();
  }
  if (fresh !== undefined) {
    if (!fresh || typeof fresh !== 'object' || Array.isArray(fresh)) throw new P.JobError('job', `${what}: fresh must be a duration such as { hours: 36 }`, at);
    const seconds = durationSeconds(fresh as Duration, `${what}: fresh`, at);
    if (seconds === 0) throw new P.JobError('job', `${what}: fresh must be longer than 0 seconds`, at);
    out.freshWithin = seconds;
  }
  return out;
}
