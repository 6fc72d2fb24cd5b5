// The DAG as Graphviz DOT: one HTML-like table per box (title, details, a row per section with its columns
// in a smaller font), ports on the rows edges attach to, left to right. Every user string is escaped here
// and nowhere else: quoted IDs for names, XML text for labels.
import { printable } from '../plan/index.ts';
import { HIGHLIGHT_COLOR, KIND_COLORS, schemaLines, wrapText, type DagEdge, type DagGraph, type DagNode } from './dag-graph.ts';

/** A DOT quoted ID: `"` and `\` escaped, control characters shown escaped. */
export function dotId(s: string): string {
  return `"${printable(s).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Text inside an HTML-like label (XML): the five markup characters as entities. */
export function htmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

const lines = (texts: readonly string[]) => texts.map(htmlText).join('<BR ALIGN="LEFT"/>') + '<BR ALIGN="LEFT"/>';

function nodeLabel(n: DagNode): string {
  const rows = [
    `<TR><TD BGCOLOR="${KIND_COLORS[n.kind].fill}"><B>${htmlText(printable(n.title))}</B></TD></TR>`,
    ...(n.lines.length ? [`<TR><TD ALIGN="LEFT">${lines(n.lines.flatMap(wrapText))}</TD></TR>`] : []),
    ...n.sections.map((s) => {
      const port = s.port !== undefined ? ` PORT=${dotId(s.port)}` : '';
      const schema = s.schema ? `<FONT POINT-SIZE="9" COLOR="#444444">${lines(schemaLines(s.schema))}</FONT>` : '';
      const notes = s.notes?.length ? `<FONT POINT-SIZE="9" COLOR="${HIGHLIGHT_COLOR}">${lines(s.notes.flatMap(wrapText))}</FONT>` : '';
      return `<TR><TD${port} ALIGN="LEFT">${lines(wrapText(s.text))}${schema}${notes}</TD></TR>`;
    }),
  ];
  // One row per line, so the DOT itself stays readable.
  const frame = n.highlight ? `BORDER="2" COLOR="${HIGHLIGHT_COLOR}"` : `BORDER="0" COLOR="${KIND_COLORS[n.kind].stroke}"`;
  return `<<TABLE ${frame} CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">\n${rows.map((r) => `    ${r}\n`).join('')}  </TABLE>>`;
}

const end = (id: string, port: string | undefined) => (port === undefined ? dotId(id) : `${dotId(id)}:${dotId(port)}`);

function edgeAttrs(e: DagEdge): string {
  const attrs = [
    ...(e.label === undefined ? [] : [`label=<${htmlText(printable(e.label))}>`]),
    ...(e.highlight ? [`color="${HIGHLIGHT_COLOR}"`, 'penwidth=2.5'] : []),
  ];
  return attrs.length ? ` [${attrs.join(', ')}]` : '';
}

export function dagToDot(g: DagGraph): string {
  const out = [
    `digraph ${dotId(g.name)} {`,
    `  graph [rankdir=LR, labelloc=t, fontname="Courier", fontsize=14, label=<${htmlText(printable(g.title))}>];`,
    '  node [shape=plain, fontname="Courier", fontsize=11];',
    '  edge [fontname="Courier", fontsize=10, color="#555555"];',
    ...g.nodes.map((n) => `  ${dotId(n.id)} [label=${nodeLabel(n)}];`),
    ...g.edges.map((e) => `  ${end(e.from, e.fromPort)} -> ${end(e.to, e.toPort)}${edgeAttrs(e)};`),
    '}',
  ];
  return `${out.join('\n')}\n`;
}
