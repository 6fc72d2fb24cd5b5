// `--profile`: one extra run of the runtime per job and size, profiled from the job's start to its end
// (not counted in the timings), summarised as the hottest functions and files.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchJob } from '../peers/peer-types.ts';
import { summarizeProfiles, type HotSpot } from '../profile-summary.ts';
import { runChild } from './child-runner.ts';
import { PROFILE_DIR } from './paths.ts';

export interface RuntimeProfile {
  readonly size: string;
  readonly job: BenchJob;
  readonly file: string;
  readonly ms: number;
  /** Sampled time in the profile (the job, start-up excluded). */
  readonly totalMs: number;
  readonly functions: readonly HotSpot[];
  readonly files: readonly HotSpot[];
}

export async function profileRuntime(size: string, job: BenchJob, input: string): Promise<RuntimeProfile> {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const file = join(PROFILE_DIR, `${size}-${job}.cpuprofile`);
  const outDir = mkdtempSync(join(tmpdir(), 'emr-jobs-bench-profile-'));
  try {
    const m = await runChild({ impl: 'runtime', job, input, outDir, cpuProfile: file });
    const s = summarizeProfiles([file]);
    return { size, job, file, ms: m.ms ?? 0, totalMs: s.totalMs, functions: s.functions.slice(0, 20), files: s.files.slice(0, 10) };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
