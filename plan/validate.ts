// Validation of a plan read from JSON: structure, ids, topological order and types, each error tied to
// the node and the job line that made it.
import { JobError } from './errors.ts';
import { outputSchema, TypeRuleError } from './derive.ts';
import { inputsOf, NODE_KINDS, type PlanNode } from './nodes.ts';
import { mlReadProblems } from './ml.ts';
import { PLAN_FORMAT, PLAN_VERSION, type Plan } from './plan.ts';
import type { Schema } from './types.ts';

const sig = (s: Schema) => s.map((f) => `${f.name}:${f.type}`).join(',');

/** Returns every problem found; an empty list means the plan is valid. */
export function validatePlan(plan: Plan): JobError[] {
  const errors: JobError[] = [];
  const err = (msg: string, n?: PlanNode) => errors.push(new JobError('plan', msg, n?.loc ?? null, n?.id ?? null));
  if (plan.format !== PLAN_FORMAT) err(`not an emr-jobs plan (format is ${JSON.stringify(plan.format)})`);
  if (plan.version !== PLAN_VERSION) err(`plan version ${plan.version} is not supported (expected ${PLAN_VERSION})`);
  if (!Array.isArray(plan.nodes)) {
    err('plan has no node list');
    return errors;
  }
  const schemas = new Map<string, Schema>();
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const outputs = new Set<string>();
  for (const n of plan.nodes) {
    if (!NODE_KINDS.includes(n.kind)) {
      err(`node ${n.id}: unknown kind '${n.kind}'`, n);
      continue;
    }
    if (schemas.has(n.id)) err(`node id '${n.id}' is used twice`, n);
    const ins = inputsOf(n);
    const missing = ins.filter((id) => !schemas.has(id));
    if (missing.length) {
      err(`node ${n.id} (${n.kind}) reads ${missing.join(', ')}, which is not defined before it`, n);
      continue;
    }
    mlReadProblems(n, byId, ins).forEach((m) => err(m, n));
    try {
      const s = outputSchema(n, ins.map((id) => schemas.get(id)!));
      if (sig(s) !== sig(n.schema)) err(`node ${n.id} (${n.kind}): schema (${sig(n.schema)}) should be (${sig(s)})`, n);
      schemas.set(n.id, s);
    } catch (e) {
      if (!(e instanceof TypeRuleError)) throw e;
      err(`${n.kind}: ${e.message}`, n);
      schemas.set(n.id, n.schema);
    }
    if (n.kind === 'sink') {
      if (outputs.has(n.output)) err(`output '${n.output}' is written twice`, n);
      outputs.add(n.output);
    }
  }
  if (outputs.size === 0) err('the job writes no output (add .writeCsv(...) or .writeJson(...))');
  return errors;
}

/** Parses and validates plan JSON; throws the first JobError. */
export function planFromJson(text: string, file = '<plan>'): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new JobError('plan', `not valid JSON: ${(e as Error).message}`, { file });
  }
  if (!raw || typeof raw !== 'object') throw new JobError('plan', 'a plan is a JSON object', { file });
  const plan = raw as Plan;
  const errors = validatePlan(plan);
  if (errors.length) throw errors[0];
  return plan;
}
