// `explain --dag`: the pipeline and job plans drawn as Mermaid, DOT and SVG (Graphviz in WASM). Every
// expected box and edge is derived from the plan itself; odd names and literals must survive each format's
// escaping; flag mistakes are usage errors before anything loads.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { job, pipeline } from '../../dsl/index.ts';
import * as P from '../../plan/index.ts';
import { dagToDot, dotId } from '../../cli/dag-dot-printer.ts';
import { inputNodeId, outputNodeId, pipelineGraph, planGraph, schemaLines, stageNodeId, wrapText, type DagGraph } from '../../cli/dag-graph.ts';
import { dagToMermaid } from '../../cli/dag-mermaid-printer.ts';
import { pictureFormat } from '../../cli/dag-output.ts';
import { dotToSvg } from '../../cli/dag-renderer.ts';
import { CliExit } from '../../cli/exit-codes.ts';
import webAnalytics from '../../jobs/web-analytics.ts';
import topPages from '../../jobs/top-pages.ts';
import { cli, tempDir } from './cli-harness.ts';

const dir = tempDir('dag');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wa = webAnalytics.plan();

/** The edges a pipeline must show: [from box, to box, label], derived from its bindings and outputs. */
function expectedPipelineEdges(p: P.PipelinePlan): [string, string, string][] {
  return [
    ...p.stages.flatMap((s) =>
      Object.values(s.inputs).map((b): [string, string, string] =>
        b.kind === 'input' ? [inputNodeId(b.input), stageNodeId(s.name), b.input] : [stageNodeId(b.stage), stageNodeId(s.name), b.output],
      ),
    ),
    ...p.outputs.map((o): [string, string, string] => [stageNodeId(o.stage), outputNodeId(o.stage, o.output), o.output]),
  ];
}

const expectedPipelineBoxes = (p: P.PipelinePlan) => [...p.inputs.map((i) => inputNodeId(i.name)), ...p.stages.map((s) => stageNodeId(s.name)), ...p.outputs.map((o) => outputNodeId(o.stage, o.output))];

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unXml = (s: string) => s.replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (_, e: string) => (e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : XML_ENTITIES[e]));

/** Tags balance, every `&` starts an entity, no `<` in text: what an XML parser would refuse, checked. */
function expectWellFormedXml(xml: string): void {
  const body = xml.replace(/<\?xml[^>]*\?>/, '').replace(/<!DOCTYPE[^>]*>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g)) {
    if (m[6]) throw new Error(`a raw '<' at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    if (m[5] !== undefined) {
      expect(m[5], 'text with a bare &').not.toMatch(/&(?!(#\d+|#x[0-9a-f]+|\w+);)/i);
      continue;
    }
    if (m[4]) continue;
    if (m[1]) expect(stack.pop(), `closing </${m[2]}>`).toBe(m[2]);
    else stack.push(m[2]);
  }
  expect(stack).toEqual([]);
}

/** Node titles and edge titles Graphviz wrote into the SVG, entities decoded. */
function svgTitles(svg: string): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const m of svg.matchAll(/<g id="(node|edge)\d+" class="(?:node|edge)">\s*<title>([^<]*)<\/title>/g)) (m[1] === 'node' ? nodes : edges).add(unXml(m[2]));
  return { nodes, edges };
}

/** The text Graphviz wrote in the SVG, one entry per <text> element, entities decoded. */
const svgTexts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unXml(m[1]));

interface MermaidChart {
  readonly labels: Map<string, string>;
  readonly edges: { from: string; to: string; label: string | undefined }[];
}

const MERMAID_ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };

/** Parses the flowchart we print; a line that is neither a box, an edge nor a class line fails the test. */
function parseMermaid(text: string): MermaidChart {
  const lines = text.trimEnd().split('\n');
  expect(lines.slice(0, 4).map((l) => l.replace(/: .*/, ':'))).toEqual(['---', 'title:', '---', 'flowchart LR']);
  const labels = new Map<string, string>();
  const edges: MermaidChart['edges'] = [];
  for (const line of lines.slice(4)) {
    const box = /^ {2}(n\d+)\["([^"]*)"\]$/.exec(line);
    const edge = /^ {2}(n\d+) -->(?:\|"([^"]*)"\|)? (n\d+)$/.exec(line);
    if (box) {
      // Inside a label only our own markup is raw: bold title, line breaks, entity codes.
      const raw = box[2].replace(/<\/?b>|<br\/>/g, '');
      expect(raw, line).not.toMatch(/[<>%|`]|#(?!(\d+|\w+);)/);
      labels.set(box[1], box[2]);
    } else if (edge) edges.push({ from: edge[1], to: edge[3], label: edge[2] });
    else expect(line).toMatch(/^ {2}(classDef \w+ fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6}|class (n\d+,)*n\d+ \w+)$/);
  }
  return { labels, edges };
}

