// A small Pig Latin AST: compilers build expressions and statements from these, and `pig-printer.ts`
// prints them, so quoting, escaping, parentheses and layout live in one place.

export type PigType = 'chararray' | 'int' | 'long' | 'double' | 'boolean' | 'datetime';

export type BinOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';

export type PigExpr =
  /** A field reference already spelled as Pig text (`host`, `l::host`, `m.$0`, `group`). */
  | { readonly kind: 'ref'; readonly text: string }
  | { readonly kind: 'str'; readonly value: string }
  /** A string literal holding a script parameter, substituted by Pig: `'$output'`. */
  | { readonly kind: 'param'; readonly name: string }
  /** A numeric or boolean literal, or a typed null, spelled as Pig text. */
  | { readonly kind: 'const'; readonly text: string }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly PigExpr[] }
  | { readonly kind: 'binop'; readonly op: BinOp; readonly left: PigExpr; readonly right: PigExpr }
  | { readonly kind: 'not'; readonly operand: PigExpr }
  | { readonly kind: 'cast'; readonly type: PigType; readonly operand: PigExpr }
  | { readonly kind: 'bincond'; readonly cond: PigExpr; readonly then: PigExpr; readonly otherwise: PigExpr }
  | { readonly kind: 'isNull'; readonly operand: PigExpr; readonly negated: boolean }
  | { readonly kind: 'matches'; readonly operand: PigExpr; readonly regex: string };

export const ref = (text: string): PigExpr => ({ kind: 'ref', text });
export const str = (value: string): PigExpr => ({ kind: 'str', value });
export const paramPath = (name: string): PigExpr => ({ kind: 'param', name });
export const konst = (text: string): PigExpr => ({ kind: 'const', text });
export const call = (fn: string, ...args: PigExpr[]): PigExpr => ({ kind: 'call', fn, args });
export const binop = (op: BinOp, left: PigExpr, right: PigExpr): PigExpr => ({ kind: 'binop', op, left, right });
export const not = (operand: PigExpr): PigExpr => ({ kind: 'not', operand });
export const cast = (type: PigType, operand: PigExpr): PigExpr => ({ kind: 'cast', type, operand });
export const bincond = (cond: PigExpr, then: PigExpr, otherwise: PigExpr): PigExpr => ({ kind: 'bincond', cond, then, otherwise });
export const isNull = (operand: PigExpr): PigExpr => ({ kind: 'isNull', operand, negated: false });
export const isNotNull = (operand: PigExpr): PigExpr => ({ kind: 'isNull', operand, negated: true });
export const matches = (operand: PigExpr, regex: string): PigExpr => ({ kind: 'matches', operand, regex });
export const and = (...parts: PigExpr[]): PigExpr => parts.reduce((a, b) => binop('AND', a, b));
export const or = (...parts: PigExpr[]): PigExpr => parts.reduce((a, b) => binop('OR', a, b));
export const int = (n: number): PigExpr => konst(String(n));
export const long = (n: number | bigint): PigExpr => konst(`${n}L`);
export const nullOf = (type: PigType): PigExpr => konst(`(${type})null`);
export const TRUE = konst('true');
export const FALSE = konst('false');

/**
 * One item of a GENERATE list: an expression named `as`, or a FLATTEN of a tuple or bag into named fields,
 * typed when `types` is given (a bag from a function such as STRSPLITTOBAG has no declared field types).
 */
export type GenerateItem =
  | { readonly expr: PigExpr; readonly as: string }
  | { readonly flatten: PigExpr; readonly as: readonly string[]; readonly types?: readonly PigType[] };

