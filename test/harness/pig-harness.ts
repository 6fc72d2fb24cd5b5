// Runs plans on real Apache Pig 0.17 (local mode) and reads their outputs back as rows of CSV text, the
// form the runtime's tableToRows gives: many plans share one script and one JVM (each compiled with its own
// alias and parameter prefix); when that batch fails, each plan runs alone so a failure names its case.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECKS_RESULTS_PARAM, PIG_SCRIPT_PARAM, pigCheckArgs, pigCheckFailure, pigParamArgs, rejectsArgs, toPig } from '../../codegen/pig/index.ts';
import { partFiles } from '../../cli/part-file-collector.ts';
import { runPig } from '../../engines/pig-runner.ts';
import { inputNames, planChecks, sinks, type CheckResults, type ParamValues, type Plan } from '../../plan/index.ts';
import { readPigOutput } from '../../testing/pig-output-reader.ts';

export { parseCsvRows, readPigOutput } from '../../testing/pig-output-reader.ts';

export interface PigCase {
  readonly plan: Plan;
  /** Input name -> file path (relative paths are taken from the current directory). */
  readonly inputs: Record<string, string>;
  /** Values of the plan's run-time parameters (the rest take their defaults). */
  readonly params?: ParamValues;
  /** The previous run's row counts of rowCount checks with a tolerance, by check name. */
  readonly previousRows?: Readonly<Record<string, number>>;
}

/** Output name -> rows; each value is its CSV text (docs/semantics.md), null for null. */
export type CaseRows = Record<string, (string | null)[][]>;

/** A run that succeeded gives its outputs and, for a plan with checks, the results document it stored. */
export type SettledCase = { readonly ok: true; readonly outputs: CaseRows; readonly checks?: CheckResults } | { readonly ok: false; readonly error: string };

export interface PigHarnessOptions {
  readonly timeoutMs?: number;
  /** Keep the work folder (scripts, outputs) for debugging. */
  readonly keep?: boolean;
}

const LOCAL_SETTINGS = "SET mapreduce.task.io.sort.mb '16';\n";

interface Prepared {
  readonly script: string;
  readonly params: Record<string, string>;
  readonly outDirs: Record<string, string>;
  /** The folder of the results document, for a plan with checks. */
  readonly checksDir?: string;
}

function prepare(c: PigCase, prefix: string, outRoot: string): Prepared {
  const params: Record<string, string> = {};
  for (const name of inputNames(c.plan)) {
    const p = c.inputs[name];
    if (p === undefined) throw new Error(`case ${prefix}: no path for input '${name}'`);
    params[`${prefix}${name}`] = path.resolve(p);
  }
  const outDirs: Record<string, string> = {};
  for (const s of sinks(c.plan)) {
    outDirs[s.output] = path.join(outRoot, `${prefix}${s.output}`);
    params[`${prefix}${s.output}`] = outDirs[s.output];
  }
  // Rejected lines go beside the outputs, in a folder no output is read from.
  Object.assign(params, rejectsArgs(c.plan, 'pig', (i) => path.join(outRoot, '_rejects', `${prefix}${i}`), prefix));
  Object.assign(params, pigParamArgs(c.plan, c.params ?? {}, prefix));
  if (!planChecks(c.plan).length) return { script: toPig(c.plan, { prefix }), params, outDirs };
  // Each case's results document in its own folder (all outputs share one parent here).
  const checksDir = path.join(outRoot, `${prefix}_checks.json`);
  Object.assign(params, { [`${prefix}${CHECKS_RESULTS_PARAM}`]: checksDir }, pigCheckArgs(c.plan, c.previousRows ?? {}, prefix));
  return { script: toPig(c.plan, { prefix }), params, outDirs, checksDir };
}

function firstErrors(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => /ERROR|Exception/.test(l));
  return (lines.length ? lines.slice(0, 6) : stderr.split('\n').slice(-6)).join('\n');
}

