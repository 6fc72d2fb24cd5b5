// A run-time parameter declaration from the DSL's arguments, shared by jobs (`j.param`) and pipelines
// (`p.param`, `p.partition`): the default parsed as its type, every mistake a JobError at the caller's line.
import * as P from '../plan/index.ts';
import type { ColumnType, SourceLoc } from '../plan/index.ts';

/** The declaration of `name`: an unknown type or a default not of the type is a JobError at `loc`. */
export function paramDecl(name: string, type: ColumnType, given: unknown, loc: SourceLoc): P.ParamDecl {
  if (!P.isColumnType(type)) throw new P.JobError('job', `parameter '${name}': unknown type '${String(type)}'`, loc);
  let value: P.LiteralValue = null;
  if (given !== undefined && given !== null) {
    const text = given instanceof Date ? (Number.isNaN(given.getTime()) ? '' : given.toISOString()) : String(given);
    const parsed = typeof given === 'object' && !(given instanceof Date) ? undefined : P.parseParamText(type, text);
    if (parsed === undefined) throw new P.JobError('job', `parameter '${name}': default ${JSON.stringify(given)} is not ${P.PARAM_TEXT_FORM[type]}`, loc);
    value = parsed;
  }
  return { name, type, default: value, loc };
}

/** Adds `decl` to `params`; a bad or repeated name is a JobError at the declaration's line. */
export function addParamDecl(params: P.ParamDecl[], decl: P.ParamDecl): void {
  const problem = P.paramProblems([...params, decl], []).find((p) => p.loc === decl.loc);
  if (problem) throw new P.JobError('job', problem.message, decl.loc);
  params.push(Object.freeze(decl));
}
