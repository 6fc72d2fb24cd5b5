// expectEnginesAgree: runs a job on the local runtime and on the real engines it compiles to, and compares
// every output under the conformance rules the project's own suite uses (testing/compare-rules.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Plan } from '../plan/index.ts';
import { executePlan, tableToRows } from '../runtime/index.ts';
import { compareCase, type CaseOutputs } from './compare-rules.ts';
import { checkEngineInstalled, runOnPig, runOnSpark, type EngineName } from './engine-runs.ts';
import { writeInputs, type JobInput } from './input-files.ts';
import { planOf, type JobLike } from './run-job.ts';

export interface EnginesAgreeOptions {
  /** The engines to compare the runtime with (default both). */
  readonly engines?: readonly EngineName[];
  /** Relative tolerance for doubles (default 1e-9). */
  readonly relTol?: number;
  /** Rows of each side shown in a diff (default 8). */
  readonly maxRows?: number;
}

const RUNNERS: { readonly [E in EngineName]: typeof runOnPig } = { pig: runOnPig, spark: runOnSpark };

/**
 * Resolves when every output of the job is the same on the runtime and on each engine; throws an Error
 * whose message is the diff (output, row counts, the first differing rows) otherwise.
 * ```ts
 * await expectEnginesAgree(topPages, { logs: { file: 'jobs/data/apache_logs' } }, { engines: ['pig', 'spark'] });
 * ```
 */
export async function expectEnginesAgree(job: JobLike, inputs: Readonly<Record<string, JobInput>>, opts: EnginesAgreeOptions = {}): Promise<void> {
  const engines = opts.engines ?? (['pig', 'spark'] as const);
  if (engines.length === 0) throw new Error('expectEnginesAgree: name at least one engine (pig, spark)');
  for (const e of engines) {
    if (!(e in RUNNERS)) throw new Error(`expectEnginesAgree: unknown engine '${e}' (pig, spark)`);
    checkEngineInstalled(e);
  }
  const plan = planOf(job);
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-agree-'));
  try {
    const { paths } = writeInputs(plan, inputs, dir);
    const { tables } = await executePlan(plan, paths);
    const runtime: CaseOutputs = Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, tableToRows(t)]));
    const diffs: string[] = [];
    for (const e of engines) {
      const outputs = await RUNNERS[e](plan, paths, path.join(dir, e));
      const diff = engineDiff(plan, runtime, outputs, e, opts);
      if (diff) diffs.push(diff);
    }
    if (diffs.length > 0) throw new Error(`job '${plan.job}': the engines disagree\n\n${diffs.join('\n\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The diff between the runtime's outputs and an engine's, or '' when they agree. */
function engineDiff(plan: Plan, runtime: CaseOutputs, engine: CaseOutputs, name: string, opts: EnginesAgreeOptions = {}): string {
  const r = compareCase(plan, runtime, engine, { labels: ['runtime', name], relTol: opts.relTol, maxRows: opts.maxRows });
  return r.equal ? '' : `runtime vs ${name}:\n${r.diff}`;
}