async function runBatch(prepared: readonly Prepared[], work: string, tag: string, opts: PigHarnessOptions): Promise<{ code: number; error: string }> {
  const script = path.join(work, `batch-${tag}.pig`);
  // Local mode only: map tasks would each allocate a 100 MB sort buffer.
  writeFileSync(script, [LOCAL_SETTINGS, ...prepared.map((p) => p.script)].join('\n'));
  const params = Object.assign({ [PIG_SCRIPT_PARAM]: script }, ...prepared.map((p) => p.params)) as Record<string, string>;
  // C1 only: these JVMs live for seconds to minutes, and the C2 compiler doubled their CPU time here.
  // WARN: a failed check's message is in the task's error, which Pig logs at that level.
  const checks = prepared.some((p) => p.checksDir !== undefined);
  const res = await runPig({ script, params, cwd: work, timeoutMs: opts.timeoutMs ?? 600_000, jvmArgs: ['-XX:TieredStopAtLevel=1'], ...(checks ? { logLevel: 'WARN' as const } : {}) });
  const failed = checks ? pigCheckFailure(res.stderr) : null;
  return { code: res.code, error: res.code === 0 ? '' : failed !== null ? failed : `Pig exit ${res.code}:\n${firstErrors(res.stderr)}` };
}

function collect(c: PigCase, p: Prepared): { ok: true; outputs: CaseRows; checks?: CheckResults } {
  const outputs = Object.fromEntries(sinks(c.plan).map((s) => [s.output, readPigOutput(p.outDirs[s.output], s)]));
  if (p.checksDir === undefined) return { ok: true, outputs };
  return { ok: true, outputs, checks: JSON.parse(partFiles(p.checksDir).map((f) => readFileSync(f, 'utf8')).join('')) as CheckResults };
}

/**
 * Runs every case on Pig; a case that does not compile or fails (alone) is reported, the others still give
 * their rows. Cases are compiled with the prefix `c<i>_` and run in one script.
 */
export async function runPigCasesSettled(cases: readonly PigCase[], opts: PigHarnessOptions = {}): Promise<SettledCase[]> {
  if (cases.length === 0) return [];
  const work = mkdtempSync(path.join(tmpdir(), 'emr-jobs-pig-harness-'));
  try {
    const out: (SettledCase | null)[] = cases.map(() => null);
    const prepared: (Prepared | null)[] = cases.map((c, i) => {
      try {
        return prepare(c, `c${i}_`, path.join(work, 'out'));
      } catch (e) {
        out[i] = { ok: false, error: `does not compile: ${(e as Error).message}` };
        return null;
      }
    });
    const runnable = prepared.map((p, i) => ({ p, i })).filter((x): x is { p: Prepared; i: number } => x.p !== null);
    if (runnable.length === 0) return out as SettledCase[];
    const batch = await runBatch(runnable.map((x) => x.p), work, 'all', opts);
    for (const { p, i } of runnable) {
      if (batch.code === 0) {
        out[i] = collect(cases[i], p);
        continue;
      }
      // The batch failed: each case alone (fresh output folders), so that the failure names its case.
      const alone = prepare(cases[i], `c${i}_`, path.join(work, `out-${i}`));
      const one = runnable.length === 1 ? batch : await runBatch([alone], work, String(i), opts);
      out[i] = one.code === 0 ? collect(cases[i], alone) : { ok: false, error: one.error };
    }
    return out as SettledCase[];
  } finally {
    if (opts.keep) process.stderr.write(`pig harness work folder kept: ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** Runs every case on Pig in one JVM and returns each case's outputs; throws if any case fails. */
export async function runPigCases(cases: readonly PigCase[], opts: PigHarnessOptions = {}): Promise<CaseRows[]> {
  const settled = await runPigCasesSettled(cases, opts);
  const failed = settled.map((s, i) => ({ s, i })).filter((x) => !x.s.ok);
  if (failed.length) {
    throw new Error(failed.map(({ s, i }) => `case ${i} (${cases[i].plan.job}): ${(s as { error: string }).error}`).join('\n\n'));
  }
  return settled.map((s) => (s as { outputs: CaseRows }).outputs);
}
