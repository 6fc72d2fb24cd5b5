// `run --engine pig|spark`: compiles the plan, runs it on the local real engine with outputs in a temp
// folder, then gathers each output (and the check results) into the same layout the local runtime writes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECKS_FILE, checksFailure, JobError, planChecks, sinks, type CheckResult, type ParamValues, type Plan } from '../plan/index.ts';
import { childPath } from '../runtime/path-guard.ts';
import type { InterruptScope } from './interrupt-scope.ts';
import { rejectPolicyError, type RejectPolicy } from '../runtime/reject-policy.ts';
import { engineInputPath } from './engine-input-paths.ts';
import { engineInputSummaries, rejectsParams } from './engine-rejects-reader.ts';
import { collectChecks, collectOutput } from './part-file-collector.ts';
import { resolveInput, type ResolvedInput } from './input-files.ts';
import type { InputSummary } from './run-summary-printer.ts';

export type RealEngine = 'pig' | 'spark';

export interface EngineRunResult {
  /** Output name -> the file (or partition folder) written under the run's output folder. */
  readonly outputs: Record<string, string>;
  /** Per input: records read, parsed and rejected (the script writes its rejected records). */
  readonly inputs: InputSummary[];
  /** The data-quality checks' results (written to `<outDir>/_checks.json`); empty without checks. */
  readonly checks: CheckResult[];
}

/**
 * Runs `plan` on a local engine; `given` maps each input name to its files (or one path: a file or folder). With a `scope`, an
 * interruption ends the engine's process group and removes the work folder (every engine temp folder is
 * made inside it). A failed error check fails the run with the runtime's error (ChecksFailedError), its
 * results gathered first; `previousRows` are the previous run's row counts of rowCount checks, by name.
 */
export async function runOnEngine(
  plan: Plan,
  engine: RealEngine,
  given: Readonly<Record<string, string | ResolvedInput>>,
  outDir: string,
  scope?: InterruptScope,
  policy: RejectPolicy = {},
  values: ParamValues = {},
  previousRows: Readonly<Record<string, number>> = {},
): Promise<EngineRunResult> {
  const inputs = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, typeof v === 'string' ? resolveInput(k, [v]) : v]));
  const work = mkdtempSync(childPath(tmpdir(), `emr-jobs-${engine}-`));
  let engineRun: Promise<unknown> = Promise.resolve();
  const keep = process.env.EMR_JOBS_DEBUG === '1';
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  const undefer = scope?.defer({ stop: () => engineRun, remove: removeWork });
  try {
    const engineOut = (name: string) => childPath(work, 'out', name);
    const absInputs = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, engineInputPath(k, v, work)]));
    const outs = Object.fromEntries(sinks(plan).map((s) => [s.output, engineOut(s.output)]));
    const rejectsRoot = path.join(work, 'rejects');
    const rejects = rejectsParams(plan, engine, rejectsRoot);
    mkdirSync(path.join(work, 'out'), { recursive: true });
    const ctx = { work, signal: scope?.signal };
    const params = { ...absInputs, ...outs, ...rejects };
    engineRun = engine === 'pig' ? runPigJob(plan, ctx, params, values, previousRows) : runSparkJob(plan, ctx, params, values, previousRows);
    const failed = await engineRun.then(
      () => null,
      (e: unknown) => ({ e }),
    );
    if (scope?.signal.aborted) throw scope.signal.reason;
    mkdirSync(outDir, { recursive: true });
    // The script writes its check results beside the outputs, then stops when an error check failed.
    const checks = planChecks(plan).length ? (collectChecks(engineOut(CHECKS_FILE), path.join(outDir, CHECKS_FILE))?.checks ?? []) : [];
    const checkFailure = checksFailure(planChecks(plan), checks);
    if (checkFailure) throw checkFailure;
    if (failed) throw failed.e;
    const summaries = await engineInputSummaries(plan, inputs, rejectsRoot, outDir, absInputs);
    const refused = rejectPolicyError(summaries, policy);
    if (refused) throw refused;
    const outputs: Record<string, string> = {};
    for (const s of sinks(plan)) outputs[s.output] = await collectOutput(engineOut(s.output), s, outDir);
    return { outputs, inputs: summaries, checks: [...checks] };
  } finally {
    undefer?.();
    if (keep) process.stderr.write(`engine work folder kept: ${work}\n`);
    else removeWork();
  }
}

interface EngineContext {
  readonly work: string;
  readonly signal?: AbortSignal;
}

async function runPigJob(plan: Plan, { work, signal }: EngineContext, paths: Record<string, string>, values: ParamValues, previousRows: Readonly<Record<string, number>>): Promise<void> {
  const { toPig, pigParamArgs, pigCheckArgs, pigCheckFailure, PIG_SCRIPT_PARAM } = await import('../codegen/pig/index.ts');
  const script = childPath(work, `${plan.job}.pig`);
  const checks = planChecks(plan).length > 0;
  const params = { ...paths, ...pigParamArgs(plan, values), ...(checks ? { [PIG_SCRIPT_PARAM]: script, ...pigCheckArgs(plan, previousRows) } : {}) };
  const { runPig } = await import('../engines/pig-runner.ts');
  writeFileSync(script, toPig(plan));
  // A failed check's message is in the task's error, which Pig logs at WARN.
  const res = await runPig({ script, params, cwd: work, signal, tmpRoot: work, ...(checks ? { logLevel: 'WARN' as const } : {}) });
  if (res.code === 0) return;
  const failed = checks ? pigCheckFailure(res.stderr) : null;
  // At the failed check's job line, as the runtime's error is.
  if (failed !== null) throw new JobError('runtime', failed, planChecks(plan).find((c) => failed.startsWith(`check '${c.name}' (`))?.loc ?? null);
  throw new JobError('engine', `Pig failed (exit ${res.code}): ${firstError(res.stderr)}`);
}

async function runSparkJob(plan: Plan, { work, signal }: EngineContext, args: Record<string, string>, values: ParamValues, previousRows: Readonly<Record<string, number>>): Promise<void> {
  const { toPySpark, sparkParamArgs, sparkPreviousRowsArgs } = await import('../codegen/pyspark/index.ts');
  const { runSparkScript } = await import('../engines/spark-runner.ts');
  const script = childPath(work, `${plan.job}.py`);
  writeFileSync(script, toPySpark(plan));
  const argv = [...Object.entries(args).flatMap(([k, v]) => [`--${k}`, v]), ...sparkParamArgs(plan, values), ...sparkPreviousRowsArgs(plan, previousRows)];
  const res = await runSparkScript(script, argv, { cwd: work, signal, tmpRoot: work });
  if (!res.ok) throw new JobError('engine', `Spark failed: ${firstError(res.error ?? res.stderr ?? 'unknown error')}`);
}

/**
 * The line of an engine's log most worth showing: Pig's first numbered error (`ERROR 1025: <file …>`),
 * else the first ERROR line, else the last line.
 */
function firstError(log: string): string {
  const lines = log.split('\n').map((l) => l.trim()).filter(Boolean);
  const numbered = lines.find((l) => /\bERROR \d+:/.test(l));
  if (numbered) return numbered.slice(numbered.search(/ERROR \d+:/));
  return lines.find((l) => /\bERROR\b/.test(l)) ?? lines.at(-1) ?? 'no output';
}
