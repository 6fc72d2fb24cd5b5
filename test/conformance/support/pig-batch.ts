// Runs many cases in one Pig script (one JVM). Pig's multi-query run keeps going when one case's job fails,
// so the cases whose outputs were committed are kept; the rest run again as a smaller batch, and a batch
// in which nothing ran (a script error) is split in halves: a bad case costs a few JVMs, not one per case.
// With `plans`, the same JVM first EXPLAINs each case's script, and the plan checks read it
// (test/harness/plan-checks/pig-explain-check.ts): no JVM more.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECKS_RESULTS_PARAM, PIG_SCRIPT_PARAM, pigParamArgs, rejectsArgs, toPig } from '../../../codegen/pig/index.ts';
import { PIG_LIB_PARAM } from '../../../codegen/pig/pig-parquet.ts';
import { runPig } from '../../../engines/pig-runner.ts';
import { inputNames, isJobError, planChecks, sinks, type ParamValues, type Plan } from '../../../plan/index.ts';
import { readPigOutput } from '../../harness/pig-harness.ts';
import { explainParams, explainStatement, explainTexts, pigExplainFindings } from '../../harness/plan-checks/pig-explain-check.ts';
import type { Settled } from './reference-run.ts';

export interface EngineCase {
  readonly plan: Plan;
  readonly inputs: Record<string, string>;
  readonly params?: ParamValues;
  /** Spark only: a hand-made script run instead of the compiled one (negative tests of the plan checks). */
  readonly script?: string;
  /** Pig only: a hand-made change to the compiled script, with and without prefix (negative tests of the plan checks). */
  readonly editPig?: (script: string) => string;
}

interface Compiled {
  readonly index: number;
  readonly script: string;
  readonly params: Record<string, string>;
  readonly outDirs: Record<string, string>;
  /** The script compiled without a prefix, so that its aliases in EXPLAIN are the plan's node ids. */
  readonly plain: string;
}

export interface PigBatchOptions {
  readonly timeoutMs?: number;
  /** EXPLAIN every case in the batch's JVM and give its single reducers (`Settled.singleTasks`). */
  readonly plans?: boolean;
}

