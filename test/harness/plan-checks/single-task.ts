// What the plan checks report: a place where one task (one Spark partition, one Pig reducer) gets a whole
// output's rows, named by the plan node and job line it comes from. A documented inherent single task
// (docs/codegen.md, "Scaling") is a finding too, kept apart from the violations.
import { formatLoc, inputsOf, nodeById, type Plan, type PlanNode } from '../../../plan/index.ts';

/** The single tasks docs/codegen.md ("Scaling") allows, and nothing else. */
export type InherentSingleTask = 'global aggregate' | 'limit' | 'top-n' | 'global window' | 'driver rows' | 'aggregated rows' | 'order sample' | 'join sample' | 'checks summary' | 'global bag aggregate';

export interface SingleTaskFinding {
  readonly engine: 'spark' | 'pig';
  /** The output written (null: a write that is no output, such as rejected lines). */
  readonly output: string | null;
  /** The engine's own operator, as its plan prints it. */
  readonly operator: string;
  /** The plan nodes it comes from, as `id (file:line:column)`. */
  readonly nodes: readonly string[];
  /** Why it is allowed, or null: a violation. */
  readonly inherent: InherentSingleTask | null;
  readonly why: string;
}

/** `window_4 (jobs/sessions.ts:12:6)`. */
export function describeNode(n: PlanNode): string {
  return `${n.id} (${formatLoc(n.loc)})`;
}

/** The ids of the nodes an output is computed from (the sink itself first). */
export function upstreamOf(plan: Plan, output: string): PlanNode[] {
  const byId = nodeById(plan);
  const sink = plan.nodes.find((n) => n.kind === 'sink' && n.output === output);
  const seen = new Map<string, PlanNode>();
  const visit = (id: string) => {
    const n = byId.get(id);
    if (!n || seen.has(id)) return;
    seen.set(id, n);
    for (const i of inputsOf(n)) visit(i);
  };
  if (sink) visit(sink.id);
  return [...seen.values()];
}

export const violations = (fs: readonly SingleTaskFinding[]) => fs.filter((f) => f.inherent === null);

export function findingText(f: SingleTaskFinding): string {
  const where = f.output !== null ? `output '${f.output}'` : f.engine === 'pig' ? 'script' : 'a write that is no output';
  const nodes = f.nodes.length ? f.nodes.join(', ') : 'no plan node found';
  return `${f.engine} ${where}: ${f.operator} — ${f.why}; plan node ${nodes}${f.inherent ? ` (inherent: ${f.inherent}, docs/codegen.md "Scaling")` : ''}`;
}

/** Counts of the inherent single tasks by kind, for a run's report. */
export function inherentCounts(fs: readonly SingleTaskFinding[]): string {
  const counts = new Map<string, number>();
  for (const f of fs) if (f.inherent) counts.set(f.inherent, (counts.get(f.inherent) ?? 0) + 1);
  return [...counts].sort().map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
}
