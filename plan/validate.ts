// Validation of a plan read from JSON: structure, ids, topological order and types, each error tied to
// the node and the job line that made it.
import { checkProblems } from './checks.ts';
import { JobError } from './errors.ts';
import { outputSchema, TypeRuleError } from './derive.ts';
import { inputsOf, NODE_KINDS, type PlanNode, type SinkNode } from './nodes.ts';
import { jsonPathProblems } from './json-paths.ts';
import { mlReadProblems } from './ml.ts';
import { inputNameProblem, jobNameProblem, outputNameProblem, partitionColumnProblem } from './name-rules.ts';
import { paramProblems } from './params.ts';
import { PLAN_FORMAT, PLAN_VERSION, planChecks, planParams, type Plan } from './plan.ts';
import type { Schema } from './types.ts';

const sig = (s: Schema) => s.map((f) => `${f.name}:${f.type}`).join(',');

/** Returns every problem found; an empty list means the plan is valid. */
export function validatePlan(plan: Plan): JobError[] {
  const errors: JobError[] = [];
  const err = (msg: string, n?: PlanNode) => errors.push(new JobError('plan', msg, n?.loc ?? null, n?.id ?? null));
  if (plan.format !== PLAN_FORMAT) err(`not an emr-jobs plan (format is ${JSON.stringify(plan.format)})`);
  if (plan.version !== PLAN_VERSION) err(`plan version ${plan.version} is not supported (expected ${PLAN_VERSION})`);
  const jobName = typeof plan.job === 'string' ? jobNameProblem(plan.job) : 'the plan has no job name';
  if (jobName) err(jobName);
  if (!Array.isArray(plan.nodes)) {
    err('plan has no node list');
    return errors;
  }
  const schemas = new Map<string, Schema>();
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const outputs = new Set<string>();
  const folders = new Map<string, string>();
  const inputs = new Set(plan.nodes.flatMap((n) => (n.kind === 'source' ? [n.input] : [])));
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
    if (n.kind === 'source') {
      const problem = inputNameProblem(n.input);
      if (problem) err(problem, n);
      jsonPathProblems(n).forEach((m) => err(m, n));
      if (n.format.kind === 'csv' && n.format.multiline && n.format.quote === 'none') {
        err(`input '${n.input}': multiline needs quoting (a field spans lines only inside quotes), not quote: 'none'`, n);
      }
    }
    if (n.kind === 'sink') {
      sinkNameProblems(n, inputs, outputs, folders).forEach((m) => err(m, n));
      if (n.format === 'parquet' && n.partitionBy !== null) err(`output '${n.output}': a Parquet output cannot be partitioned`, n);
      outputs.add(n.output);
      folders.set(n.output.toLowerCase(), n.output);
    }
  }
  if (outputs.size === 0) err('the job writes no output (add .writeCsv(...) or .writeJson(...))');
  if (plan.checks !== undefined && !Array.isArray(plan.checks)) err('plan checks is not a list');
  else for (const p of checkProblems(planChecks(plan), new Set(schemas.keys()))) errors.push(new JobError('plan', p.message, p.check.loc ?? null));
  if (plan.params !== undefined && !Array.isArray(plan.params)) err('plan params is not a list');
  else {
    for (const p of paramProblems(planParams(plan), plan.nodes)) {
      errors.push(new JobError('plan', p.message, p.node?.loc ?? p.loc ?? null, p.node?.id ?? null));
    }
  }
  return errors;
}

/**
 * An output's name is a folder under the run's output root: it must stay inside it, differ from every
 * other output even where file names ignore case (macOS, Windows), and not be an input's parameter too.
 */
function sinkNameProblems(n: SinkNode, inputs: ReadonlySet<string>, outputs: ReadonlySet<string>, folders: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const bad = outputNameProblem(n.output);
  if (bad) problems.push(bad);
  if (inputs.has(n.output)) problems.push(`output '${n.output}' has the name of an input of this job (both are script parameters)`);
  if (outputs.has(n.output)) problems.push(`output '${n.output}' is written twice`);
  else if (folders.has(n.output.toLowerCase())) {
    problems.push(`outputs '${folders.get(n.output.toLowerCase())}' and '${n.output}' differ only in case: they would share one folder where file names ignore case`);
  }
  const column = n.partitionBy === null ? null : partitionColumnProblem(n.partitionBy);
  if (column) problems.push(column);
  return problems;
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
