// The DAG picture's content, independent of how it is drawn: boxes with a title, detail lines and
// sections (a section may carry a schema and be an edge's end), and labelled edges between them. Built from
// a pipeline plan (inputs, stages, published outputs) or from one job's plan (its nodes); the DOT and
// Mermaid printers only lay this out, so both formats always show the same nodes and edges.
import { formatLoc, inputsOf, printable, sinks, sources, type Field, type PipelinePlan, type Plan } from '../plan/index.ts';
import { nodeDetails } from './plan-tree-printer.ts';

export type DagNodeKind = 'input' | 'stage' | 'output' | 'source' | 'step' | 'sink';

/** A row of a box: a text, optionally the columns it holds, optionally a port that edges attach to. */
export interface DagSection {
  readonly text: string;
  readonly schema?: readonly Field[];
  readonly port?: string;
  /** For a stage's output section: the output's name. */
  readonly output?: string;
  /** Lines shown under the schema (lineage). */
  readonly notes?: readonly string[];
}

export interface DagNode {
  /** Unique in the graph, and what Graphviz shows as the node's title: `stage parse`, `input logs`. */
  readonly id: string;
  readonly kind: DagNodeKind;
  readonly title: string;
  readonly lines: readonly string[];
  readonly sections: readonly DagSection[];
  /** Drawn emphasised: on the way of the column whose lineage is shown. */
  readonly highlight?: boolean;
}

export interface DagEdge {
  readonly from: string;
  readonly fromPort?: string;
  readonly to: string;
  readonly toPort?: string;
  readonly label?: string;
  readonly highlight?: boolean;
}

export interface DagGraph {
  /** The pipeline's or job's name. */
  readonly name: string;
  /** `web-analytics: Parse access logs …`, shown above the picture. */
  readonly title: string;
  readonly nodes: readonly DagNode[];
  readonly edges: readonly DagEdge[];
}

/** One palette for both formats: data coming in green, stages blue, data going out orange. */
export const KIND_COLORS: Readonly<Record<DagNodeKind, { readonly fill: string; readonly stroke: string }>> = {
  input: { fill: '#e3f1df', stroke: '#6a9a5b' },
  source: { fill: '#e3f1df', stroke: '#6a9a5b' },
  stage: { fill: '#dce8f6', stroke: '#5b7fa8' },
  step: { fill: '#eeeeee', stroke: '#888888' },
  output: { fill: '#fbe9d3', stroke: '#b8864b' },
  sink: { fill: '#fbe9d3', stroke: '#b8864b' },
};

/** Boxes and edges on a column's way (lineage) are drawn in this colour, thicker. */
export const HIGHLIGHT_COLOR = '#c0392b';

export const inputNodeId = (name: string) => `input ${name}`;
export const stageNodeId = (name: string) => `stage ${name}`;
export const outputNodeId = (stage: string, output: string) => `output ${stage}.${output}`;
export const inPort = (input: string) => `in_${input}`;
const outPort = (output: string) => `out_${output}`;

/**
 * A pipeline: each pipeline input (its path template, the format and columns the stages reading it
 * declare), each stage (engine, job, its inputs, and its outputs with their columns) and each published
 * output (its path template); an edge from every binding's source to the stage input it feeds, labelled
 * with the output (or pipeline input) name, and from each published stage output to its output box.
 */
export function pipelineGraph(p: PipelinePlan): DagGraph {
  const nodes: DagNode[] = [];
  const edges: DagEdge[] = [];
  for (const i of p.inputs) {
    const readers = p.stages.flatMap((s) =>
      Object.entries(s.inputs).flatMap(([name, b]) => (b.kind === 'input' && b.input === i.name ? sources(s.plan).filter((src) => src.input === name) : [])),
    );
    // One section per distinct way the stages read it (usually one): format and columns.
    const seen = new Set<string>();
    const sections: DagSection[] = [];
    for (const r of readers) {
      const key = JSON.stringify([r.format, r.schema]);
      if (seen.has(key)) continue;
      seen.add(key);
      sections.push({ text: `read as ${r.format.kind}`, schema: r.schema });
    }
    nodes.push({ id: inputNodeId(i.name), kind: 'input', title: `input ${i.name}`, lines: [i.path ?? '(path given with --local / --input)'], sections });
  }
  for (const s of p.stages) {
    const sections: DagSection[] = [
      ...Object.keys(s.inputs).map((name) => ({ text: `in ${name}`, port: inPort(name) })),
      ...sinks(s.plan).map((k) => ({ text: `out ${k.output} (${k.format})`, schema: k.schema, port: outPort(k.output), output: k.output })),
    ];
    nodes.push({ id: stageNodeId(s.name), kind: 'stage', title: s.name, lines: [`${s.engine} · job ${s.job}`], sections });
    for (const [name, b] of Object.entries(s.inputs)) {
      edges.push(
        b.kind === 'input'
          ? { from: inputNodeId(b.input), to: stageNodeId(s.name), toPort: inPort(name), label: b.input }
          : { from: stageNodeId(b.stage), fromPort: outPort(b.output), to: stageNodeId(s.name), toPort: inPort(name), label: b.output },
      );
    }
  }
  for (const o of p.outputs) {
    nodes.push({ id: outputNodeId(o.stage, o.output), kind: 'output', title: `output ${o.stage}.${o.output}`, lines: [o.path], sections: [] });
    edges.push({ from: stageNodeId(o.stage), fromPort: outPort(o.output), to: outputNodeId(o.stage, o.output), label: o.output });
  }
  return { name: p.pipeline, title: `${p.pipeline}: ${p.description}`, nodes, edges };
}

/** A job's plan: one box per node (kind, what it does, its job-file line, its columns), edges along the data. */
export function planGraph(plan: Plan): DagGraph {
  const nodes: DagNode[] = plan.nodes.map((n) => ({
    id: n.id,
    kind: n.kind === 'source' ? 'source' : n.kind === 'sink' ? 'sink' : 'step',
    title: `${n.id} ${n.kind}`,
    lines: [nodeDetails(n), formatLoc(n.loc)],
    sections: [{ text: 'columns', schema: n.schema }],
  }));
  const edges: DagEdge[] = plan.nodes.flatMap((n) => {
    const ins = inputsOf(n);
    // Which side is which matters for joins and set operations: the edges say it.
    const sides = n.kind === 'join' || n.kind === 'cross' || n.kind === 'setOp' ? ['left', 'right'] : [];
    return ins.map((id, i) => ({ from: id, to: n.id, ...(sides[i] ? { label: sides[i] } : {}) }));
  });
  return { name: plan.job, title: `${plan.job}: ${plan.description}`, nodes, edges };
}

/** Lines of a box stay this narrow: long details and schemas wrap. */
const WIDTH = 60;

/**
 * `text` as lines of at most WIDTH characters, broken at spaces (a longer word is cut), control characters
 * shown escaped (a name holding a line break must not break a label).
 */
export function wrapText(text: string): string[] {
  return packWords(printable(text).split(' '));
}

/** A schema as `name: type` items, comma-separated, wrapped like text. */
export function schemaLines(schema: readonly Field[]): string[] {
  if (schema.length === 0) return ['(no columns)'];
  return packWords(schema.map((f, i) => `${printable(f.name)}: ${f.type}${i < schema.length - 1 ? ',' : ''}`));
}

/** Words joined by spaces into lines of at most WIDTH characters; a longer word is cut. */
function packWords(words: readonly string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of words) {
    while (word.length > WIDTH) {
      if (line) lines.push(line);
      lines.push(word.slice(0, WIDTH));
      word = word.slice(WIDTH);
      line = '';
    }
    if (line && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
