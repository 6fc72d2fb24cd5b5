// Column lineage drawn on the DAG picture (`explain --dag --lineage [column]`): each output section lists
// what its columns are computed from, and for one column the boxes and edges its values and the rows behind
// them travel along are highlighted. What is drawn comes from plan/lineage.ts, so the picture and
// `emr-jobs lineage` always agree.
import { bindStage, originText, stageOrder, type ColumnLineage, type PipelinePlan, type Plan } from '../plan/index.ts';
import { inPort, inputNodeId, outputNodeId, stageNodeId, type DagEdge, type DagGraph, type DagNode } from './dag-graph.ts';
import { columnKey, lineageOf, type LineageSubject } from './lineage-columns.ts';

/** A section's note for one column: `hits ← rows of logs`; the focused column shows its whole expression. */
function note(l: ColumnLineage, focused: boolean): string {
  if (focused) return `${l.column} ← ${l.expression}`;
  const from = l.origins.map(originText);
  return `${l.column} ← ${from.length ? from.join(', ') : '(nothing read)'}`;
}

/** Every origin and step of a column, its value's and its rows' (influences) together. */
const allSteps = (l: ColumnLineage) => [...l.steps, ...l.dependsOn.flatMap((d) => d.steps)];
const originInputs = (l: ColumnLineage) =>
  new Set([...l.origins, ...l.dependsOn.flatMap((d) => d.origins)].flatMap((o) => (o.kind === 'column' || o.kind === 'rows' ? [o.input] : [])));

const edgeKey = (e: { from: string; to: string; toPort?: string }) => `${e.from}\u0000${e.to}\u0000${e.toPort ?? ''}`;

/**
 * A pipeline's boxes and edges on a column's way: the column's stage, every stage a step of its value or of
 * its rows' influences runs in, the stage outputs those steps read across (each such binding's edge), the
 * pipeline inputs its origins name (their edges into stages on the way), and its published output.
 */
function pipelinePath(p: PipelinePlan, l: ColumnLineage): { nodes: Set<string>; edges: Set<string> } {
  const stages = new Set<string>([l.stage!]);
  const edges = new Set<string>();
  for (const s of allSteps(l)) {
    if (s.stage === undefined) continue;
    stages.add(s.stage);
    if (s.kind !== 'source') continue;
    const stage = p.stages.find((x) => x.name === s.stage);
    // The step is a node of the stage's bound plan, where an upstream output is read (plan/pipeline.ts).
    const src = stage ? bindStage(p, stage).nodes.find((n) => n.id === s.node) : undefined;
    const b = src?.kind === 'source' ? stage!.inputs[src.input] : undefined;
    if (src?.kind === 'source' && b?.kind === 'stage') {
      stages.add(b.stage);
      edges.add(edgeKey({ from: stageNodeId(b.stage), to: stageNodeId(s.stage), toPort: inPort(src.input) }));
    }
  }
  const inputs = originInputs(l);
  const nodes = new Set([...stages].map(stageNodeId));
  for (const s of stageOrder(p)) {
    if (!stages.has(s.name)) continue;
    for (const [name, b] of Object.entries(s.inputs)) {
      if (b.kind === 'input' && inputs.has(b.input)) {
        nodes.add(inputNodeId(b.input));
        edges.add(edgeKey({ from: inputNodeId(b.input), to: stageNodeId(s.name), toPort: inPort(name) }));
      }
    }
  }
  if (p.outputs.some((o) => o.stage === l.stage && o.output === l.output)) {
    nodes.add(outputNodeId(l.stage!, l.output));
    edges.add(edgeKey({ from: stageNodeId(l.stage!), to: outputNodeId(l.stage!, l.output) }));
  }
  return { nodes, edges };
}

/**
 * A job plan's boxes and edges on a column's way: the nodes on some path from a source its origins read
 * to the column's sink (what the values and the rows behind them pass through).
 */
function planPath(plan: Plan, l: ColumnLineage, g: DagGraph): { nodes: Set<string>; edges: Set<string> } {
  const inputs = originInputs(l);
  const sink = plan.nodes.find((n) => n.kind === 'sink' && n.output === l.output)!;
  const into = new Map<string, DagEdge[]>();
  for (const e of g.edges) into.set(e.to, [...(into.get(e.to) ?? []), e]);
  // Ancestors of the sink, walking back; kept are the ones a wanted source reaches.
  const reaches = new Map<string, boolean>();
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const reach = (id: string): boolean => {
    const known = reaches.get(id);
    if (known !== undefined) return known;
    reaches.set(id, false);
    const n = byId.get(id)!;
    const ups = (into.get(id) ?? []).map((e) => reach(e.from));
    const r = n.kind === 'source' ? inputs.has(n.input) : ups.some(Boolean);
    reaches.set(id, r);
    return r;
  };
  reach(sink.id);
  const nodes = new Set([...reaches].filter(([, r]) => r).map(([id]) => id));
  const edges = new Set(g.edges.filter((e) => nodes.has(e.from) && nodes.has(e.to)).map(edgeKey));
  return { nodes, edges };
}

/**
 * The picture with lineage: every output section notes where its columns come from; with `focus` (a column
 * key), only that column is noted, with its expression, and its way through the graph is highlighted.
 */
export function withLineage(g: DagGraph, of: LineageSubject, focus: ColumnLineage | null): DagGraph {
  const all = lineageOf(of);
  const shown = focus ? all.filter((l) => columnKey(l) === columnKey(focus)) : all;
  const path = focus ? ('pipeline' in of ? pipelinePath(of.pipeline, focus) : planPath(of.plan, focus, g)) : null;
  const nodes = g.nodes.map((n): DagNode => {
    const notesFor = (output: string, stage?: string) => shown.filter((l) => l.output === output && l.stage === stage).map((l) => note(l, focus !== null));
    const sections = n.sections.map((s) => {
      const output = 'pipeline' in of ? (n.kind === 'stage' ? (s.output ?? null) : null) : n.kind === 'sink' ? sinkOutput(of.plan, n.id) : null;
      const notes = output === null ? [] : notesFor(output, 'pipeline' in of ? n.title : undefined);
      return notes.length ? { ...s, notes: [...(s.notes ?? []), ...notes] } : s;
    });
    return { ...n, sections, ...(path?.nodes.has(n.id) ? { highlight: true } : {}) };
  });
  const edges = g.edges.map((e) => (path?.edges.has(edgeKey(e)) ? { ...e, highlight: true } : e));
  const title = focus ? `${g.title} — lineage of ${columnKey(focus)}` : g.title;
  return { ...g, title, nodes, edges };
}

function sinkOutput(plan: Plan, id: string): string | null {
  const n = plan.nodes.find((x) => x.id === id);
  return n?.kind === 'sink' ? n.output : null;
}
