// One-step simplifications of a failing case, for the greedy shrinker: fewer rows, a node bypassed, an
// expression replaced by one of its parts, a column or sink dropped. Each candidate is rebuilt (schemas
// derived again) and kept only if it is still a valid plan.
import {
  inputsOf, outputSchema, TypeRuleError, validatePlan,
  type Expr, type Plan, type PlanNode,
} from '../../../plan/index.ts';
import type { ConformanceCase, TableSpec } from '../../harness/arbitraries/index.ts';

type Node = PlanNode;

/** Nodes re-derived in order; null if a node no longer types. Unreachable nodes and unread tables go. */
export function rebuild(c: ConformanceCase, nodes: readonly Node[], tables: readonly TableSpec[] = c.tables): ConformanceCase | null {
  const live = reachable(nodes);
  const kept = nodes.filter((n) => live.has(n.id));
  // A rewrite that left a node reading one that is gone is not a plan.
  if (kept.length !== live.size) return null;
  const byId = new Map<string, Node>();
  const out: Node[] = [];
  try {
    for (const n of kept) {
      const schema = n.kind === 'source' ? n.schema : outputSchema(n, inputsOf(n).map((i) => byId.get(i)!.schema));
      const m = { ...n, schema } as Node;
      byId.set(n.id, m);
      out.push(m);
    }
  } catch (e) {
    if (e instanceof TypeRuleError) return null;
    throw e;
  }
  const plan: Plan = { ...c.plan, nodes: out };
  if (validatePlan(plan).length) return null;
  const inputs = new Set(out.flatMap((n) => (n.kind === 'source' ? [n.input] : [])));
  return { ...c, plan, tables: tables.filter((t) => inputs.has(t.input)) };
}

function reachable(nodes: readonly Node[]): Set<string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const live = new Set<string>();
  const visit = (id: string) => {
    if (live.has(id)) return;
    live.add(id);
    const n = byId.get(id);
    if (n) inputsOf(n).forEach(visit);
  };
  nodes.filter((n) => n.kind === 'sink').forEach((n) => visit(n.id));
  return live;
}

/** Every node reading `from` reads `to` instead. */
function redirect(nodes: readonly Node[], from: string, to: string): Node[] {
  const r = (id: string) => (id === from ? to : id);
  return nodes.map((n) => {
    switch (n.kind) {
      case 'source':
        return n;
      case 'join':
      case 'cross':
      case 'setOp':
        return { ...n, left: r(n.left), right: r(n.right) };
      case 'union':
        return { ...n, inputs: n.inputs.map(r) };
      default:
        // Every other kind the random plans hold reads one node, through `input`.
        return 'input' in n && typeof n.input === 'string' ? ({ ...n, input: r(n.input) } as Node) : n;
    }
  });
}

/** Expressions equal to `e` with one sub-expression replaced by one of its own parts of the same type. */
export function exprShrinks(e: Expr): Expr[] {
  const out: Expr[] = [];
  const parts: Expr[] =
    e.kind === 'call' ? [...e.args] : e.kind === 'case' ? [...e.branches.flatMap((b) => [b.when, b.then]), e.otherwise] : e.kind === 'cast' ? [e.expr] : [];
  for (const p of parts) if (p.type === e.type) out.push(p);
  if (e.kind === 'call') {
    e.args.forEach((a, i) => exprShrinks(a).forEach((s) => out.push({ ...e, args: e.args.map((x, j) => (j === i ? s : x)) })));
  } else if (e.kind === 'cast') {
    exprShrinks(e.expr).forEach((s) => out.push({ ...e, expr: s }));
  } else if (e.kind === 'case') {
    if (e.branches.length > 1) e.branches.forEach((_, i) => out.push({ ...e, branches: e.branches.filter((_, j) => j !== i) }));
    exprShrinks(e.otherwise).forEach((s) => out.push({ ...e, otherwise: s }));
  }
  return out;
}

