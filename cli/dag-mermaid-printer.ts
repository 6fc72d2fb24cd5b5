// The DAG as a Mermaid `flowchart LR`: the same boxes and edges as the DOT picture, each box one quoted
// label (title in bold, then details, sections and columns, one per line). Node IDs are generated (n0, n1…),
// so no name can collide with Mermaid's keywords; every user string is written with Mermaid's entity codes.
import { printable } from '../plan/index.ts';
import { HIGHLIGHT_COLOR, KIND_COLORS, schemaLines, wrapText, type DagGraph, type DagNode } from './dag-graph.ts';

const ENTITY: Record<string, string> = { '"': '#quot;', '#': '#35;', '&': '#amp;', '<': '#lt;', '>': '#gt;', '%': '#37;', '|': '#124;', '`': '#96;' };

/**
 * Text inside a quoted Mermaid label: quotes, `#` (it starts an entity code), markup, `%` (comments), `|`
 * (edge text) and backticks (Markdown strings) as entity codes; control characters shown escaped.
 */
export function mermaidText(s: string): string {
  return printable(s).replace(/["#&<>%|`]/g, (c) => ENTITY[c]);
}

function nodeLabel(n: DagNode): string {
  const rows = [
    `<b>${mermaidText(n.title)}</b>`,
    ...n.lines.flatMap(wrapText).map(mermaidText),
    ...n.sections.flatMap((s) => [...wrapText(s.text), ...(s.schema ? schemaLines(s.schema) : []), ...(s.notes ?? []).flatMap(wrapText)].map(mermaidText)),
  ];
  return `"${rows.join('<br/>')}"`;
}

export function dagToMermaid(g: DagGraph): string {
  const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  const kinds = [...new Set(g.nodes.map((n) => n.kind))];
  const out = [
    // YAML front matter; a JSON string is a valid YAML double-quoted scalar.
    '---',
    `title: ${JSON.stringify(printable(g.title))}`,
    '---',
    'flowchart LR',
    ...g.nodes.map((n) => `  ${ids.get(n.id)}[${nodeLabel(n)}]`),
    ...g.edges.map((e) => `  ${ids.get(e.from)} -->${e.label === undefined ? '' : `|"${mermaidText(e.label)}"|`} ${ids.get(e.to)}`),
    ...kinds.map((k) => `  classDef ${k} fill:${KIND_COLORS[k].fill},stroke:${KIND_COLORS[k].stroke}`),
    ...kinds.map((k) => `  class ${g.nodes.filter((n) => n.kind === k).map((n) => ids.get(n.id)).join(',')} ${k}`),
    ...highlights(g, ids),
  ];
  return `${out.join('\n')}\n`;
}

/** A column's way (lineage): its boxes in a class drawn in the highlight colour, its edges by index. */
function highlights(g: DagGraph, ids: ReadonlyMap<string, string>): string[] {
  const boxes = g.nodes.filter((n) => n.highlight).map((n) => ids.get(n.id));
  const edges = g.edges.flatMap((e, i) => (e.highlight ? [i] : []));
  return [
    ...(boxes.length ? [`  classDef lineage stroke:${HIGHLIGHT_COLOR},stroke-width:3px`, `  class ${boxes.join(',')} lineage`] : []),
    ...(edges.length ? [`  linkStyle ${edges.join(',')} stroke:${HIGHLIGHT_COLOR},stroke-width:3px`] : []),
  ];
}