export async function runPigSettled(cases: readonly EngineCase[], opts: PigBatchOptions = {}): Promise<Settled[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'emr-jobs-conformance-pig-'));
  const results: Settled[] = new Array(cases.length);
  let run = 0;
  // EXPLAIN texts by case index: each case is explained in the first attempt that holds it.
  const explained = new Map<number, string>();
  try {
    const compiled: Compiled[] = [];
    cases.forEach((c, index) => {
      const prefix = `c${index}_`;
      try {
        const params: Record<string, string> = {};
        const outDirs: Record<string, string> = {};
        for (const n of inputNames(c.plan)) params[`${prefix}${n}`] = path.resolve(c.inputs[n]);
        for (const s of sinks(c.plan)) params[`${prefix}${s.output}`] = outDirs[s.output] = path.join(work, `out-${index}`, s.output);
        Object.assign(params, pigParamArgs(c.plan, c.params ?? {}, prefix));
        const edit = c.editPig ?? ((x: string) => x);
        compiled.push({ index, script: edit(toPig(c.plan, { prefix })), params, outDirs, plain: opts.plans ? edit(toPig(c.plan)) : '' });
      } catch (e) {
        results[index] = { ok: false, error: `toPig failed: ${isJobError(e) ? e.describe() : String(e)}`, alone: true };
      }
    });
    // A job with checks turns two more optimizer rules off with its SET, which must come last to hold.
    const withChecks = (g: Compiled) => planChecks(cases[g.index].plan).length > 0;
    compiled.sort((a, b) => Number(withChecks(a)) - Number(withChecks(b)));
    const runGroup = async (group: readonly Compiled[]): Promise<void> => {
      if (group.length === 0) return;
      // Outputs of an earlier attempt would look committed: every attempt writes to fresh folders.
      const attempt = run++;
      const moved = group.map((g) => ({ ...g, outDirs: Object.fromEntries(Object.entries(g.outDirs).map(([k, v]) => [k, `${v}.${attempt}`])) }));
      const params = Object.assign({}, ...moved.map((g) => ({ ...g.params, ...Object.fromEntries(Object.entries(g.outDirs).map(([k, v]) => [`c${g.index}_${k}`, v])) })));
      // Rejected lines: a fresh folder per attempt too (Pig refuses to store into an existing one); never read.
      for (const g of moved) {
        Object.assign(params, rejectsArgs(cases[g.index].plan, 'pig', (i) => path.join(work, `rejects-${attempt}`, `c${g.index}_${i}`), `c${g.index}_`));
      }
      const script = path.join(work, `batch-${attempt}.pig`);
      // A job with checks reads its own script (one row to count an empty relation by), and stores its
      // results document in a folder of its own per attempt.
      params[PIG_SCRIPT_PARAM] = script;
      for (const g of moved.filter(withChecks)) params[`c${g.index}_${CHECKS_RESULTS_PARAM}`] = path.join(work, `checks-${attempt}`, `c${g.index}`);
      // EXPLAINs first: they plan without running, and leave the batch's settings to its own SETs.
      const explaining = opts.plans ? group.filter((g) => !explained.has(g.index)) : [];
      const explains = explaining.map((g) => explainLine(g, work));
      writeFileSync(script, [...explains, ...moved.map((g) => g.script)].join('\n'));
      const res = await runPig({ script, params, cwd: work, timeoutMs: opts.timeoutMs ?? 900_000 });
      writeFileSync(path.join(work, `batch-${attempt}.log`), `exit ${res.code}\n${res.stderr}`);
      const texts = explainTexts(res.stdout);
      texts.slice(0, explaining.length).forEach((t, i) => explained.set(explaining[i].index, t));
      const failed: Compiled[] = [];
      moved.forEach((g, i) => {
        const done = res.code === 0 || Object.values(g.outDirs).every((d) => existsSync(path.join(d, '_SUCCESS')));
        if (done) results[g.index] = settledRun(group[i], g.outDirs);
        else failed.push(group[i]);
      });
      if (failed.length === 0) return;
      if (failed.length === 1 && group.length === 1) {
        results[failed[0].index] = { ok: false, error: `Pig exit ${res.code}:\n${errorLines(res.stderr)}`, alone: true };
      } else if (failed.length < group.length) {
        await runGroup(failed);
      } else if (texts.length < explaining.length) {
        // An EXPLAIN failed, and the script stopped there: that case fails alone.
        const culprit = explaining[texts.length];
        results[culprit.index] = { ok: false, error: `Pig EXPLAIN of the case's script failed (exit ${res.code}; a line named is of that script):\n${errorLines(res.stderr)}`, alone: true };
        await runGroup(failed.filter((g) => g !== culprit));
      } else {
        // Nothing ran: a script error, which Pig reports with its line; that line's case fails alone.
        const culprit = caseAtLine(moved, res.stderr, explains.length);
        if (culprit >= 0) {
          results[failed[culprit].index] = { ok: false, error: `Pig exit ${res.code}:\n${errorLines(res.stderr)}`, alone: true };
          await runGroup(failed.filter((_, i) => i !== culprit));
        } else {
          const half = Math.ceil(failed.length / 2);
          await runGroup(failed.slice(0, half));
          await runGroup(failed.slice(half));
        }
      }
    };
    /** The outputs of a case whose run committed them, and with `plans` the single reducers of its EXPLAIN. */
    const settledRun = (g: Compiled, outDirs: Record<string, string>): Settled => {
      const plan = cases[g.index].plan;
      const outputs = Object.fromEntries(sinks(plan).map((s) => [s.output, readPigOutput(outDirs[s.output], s)]));
      if (!opts.plans) return { ok: true, outputs };
      const text = explained.get(g.index);
      if (text === undefined) return { ok: false, error: 'Pig ran the case but printed no EXPLAIN of it', alone: true };
      return { ok: true, outputs, singleTasks: pigExplainFindings(plan, g.plain, text) };
    };
    /** `explain -script` of a case's unprefixed script, its paths under the work folder. */
    const explainLine = (g: Compiled, dir: string): string => {
      const file = path.join(dir, `explain-${g.index}.pig`);
      writeFileSync(file, g.plain);
      const c = cases[g.index];
      return explainStatement(file, explainParams(c.plan, { root: path.join(dir, 'explain', `c${g.index}`), script: file, values: c.params, pigLib: `$${PIG_LIB_PARAM}` }));
    };
    await runGroup(compiled);
    return results;
  } finally {
    if (process.env.CONFORMANCE_KEEP) process.stderr.write(`pig work folder kept: ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** The index (in `group`) of the case whose script holds the line Pig's first error names, or -1. */
function caseAtLine(group: readonly Compiled[], stderr: string, linesBefore: number): number {
  const m = /batch-\d+\.pig, line (\d+)/.exec(stderr);
  if (!m) return -1;
  let line = Number(m[1]) - linesBefore;
  for (const [i, g] of group.entries()) {
    const lines = g.script.split('\n').length;
    if (line <= lines) return i;
    line -= lines;
  }
  return -1;
}

function errorLines(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => /ERROR|Exception|Caused by/.test(l));
  return (lines.length ? lines.slice(0, 12) : stderr.split('\n').slice(-12)).join('\n');
}
