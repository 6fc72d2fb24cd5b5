// The DAG picture in each format `explain --dag` writes: DOT and Mermaid as text from our printers, SVG laid
// out by Graphviz itself (compiled to WASM in @viz-js/viz) from that same DOT, loaded only when asked for.
import { JobError } from '../plan/index.ts';
import { dagToDot } from './dag-dot-printer.ts';
import type { DagGraph } from './dag-graph.ts';
import { dagToMermaid } from './dag-mermaid-printer.ts';

export const DAG_FORMATS = ['mermaid', 'svg', 'dot'] as const;
export type DagFormat = (typeof DAG_FORMATS)[number];

/** File extensions that name a format, so `--out x.svg` needs no `--format`. */
export const DAG_EXTENSIONS: Readonly<Record<string, DagFormat>> = { '.mmd': 'mermaid', '.mermaid': 'mermaid', '.svg': 'svg', '.dot': 'dot', '.gv': 'dot' };

export async function renderDag(g: DagGraph, format: DagFormat): Promise<string> {
  if (format === 'mermaid') return dagToMermaid(g);
  const dot = dagToDot(g);
  return format === 'dot' ? dot : dotToSvg(dot);
}

export async function dotToSvg(dot: string): Promise<string> {
  const viz = await (await import('@viz-js/viz')).instance();
  const r = viz.render(dot, { format: 'svg' });
  // Our DOT is generated, so Graphviz refusing it is a bug of ours: say so without a stack trace.
  if (r.status !== 'success') {
    const why = r.errors.map((e) => e.message.trim()).join('; ') || 'no message';
    throw new JobError('runtime', `Graphviz could not lay out the generated DOT (${why}); \`--format dot\` shows it`);
  }
  return r.output;
}
