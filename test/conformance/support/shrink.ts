// Greedy shrinking of a failing case across a batched engine: each round runs a batch of one-step
// simplifications (one JVM) and keeps the smallest that still fails the same way.
import path from 'node:path';
import type { Target } from '../../harness/arbitraries/index.ts';
import { checkCases, type Verdict } from './case-check.ts';
import { caseSize, shrinkCandidates } from './plan-rewrite.ts';

export interface ShrinkBudget {
  readonly rounds: number;
  readonly candidatesPerRound: number;
  /** Stop starting rounds after this many milliseconds. */
  readonly millis: number;
}

export async function shrinkFailure(target: Target, failing: Verdict, dir: string, budget: ShrinkBudget): Promise<{ verdict: Verdict; rounds: number }> {
  const kind = failing.problem!.kind;
  const start = Date.now();
  let current = failing;
  let rounds = 0;
  while (rounds < budget.rounds && Date.now() - start < budget.millis) {
    const size = caseSize(current.case);
    const seen = new Set<string>();
    const candidates = shrinkCandidates(current.case)
      .map((c) => ({ c, size: caseSize(c) }))
      .filter(({ c, size: s }) => {
        const key = JSON.stringify([c.plan.nodes, c.tables]);
        if (s >= size || seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => a.size - b.size)
      .slice(0, budget.candidatesPerRound)
      .map(({ c }) => c);
    if (candidates.length === 0) break;
    const verdicts = await checkCases(target, candidates, path.join(dir, `round-${rounds}`));
    rounds++;
    const still = verdicts.filter((v) => v.problem?.kind === kind);
    if (still.length === 0) break;
    current = still[0];
  }
  return { verdict: current, rounds };
}
