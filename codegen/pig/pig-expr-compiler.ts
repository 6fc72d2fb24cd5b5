// Plan expressions to Pig: as values (of the expression's plan type) or as conditions. Pig can test a
// comparison or AND/OR/NOT but not GENERATE one, so a boolean made by one becomes `(c ? true : false)`
// when its value is needed; Pig's bincond gives null for a null condition, keeping three-valued logic.
import { FUNCTIONS, JobError, visitExpr, type Call, type ColumnType, type Expr, type ExprVisitor, type PlanNode } from '../../plan/index.ts';
import { and, bincond, binop, FALSE, isNotNull, TRUE, type PigExpr } from './pig-ast.ts';
import { castValue } from './pig-casts.ts';
import type { PigFnArgs } from './pig-fn-args.ts';
import { PIG_FUNCTIONS } from './pig-functions.ts';
import { pigParam } from './pig-params.ts';
import { pigLiteral } from './pig-types.ts';
import { pigUnsupported } from './pig-unsupported.ts';

export interface PigExprEnv {
  /** The Pig reference of a column of the node's input. */
  ref(column: string): PigExpr;
  /** The node whose expressions are compiled: errors cite its job line. */
  readonly node: PlanNode;
  /** The script parameter name of a run-time parameter. */
  param(name: string): string;
}

/** `e` as a Pig value of its plan type. */
export function pigValue(e: Expr, env: PigExprEnv): PigExpr {
  return visitExpr(e, valueVisitor(env));
}

/** `e` (boolean) as a Pig condition: true, false or null. */
export function pigCond(e: Expr, env: PigExprEnv): PigExpr {
  if (e.kind === 'call') {
    const s = PIG_FUNCTIONS[e.fn];
    if (s.kind === 'cond') return s.emit(fnArgs(e, env));
  }
  return pigValue(e, env);
}

/** A condition that is true when `e` is true and false otherwise (never null): CASE takes a branch only then. */
export function pigIsTrue(e: Expr, env: PigExprEnv): PigExpr {
  if (neverNull(e)) return pigCond(e, env);
  if (e.kind === 'call') {
    if (e.fn === 'and' || e.fn === 'or') return binop(e.fn === 'and' ? 'AND' : 'OR', pigIsTrue(e.args[0], env), pigIsTrue(e.args[1], env));
    // A function that is null exactly when an argument is: true when every argument is there and it holds.
    if (FUNCTIONS[e.fn].nulls === 'propagates' && e.fn !== 'not') {
      const present = e.args.filter((a) => !neverNull(a)).map((a) => isNotNull(pigValue(a, env)));
      return and(...present, pigCond(e, env));
    }
  }
  return and(isNotNull(pigValue(e, env)), pigCond(e, env));
}

function neverNull(e: Expr): boolean {
  return (e.kind === 'lit' && e.value !== null) || (e.kind === 'call' && (e.fn === 'isNull' || e.fn === 'isNotNull'));
}

function callValue(c: Call, env: PigExprEnv): PigExpr {
  const s = PIG_FUNCTIONS[c.fn];
  const args = fnArgs(c, env);
  switch (s.kind) {
    case 'fn':
      return { kind: 'call', fn: s.fn, args: c.args.map((_, i) => args.value(i)) };
    case 'value':
      return s.emit(args);
    case 'cond':
      return bincond(s.emit(args), TRUE, FALSE);
    case 'unsupported':
      throw pigUnsupported(s.id, env.node, c.fn);
  }
}

function valueVisitor(env: PigExprEnv): ExprVisitor<PigExpr> {
  return {
    col: (e) => env.ref(e.name),
    lit: (e) => pigLiteral(e),
    call: (e) => callValue(e, env),
    case: (e) =>
      e.branches.reduceRight(
        (rest, b) => bincond(pigIsTrue(b.when, env), typed(b.then, e.type, env), rest),
        typed(e.otherwise, e.type, env),
      ),
    cast: (e) => castValue(pigValue(e.expr, env), e.expr.type, e.type),
    param: (e) => pigParam(e, env.param(e.name)),
  };
}

/** `e` as a value of type `t`: numbers widen by a cast, a literal is written in `t` directly. */
export function typed(e: Expr, t: ColumnType, env: PigExprEnv): PigExpr {
  if (e.type === t) return pigValue(e, env);
  if (e.kind === 'lit') return pigLiteral({ kind: 'lit', value: e.value, type: t });
  return castValue(pigValue(e, env), e.type, t);
}

function fnArgs(c: Call, env: PigExprEnv): PigFnArgs {
  return {
    call: c,
    value: (i) => pigValue(c.args[i], env),
    valueAs: (i, t) => typed(c.args[i], t, env),
    cond: (i) => pigCond(c.args[i], env),
    type: (i) => c.args[i].type,
    literal: <T extends string | number | boolean>(i: number) => {
      const a = c.args[i];
      return a?.kind === 'lit' && a.value !== null ? (a.value as T) : undefined;
    },
    unsupported: (id, detail) => {
      throw pigUnsupported(id, env.node, detail);
    },
    invalid: (message) => {
      throw new JobError('plan', message, env.node.loc, env.node.id);
    },
  };
}
