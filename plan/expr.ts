// Expression nodes: plain, JSON-serialisable data. Every expression carries its result type.
import type { ColumnType } from './types.ts';
import type { FnName } from './catalogue.ts';

export type LiteralValue = string | number | boolean | null;

export interface ColRef {
  readonly kind: 'col';
  readonly name: string;
  readonly type: ColumnType;
}

/**
 * A constant. timestamps are ISO-8601 UTC strings (`2015-05-17T10:05:03.000Z`),
 * dates `YYYY-MM-DD`, longs JS numbers within ±2^53.
 */
export interface Literal {
  readonly kind: 'lit';
  readonly value: LiteralValue;
  readonly type: ColumnType;
}

export interface Call {
  readonly kind: 'call';
  readonly fn: FnName;
  readonly args: readonly Expr[];
  readonly type: ColumnType;
}

export interface CaseWhen {
  readonly kind: 'case';
  readonly branches: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly otherwise: Expr;
  readonly type: ColumnType;
}

export interface Cast {
  readonly kind: 'cast';
  readonly expr: Expr;
  readonly type: ColumnType;
}

/**
 * A run-time parameter declared on the job (`j.param('date', 'date')`): a constant of the run whose value
 * is given when the job runs, never stored in the plan (plan/params.ts).
 */
export interface ParamRef {
  readonly kind: 'param';
  readonly name: string;
  readonly type: ColumnType;
}

export type Expr = ColRef | Literal | Call | CaseWhen | Cast | ParamRef;
export type ExprKind = Expr['kind'];

export const col = (name: string, type: ColumnType): ColRef => Object.freeze({ kind: 'col', name, type });
export const lit = (value: LiteralValue, type: ColumnType): Literal => Object.freeze({ kind: 'lit', value, type });
export const call = (fn: FnName, args: readonly Expr[], type: ColumnType): Call =>
  Object.freeze({ kind: 'call', fn, args: Object.freeze([...args]), type });
export const caseWhen = (
  branches: readonly { when: Expr; then: Expr }[],
  otherwise: Expr,
  type: ColumnType,
): CaseWhen => Object.freeze({ kind: 'case', branches: Object.freeze(branches.map((b) => Object.freeze({ ...b }))), otherwise, type });
export const cast = (expr: Expr, type: ColumnType): Cast => Object.freeze({ kind: 'cast', expr, type });
export const paramRef = (name: string, type: ColumnType): ParamRef => Object.freeze({ kind: 'param', name, type });

/** Dispatch table over expression kinds: adding a kind fails to compile until every visitor handles it. */
export type ExprVisitor<R> = { readonly [K in ExprKind]: (e: Extract<Expr, { kind: K }>) => R };

export function visitExpr<R>(e: Expr, v: ExprVisitor<R>): R {
  return (v[e.kind] as (e: Expr) => R)(e);
}

/** Column names an expression reads. */
export function columnsOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'col':
      out.add(e.name);
      break;
    case 'lit':
    case 'param':
      break;
    case 'call':
      e.args.forEach((a) => columnsOf(a, out));
      break;
    case 'case':
      e.branches.forEach((b) => (columnsOf(b.when, out), columnsOf(b.then, out)));
      columnsOf(e.otherwise, out);
      break;
    case 'cast':
      columnsOf(e.expr, out);
      break;
  }
  return out;
}
