// What an expression compiler needs from the node it compiles in: column references, helper functions
// of the script prelude, and where the expression sits in the job (for errors).
import { JobError, type SourceLoc } from '../../plan/index.ts';
import type { Py } from './py-ast.ts';
import type { HelperName } from './script-helpers.ts';

export interface ExprEnv {
  readonly loc: SourceLoc;
  readonly nodeId: string;
  /** A reference to a column of the node's input. */
  col(name: string): Py;
  /** The name of a prelude helper function, which the script then defines. */
  helper(name: HelperName): Py;
}

/** The error for what PySpark cannot express, at an expression's node or at a node. */
export function unsupported(what: string, at: { readonly loc: SourceLoc; readonly nodeId: string } | { readonly loc: SourceLoc; readonly id: string }): JobError {
  return new JobError('unsupported', `pyspark cannot express ${what}`, at.loc, 'nodeId' in at ? at.nodeId : at.id);
}
