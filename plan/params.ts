// Run-time parameters: what the plan records of them (name, type, optional default, job line), how their
// references and input path templates are checked, and how a run's values replace the references.
import { caseWhen, call, cast, lit, visitExpr, type Expr, type ExprVisitor, type LiteralValue } from './expr.ts';
import { visitNode, type NodeVisitor, type PlanNode, type SourceNode } from './nodes.ts';
import { JobError } from './errors.ts';
import { completeParamValues, ParamValueError, paramValueText, parseParamText } from './param-values.ts';
import { printable } from './printable-text.ts';
import { isColumnType, type ColumnType, type SourceLoc } from './types.ts';

/** A parameter the job declares. The plan holds declarations only; values come with each run. */
export interface ParamDecl {
  readonly name: string;
  readonly type: ColumnType;
  /** The value when the run gives none (a literal value of `type`); null: the run must give one. */
  readonly default: LiteralValue;
  readonly loc: SourceLoc;
}

/** A run's parameter values, typed as plan literals (dates `YYYY-MM-DD`, timestamps ISO-8601 UTC). */
export type ParamValues = Readonly<Record<string, LiteralValue>>;

/** Parameter names are script parameters (Pig `$name`, a PySpark flag) like input names. */
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `{name}` in an input path template; other text is kept as written. */
export const TEMPLATE_PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function paramNameProblem(name: string): string | null {
  return PARAM_NAME.test(name) ? null : `parameter name '${printable(name)}' must be an identifier (letters, digits, _)`;
}

/** Parameter names a path template refers to, in order of first use. */
export function templateParams(template: string): string[] {
  return [...new Set([...template.matchAll(TEMPLATE_PLACEHOLDER)].map((m) => m[1]))];
}

/** The template with each `{name}` replaced by `text(name)`. */
export function expandTemplate(template: string, text: (name: string) => string): string {
  return template.replace(TEMPLATE_PLACEHOLDER, (_m, name: string) => text(name));
}

/** Parameters an expression reads, with the type each reference gives it. */
export function paramsOf(e: Expr, out: Map<string, ColumnType> = new Map()): Map<string, ColumnType> {
  const v: ExprVisitor<void> = {
    col: () => {},
    lit: () => {},
    param: (p) => void out.set(p.name, p.type),
    call: (c) => c.args.forEach((a) => visitExpr(a, v)),
    case: (c) => {
      c.branches.forEach((b) => (visitExpr(b.when, v), visitExpr(b.then, v)));
      visitExpr(c.otherwise, v);
    },
    cast: (c) => visitExpr(c.expr, v),
  };
  visitExpr(e, v);
  return out;
}

const keep = (n: PlanNode): PlanNode => n;

/** Each node with `f` applied to every expression it holds. */
function mapNodeExprs(f: (e: Expr) => Expr): NodeVisitor<PlanNode> {
  return {
    source: keep,
    filter: (n) => ({ ...n, predicate: f(n.predicate) }),
    project: (n) => ({ ...n, columns: n.columns.map((c) => ({ ...c, expr: f(c.expr) })) }),
    aggregate: (n) => ({ ...n, keys: n.keys.map((k) => ({ ...k, expr: f(k.expr) })), aggs: n.aggs.map((a) => ({ ...a, arg: a.arg && f(a.arg), ...(a.orderBy ? { orderBy: a.orderBy.map((k) => ({ ...k, expr: f(k.expr) })) } : {}) })) }),
    join: keep,
    cross: keep,
    setOp: keep,
    window: (n) => ({ ...n, calls: n.calls.map((c) => ({ ...c, arg: c.arg && f(c.arg), default: c.default && f(c.default) })) }),
    sort: keep,
    limit: keep,
    distinct: keep,
    union: keep,
    explode: keep,
    sink: keep,
    split: keep,
    fit: keep,
    predict: keep,
    evaluate: keep,
    modelParams: keep,
    saveModel: keep,
  };
}

/** Every expression of a node: the parameters it reads, and the runtime's up-front compile check. */
export function nodeExprs(n: PlanNode): Expr[] {
  const found: Expr[] = [];
  visitNode(n, mapNodeExprs((e) => (found.push(e), e)));
  return found;
}