/** A statement inside a nested FOREACH block: `alias = <text over the group's bag>;`. */
export type NestedStatement =
  | { readonly alias: string; readonly op: 'DISTINCT'; readonly input: string }
  | { readonly alias: string; readonly op: 'FILTER'; readonly input: string; readonly cond: PigExpr }
  | { readonly alias: string; readonly op: 'ORDER'; readonly input: string; readonly keys: readonly { readonly field: string; readonly desc: boolean }[] }
  | { readonly alias: string; readonly op: 'LIMIT'; readonly input: string; readonly n: number }
  /** `alias = FOREACH input GENERATE expr AS as;` over the bag's tuples. */
  | { readonly alias: string; readonly op: 'FOREACH'; readonly input: string; readonly expr: PigExpr; readonly as: string };

export type PigStatement =
  | { readonly kind: 'set'; readonly key: string; readonly value: string }
  /** `%default name 'value'`: a script parameter's value when the run gives none (`value` may cite `$other`). */
  | { readonly kind: 'default'; readonly param: string; readonly value: string }
  /** `REGISTER '$param/jar';` per jar: jars the script needs that the cluster's Pig does not ship. */
  | { readonly kind: 'register'; readonly param: string; readonly jars: readonly string[] }
  /** `DEFINE alias class('arg', ...);`: a function with constructor arguments (piggybank's typed Over). */
  | { readonly kind: 'define'; readonly alias: string; readonly fn: string; readonly args: readonly string[] }
  | {
      readonly kind: 'load';
      readonly alias: string;
      readonly param: string;
      readonly loader: PigExpr;
      readonly schema: readonly { readonly name: string; readonly type: PigType }[];
    }
  | { readonly kind: 'foreach'; readonly alias: string; readonly input: string; readonly items: readonly GenerateItem[]; readonly nested?: readonly NestedStatement[] }
  | { readonly kind: 'filter'; readonly alias: string; readonly input: string; readonly cond: PigExpr }
  | { readonly kind: 'group'; readonly alias: string; readonly input: string; readonly keys: readonly PigExpr[] | 'ALL' }
  | {
      readonly kind: 'cogroup';
      readonly alias: string;
      readonly left: string;
      readonly leftKeys: readonly PigExpr[];
      readonly right: string;
      readonly rightKeys: readonly PigExpr[];
    }
  /** `COGROUP a BY key, b BY key, ... PARALLEL 1`: one row per key, a bag per input. */
  | { readonly kind: 'cogroupMany'; readonly alias: string; readonly inputs: readonly string[]; readonly key: string }
  | {
      readonly kind: 'join';
      readonly alias: string;
      readonly left: string;
      readonly leftKeys: readonly PigExpr[];
      readonly outer: 'LEFT' | 'RIGHT' | 'FULL' | null;
      readonly right: string;
      readonly rightKeys: readonly PigExpr[];
      /**
       * `USING 'replicated'`: the right relation is loaded into every map task's memory; `USING 'skewed'`: the
       * left relation is sampled and a frequent key's rows are split over several reducers.
       */
      readonly using?: 'replicated' | 'skewed';
    }
  | { readonly kind: 'order'; readonly alias: string; readonly input: string; readonly keys: readonly { readonly field: string; readonly desc: boolean }[] }
  | { readonly kind: 'limit'; readonly alias: string; readonly input: string; readonly n: number }
  | { readonly kind: 'distinct'; readonly alias: string; readonly input: string }
  /** `alias = RANK input;`: each row with its 1-based position in the input's order, as field `rank_<input>` first. */
  | { readonly kind: 'rank'; readonly alias: string; readonly input: string }
  | { readonly kind: 'union'; readonly alias: string; readonly inputs: readonly string[] }
  | { readonly kind: 'cross'; readonly alias: string; readonly inputs: readonly string[] }
  /** Fails the run with `message` when a row of `input` breaks `cond` (Pig's builtin Assert). */
  | { readonly kind: 'assert'; readonly input: string; readonly cond: PigExpr; readonly message: string }
  | { readonly kind: 'store'; readonly input: string; readonly param: string; readonly storer: PigExpr };

/** A statement and the comment printed above it (the job line that made it and what it does). */
export interface CommentedStatement {
  readonly comment: string;
  readonly statement: PigStatement;
}
