// What a function spelling receives: its call and its arguments compiled on demand, as values (of their own
// type or widened) or as conditions, plus the literal arguments and a way to refuse a particular use.
import type { Call, ColumnType } from '../../plan/index.ts';
import type { PigExpr } from './pig-ast.ts';
import type { PigUnsupportedId } from './pig-unsupported.ts';

export interface PigFnArgs {
  readonly call: Call;
  /** Argument i as a Pig value of its plan type. */
  value(i: number): PigExpr;
  /** Argument i as a value of type `t` (numbers widened by a cast; literals written in `t`). */
  valueAs(i: number, t: ColumnType): PigExpr;
  /** Argument i (a boolean) as a three-valued Pig condition. */
  cond(i: number): PigExpr;
  type(i: number): ColumnType;
  /** Argument i when it is a literal (patterns, separators, group numbers, digits); else undefined. */
  literal<T extends string | number | boolean>(i: number): T | undefined;
  /** Refuses this use of the function: a JobError at the node's job line. */
  unsupported(id: PigUnsupportedId, detail?: string): never;
  /** An invalid plan detected while compiling (a regex group that does not exist, a bad time pattern). */
  invalid(message: string): never;
}

/** How Pig spells one catalogue function, or that it cannot (an entry of PIG_UNSUPPORTED). */
export type PigSpelling =
  | { readonly kind: 'unsupported'; readonly id: PigUnsupportedId }
  /** `FN(a, b, ...)` with each argument as a value of its own type. */
  | { readonly kind: 'fn'; readonly fn: string }
  /** An expression producing a value of the call's type. */
  | { readonly kind: 'value'; readonly emit: (a: PigFnArgs) => PigExpr }
  /** A three-valued condition: Pig cannot GENERATE a comparison or AND/OR/NOT, only test one. */
  | { readonly kind: 'cond'; readonly emit: (a: PigFnArgs) => PigExpr };
