// Plan expressions as short readable text for `explain` (`status >= 200 and status <= 299`, `sum(bytes)`).
import { visitExpr, type AggCall, type Expr, type ExprVisitor, type FnName } from '../plan/index.ts';

const INFIX: Partial<Record<FnName, string>> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%',
  eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=',
  and: 'and', or: 'or',
};

const printer: ExprVisitor<string> = {
  col: (e) => e.name,
  lit: (e) => {
    if (e.value === null) return `null:${e.type}`;
    if (e.type === 'timestamp' || e.type === 'date') return `${e.type} ${JSON.stringify(e.value)}`;
    return typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value);
  },
  call: (e) => {
    const op = INFIX[e.fn];
    if (op && e.args.length === 2) return `${operand(e.args[0])} ${op} ${operand(e.args[1])}`;
    if (e.fn === 'neg') return `-${operand(e.args[0])}`;
    if (e.fn === 'not') return `not ${operand(e.args[0])}`;
    return `${e.fn}(${e.args.map(exprText).join(', ')})`;
  },
  case: (e) =>
    `case ${e.branches.map((b) => `when ${exprText(b.when)} then ${exprText(b.then)}`).join(' ')} else ${exprText(e.otherwise)} end`,
  cast: (e) => `cast(${exprText(e.expr)} as ${e.type})`,
  param: (e) => `$${e.name}`,
};

export function exprText(e: Expr): string {
  return visitExpr(e, printer);
}

/** Nested operators get parentheses so precedence never needs thinking about. */
function operand(e: Expr): string {
  const text = exprText(e);
  const compound = (e.kind === 'call' && (INFIX[e.fn] !== undefined || e.fn === 'not')) || e.kind === 'case';
  return compound ? `(${text})` : text;
}

export function aggText(a: AggCall): string {
  const order = a.orderBy ? ` by ${a.orderBy.map((k) => `${exprText(k.expr)}${k.desc ? ' desc' : ''}`).join(', ')}` : '';
  return `${a.fn}(${a.arg ? exprText(a.arg) : ''}${order})`;
}
