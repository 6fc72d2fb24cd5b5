// `explain --dag --lineage`: column lineage drawn on the picture. Notes and highlighted boxes and edges are
// derived here from the lineage and the bindings themselves, and compared with what each printer draws.
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { job, sum } from '../../dsl/index.ts';
import { originText } from '../../plan/index.ts';
import { dagToDot } from '../../cli/dag-dot-printer.ts';
import { inputNodeId, outputNodeId, pipelineGraph, planGraph, stageNodeId, type DagGraph } from '../../cli/dag-graph.ts';
import { withLineage } from '../../cli/dag-lineage.ts';
import { dagToMermaid } from '../../cli/dag-mermaid-printer.ts';
import { dotToSvg } from '../../cli/dag-renderer.ts';
import { columnKey, lineageOf, pickColumn } from '../../cli/lineage-columns.ts';
import webAnalytics from '../../jobs/web-analytics.ts';
import { cli, tempDir } from './cli-harness.ts';

const dir = tempDir('dag-lineage');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wa = { pipeline: webAnalytics.plan() };
const highlighted = (g: DagGraph) => ({
  nodes: g.nodes.filter((n) => n.highlight).map((n) => n.id).sort(),
  edges: g.edges.filter((e) => e.highlight).map((e) => `${e.from} -> ${e.to}`).sort(),
});

describe('explain <pipeline> --dag --lineage', () => {
  it('notes every column of every stage output with what it is computed from', () => {
    const g = withLineage(pipelineGraph(wa.pipeline), wa, null);
    const lineage = lineageOf(wa);
    for (const s of wa.pipeline.stages) {
      const box = g.nodes.find((n) => n.id === stageNodeId(s.name))!;
      for (const section of box.sections.filter((x) => x.output !== undefined)) {
        const want = lineage.filter((l) => l.stage === s.name && l.output === section.output).map((l) => `${l.column} ← ${l.origins.map(originText).join(', ')}`);
        expect(want.length, `${s.name}.${section.output}`).toBe(section.schema!.length);
        expect(section.notes).toEqual(want);
      }
    }
    expect(highlighted(g)).toEqual({ nodes: [], edges: [] });
  });

  it('a column highlights its way: the input, the stages its value and rows pass, its published output', () => {
    const hits = pickColumn(lineageOf(wa), 'top_pages.hits', '--lineage', 'web-analytics');
    expect(columnKey(hits)).toBe('top-pages.top_pages.hits');
    const g = withLineage(pipelineGraph(wa.pipeline), wa, hits);
    // top-pages reads parse's requests; parse reads the logs input; traffic and bots are off the way.
    expect(highlighted(g)).toEqual({
      nodes: [inputNodeId('logs'), outputNodeId('top-pages', 'top_pages'), stageNodeId('parse'), stageNodeId('top-pages')].sort(),
      edges: [`${inputNodeId('logs')} -> ${stageNodeId('parse')}`, `${stageNodeId('parse')} -> ${stageNodeId('top-pages')}`, `${stageNodeId('top-pages')} -> ${outputNodeId('top-pages', 'top_pages')}`].sort(),
    });
    const notes = g.nodes.flatMap((n) => n.sections.flatMap((s) => s.notes ?? []));
    expect(notes).toEqual([`hits ← ${hits.expression}`]);
    expect(g.title).toContain('lineage of top-pages.top_pages.hits');
  });

  it('dot, svg and mermaid draw the highlights and the notes', async () => {
    const hits = pickColumn(lineageOf(wa), 'top-pages.top_pages.hits', '--lineage', 'web-analytics');
    const g = withLineage(pipelineGraph(wa.pipeline), wa, hits);
    const dot = dagToDot(g);
    const red = [...dot.matchAll(/^ {2}(.*) -> (.*) \[.*color="#c0392b", penwidth=2.5\];$/gm)].map((m) => `${m[1]} -> ${m[2]}`.replace(/:"(in|out)_\w+"/g, '').replace(/"/g, ''));
    expect(red.sort()).toEqual(highlighted(g).edges);
    expect(dot.match(/BORDER="2" COLOR="#c0392b"/g)).toHaveLength(4);
    const svg = await dotToSvg(dot);
    expect(svg).toContain('hits ← count() over logs (grouped by logs.path)');
    const mermaid = dagToMermaid(g);
    const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
    expect(mermaid).toContain(`  class ${g.nodes.filter((n) => n.highlight).map((n) => ids.get(n.id)).join(',')} lineage\n`);
    expect(mermaid).toContain(`  linkStyle ${g.edges.flatMap((e, i) => (e.highlight ? [i] : [])).join(',')} stroke:#c0392b,stroke-width:3px\n`);
  }, 60_000);

  it('in a job plan, only the nodes between the sources it reads and its sink are on the way', () => {
    const two = job('two-outputs', 'two unrelated outputs', (j) => {
      const a = j.csv('a', { k: 'string', v: 'long' });
      const b = j.csv('b', { k: 'string', w: 'long' });
      a.filter((r) => r.v.gt(0)).groupBy('k').agg((r) => ({ total: sum(r.v) })).writeCsv('totals');
      b.select('k', 'w').writeCsv('ws');
    }).plan();
    const of = { plan: two };
    const total = pickColumn(lineageOf(of), 'totals.total', '--lineage', 'two-outputs');
    const g = withLineage(planGraph(two), of, total);
    const sink = two.nodes.find((n) => n.kind === 'sink' && n.output === 'totals')!;
    // Walk back from the totals sink: every node on it, and nothing of the ws branch.
    const on = new Set<string>();
    const back = (id: string) => {
      on.add(id);
      const n = two.nodes.find((x) => x.id === id)!;
      if (n.kind !== 'source') back((n as { input: string }).input);
    };
    back(sink.id);
    expect(highlighted(g).nodes).toEqual([...on].sort());
    expect(highlighted(g).edges.length).toBe(on.size - 1);
    expect(g.nodes.find((n) => n.id === sink.id)!.sections.flatMap((s) => s.notes ?? [])).toEqual([`total ← ${total.expression}`]);
  });

  it('the command writes the picture; a column that is not an output is a usage error listing the valid ones', async () => {
    const out = path.join(dir, 'hits.svg');
    const ok = await cli(['explain', 'web-analytics', '--dag', '--lineage', 'top_pages.hits', '--out', out]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('lineage of top&#45;pages.top_pages.hits');
    const bad = await cli(['explain', 'top-pages', '--dag', '--lineage', 'top_pages.nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe("usage error: --lineage 'top_pages.nope': 'top-pages' has no output column of that name (expected <output>.<column>: top_pages.path, top_pages.hits, top_pages.bytes)");
    const noDag = await cli(['explain', 'no-such-job', '--lineage']);
    expect(noDag.code).toBe(2);
    expect(noDag.stderr.trim()).toBe('usage error: --lineage applies to pictures: add --dag');
  }, 180_000);
});
