// What the benchmark parent sends a measurement child and what the child reports back (one stdout line).
import type { BenchJob, InputCounts } from '../peers/peer-types.ts';
import type { ChildImpl } from './implementations.ts';

export interface ChildRequest {
  readonly impl: ChildImpl;
  readonly job: BenchJob;
  readonly input: string;
  readonly outDir: string;
  /** Write a V8 CPU profile of the job itself (start-up left out) to this file. */
  readonly cpuProfile?: string;
}

export interface ChildReport {
  /** Wall time of the job itself (modules loaded and plan built before the clock starts). */
  readonly ms: number;
  /** Peak resident set of the whole child process (process.resourceUsage().maxRSS), in KiB. */
  readonly maxRssKb: number;
  readonly counts: InputCounts | null;
}

export const REPORT_PREFIX = 'BENCH_REPORT ';