/** Nodes with one expression-bearing part rewritten. */
function nodeExprShrinks(n: Node): Node[] {
  switch (n.kind) {
    case 'filter':
      return exprShrinks(n.predicate).map((p) => ({ ...n, predicate: p }));
    case 'project':
      return [
        ...(n.columns.length > 1 ? n.columns.map((_, i) => ({ ...n, columns: n.columns.filter((_, j) => j !== i) })) : []),
        ...n.columns.flatMap((c, i) => exprShrinks(c.expr).map((x) => ({ ...n, columns: n.columns.map((d, j) => (j === i ? { ...d, expr: x } : d)) }))),
      ];
    case 'aggregate':
      return [
        ...(n.aggs.length > 1 ? n.aggs.map((_, i) => ({ ...n, aggs: n.aggs.filter((_, j) => j !== i) })) : []),
        ...n.keys.map((_, i) => ({ ...n, keys: n.keys.filter((_, j) => j !== i) })),
        ...n.keys.flatMap((k, i) => exprShrinks(k.expr).map((x) => ({ ...n, keys: n.keys.map((d, j) => (j === i ? { ...d, expr: x } : d)) }))),
        ...n.aggs.flatMap((a, i) => (a.arg ? exprShrinks(a.arg) : []).map((x) => ({ ...n, aggs: n.aggs.map((d, j) => (j === i ? { ...d, arg: x } : d)) }))),
      ];
    case 'sort':
      return n.keys.length > 1 ? n.keys.map((_, i) => ({ ...n, keys: n.keys.filter((_, j) => j !== i) })) : [];
    case 'sink':
      return n.partitionBy !== null ? [{ ...n, partitionBy: null }] : [];
    default:
      return [];
  }
}

/** Candidates one step simpler than `c`, structure first (they remove the most). */
export function shrinkCandidates(c: ConformanceCase): ConformanceCase[] {
  const nodes = c.plan.nodes;
  const out: (ConformanceCase | null)[] = [];
  const sinksOf = nodes.filter((n) => n.kind === 'sink');
  if (sinksOf.length > 1) sinksOf.forEach((s) => out.push(rebuild(c, nodes.filter((n) => n !== s))));
  for (const n of nodes) {
    const ins = inputsOf(n);
    if (n.kind === 'source' || n.kind === 'sink') continue;
    for (const i of new Set(ins)) out.push(rebuild(c, redirect(nodes, n.id, i).filter((m) => m.id !== n.id)));
  }
  for (const t of c.tables) {
    const rows = t.rows;
    // Keeps the rows whose index passes `keep`, with a prefix table's extra fields going along with them.
    const withRows = (keep: (i: number) => boolean) =>
      c.tables.map((x) => (x === t ? { ...x, rows: rows.filter((_, i) => keep(i)), ...(x.extra ? { extra: x.extra.filter((_, i) => keep(i)) } : {}) } : x));
    if (rows.length > 1) {
      const half = Math.ceil(rows.length / 2);
      out.push(rebuild(c, nodes, withRows((i) => i < half)), rebuild(c, nodes, withRows((i) => i >= half)));
    }
    if (rows.length <= 6) rows.forEach((_, i) => out.push(rebuild(c, nodes, withRows((j) => j !== i))));
    if (t.columns.length > 1) t.columns.forEach((_, ci) => out.push(dropSourceColumn(c, t, ci)));
  }
  nodes.forEach((n, i) => nodeExprShrinks(n).forEach((m) => out.push(rebuild(c, nodes.map((x, j) => (j === i ? m : x))))));
  return out.filter((x): x is ConformanceCase => x !== null);
}

function dropSourceColumn(c: ConformanceCase, t: TableSpec, ci: number): ConformanceCase | null {
  const table: TableSpec = { ...t, columns: t.columns.filter((_, j) => j !== ci), rows: t.rows.map((r) => r.filter((_, j) => j !== ci)) };
  const nodes = c.plan.nodes.map((n) =>
    n.kind === 'source' && n.input === t.input ? { ...n, schema: n.schema.filter((_, j) => j !== ci) } : n,
  );
  return rebuild(c, nodes, c.tables.map((x) => (x === t ? table : x)));
}

/** A size to minimise: nodes, expression nodes, rows and columns. */
export function caseSize(c: ConformanceCase): number {
  const exprSize = (e: Expr | null): number =>
    e === null ? 0 : 1 + (e.kind === 'call' ? e.args.reduce((s, a) => s + exprSize(a), 0) : e.kind === 'cast' ? exprSize(e.expr) : e.kind === 'case' ? e.branches.reduce((s, b) => s + exprSize(b.when) + exprSize(b.then), exprSize(e.otherwise)) : 0);
  const exprs = c.plan.nodes.reduce((s, n) => {
    switch (n.kind) {
      case 'filter':
        return s + exprSize(n.predicate);
      case 'project':
        return s + n.columns.reduce((x, col) => x + exprSize(col.expr), 0);
      case 'aggregate':
        return s + n.keys.reduce((x, k) => x + exprSize(k.expr), 0) + n.aggs.reduce((x, a) => x + 1 + exprSize(a.arg), 0);
      default:
        return s;
    }
  }, 0);
  return c.plan.nodes.length * 10 + exprs * 3 + c.tables.reduce((s, t) => s + t.rows.length * 2 + t.columns.length, 0);
}
