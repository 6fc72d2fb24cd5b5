// Checks conformance cases on one engine: writes their inputs, runs the runtime (the reference) and the
// engine (one batch), and compares each case's outputs.
import path from 'node:path';
import type { ConformanceCase, Target } from '../../harness/arbitraries/index.ts';
import { compareCase } from '../../harness/compare.ts';
import { writeCaseInputs, type CaseInputs } from './case-files.ts';
import { runPigSettled, type EngineCase } from './pig-batch.ts';
import { runReference, type Settled } from './reference-run.ts';
import { runSparkSettled } from './spark-batch.ts';
import { findingText, violations } from '../../harness/plan-checks/single-task.ts';

export const ENGINES: { readonly [T in Target]: (cases: readonly EngineCase[]) => Promise<Settled[]> } = {
  pig: (cases) => runPigSettled(cases, { plans: true }),
  spark: runSparkSettled,
};

/** `single-task`: the outputs agree, but the engine's plan gives one task every row (test/harness/plan-checks). */
export type ProblemKind = 'reference-error' | 'engine-error' | 'mismatch' | 'single-task';

export interface Verdict {
  readonly case: ConformanceCase;
  readonly inputs: CaseInputs;
  readonly reference: Settled;
  readonly engine: Settled | null;
  readonly problem: { readonly kind: ProblemKind; readonly text: string } | null;
}

/** The runtime's inputs for a target: Pig reads `""` as null (docs/engines.md), so its reference does too. */
export const referenceInputs = (target: Target, inputs: CaseInputs) => (target === 'pig' ? inputs.pigView : inputs.exact);

export async function checkCases(target: Target, cases: readonly ConformanceCase[], dir: string): Promise<Verdict[]> {
  const inputs = await Promise.all(cases.map((c, i) => writeCaseInputs(path.join(dir, `case-${i}`), c.tables)));
  const refs: Settled[] = [];
  for (const [i, c] of cases.entries()) refs.push(await runReference(c.plan, referenceInputs(target, inputs[i]), { params: c.params }));
  // A case whose reference fails says nothing about the engine: it is not sent.
  const sent = cases.map((_, i) => i).filter((i) => refs[i].ok);
  const ran = await ENGINES[target](sent.map((i) => ({ plan: cases[i].plan, inputs: inputs[i].exact, params: cases[i].params })));
  const engine = new Map(sent.map((i, k) => [i, ran[k]]));
  return cases.map((c, i) => {
    const reference = refs[i];
    const e = engine.get(i) ?? null;
    return { case: c, inputs: inputs[i], reference, engine: e, problem: problemOf(c, reference, e, target) };
  });
}

function problemOf(c: ConformanceCase, ref: Settled, engine: Settled | null, target: Target): Verdict['problem'] {
  if (!ref.ok) return { kind: 'reference-error', text: ref.error };
  if (!engine) return { kind: 'engine-error', text: 'not run' };
  if (!engine.ok) return { kind: 'engine-error', text: engine.error };
  const cmp = compareCase(c.plan, ref.outputs, engine.outputs, { labels: ['runtime', target] });
  if (!cmp.equal) return { kind: 'mismatch', text: cmp.diff };
  const single = violations(engine.singleTasks ?? []);
  return single.length ? { kind: 'single-task', text: single.map(findingText).join('\n') } : null;
}
