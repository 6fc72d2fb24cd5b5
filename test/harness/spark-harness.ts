// Runs plans on real Apache Spark (local mode): compiles each with toPySpark, runs the whole batch in one
// SparkSession (engines/spark-runner.ts) and reads every output directory back as rows of cell text, the
// form of the runtime's tableToRows (null stays null, partition columns put back in their place).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sparkParamArgs, sparkPreviousRowsArgs, toPySpark } from '../../codegen/pyspark/index.ts';
import { runSparkBatch, type SparkWritePlan } from '../../engines/spark-runner.ts';
import { inputNames, isJobError, sinks, type ParamValues, type Plan } from '../../plan/index.ts';
import { readSparkOutput } from '../../testing/spark-output-reader.ts';

export { readSparkOutput } from '../../testing/spark-output-reader.ts';

export interface SparkCase {
  readonly plan: Plan;
  /** Path of each input of the plan. */
  readonly inputs: Record<string, string>;
  /** Values of the plan's run-time parameters (the rest take their defaults). */
  readonly params?: ParamValues;
  /** The previous run's row counts of the plan's rowCount checks, by check name. */
  readonly previousRows?: Readonly<Record<string, number>>;
  /** A hand-made script to run instead of toPySpark(plan) (negative tests of the plan checks). */
  readonly script?: string;
}

export type CaseRows = Record<string, (string | null)[][]>;

export interface SparkCaseResult {
  readonly ok: boolean;
  /** Rows of each output (data rows only), when the case ran. */
  readonly outputs: CaseRows;
  /** Compile error, or the Python exception of the run. */
  readonly error?: string;
  readonly script: string;
  /** The case's folder: job.py, and out/<output>/ (and out/_checks.json/) as Spark wrote them (kept only with a workDir). */
  readonly dir: string;
  /** With SparkCaseOptions.plans: the physical plan of each write, with the output it wrote (null: rejects). */
  readonly plans?: readonly CaseWritePlan[];
}

export interface CaseWritePlan extends SparkWritePlan {
  readonly output: string | null;
}

export interface SparkCaseOptions {
  /** Where to keep each case's script and outputs (case-<i>/); default: a temporary folder, removed after. */
  readonly workDir?: string;
  /** Record each write's physical plan in the run itself (engines/spark_batch.py), for the plan checks. */
  readonly plans?: boolean;
}

/** Every case in one Spark session; a case that fails to compile or run is reported, not thrown. */
export async function runSparkCasesDetailed(cases: readonly SparkCase[], opts: SparkCaseOptions = {}): Promise<SparkCaseResult[]> {
  const root = opts.workDir ?? mkdtempSync(path.join(tmpdir(), 'emr-jobs-spark-cases-'));
  try {
    const prepared = cases.map((c, i) => prepare(c, path.join(root, `case-${i}`)));
    const runnable = prepared.filter((p) => p.error === undefined);
    const results = await runSparkBatch(runnable.map((p) => ({ script: p.script, argv: p.argv, plans: opts.plans === true })));
    const byScript = new Map(runnable.map((p, i) => [p.script, results[i]]));
    return prepared.map((p, i) => {
      const r = byScript.get(p.script);
      const base = { script: p.text, dir: p.dir, ...(r?.plans ? { plans: r.plans.map((w) => ({ ...w, output: outputAt(p.dir, w.path) })) } : {}) };
      if (p.error !== undefined || !r) return { ...base, ok: false, outputs: {}, error: p.error };
      if (!r.ok) return { ...base, ok: false, outputs: {}, error: `${r.error ?? 'failed'}\n${r.traceback ?? ''}` };
      const outputs = Object.fromEntries(sinks(cases[i].plan).map((s) => [s.output, readSparkOutput(path.join(p.dir, 'out', s.output), s)]));
      return { ...base, ok: true, outputs };
    });
  } finally {
    if (!opts.workDir) rmSync(root, { recursive: true, force: true });
  }
}

/** Every case in one Spark session; throws naming the cases that failed. */
export async function runSparkCases(cases: readonly SparkCase[], opts: SparkCaseOptions = {}): Promise<CaseRows[]> {
  const results = await runSparkCasesDetailed(cases, opts);
  const failed = results.map((r, i) => [i, r] as const).filter(([, r]) => !r.ok);
  if (failed.length) throw new Error(failed.map(([i, r]) => `case ${i} (${cases[i].plan.job}): ${r.error}`).join('\n\n'));
  return results.map((r) => r.outputs);
}

interface Prepared {
  readonly dir: string;
  readonly script: string;
  readonly argv: string[];
  readonly text: string;
  readonly error?: string;
}

function prepare(c: SparkCase, dir: string): Prepared {
  mkdirSync(dir, { recursive: true });
  const script = path.join(dir, 'job.py');
  let text: string;
  try {
    text = c.script ?? toPySpark(c.plan);
  } catch (e) {
    return { dir, script, argv: [], text: '', error: isJobError(e) ? e.describe() : String(e) };
  }
  writeFileSync(script, text);
  const argv = [
    ...inputNames(c.plan).flatMap((n) => [`--${n}`, path.resolve(c.inputs[n] ?? missing(n))]),
    ...sinks(c.plan).flatMap((s) => [`--${s.output}`, path.join(dir, 'out', s.output)]),
    ...sparkParamArgs(c.plan, c.params ?? {}),
    ...sparkPreviousRowsArgs(c.plan, c.previousRows ?? {}),
  ];
  return { dir, script, argv, text };
}

/** The output a write went to: prepare() puts output `o` in <case folder>/out/o. */
function outputAt(dir: string, written: string | null): string | null {
  if (written === null) return null;
  const rel = path.relative(path.join(dir, 'out'), path.resolve(written));
  return rel && !rel.startsWith('..') && !rel.includes(path.sep) ? rel : null;
}

function missing(input: string): never {
  throw new Error(`no path for input '${input}'`);
}

