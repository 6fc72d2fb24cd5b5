// `emr-jobs lineage` through the real command: every example job and pipeline gives lineage for every output
// column, each traced to an input column of the right input, an input's rows, a declared parameter or a
// constant; the table, one column in detail, JSON, and the errors of --column and --format.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isJobDefinition, isPipelineDefinition } from '../../dsl/index.ts';
import { aggText, exprText } from '../../cli/expr-text-printer.ts';
import { allParams, columnLineage, pipelineLineage, sinks, sources, type ColumnLineage, type Origin, type PipelinePlan, type Plan, type Schema } from '../../plan/index.ts';
import { exampleFiles } from '../codegen/pyspark/job-plans.ts';
import { cli, ROOT } from './cli-harness.ts';

interface Expected {
  /** Output columns, `[stage.]output.column`, in order. */
  readonly columns: string[];
  /** Input name -> its columns and format. */
  readonly inputs: Map<string, { format: string; schema: Schema }>;
  readonly params: Set<string>;
}

const examples = new Map<string, Expected>();
const lineages = new Map<string, ColumnLineage[]>();
const PRINT = { expr: exprText, agg: aggText };
const outputColumns = (plan: Plan, prefix: string) =>
  sinks(plan).flatMap((k) => plan.nodes.find((n) => n.id === k.input)!.schema.map((f) => `${prefix}${k.output}.${f.name}`));
const inputsOf = (plan: Plan, rename: (input: string) => string | null = (i) => i) =>
  sources(plan).flatMap((s) => {
    const name = rename(s.input);
    return name === null ? [] : [[name, { format: s.format.kind, schema: s.schema }] as const];
  });

beforeAll(async () => {
  const { jobs, pipelines } = exampleFiles();
  for (const f of [...jobs, ...pipelines]) {
    const mod = (await import(path.join(ROOT, 'jobs', f))) as { default: unknown };
    const name = f.slice(0, -3);
    if (isJobDefinition(mod.default)) {
      const plan = mod.default.plan();
      lineages.set(name, columnLineage(plan, PRINT));
      examples.set(name, { columns: outputColumns(plan, ''), inputs: new Map(inputsOf(plan)), params: new Set((plan.params ?? []).map((p) => p.name)) });
    } else if (isPipelineDefinition(mod.default)) {
      const p: PipelinePlan = mod.default.plan();
      const inputs = p.stages.flatMap((s) => inputsOf(s.plan, (i) => (s.inputs[i].kind === 'input' ? (s.inputs[i] as { input: string }).input : null)));
      lineages.set(name, pipelineLineage(p, PRINT));
      examples.set(name, { columns: p.stages.flatMap((s) => outputColumns(s.plan, `${s.name}.`)), inputs: new Map(inputs), params: new Set(allParams(p).map((d) => d.name)) });
    }
  }
});

/** Why an origin is not one the example has (an input column, an input's rows, a parameter, a constant), or null. */
function originProblem(o: Origin, e: Expected): string | null {
  switch (o.kind) {
    case 'column':
    case 'rows': {
      const input = e.inputs.get(o.input);
      if (!input) return `no input ${o.input}`;
      if (input.format !== o.format) return `input ${o.input} is ${input.format}, not ${o.format}`;
      return o.kind === 'column' && !input.schema.some((f) => f.name === o.column) ? `input ${o.input} has no column ${o.column}` : null;
    }
    case 'param':
      return e.params.has(o.name) ? null : `no parameter ${o.name}`;
    case 'constant':
      return o.text ? null : 'an empty constant';
  }
}

interface LineageJson {
  format: string;
  version: number;
  job?: string;
  pipeline?: string;
  columns: { stage?: string; output: string; column: string; expression: string; origins: Origin[]; steps: { node: string; loc: string; text: string }[]; dependsOn: { role: string; origins: Origin[] }[] }[];
}

