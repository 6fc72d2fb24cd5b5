// The runtime's outputs for a plan, as cell text (the reference every engine is compared with).
import { executePlan, tableToRows } from '../../../runtime/index.ts';
import { isJobError, type ParamValues, type Plan } from '../../../plan/index.ts';
import type { CaseOutputs } from '../../harness/compare.ts';
import type { SingleTaskFinding } from '../../harness/plan-checks/single-task.ts';

/**
 * `alone`: the failure is the case's own (it ran alone, or the engine named it), not its batch's.
 * `singleTasks`: what the plan checks found in the engine's plan of the run, when they were asked for.
 */
export type Settled =
  | { readonly ok: true; readonly outputs: CaseOutputs; readonly singleTasks?: readonly SingleTaskFinding[] }
  | { readonly ok: false; readonly error: string; readonly alone?: boolean };

/** `rejects`: how many input rows may be rejected (real logs have bad lines; generated inputs none). */
export async function runReference(plan: Plan, inputs: Record<string, string>, opts: { rejects?: number; params?: ParamValues } = {}): Promise<Settled> {
  try {
    const { tables, inputs: stats } = await executePlan(plan, inputs, { params: opts.params });
    const rejected = stats.filter((s) => s.rejected > 0);
    if (stats.reduce((n, s) => n + s.rejected, 0) > (opts.rejects ?? 0)) {
      // Generated inputs are valid by construction: a reject is a generator or reader bug.
      return { ok: false, error: `runtime rejected input rows: ${JSON.stringify(rejected.map((s) => ({ input: s.name, byReason: s.byReason })))}` };
    }
    return { ok: true, outputs: Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, tableToRows(t)])) };
  } catch (e) {
    return { ok: false, error: isJobError(e) ? e.describe() : String((e as Error)?.stack ?? e) };
  }
}
