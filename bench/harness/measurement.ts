// One timed run of one implementation on one job and input file.
import type { InputCounts } from '../peers/peer-types.ts';

export interface Measurement {
  /** The job's own wall time, start-up excluded (null for engines, whose only clock is end to end). */
  readonly ms: number | null;
  /** From process start to exit: what a user waits for. */
  readonly e2eMs: number;
  /** Peak resident set in MB: the child's own maxRSS, or the sampled sum over an engine's processes. */
  readonly rssMb: number | null;
  readonly rssHow: 'maxrss' | 'sampled';
  readonly counts: InputCounts | null;
  /** The CSV the run wrote for the job's output. */
  readonly output: string;
}
