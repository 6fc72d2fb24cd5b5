// Projection pushdown: which columns of each node's output are read downstream. Sources read only those
// (readers skip building the rest) and every operator drops the others. Nodes no sink depends on are absent.
import { columnsOf, inputsOf, isSemiJoin, visitNode, type Field, type NodeVisitor, type Plan, type PlanNode } from '../plan/index.ts';
import { mlDemand } from './ml/index.ts';

/** Columns of each input a node reads, given the columns of its own output that are read. */
function demand(needed: ReadonlySet<string>, byId: ReadonlyMap<string, PlanNode>): NodeVisitor<Set<string>[]> {
  const all = (id: string) => new Set(byId.get(id)!.schema.map((f) => f.name));
  const plus = (base: Iterable<string>, ...more: Iterable<string>[]) => {
    const s = new Set(base);
    for (const m of more) for (const x of m) s.add(x);
    return s;
  };
  return {
    source: () => [],
    filter: (n) => [columnsOf(n.predicate, plus(needed))],
    project: (n) => [plus([], ...n.columns.filter((c) => needed.has(c.name)).map((c) => columnsOf(c.expr)))],
    aggregate: (n) => [plus([], ...n.keys.map((k) => columnsOf(k.expr)), ...n.aggs.map((a) => (a.arg ? columnsOf(a.arg) : [])), ...n.aggs.flatMap((a) => (a.orderBy ?? []).map((k) => columnsOf(k.expr))))],
    join: (n) => {
      if (isSemiJoin(n.how)) return [plus(needed, n.on.map((k) => k.left)), plus([], n.on.map((k) => k.right))];
      const left = all(n.left);
      const right = byId.get(n.right)!.schema.map((f) => f.name);
      return [
        plus([...needed].filter((c) => left.has(c)), n.on.map((k) => k.left)),
        // A right key merged into its left namesake is still needed on the right to match and coalesce.
        plus(right.filter((c) => needed.has(c) && !left.has(c)), n.on.map((k) => k.right)),
      ];
    },
    // Each side counts its rows even when none of its columns is read: it keeps one column at least.
    cross: (n) => [n.left, n.right].map((id) => {
      const read = [...all(id)].filter((c) => needed.has(c));
      return plus(read.length ? read : [byId.get(id)!.schema[0].name]);
    }),
    setOp: (n) => [all(n.left), all(n.right)],
    sort: (n) => [plus(needed, n.keys.map((k) => k.column))],
    limit: () => [plus(needed)],
    distinct: (n) => [all(n.input)],
    union: (n) => n.inputs.map(() => plus(needed)),
    explode: (n) => [plus([...needed].filter((c) => c !== n.as), [n.column])],
    // Window columns nothing reads are not computed; their arguments are then not needed either.
    window: (n) => [
      plus(
        [...needed].filter((c) => !n.calls.some((k) => k.name === c)),
        n.partitionBy,
        n.orderBy.map((k) => k.column),
        ...n.calls.filter((k) => needed.has(k.name)).map((k) => (k.arg ? columnsOf(k.arg) : [])),
      ),
    ],
    sink: (n) => [all(n.input)],
    split: (n) => mlDemand(n, needed, byId),
    fit: (n) => mlDemand(n, needed, byId),
    predict: (n) => mlDemand(n, needed, byId),
    evaluate: (n) => mlDemand(n, needed, byId),
    modelParams: (n) => mlDemand(n, needed, byId),
    saveModel: (n) => mlDemand(n, needed, byId),
  };
}

/**
 * For every node some sink (or, with `roots`, some check) depends on: the fields of its output that are read,
 * in schema order. `roots` names nodes read outside the plan's nodes and the columns read of each.
 */
export function prunedFields(plan: Plan, roots: ReadonlyMap<string, readonly string[]> = new Map()): Map<string, Field[]> {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const needed = new Map<string, Set<string>>([...roots].map(([id, cols]) => [id, new Set(cols)]));
  for (const n of [...plan.nodes].reverse()) {
    if (n.kind !== 'sink' && !needed.has(n.id)) continue;
    const own = needed.get(n.id) ?? new Set<string>();
    needed.set(n.id, own);
    const perInput = visitNode(n, demand(own, byId));
    inputsOf(n).forEach((id, i) => {
      const s = needed.get(id) ?? new Set<string>();
      perInput[i].forEach((c) => s.add(c));
      needed.set(id, s);
    });
  }
  return new Map([...needed].map(([id, cols]) => [id, byId.get(id)!.schema.filter((f) => cols.has(f.name))]));
}
