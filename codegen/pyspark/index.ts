// toPySpark(plan): the plan as one PySpark script (DataFrame API and pyspark.sql.functions only) that
// engines/spark_batch.py or spark-submit runs. Same plan, same text.
import { inputNames, JobError, outputNames, planChecks, planParams, sinks, visitNode, type Plan } from '../../plan/index.ts';
import { rejectsParamClash } from '../common/rejects-param.ts';
import { checkParams, compileChecks } from './check-compiler.ts';
import { CompileContext } from './compile-context.ts';
import { keepsOrder, nodeComment, nodeVisitor } from './node-compiler.ts';
import type { PyStmt } from './py-ast.ts';
import { printScript } from './script-printer.ts';

export { PYSPARK_FUNCTIONS, PYSPARK_UNSUPPORTED_FUNCTIONS } from './function-catalogue.ts';
export { PYSPARK_UNSUPPORTED } from './unsupported-list.ts';
export { sparkParamArgs } from './param-args.ts';
export { CHECKS_RESULTS_PARAM, PREVIOUS_ROWS_PARAM, sparkPreviousRowsArgs } from './check-compiler.ts';

export function toPySpark(plan: Plan): string {
  checkNames(plan);
  const ctx = new CompileContext();
  const visitor = nodeVisitor(ctx);
  const body: PyStmt[] = [];
  // With checks, the outputs are written after them (check-compiler.ts).
  const writes: PyStmt[] = [];
  const checked = planChecks(plan).length > 0;
  for (const n of plan.nodes) {
    ctx.declare(n, keepsOrder(n, ctx));
    const into = checked && (n.kind === 'sink' || n.kind === 'saveModel') ? writes : body;
    into.push({ kind: 'comment', text: nodeComment(n) }, ...visitNode(n, visitor));
  }
  const { checks, release } = compileChecks(plan, ctx);
  return printScript(plan, [...body, ...checks, ...writes, ...release], ctx);
}

/** Inputs, outputs and the scripts' own flags become command-line flags: they must be distinct and non-empty. */
function checkNames(plan: Plan): void {
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
  const own = new Set(checkParams(plan));
  const taken = [...inputNames(plan), ...outputNames(plan), ...planParams(plan).map((p) => p.name)].find((n) => own.has(n));
  if (taken !== undefined) {
    throw new JobError('unsupported', `pyspark cannot express an input, output or parameter named '${taken}': that is the script's flag for the data-quality checks (--${taken})`);
  }
}
