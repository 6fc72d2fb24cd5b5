// One conformance run for one engine: cases drawn from a seed, checked in batches (one JVM or Spark session
// per batch), failures re-run alone to confirm, the first of each kind shrunk, and everything written up.
import fc from 'fast-check';
import path from 'node:path';
import { caseArb, type ConformanceCase, type Target } from '../../harness/arbitraries/index.ts';
import { failureText } from './case-report.ts';
import { checkCases, type Verdict } from './case-check.ts';
import { shrinkFailure } from './shrink.ts';
import { inherentCounts, type SingleTaskFinding } from '../../harness/plan-checks/single-task.ts';

export interface RunSettings {
  readonly seed: number;
  readonly runs: number;
  readonly batchSize: number;
  /** Only this case index (to reproduce one failure). */
  readonly only: number | null;
  /** Failures confirmed alone (each costs one engine start); the rest are confirmed as one batch. */
  readonly confirmAlone: number;
  /** Failures shrunk, the first of each kind (each costs a few engine starts). */
  readonly shrink: number;
  readonly shrinkMillis: number;
  readonly workDir: string;
  readonly log: (line: string) => void;
  /** How to replay case i alone (shown with each failure). */
  readonly replay?: (index: number) => string;
}

export interface RunReport {
  readonly target: Target;
  readonly cases: number;
  /** Cases that failed (confirmed, or failed in a batch and passed alone). */
  readonly failing: number;
  /** The write-up: a summary line, then one text per distinct failure. */
  readonly failures: readonly string[];
  readonly seconds: number;
  /** Plan checks: cases whose plans were read (Spark's of each write, Pig's EXPLAIN), and the inherent single tasks found by kind. */
  readonly planChecks: { readonly cases: number; readonly inherent: string };
}

/** The cases of a run: the same seed always gives the same cases, whatever the batch size. */
export function drawCases(target: Target, seed: number, runs: number): ConformanceCase[] {
  return fc.sample(caseArb(target), { seed, numRuns: runs }).map((c, i) => ({ ...c, name: `${target}#${i}`, plan: { ...c.plan, job: `conformance-${target}-${i}` } }));
}

interface Failing {
  readonly v: Verdict;
  readonly i: number;
  readonly how: string;
}

/** What a failure is about, so that one shrink serves every failure of the same kind. */
function signature(v: Verdict): string {
  if (v.problem!.kind !== 'engine-error') return v.problem!.kind;
  const line = v.problem!.text.split('\n').find((l) => /Exception|ERROR|Error/.test(l)) ?? v.problem!.text.split('\n')[0];
  return line.replace(/<file [^>]*>/g, '').replace(/\d+/g, '#').replace(/c#_\S+/g, 'alias').slice(0, 160);
}

export async function runConformance(target: Target, s: RunSettings): Promise<RunReport> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const all = drawCases(target, s.seed, s.runs);
  const picked = s.only === null ? all.map((c, i) => ({ c, i })) : [{ c: all[s.only], i: s.only }];
  const failing: Failing[] = [];
  const checked: SingleTaskFinding[] = [];
  let planCases = 0;
  for (let b = 0; b < picked.length; b += s.batchSize) {
    const batch = picked.slice(b, b + s.batchSize);
    const verdicts = await checkCases(target, batch.map((x) => x.c), path.join(s.workDir, `batch-${b}`));
    verdicts.forEach((v, k) => v.problem && failing.push({ v, i: batch[k].i, how: '' }));
    for (const v of verdicts) {
      if (v.engine?.ok && v.engine.singleTasks) {
        planCases++;
        checked.push(...v.engine.singleTasks);
      }
    }
    s.log(`${target}: cases ${batch[0].i}-${batch[batch.length - 1].i} checked, ${failing.length} failing so far (${elapsed()})`);
  }
  // A mismatch, or an error the batch cannot pin on one case, must reproduce alone (not an artefact of a
  // shared JVM or session); the runtime's own failures and errors the engine named need no second run.
  // A single task is read off the plan the engine made for that case: no second run tells more.
  const own = (f: Failing) => f.v.problem!.kind === 'reference-error' || f.v.problem!.kind === 'single-task' || (f.v.engine !== null && !f.v.engine.ok && f.v.engine.alone === true);
  const confirmed: Failing[] = failing.filter(own).map((f) => ({ ...f, how: 'the engine named the case' }));
  const failures: string[] = [];
  let unconfirmedPassing = 0;
  const doubtful = failing.filter((f) => !own(f));
  const settle = (f: Failing, again: Verdict, how: string) => {
    if (again.problem) {
      confirmed.push({ v: again, i: f.i, how });
      return;
    }
    // Failed once, passed the second time: still a failure (flaky), written up as such.
    unconfirmedPassing++;
    failures.push(failureText(target, f.v, `${f.v.case.name} (seed ${s.seed}, case ${f.i}): failed in its batch but passed when run again`));
  };
  const alone = doubtful.slice(0, s.confirmAlone);
  const rest = doubtful.slice(s.confirmAlone);
  for (const f of alone) settle(f, (await checkCases(target, [f.v.case], path.join(s.workDir, `confirm-${f.i}`)))[0], 'confirmed alone');
  if (rest.length) {
    const again = await checkCases(target, rest.map((x) => x.v.case), path.join(s.workDir, 'confirm-rest'));
    rest.forEach((f, j) => settle(f, again[j], 'failed again in a batch of failures'));
  }
  s.log(`${target}: ${confirmed.length} failures confirmed (${elapsed()})`);
  // Engine errors of one kind are written out once, with the other cases listed; mismatches one by one.
  const byKind = new Map<string, Failing[]>();
  for (const f of confirmed.sort((a, b) => a.i - b.i)) {
    const kind = f.v.problem!.kind === 'mismatch' ? `mismatch ${f.i}` : signature(f.v);
    byKind.set(kind, [...(byKind.get(kind) ?? []), f]);
  }
  let shrunk = 0;
  for (const group of byKind.values()) {
    const [f, ...same] = group;
    let text = failureText(target, f.v, `${f.v.case.name} (seed ${s.seed}, case ${f.i}; ${f.how})${s.replay ? `; replay: ${s.replay(f.i)}` : ''}`);
    if (same.length) text += `\n\nthe same error in ${same.length} more case(s): ${same.map((x) => x.i).join(', ')}`;
    if (f.v.problem!.kind !== 'reference-error' && shrunk < s.shrink) {
      shrunk++;
      const small = await shrinkFailure(target, f.v, path.join(s.workDir, `shrink-${f.i}`), { rounds: 8, candidatesPerRound: 40, millis: s.shrinkMillis });
      if (small.verdict !== f.v) text += `\n\n${failureText(target, small.verdict, `${f.v.case.name} shrunk (${small.rounds} rounds)`)}`;
      s.log(`${target}: shrunk case ${f.i} in ${small.rounds} rounds (${elapsed()})`);
    }
    failures.push(text);
  }
  if (confirmed.length) failures.unshift(`${confirmed.length} confirmed failure(s), ${byKind.size} distinct`);
  const planChecks = { cases: planCases, inherent: inherentCounts(checked) };
  return { target, cases: picked.length, failing: confirmed.length + unconfirmedPassing, failures, seconds: (Date.now() - started) / 1000, planChecks };
}