/** `e` with every parameter reference replaced by a literal of its value. */
export function bindExpr(e: Expr, values: ParamValues): Expr {
  const v: ExprVisitor<Expr> = {
    col: (x) => x,
    lit: (x) => x,
    param: (p) => {
      if (!(p.name in values)) throw new Error(`internal: no value for parameter '${p.name}'`);
      return lit(values[p.name], p.type);
    },
    call: (c) => call(c.fn, c.args.map((a) => visitExpr(a, v)), c.type),
    case: (c) => caseWhen(c.branches.map((b) => ({ when: visitExpr(b.when, v), then: visitExpr(b.then, v) })), visitExpr(c.otherwise, v), c.type),
    cast: (c) => cast(visitExpr(c.expr, v), c.type),
  };
  return visitExpr(e, v);
}

/** The nodes with parameter references replaced by the run's values (for an engine that runs the plan itself). */
export function bindNodes(nodes: readonly PlanNode[], values: ParamValues): PlanNode[] {
  const visitor = mapNodeExprs((e) => bindExpr(e, values));
  return nodes.map((n) => Object.freeze(visitNode(n, visitor)) as PlanNode);
}

/**
 * The nodes of a plan with every parameter read replaced by its value: `values`, else the declared default.
 * A parameter with neither is a usage error naming it (the CLI reports that before reading anything).
 */
export function bindPlanParams(params: readonly ParamDecl[], nodes: readonly PlanNode[], values: ParamValues): PlanNode[] {
  if (params.length === 0) return [...nodes];
  try {
    return bindNodes(nodes, completeParamValues(params, values));
  } catch (e) {
    if (e instanceof ParamValueError) throw new JobError('usage', e.message, params.find((p) => p.name === e.param)?.loc ?? null);
    throw e;
  }
}

/** Problems of the declarations and of every reference to them (by node), for plan validation. */
export function paramProblems(params: readonly ParamDecl[], nodes: readonly PlanNode[]): { message: string; node?: PlanNode; loc?: SourceLoc }[] {
  const problems: { message: string; node?: PlanNode; loc?: SourceLoc }[] = [];
  const declared = new Map<string, ParamDecl>();
  const scriptNames = new Set(nodes.flatMap((n) => (n.kind === 'source' ? [n.input] : n.kind === 'sink' ? [n.output] : [])));
  for (const p of params) {
    const bad = paramNameProblem(p.name);
    if (bad) problems.push({ message: bad, loc: p.loc });
    if (declared.has(p.name)) problems.push({ message: `parameter '${p.name}' is declared twice`, loc: p.loc });
    if (scriptNames.has(p.name)) problems.push({ message: `parameter '${p.name}' has the name of an input or output of this job (all are script parameters)`, loc: p.loc });
    if (p.name.startsWith('rejects__')) problems.push({ message: `parameter '${p.name}': names starting with rejects__ are the scripts' rejects folders`, loc: p.loc });
    if (!isColumnType(p.type)) problems.push({ message: `parameter '${p.name}' has unknown type '${printable(String(p.type))}'`, loc: p.loc });
    else if (p.default !== null && parseParamText(p.type, paramValueText(p.type, p.default)) === undefined) {
      problems.push({ message: `parameter '${p.name}': default ${JSON.stringify(p.default)} is not a ${p.type}`, loc: p.loc });
    }
    declared.set(p.name, p);
  }
  for (const n of nodes) {
    const used = new Map<string, ColumnType>();
    nodeExprs(n).forEach((e) => paramsOf(e, used));
    for (const [name, type] of used) {
      const d = declared.get(name);
      if (!d) problems.push({ message: `parameter '${name}' is not declared (declare it with j.param)`, node: n });
      else if (d.type !== type) problems.push({ message: `parameter '${name}' is declared ${d.type} but read as ${type}`, node: n });
    }
    if (n.kind === 'source' && n.path !== undefined) {
      for (const name of templateParams(n.path)) {
        if (!declared.has(name)) problems.push({ message: `input '${n.input}': path template '${printable(n.path)}' names '{${name}}', which is not a declared parameter`, node: n });
      }
    }
  }
  return problems;
}

/** The path template of each input that has one (the first source node of an input that declares it). */
export function inputTemplates(nodes: readonly PlanNode[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of nodes) if (n.kind === 'source' && n.path !== undefined && !(n.input in out)) out[n.input] = (n as SourceNode).path!;
  return out;
}