describe('emr-jobs lineage', () => {
  // In-process over every example (the command adds loading and printing only, tested below): each CLI run
  // type-checks its job, which costs seconds per file on a cold cache.
  it('every example job and pipeline: every output column traced to its inputs, parameters or constants', () => {
    expect(examples.size).toBe(exampleFiles().jobs.length + exampleFiles().pipelines.length);
    for (const [name, e] of examples) {
      const columns = lineages.get(name)!;
      expect(columns.map((c) => `${c.stage ? `${c.stage}.` : ''}${c.output}.${c.column}`), name).toEqual(e.columns);
      for (const c of columns) {
        const where = `${name}: ${c.output}.${c.column}`;
        expect(c.origins.length, where).toBeGreaterThan(0);
        expect(c.expression, where).not.toBe('');
        for (const o of [...c.origins, ...c.dependsOn.flatMap((d) => d.origins)]) expect(originProblem(o, e), where).toBeNull();
        for (const s of c.steps) expect(s.loc, where).toMatch(/^jobs\/[\w-]+\.ts:\d+:\d+$/);
      }
    }
  });

  it('--format json: the documented envelope around every column of the pipeline, as derived in-process', async () => {
    const r = await cli(['lineage', 'web-analytics', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as LineageJson;
    expect([j.format, j.version, j.pipeline, j.job]).toEqual(['emr-jobs/lineage', 1, 'web-analytics', undefined]);
    expect(j.columns).toEqual(JSON.parse(JSON.stringify(lineages.get('web-analytics'))));
  }, 180_000);

  it('the table: one row per output column, the value with its job line, its inputs and apart what decides its rows', async () => {
    const r = await cli(['lineage', 'top-pages']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^top-pages: lineage of 3 output columns$/m);
    const row = (c: string) => r.stdout.split('\n').find((l) => l.includes(`│ ${c} `))!;
    expect(row('top_pages.hits')).toContain('← count() over logs (grouped by logs.path) [jobs/top-pages.ts:8:6]');
    expect(row('top_pages.hits')).toContain('rows of logs (combined)');
    expect(row('top_pages.hits')).toContain('logs.status (combined): filter; logs.path (combined): group key, sort key');
    expect(row('top_pages.bytes')).toContain('← sum(logs.bytes) over logs (grouped by logs.path)');
    expect(row('top_pages.path')).toMatch(/← logs\.path +│ logs\.path \(combined\) /);
  }, 180_000);

  it('--column across pipeline stages: top-pages.top_pages.hits back through parse.requests to the log input', async () => {
    const r = await cli(['lineage', 'web-analytics', '--column', 'top-pages.top_pages.hits']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('top-pages.top_pages.hits (long) ← count() over logs (grouped by logs.path) [top-pages: jobs/top-pages.ts:8:6]');
    const line = (what: string) => lines.find((l) => l.startsWith(`│ ${what} `) && l.includes('│'))!;
    expect(line('from')).toContain('rows of logs (combined)');
    expect(lines.some((l) => /│ through +│ rows of logs = rows of parse\.requests +│ top-pages: source_1_read/.test(l))).toBe(true);
    expect(line('depends on (group key)')).toContain('path ← logs.path (combined) via parse.requests.path');
    expect(line('depends on (filter)')).toContain('(status >= 200) and (status <= 299) ← logs.status (combined) via parse.requests.status');
  }, 180_000);

  it('--column with --format json gives that one column; a pipeline output column may be named without its stage', async () => {
    const r = await cli(['lineage', 'web-analytics', '--column', 'traffic_by_hour.hour', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as LineageJson;
    expect(j.pipeline).toBe('web-analytics');
    expect(j.columns.map((c) => [c.stage, c.output, c.column, c.expression])).toEqual([['traffic', 'traffic_by_hour', 'hour', 'truncHour(logs.time)']]);
    expect(j.columns[0].origins).toEqual([{ kind: 'column', input: 'logs', column: 'time', format: 'combined' }]);
  }, 180_000);

  it('an unknown output or column, or format, is a usage error naming what is valid', async () => {
    const [column, output, format] = await Promise.all([
      cli(['lineage', 'top-pages', '--column', 'top_pages.nope']),
      cli(['lineage', 'web-analytics', '--column', 'nope.hits']),
      cli(['lineage', 'top-pages', '--format', 'xml']),
    ]);
    expect(column.code).toBe(2);
    expect(column.stdout).toBe('');
    expect(column.stderr.trim()).toBe("usage error: --column 'top_pages.nope': job 'top-pages' has no output column of that name (expected <output>.<column>: top_pages.path, top_pages.hits, top_pages.bytes)");
    expect(output.code).toBe(2);
    expect(output.stderr).toMatch(/^usage error: --column 'nope\.hits': pipeline 'web-analytics' has no output column of that name \(expected <stage>\.<output>\.<column>: parse\.requests\.host, .*top-pages\.top_pages\.hits, /);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format.*xml/);
    expect(`${column.stderr}${output.stderr}${format.stderr}`).not.toMatch(/\n\s+at /);
  }, 180_000);

  it('--help shows the flags and examples', async () => {
    const r = await cli(['lineage', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--column <output.column>');
    expect(r.stdout).toContain('--format <format>');
    expect(r.stdout).toContain('emr-jobs lineage web-analytics --column top-pages.top_pages.hits');
  }, 60_000);
});
