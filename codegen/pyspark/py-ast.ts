// A small Python expression AST: the compiler builds these and `py-printer.ts` prints them, so quoting,
// escaping and line breaking live in one place.

export type Py =
  | { readonly kind: 'name'; readonly id: string }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'num'; readonly text: string }
  | { readonly kind: 'const'; readonly text: 'None' | 'True' | 'False' }
  | { readonly kind: 'attr'; readonly target: Py; readonly name: string }
  | { readonly kind: 'call'; readonly callee: Py; readonly args: readonly Py[]; readonly kwargs: readonly (readonly [string, Py])[] }
  | { readonly kind: 'binop'; readonly op: BinOp; readonly left: Py; readonly right: Py }
  | { readonly kind: 'unop'; readonly op: '-' | '~'; readonly operand: Py }
  | { readonly kind: 'index'; readonly target: Py; readonly index: Py }
  | { readonly kind: 'list'; readonly items: readonly Py[] }
  | { readonly kind: 'tuple'; readonly items: readonly Py[] }
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [Py, Py])[] }
  | { readonly kind: 'lambda'; readonly params: readonly string[]; readonly body: Py };

export type BinOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&' | '|';

/** Statements of a function body; `comment` lines are printed as `# text`. */
export type PyStmt =
  | { readonly kind: 'assign'; readonly target: string; readonly value: Py }
  | { readonly kind: 'expr'; readonly value: Py }
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'if'; readonly test: Py; readonly body: readonly PyStmt[] }
  | { readonly kind: 'raise'; readonly value: Py };

export const name = (id: string): Py => ({ kind: 'name', id });
export const str = (value: string): Py => ({ kind: 'str', value });
export const int = (n: number | bigint): Py => ({ kind: 'num', text: String(n) });
export const none: Py = { kind: 'const', text: 'None' };
export const bool = (b: boolean): Py => ({ kind: 'const', text: b ? 'True' : 'False' });
export const attr = (target: Py, n: string): Py => ({ kind: 'attr', target, name: n });
export const call = (callee: Py, args: readonly Py[] = [], kwargs: readonly (readonly [string, Py])[] = []): Py => ({ kind: 'call', callee, args, kwargs });
export const method = (target: Py, n: string, ...args: Py[]): Py => call(attr(target, n), args);
export const binop = (op: BinOp, left: Py, right: Py): Py => ({ kind: 'binop', op, left, right });
export const unop = (op: '-' | '~', operand: Py): Py => ({ kind: 'unop', op, operand });
export const index = (target: Py, i: Py): Py => ({ kind: 'index', target, index: i });
export const list = (items: readonly Py[]): Py => ({ kind: 'list', items });
export const tuple = (items: readonly Py[]): Py => ({ kind: 'tuple', items });
export const dict = (entries: readonly (readonly [Py, Py])[]): Py => ({ kind: 'dict', entries });
export const lambda = (params: readonly string[], body: Py): Py => ({ kind: 'lambda', params, body });

/** A Python float literal for a finite JS number: always with a `.` or exponent, `-0.0` kept. */
export function float(x: number): Py {
  if (!Number.isFinite(x)) throw new RangeError(`float literal ${x} is not finite`);
  if (Object.is(x, -0)) return { kind: 'num', text: '-0.0' };
  const t = String(x);
  return { kind: 'num', text: /[.e]/.test(t) ? t : `${t}.0` };
}

const Fmod = name('F');
/** `F.<fn>(args...)`: a `pyspark.sql.functions` call. */
export const F = (fn: string, ...args: Py[]): Py => call(attr(Fmod, fn), args);
/** `F.lit(<literal>)`. */
export const lit = (value: Py): Py => F('lit', value);
/** `<column>.alias("name")`: the name is taken literally by Spark (no dot or backtick parsing). */
export const alias = (column: Py, n: string): Py => method(column, 'alias', str(n));
/** `<column>.cast("type")`. */
export const castTo = (column: Py, sparkType: string): Py => method(column, 'cast', str(sparkType));

/** Spark's parser for column references treats `.` as a field access and backticks as quotes. */
export function quotedColumnName(n: string): string {
  return `\`${n.replaceAll('`', '``')}\``;
}

/** `F.col("`name`")`: a column by its exact name, whatever characters it holds. */
export const col = (n: string): Py => F('col', str(quotedColumnName(n)));