/** A Mermaid label as text: markup to line breaks, entity codes decoded. */
const mermaidLines = (label: string) =>
  label
    .replace(/<\/?b>/g, '')
    .split('<br/>')
    .map((l) => l.replace(/#(\d+|\w+);/g, (_, e: string) => (/^\d+$/.test(e) ? String.fromCodePoint(Number(e)) : MERMAID_ENTITIES[e])));

/** Each edge of a Mermaid chart as [from title, to title, label], titles being the first label line. */
function mermaidEdges(chart: MermaidChart): [string, string, string | undefined][] {
  const title = (id: string) => mermaidLines(chart.labels.get(id)!)[0];
  return chart.edges.map((e) => [title(e.from), title(e.to), e.label === undefined ? undefined : mermaidLines(e.label)[0]]);
}

/** The box titles of a pipeline graph as the printers show them. */
const titleOf = (g: DagGraph) => new Map(g.nodes.map((n) => [n.id, n.title]));

describe('explain <pipeline> --dag', () => {
  it('mermaid: a flowchart LR with every input, stage and published output, and every binding as a labelled edge', async () => {
    const r = await cli(['explain', 'web-analytics', '--dag', '--format', 'mermaid']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const chart = parseMermaid(r.stdout);
    const titles = titleOf(pipelineGraph(wa));
    const shown = new Set([...chart.labels.values()].map((l) => mermaidLines(l)[0]));
    for (const id of expectedPipelineBoxes(wa)) expect(shown, id).toContain(titles.get(id));
    expect(chart.labels.size).toBe(expectedPipelineBoxes(wa).length);
    const want = expectedPipelineEdges(wa).map(([f, t, l]) => [titles.get(f), titles.get(t), l]);
    expect(mermaidEdges(chart).sort()).toEqual(want.sort());
    // Each stage shows its engine and job, each output its columns; the input its path and format.
    const text = [...chart.labels.values()].flatMap(mermaidLines).join('\n');
    for (const s of wa.stages) {
      expect(text).toContain(`${s.engine} · job ${s.job}`);
      for (const k of P.sinks(s.plan)) expect(text).toContain(`out ${k.output} (${k.format})`);
    }
    expect(text).toContain('s3://{bucket}/logs/dt={date}/');
    expect(text).toContain('read as combined');
    expect(text).toContain('path: string, hits: long, bytes: long');
  }, 180_000);

  it('dot: a node per box and an edge per binding, from the output port to the input port', async () => {
    const r = await cli(['explain', 'web-analytics', '--dag', '--format', 'dot']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph "web-analytics" \{\n {2}graph \[rankdir=LR,/);
    for (const id of expectedPipelineBoxes(wa)) expect(r.stdout).toContain(`\n  ${dotId(id)} [label=<<TABLE`);
    const edges = [...r.stdout.matchAll(/^ {2}("[^"]+")(?::"[^"]+")? -> ("[^"]+")(?::"[^"]+")? \[label=<([^>]*)>\];$/gm)].map((m) => [JSON.parse(m[1]), JSON.parse(m[2]), m[3]]);
    expect(edges.sort()).toEqual(expectedPipelineEdges(wa).sort());
    expect(r.stdout).toContain('"stage parse":"out_requests" -> "stage traffic":"in_logs" [label=<requests>];');
  }, 180_000);

  it('svg --out: Graphviz titles every box and edge; the file is replaced whole, stdout gets the same picture', async () => {
    const out = path.join(dir, 'web-analytics.svg');
    writeFileSync(out, 'an older picture');
    const r = await cli(['explain', 'web-analytics', '--dag', '--format', 'svg', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith(`web-analytics.svg  (svg: ${expectedPipelineBoxes(wa).length} boxes, ${expectedPipelineEdges(wa).length} edges)\n`)).toBe(true);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain('<svg');
    expectWellFormedXml(svg);
    const { nodes, edges } = svgTitles(svg);
    expect([...nodes].sort()).toEqual(expectedPipelineBoxes(wa).sort());
    // Edge titles: `from[:port]->to[:port]`.
    const drawn = [...edges].map((t) => t.split('->').map((e) => e.replace(/:(in|out)_\w+$/, '')));
    expect(drawn.sort()).toEqual(expectedPipelineEdges(wa).map(([f, t]) => [f, t]).sort());
    const texts = svgTexts(svg);
    for (const s of wa.stages) expect(texts).toContain(`${s.engine} · job ${s.job}`);
    for (const [, , label] of expectedPipelineEdges(wa)) expect(texts).toContain(label);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The extension alone picks the format, and without --out the same SVG goes to stdout (a pipe here).
    const piped = await cli(['explain', 'web-analytics', '--dag', '--format', 'svg']);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(svg);
  }, 180_000);

  it('without --dag a pipeline is refused with what to type', async () => {
    const r = await cli(['explain', 'web-analytics']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("usage error: 'web-analytics' is a pipeline: explain draws it with --dag (--format mermaid|svg|dot); --json and --emit take a job");
  }, 180_000);
});

describe('explain <job> --dag', () => {
  const plan = topPages.plan();

  it('draws the plan nodes source -> ... -> sink with their details, lines and columns', async () => {
    // One run of the command (each start type-checks the job); the Mermaid of the same graph is printed in-process.
    const dot = await cli(['explain', 'top-pages', '--dag', '--format', 'dot']);
    expect(dot.stderr).toBe('');
    expect(dot.code).toBe(0);
    const dotEdges = [...dot.stdout.matchAll(/^ {2}"(\w+)" -> "(\w+)";$/gm)].map((m) => [m[1], m[2]]);
    const want = plan.nodes.flatMap((n) => P.inputsOf(n).map((i) => [i, n.id]));
    expect(dotEdges.sort()).toEqual(want.sort());
    const chart = parseMermaid(dagToMermaid(planGraph(plan)));
    expect(mermaidEdges(chart).sort()).toEqual(want.map(([f, t]) => [`${f} ${nodeKind(f)}`, `${t} ${nodeKind(t)}`, undefined]).sort());
    const text = [...chart.labels.values()].flatMap(mermaidLines).join('\n');
    for (const n of plan.nodes) {
      expect(dot.stdout).toContain(`<B>${n.id} ${n.kind}</B>`);
      expect(text).toContain(P.formatLoc(n.loc));
    }
    expect(text).toContain('where (status >= 200) and (status <= 299)');
    expect(text).toContain("write output 'top_pages' as csv");
  }, 180_000);

  const nodeKind = (id: string) => plan.nodes.find((n) => n.id === id)!.kind;

  it('svg of a join names its sides on the edges', async () => {
    const { default: statusByHost } = await import('../../jobs/status-by-host.ts');
    const g = planGraph(statusByHost.plan());
    const svg = await dotToSvg(dagToDot(g));
    expectWellFormedXml(svg);
    expect([...svgTitles(svg).nodes].sort()).toEqual(g.nodes.map((n) => n.id).sort());
    const join = statusByHost.plan().nodes.find((n): n is P.JoinNode => n.kind === 'join')!;
    expect(g.edges.filter((e) => e.to === join.id)).toEqual([
      { from: join.left, to: join.id, label: 'left' },
      { from: join.right, to: join.id, label: 'right' },
    ]);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['left', 'right']));
  }, 60_000);
});

describe('every example', () => {
  it('each job in jobs/ and each pipeline draws: Graphviz titles every node, Mermaid has every edge', async () => {
    const { examplePlans, exampleFiles } = await import('../codegen/pyspark/job-plans.ts');
    const graphs = (await examplePlans()).map((e) => planGraph(e.plan));
    for (const f of exampleFiles().pipelines) {
      const mod = (await import(`../../jobs/${f}`)) as { default: { plan(): P.PipelinePlan } };
      graphs.push(pipelineGraph(mod.default.plan()));
    }
    expect(graphs.length).toBeGreaterThan(10);
    for (const g of graphs) {
      const svg = await dotToSvg(dagToDot(g));
      expectWellFormedXml(svg);
      const titles = svgTitles(svg);
      expect([...titles.nodes].sort(), g.name).toEqual(g.nodes.map((n) => n.id).sort());
      const end = (id: string, port: string | undefined) => (port === undefined ? id : `${id}:${port}`);
      expect([...titles.edges].sort(), g.name).toEqual([...new Set(g.edges.map((e) => `${end(e.from, e.fromPort)}->${end(e.to, e.toPort)}`))].sort());
      expect(parseMermaid(dagToMermaid(g)).edges, g.name).toHaveLength(g.edges.length);
    }
  }, 120_000);
});

describe('escaping', () => {
  // Column names may be anything a CSV header holds; descriptions, paths and literals are free text.
  const ODD_COLUMNS = ['a"b', '<x&y>', '#1|50%`', "it's\\"];
  const LITERAL = '"]>&<#x;';
  const DESCRIPTION = 'say "hi" <b>not bold</b> & #35; 100% | `tick`\x1b[31m';
  const PATH = 's3://b/{date}/"<in>&#x"/';
  let odd: P.PipelinePlan;

  beforeAll(() => {
    const writer = job('odd-writer', DESCRIPTION, (j) => {
      j.csv('rows', Object.fromEntries([...ODD_COLUMNS.map((c) => [c, 'string' as const]), ['kind', 'string' as const]]))
        .filter((r) => r.kind.ne(LITERAL))
        .writeCsv('cleaned');
    });
    const reader = job('odd-reader', 'reads', (j) => {
      j.csv('cleaned', { 'a"b': 'string' }).writeCsv('kept');
    });
    odd = pipeline('odd', DESCRIPTION, (p) => {
      p.partition('date');
      const rows = p.input('rows', { path: PATH });
      const w = p.stage('write-odd', writer, { engine: 'pig', inputs: { rows } });
      const r = p.stage('read-odd', reader, { engine: 'spark', inputs: { cleaned: w.output('cleaned') } });
      p.output(r.output('kept'), { path: PATH.replace('in', 'out') });
    }).plan();
  });

  const shownText = (s: string) => P.printable(s);

  it('dot and svg: Graphviz reads the DOT, and every odd string comes out as it was', async () => {
    const g = pipelineGraph(odd);
    const svg = await dotToSvg(dagToDot(g));
    expectWellFormedXml(svg);
    const texts = svgTexts(svg);
    const all = texts.join('\n');
    for (const c of ODD_COLUMNS) expect(all).toContain(`${c}: string`);
    expect(texts).toContain(`odd: ${shownText(DESCRIPTION)}`);
    expect(texts).toContain(PATH);
    expect(all).not.toContain('\x1b');
    expect([...svgTitles(svg).nodes].sort()).toEqual(expectedPipelineBoxes(odd).sort());
    const plan = await dotToSvg(dagToDot(planGraph(odd.stages[0].plan)));
    expectWellFormedXml(plan);
    expect(svgTexts(plan).join('\n')).toContain(`where kind <> ${JSON.stringify(LITERAL)}`);
  }, 60_000);

  it('mermaid: entity codes for every special character, the same text decoded', () => {
    const chart = parseMermaid(dagToMermaid(pipelineGraph(odd)));
    const all = [...chart.labels.values()].flatMap(mermaidLines).join('\n');
    for (const c of ODD_COLUMNS) expect(all).toContain(`${c}: string`);
    expect(all).toContain(PATH);
    const planChart = parseMermaid(dagToMermaid(planGraph(odd.stages[0].plan)));
    expect([...planChart.labels.values()].flatMap(mermaidLines).join('\n')).toContain(`where kind <> ${JSON.stringify(LITERAL)}`);
    // The title is YAML front matter: a JSON string, control characters shown escaped.
    const title = dagToMermaid(pipelineGraph(odd)).split('\n')[1];
    expect(JSON.parse(title.slice('title: '.length))).toBe(`odd: ${shownText(DESCRIPTION)}`);
  });

  it('a DOT id with quotes and backslashes stays one id', async () => {
    const id = 'stage a"b\\c';
    const svg = await dotToSvg(`digraph g { ${dotId(id)} -> ${dotId('z')}; }`);
    // Graphviz undoes \" in ids and keeps other backslashes as written.
    expect([...svgTitles(svg).nodes]).toEqual(['stage a"b\\\\c', 'z']);
  }, 60_000);
});

describe('box text', () => {
  it('wraps at 60 characters without losing a character; a schema wraps between columns', () => {
    const text = `select ${Array.from({ length: 30 }, (_, i) => `c${i} = c${i} + ${i}`).join(', ')} and ${'x'.repeat(130)} end`;
    const lines = wrapText(text);
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
    expect(lines.join(' ').replace(/x+ ?/g, (m) => m.trim())).toBe(text.replace(/x+ ?/g, (m) => m.trim()));
    const schema = Array.from({ length: 12 }, (_, i) => ({ name: `column_${i}`, type: 'long' as const, nullable: true }));
    const rows = schemaLines(schema);
    for (const l of rows) expect(l.length).toBeLessThanOrEqual(60);
    expect(rows.join(' ')).toBe(schema.map((f) => `${f.name}: ${f.type}`).join(', '));
    expect(schemaLines([])).toEqual(['(no columns)']);
  });
});

describe('flags', () => {
  it('a bad --format is a usage error listing the formats', async () => {
    const r = await cli(['explain', 'web-analytics', '--dag', '--format', 'png']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--format <format>' argument 'png' is invalid. Allowed choices are mermaid, svg, dot.");
  }, 60_000);

  it('flags that print something else, or picture flags without --dag, are refused before the job loads', async () => {
    const cases: [string[], string][] = [
      [['--dag', '--json'], 'usage error: --dag draws a picture and --json prints text: give one of them'],
      [['--dag', '--emit', 'pig'], 'usage error: --dag draws a picture and --emit pig prints text: give one of them'],
      [['--format', 'dot'], 'usage error: --format dot applies to pictures: add --dag'],
      [['--out', 'x.svg'], 'usage error: --out x.svg applies to pictures: add --dag'],
      [['--dag', '--format', 'dot', '--out', 'x.svg'], 'usage error: --out x.svg names a svg file, but --format is dot: make them agree'],
      [['--dag', '--out', path.join(dir, 'no', 'such', 'x.svg')], `usage error: --out ${path.join(dir, 'no', 'such', 'x.svg')}: folder`],
      [['--dag', '--out', dir], `usage error: --out ${dir} is a folder: give a file name (dag.mmd)`],
    ];
    // A job that does not exist: these must fail on the flags, before any job is looked for.
    const results = await Promise.all(cases.map(([flags]) => cli(['explain', 'no-such-job', ...flags])));
    results.forEach((r, i) => {
      expect(r.code, cases[i][1]).toBe(2);
      expect(r.stderr.trim()).toContain(cases[i][1]);
    });
    expect(existsSync(path.join(dir, 'no'))).toBe(false);
  }, 120_000);

  it('an SVG is not written to a terminal; text formats are', () => {
    const refuse = () => pictureFormat({ format: 'svg' }, true);
    expect(refuse).toThrow(CliExit);
    expect(refuse).toThrow('--format svg is not written to a terminal: give --out <file>.svg, or pipe it (> dag.svg)');
    expect(pictureFormat({ format: 'svg' }, false)).toBe('svg');
    expect(pictureFormat({ format: 'dot' }, true)).toBe('dot');
    expect(pictureFormat({}, true)).toBe('mermaid');
    mkdirSync(path.join(dir, 'pics'), { recursive: true });
    expect(pictureFormat({ out: path.join(dir, 'pics', 'a.SVG') }, true)).toBe('svg');
    expect(pictureFormat({ out: path.join(dir, 'pics', 'a.gv') }, false)).toBe('dot');
    expect(pictureFormat({ out: path.join(dir, 'pics', 'a.txt') }, false)).toBe('mermaid');
  });
});
