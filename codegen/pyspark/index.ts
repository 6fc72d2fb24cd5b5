// toPySpark(plan): the plan as one PySpark script (DataFrame API and pyspark.sql.functions only) that
// engines/spark_batch.py or spark-submit runs. Same plan, same text.
import { inputNames, JobError, outputNames, planChecks, sinks, visitNode, type Plan } from '../../plan/index.ts';
import { rejectsParamClash } from '../common/rejects-param.ts';
import { CompileContext } from './compile-context.ts';
import { keepsOrder, nodeComment, nodeVisitor } from './node-compiler.ts';
import type { PyStmt } from './py-ast.ts';
import { printScript } from './script-printer.ts';

export { PYSPARK_FUNCTIONS, PYSPARK_UNSUPPORTED_FUNCTIONS } from './function-catalogue.ts';
export { PYSPARK_UNSUPPORTED } from './unsupported-list.ts';
export { sparkParamArgs } from './param-args.ts';

export function toPySpark(plan: Plan): string {
  checkNames(plan);
  const ctx = new CompileContext();
  const visitor = nodeVisitor(ctx);
  const body: PyStmt[] = [];
  for (const n of plan.nodes) {
    ctx.declare(n, keepsOrder(n, ctx));
    body.push({ kind: 'comment', text: nodeComment(n) }, ...visitNode(n, visitor));
  }
  return printScript(plan, body, ctx);
}

/** Inputs and outputs become command-line flags: they must be distinct and non-empty. */
function checkNames(plan: Plan): void {
  const [c] = planChecks(plan);
  if (c) throw new JobError('unsupported', `pyspark cannot express data-quality checks (check '${c.name}' on ${c.dataset}): the PySpark compiler does not emit checks yet; \`emr-jobs run\` evaluates them on the local runtime`, c.loc, c.selected ?? c.input);
  const inputs = new Set(inputNames(plan));
  for (const s of sinks(plan)) {
    if (s.output === '' || inputs.has(s.output)) {
      const why = s.output === '' ? 'an output with an empty name' : `output '${s.output}', which is also an input's name (both are --${s.output})`;
      throw new JobError('unsupported', `pyspark cannot express ${why}`, s.loc, s.id);
    }
  }
  const clash = rejectsParamClash(plan, [...inputNames(plan), ...outputNames(plan)]);
  if (clash !== null) {
    throw new JobError('unsupported', `pyspark cannot express an input or output named '${clash}': that is the rejects folder flag of another input (--${clash})`);
  }
}
